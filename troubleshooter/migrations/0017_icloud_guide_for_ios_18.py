"""The iCloud Photos guide rewritten for iOS 18 and later, and published as its next
version: quick checks first, then storage, the slower fixes and Apple's System Status.

It runs only on a guide its staff have not touched: version 1 live, the draft still
reading as version 1, and version 1 as migration 0002 wrote it. Any other guide keeps
its draft and its versions as they are. Visits on version 1 stay on version 1.

Step keys. A step that carries on from version 1 keeps that step's key, so reports
follow it across versions; those keys were made at random by 0006, so they differ
between databases: find one as the key of the version 1 step named in STEPS. A new
step has the fixed key below, the same in every database. Symptoms may point at:

- the status line in Photos ("Syncing paused"): key STATUS_LINE_KEY, "a6065f7400";
- iCloud storage ("iCloud storage is full"): the key of version 1's step 3
  (STORAGE_STEP_IN_VERSION_1).

Sources, checked against Apple's own pages:

- The status line at the bottom of the library in Photos, what its messages mean,
  Sync Now, Low Power Mode and Low Data Mode pausing syncing, Waiting to Sync, a full
  iCloud storage stopping syncing, and not turning iCloud Photos off:
  https://support.apple.com/en-us/101559
- Low Data Mode, set apart for Wi-Fi and for cellular, where to turn it off, one
  setting per plan with two SIMs, iCloud Photos pausing in it:
  https://support.apple.com/en-euro/HT210596
- The same Apple Account on every device; Settings > [your name] > iCloud > Photos >
  Sync this iPhone; syncing taking longer on a slower connection:
  https://apple.co/2x8gP33 (https://support.apple.com/en-il/HT204264)
- Photos and videos in iCloud Photos count toward iCloud storage:
  https://support.apple.com/en-bh/guide/icloud-windows/aside/icw3d9805272/1.0/icloud/1.0
- Low Power Mode is in Settings > Battery and turns itself off once the battery has
  charged enough:
  https://developer.apple.com/library/ios/documentation/Performance/Conceptual/EnergyGuide-iOS/LowPowerMode.html
- Apple's System Status page: https://www.apple.com/support/systemstatus/

Left out, because no Apple page confirmed them: the Photos settings at Settings >
Apps > Photos and their Cellular Data switch; the status line's exact words "Syncing
paused" and "Uploading N items" and a Resume button (Apple names Sync Now); a banner
in Settings asking for the password or Apple Account suggestions; device storage and
Optimize iPhone Storage (version 1's step 4 is dropped); how much iCloud storage comes
free; the buttons and menu for restarting; where Software Update is; uploads waiting
for a locked screen.
"""

import hashlib
import json
from importlib import import_module

from django.db import migrations
from django.db.models import Max

from troubleshooter.markdown import render_markdown

seed = import_module("troubleshooter.migrations.0002_icloud_photos_guide")

SLUG = seed.SLUG
NOTE = (
    "Rewritten for iOS 18 and later: quick checks first (the status line in Photos, "
    "Low Power Mode, Low Data Mode, your Apple Account), then iCloud storage, the "
    "slower fixes and Apple's System Status page."
)
FIXED, NOT_FIXED = "Yes, it's fixed", "No, still not working"

STATUS_LINE_KEY = "a6065f7400"
STORAGE_STEP_IN_VERSION_1 = 3

SUMMARY = (
    "New photos don't show up on your other devices, or your library looks out of "
    "date. The quick checks come first, then the slower fixes."
)

FALLBACK_TEXT = """\
You've tried every fix in this guide, so it's time to let Apple take a look.
Book a **Genius Bar** appointment at an Apple Store, or contact Apple Support
online. Bring your iPhone and know your Apple Account password.

Show them your reference code so they can see what you've already tried."""

# The steps in order: (key, title, where to tap, instructions). The key is a version 1
# step number (1 to 7) for a step that carries on from it and keeps its key and its
# answers' keys, or a fixed key with the keys of its two answers for a new step.
STEPS = [
    (
        (STATUS_LINE_KEY, "e7e7ea8af9", "777b3382f1"),
        "Read the status line at the bottom of Photos",
        "Photos",
        """\
Photos tells you what iCloud is doing in a status line at the very end of your
library. Open **Photos** and scroll all the way down to read it.

- **Items are syncing:** your photos are on their way. Give them time, then look
  again.
- **Syncing is paused:** the line says why, for example Low Power Mode or Low Data
  Mode. The next steps deal with each reason.
- **Sync Now** next to the message: tap it to sync straight away.
- **Waiting to Sync:** check that your iPhone is online, then give it a few
  minutes.

While you wait, leave iCloud Photos switched on.""",
    ),
    (
        ("6ece40339a", "de9abbad9b", "9d77877d3d"),
        "Turn off Low Power Mode",
        "Settings > Battery",
        """\
iCloud Photos stops syncing for a while when your iPhone is in Low Power Mode, and
when its battery is low.

Go to **Settings > Battery** and switch **Low Power Mode** off. Or plug your iPhone
in: Low Power Mode goes off by itself once the battery has charged enough.

To keep Low Power Mode on and sync anyway, tap **Sync Now** next to the status line
in Photos.""",
    ),
    (
        2,
        "Check your connection and Low Data Mode",
        "Settings > Wi-Fi",
        """\
iCloud Photos needs the internet. Load a new page in Safari to check that your
iPhone is online.

Low Data Mode pauses iCloud Photos too. Wi-Fi and cellular each have their own
switch, so check both:

- **Wi-Fi:** go to **Settings > Wi-Fi**, tap the **Info** button next to your
  network, and switch **Low Data Mode** off.
- **Cellular:** go to **Settings > Cellular > Cellular Data Options** and turn
  **Low Data Mode** off (on some iPhones you pick it under **Data Mode**). With two
  SIMs, check each plan.

To sync without changing these, tap **Sync Now** next to the status line in
Photos.""",
    ),
    (
        1,
        "Check your Apple Account and the iCloud Photos switch",
        "Settings > [your name] > iCloud > Photos",
        """\
Photos only sync between devices signed in to iCloud with the **same Apple
Account**. Open **Settings** and tap your name at the top to see which Apple Account
this iPhone uses. If it isn't the one on your other devices, or you aren't signed
in, sign in with the Apple Account you use everywhere else.

Then tap **iCloud**, then **Photos**, and check that **Sync this iPhone** is on.""",
    ),
    (
        STORAGE_STEP_IN_VERSION_1,
        "Check your iCloud storage",
        "Settings > [your name] > iCloud",
        """\
Your photos and videos in iCloud Photos use up your iCloud storage. Once it's full,
new ones stop syncing, and the status line in Photos says so.

Your iCloud settings are at **Settings > [your name] > iCloud**. If your storage is
full or nearly full, delete from iCloud what you no longer need, or buy more
storage. Then read the status line again.""",
    ),
    (
        5,
        "Restart your iPhone",
        "",
        """\
Turn your iPhone off, wait a few seconds, and turn it on again. Then open Photos and
read the status line.""",
    ),
    (
        6,
        "Update iOS",
        "",
        """\
If your iPhone doesn't have the latest iOS update yet, install it. Then open Photos
and read the status line.""",
    ),
    (
        7,
        "Leave your iPhone charging on Wi-Fi",
        "Settings > Wi-Fi",
        """\
iCloud Photos can wait for a charged battery, and for Wi-Fi. Plug your iPhone in,
check that it has joined a Wi-Fi network, and leave it for a while; on a slow
connection syncing takes longer. Then read the status line in Photos again.""",
    ),
    (
        ("92b2d2e965", "1903a8b458", "8843adf06d"),
        "Check Apple's System Status page",
        "",
        """\
Sometimes the problem is on Apple's side. Open Apple's
[System Status page](https://www.apple.com/support/systemstatus/) and see whether
it reports a problem with Photos or another iCloud service. If it does, wait until
Apple shows it as resolved, then read the status line in Photos again.""",
    ),
]


def forwards(apps, schema_editor):
    Guide = apps.get_model("troubleshooter", "Guide")
    GuideVersion = apps.get_model("troubleshooter", "GuideVersion")
    guide = Guide.objects.filter(slug=SLUG).first()
    if guide is None:
        return
    first = GuideVersion.objects.filter(guide=guide, number=1).first()
    if first is None or guide.live_version_id != first.pk:
        return  # unpublished, or staff have published since
    if not is_seeded(first.content):
        return  # version 1 holds changes staff made before versions were kept
    if fingerprint(draft_content(apps, guide)) != fingerprint(first.content):
        return  # the draft has staff's changes: leave them be
    write_draft(apps, guide, SUMMARY, FALLBACK_TEXT, rewritten_steps(first.content))
    publish(apps, guide, NOTE)


def backwards(apps, schema_editor):
    """Version 1 live again, with the draft reading as it, if the guide still stands as
    forwards left it. The version it published stays in the history: versions are
    never changed, and visits may be on it."""
    Guide = apps.get_model("troubleshooter", "Guide")
    GuideVersion = apps.get_model("troubleshooter", "GuideVersion")
    guide = Guide.objects.filter(slug=SLUG).select_related("live_version").first()
    first = GuideVersion.objects.filter(guide=guide, number=1).first() if guide else None
    live = guide.live_version if guide else None
    if first is None or live is None or live.number == 1 or live.note != NOTE:
        return
    if fingerprint(draft_content(apps, guide)) != fingerprint(live.content):
        return  # edited since: keep staff's work
    old = first.content
    write_draft(
        apps,
        guide,
        old["summary"],
        old["fallback"]["text"],
        [
            {
                "key": step["key"],
                "title": step["title"],
                "where_to_tap": step["where_to_tap"],
                "body": step["body"],
                "choices": [
                    {"key": c["key"], "label": c["label"], **leading_as_in(c, step, old)}
                    for c in step["choices"]
                ],
            }
            for step in old["steps"]
        ],
        links=old["fallback"]["links"],
    )
    guide.live_version = first
    guide.save(update_fields=["live_version", "updated_at"])
    record_revision(apps, guide)


def is_seeded(record: dict) -> bool:
    """Whether a content record reads as migration 0002 wrote the guide."""
    steps = record["steps"]
    return (
        comparable(record["summary"]) == comparable(seed_summary())
        and comparable(record["fallback"]["text"]) == comparable(seed.FALLBACK_TEXT)
        and len(steps) == len(seed.STEPS)
        and all(
            (step["title"], step["where_to_tap"], comparable(step["body"]))
            == (title, where_to_tap, comparable(body))
            and [(c["label"], c["outcome"]) for c in step["choices"]]
            == [(FIXED, "resolved"), (NOT_FIXED, "next" if number < len(steps) else "escalate")]
            for number, (step, (title, where_to_tap, body)) in enumerate(
                zip(steps, seed.STEPS, strict=True), start=1
            )
        )
    )


def seed_summary() -> str:
    return (
        "New photos don't show up on your other devices, or your library looks "
        "out of date. Seven fixes, quickest first."
    )


def rewritten_steps(first: dict) -> list[dict]:
    """The new steps, each as `write_draft` takes it. A step carried on from version 1
    keeps its key and its answers' keys; every "No" goes on to the step below."""
    steps = []
    for key, title, where_to_tap, body in STEPS:
        if isinstance(key, int):
            old = first["steps"][key - 1]
            step_key, answer_keys = old["key"], [c["key"] for c in old["choices"]]
        else:
            step_key, *answer_keys = key
        steps.append(
            {
                "key": step_key,
                "title": title,
                "where_to_tap": where_to_tap,
                "body": body,
                "choices": [
                    {"key": answer_keys[0], "label": FIXED, "outcome": "resolved"},
                    {"key": answer_keys[1], "label": NOT_FIXED, "outcome": "next"},
                ],
            }
        )
    return steps


def write_draft(apps, guide, summary, fallback_text, steps, links=None):
    """Replace the draft's summary, fallback text, steps and answers (and, given
    them, its fallback buttons)."""
    Step = apps.get_model("troubleshooter", "Step")
    Choice = apps.get_model("troubleshooter", "Choice")
    FallbackLink = apps.get_model("troubleshooter", "FallbackLink")
    guide.summary = summary
    guide.fallback_text = fallback_text
    guide.fallback_html = render_markdown(fallback_text)
    guide.save(update_fields=["summary", "fallback_text", "fallback_html", "updated_at"])
    if links is not None:
        FallbackLink.objects.filter(guide=guide).delete()
        for position, link in enumerate(links):
            FallbackLink.objects.create(
                guide=guide, position=position, label=link["label"], url=link["url"]
            )
    Step.objects.filter(guide=guide).delete()
    for position, spec in enumerate(steps, start=1):
        step = Step.objects.create(
            guide=guide,
            key=spec["key"],
            position=position,
            title=spec["title"],
            where_to_tap=spec["where_to_tap"],
            body=spec["body"],
            body_html=render_markdown(spec["body"]),
        )
        for number, choice in enumerate(spec["choices"], start=1):
            Choice.objects.create(
                step=step,
                key=choice["key"],
                position=number,
                label=choice["label"],
                outcome=choice["outcome"],
                target_key=choice.get("target_key", ""),
            )


def publish(apps, guide, note: str):
    """The draft frozen into the guide's next version, made live, and kept in the
    draft's history."""
    GuideVersion = apps.get_model("troubleshooter", "GuideVersion")
    top = GuideVersion.objects.filter(guide=guide).aggregate(top=Max("number"))["top"] or 0
    version = GuideVersion.objects.create(
        guide=guide, number=top + 1, content=draft_content(apps, guide), note=note
    )
    guide.live_version = version
    guide.save(update_fields=["live_version", "updated_at"])
    record_revision(apps, guide)
    return version


def record_revision(apps, guide):
    DraftRevision = apps.get_model("troubleshooter", "DraftRevision")
    draft = draft_content(apps, guide)
    DraftRevision.objects.create(guide=guide, content=draft, fingerprint=fingerprint(draft))


def draft_content(apps, guide) -> dict:
    Step = apps.get_model("troubleshooter", "Step")
    Choice = apps.get_model("troubleshooter", "Choice")
    FallbackLink = apps.get_model("troubleshooter", "FallbackLink")
    steps = list(Step.objects.filter(guide=guide).order_by("position", "id"))
    for step in steps:
        step.choice_list = list(Choice.objects.filter(step=step).order_by("position", "id"))
    links = [
        {"label": link.label, "url": link.url}
        for link in FallbackLink.objects.filter(guide=guide).order_by("position", "id")
    ]
    return build(guide, steps, links)


# The helpers below are frozen copies of troubleshooter.content and of
# Choice.leading_as_in as they stand at this migration, so later changes to them
# cannot change what it does.


def normalise_line_ends(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def comparable(text: str) -> str:
    return "\n".join(line.rstrip() for line in normalise_line_ends(text).split("\n"))


def readable(value):
    if isinstance(value, dict):
        return {k: readable(v) for k, v in value.items() if k not in ("html", "body_html")}
    if isinstance(value, list):
        return [readable(item) for item in value]
    return comparable(value) if isinstance(value, str) else value


def fingerprint(record: dict) -> str:
    text = json.dumps(readable(record), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def build(guide, steps, links: list[dict]) -> dict:
    content_steps = []
    for index, step in enumerate(steps):
        following = steps[index + 1].key if index + 1 < len(steps) else None
        choices = []
        for choice in step.choice_list:
            outcome, next_step = choice.outcome, None
            if outcome == "next" and choice.target_key:
                next_step = choice.target_key
            elif outcome == "next":
                outcome, next_step = ("next", following) if following else ("escalate", None)
            choices.append(
                {
                    "key": choice.key,
                    "label": choice.label,
                    "outcome": outcome,
                    "next_step": next_step,
                }
            )
        content_steps.append(
            {
                "key": step.key,
                "title": step.title,
                "body": step.body,
                "body_html": step.body_html,
                "where_to_tap": step.where_to_tap,
                "choices": choices,
            }
        )
    return {
        "title": guide.title,
        "slug": guide.slug,
        "summary": guide.summary,
        "fallback": {
            "title": guide.fallback_title,
            "text": guide.fallback_text,
            "html": guide.fallback_html,
            "links": links,
        },
        "steps": content_steps,
    }


def leading_as_in(choice: dict, step: dict, record: dict) -> dict:
    """The draft's outcome and target for an answer of a content record."""
    keys = [s["key"] for s in record["steps"]]
    index = keys.index(step["key"])
    following = keys[index + 1] if index + 1 < len(keys) else None
    if choice["outcome"] == "escalate" and following is None:
        return {"outcome": "next", "target_key": ""}
    if choice["outcome"] == "next" and choice["next_step"] != following:
        return {"outcome": "next", "target_key": choice["next_step"]}
    return {"outcome": choice["outcome"], "target_key": ""}


class Migration(migrations.Migration):
    dependencies = [("troubleshooter", "0016_review_step")]

    operations = [migrations.RunPython(forwards, backwards)]
