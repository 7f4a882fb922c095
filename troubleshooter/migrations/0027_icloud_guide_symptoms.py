"""Symptoms for the iCloud Photos guide, published as its next version: what a visitor
sees or says, each leading to the step of version 2 (migration 0017) that deals with it.

It runs only on a guide its staff have not touched since 0017: the version 0017
published (version 2) live, and the draft still reading as it. Any other guide keeps its draft
and its versions as they are. Visits on earlier versions stay on them, without symptoms.

Each symptom has a fixed key, the same in every database, so its address
(`/guides/icloud-photos-not-syncing/?symptom=<key>`) can go into support e-mails. The
steps they lead to are found by their keys (see 0017): a fixed key for the status line,
and for the others the key of the version 1 step that version 2's step carries on from.
"""

import hashlib
import json
from importlib import import_module

from django.db import migrations
from django.db.models import Max

for_ios_18 = import_module("troubleshooter.migrations.0017_icloud_guide_for_ios_18")

SLUG = for_ios_18.SLUG
NOTE = (
    "Symptoms on the guide's page: iCloud storage full, syncing paused, photos stuck "
    "uploading, new photos missing on other devices."
)

# (key, text, the step it leads to): a version 2 step's fixed key, or the number of the
# version 1 step whose key it kept.
SYMPTOMS = [
    ("5f1c0e2a9b", "iCloud storage is full", for_ios_18.STORAGE_STEP_IN_VERSION_1),
    ("c3d88e1f04", "Syncing paused", for_ios_18.STATUS_LINE_KEY),
    # Uploads crawl or wait on a slow connection, or with Low Data Mode on.
    ("7a2b6d90e5", "Photos stuck on uploading", 2),
    # Only devices on the same Apple Account with iCloud Photos on share a library.
    ("e48f13c7a2", "New photos missing on my other devices", 1),
]


def forwards(apps, schema_editor):
    Guide = apps.get_model("troubleshooter", "Guide")
    GuideVersion = apps.get_model("troubleshooter", "GuideVersion")
    Symptom = apps.get_model("troubleshooter", "Symptom")
    guide = Guide.objects.filter(slug=SLUG).select_related("live_version").first()
    live = guide.live_version if guide else None
    if live is None or live.note != for_ios_18.NOTE:
        return  # unpublished, or staff have published since 0017 did
    if fingerprint(draft_content(apps, guide)) != fingerprint(live.content):
        return  # the draft has staff's changes: leave them be
    first = GuideVersion.objects.filter(guide=guide, number=1).first()
    if first is None:
        return
    steps = {step["key"] for step in live.content["steps"]}
    symptoms = [
        (key, text, first.content["steps"][step - 1]["key"] if isinstance(step, int) else step)
        for key, text, step in SYMPTOMS
    ]
    if any(step_key not in steps for _, _, step_key in symptoms):
        return  # not version 2 as 0017 wrote it
    for position, (key, text, step_key) in enumerate(symptoms):
        Symptom.objects.create(
            guide=guide, key=key, position=position, text=text, step_key=step_key
        )
    publish(apps, guide, NOTE)


def backwards(apps, schema_editor):
    """Version 2 live again, with the draft reading as it, if the guide still stands as
    forwards left it. The version it published stays in the history: versions are
    never changed, and visits may be on it."""
    Guide = apps.get_model("troubleshooter", "Guide")
    GuideVersion = apps.get_model("troubleshooter", "GuideVersion")
    Symptom = apps.get_model("troubleshooter", "Symptom")
    guide = Guide.objects.filter(slug=SLUG).select_related("live_version").first()
    live = guide.live_version if guide else None
    if live is None or live.note != NOTE:
        return
    if fingerprint(draft_content(apps, guide)) != fingerprint(live.content):
        return  # edited since: keep staff's work
    second = GuideVersion.objects.filter(guide=guide, number=2).first()
    if second is None:
        return
    Symptom.objects.filter(guide=guide).delete()
    guide.live_version = second
    guide.save(update_fields=["live_version", "updated_at"])
    record_revision(apps, guide)


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
    Symptom = apps.get_model("troubleshooter", "Symptom")
    steps = list(Step.objects.filter(guide=guide).order_by("position", "id"))
    for step in steps:
        step.choice_list = list(Choice.objects.filter(step=step).order_by("position", "id"))
    links = [
        {"label": link.label, "url": link.url}
        for link in FallbackLink.objects.filter(guide=guide).order_by("position", "id")
    ]
    symptoms = Symptom.objects.filter(guide=guide).order_by("position", "id")
    return build(guide, steps, links, symptoms)


# The helpers below are frozen copies of troubleshooter.content as it stands at this
# migration, so later changes to it cannot change what it does.


def normalise_line_ends(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def comparable(text: str) -> str:
    return "\n".join(line.rstrip() for line in normalise_line_ends(text).split("\n"))


def readable(value):
    if isinstance(value, dict):
        return {
            k: readable(v)
            for k, v in value.items()
            if k not in ("html", "body_html")
            and not (k == "takes_a_while" and v is False)
            and not (k == "symptoms" and v == [])
        }
    if isinstance(value, list):
        return [readable(item) for item in value]
    return comparable(value) if isinstance(value, str) else value


def fingerprint(record: dict) -> str:
    text = json.dumps(readable(record), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def build(guide, steps, links: list[dict], symptom_rows=()) -> dict:
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
                "takes_a_while": step.takes_a_while,
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
        "symptoms": [
            {"key": symptom.key, "text": symptom.text, "step": symptom.step_key}
            for symptom in symptom_rows
        ],
    }


class Migration(migrations.Migration):
    dependencies = [("troubleshooter", "0026_guide_symptoms")]

    operations = [migrations.RunPython(forwards, backwards)]
