from django.db import migrations

from troubleshooter.markdown import render_markdown

SLUG = "icloud-photos-not-syncing"

STEPS = [
    (
        "Check your Apple ID and the iCloud Photos switch",
        "Settings > [your name] > iCloud > Photos > Sync this iPhone",
        """\
Photos only sync between devices that are signed in to the **same Apple ID**.
Open **Settings** and look at the name at the top: it should be the Apple ID
you use on your other devices, the one you first turned on iCloud Photos with.

Then tap your name, tap **iCloud**, then **Photos**, and check that
**Sync this iPhone** is switched on (green). If you just turned it on, give
your library a few minutes to start uploading.""",
    ),
    (
        "Make sure your iPhone is online",
        "Settings > Photos > Mobile Data",
        """\
iCloud Photos can only sync over a working internet connection. Open another
app that uses the internet, or load a new page in Safari, to see whether
anything gets through.

- **Nothing loads on Wi-Fi?** Restart your router: switch it off, wait
  30 seconds, and switch it back on.
- **Nothing loads on mobile data?** Check that Mobile Data (Cellular Data in
  some countries) is on and that you have signal.
- **Still offline?** Reset your network settings: Settings > General >
  Transfer or Reset iPhone > Reset > Reset Network Settings. Your iPhone will
  forget saved Wi-Fi passwords.

**Syncing over mobile data?** Photos won't use mobile data until you allow it.
Go to Settings > Photos > Mobile Data and switch **Mobile Data** on. If your
plan has data to spare, switch on **Unlimited Updates** as well.""",
    ),
    (
        "Check your iCloud storage",
        "Settings > [your name] > iCloud",
        """\
New photos can't upload once your iCloud storage is full. Every Apple ID
comes with **5 GB free**, and a photo library outgrows that quickly.

Tap your name in Settings, then **iCloud**: the bar at the top shows how much
of your storage is used. If it's full or close to full, either make room
(delete old device backups and files you no longer need) or move to a paid
iCloud+ plan for more space. Then check whether photos start uploading.""",
    ),
    (
        "Turn on Optimize iPhone Storage",
        "Settings > [your name] > iCloud > Photos > Optimize iPhone Storage",
        """\
When your iPhone itself is nearly full, iCloud Photos can stall. With
**Optimize iPhone Storage** selected, the full-resolution originals live in
iCloud and your iPhone keeps smaller copies, which frees up space on the
phone. The originals download again whenever you open them, over Wi-Fi or
mobile data.

Select **Optimize iPhone Storage** instead of Download and Keep Originals.""",
    ),
    (
        "Restart your iPhone",
        "Settings > General > Shut Down",
        """\
A restart clears temporary glitches that can stop syncing.

1. Press and hold the side button and either volume button until the
   power-off slider appears. (On an iPhone with a Home button, hold the side
   button.) You can also use Settings > General > Shut Down.
2. Drag the slider, then wait about 30 seconds.
3. Press and hold the side button until the Apple logo appears.""",
    ),
    (
        "Update iOS",
        "Settings > General > Software Update",
        """\
An out-of-date iOS can have bugs that stop iCloud Photos from syncing.
Go to **Software Update**. If an update is offered, tap **Update Now** (or
Download and Install) and keep your iPhone plugged in and on Wi-Fi while it
installs.""",
    ),
    (
        "Leave your iPhone charging on Wi-Fi",
        "Settings > Wi-Fi",
        """\
iCloud Photos does most of its uploading while your iPhone is **charging and
connected to Wi-Fi**. Plug it in, check that it has joined a Wi-Fi network,
and leave it alone for a while (overnight for a large library). Then open
Photos and check whether your library has caught up.""",
    ),
]

FALLBACK_TEXT = """\
You've tried every fix in this guide, so it's time to let Apple take a look.
Book a **Genius Bar** appointment at an Apple Store, or contact Apple Support
online. Bring your iPhone and know your Apple ID password.

Show them your reference code so they can see what you've already tried."""

FALLBACK_LINKS = """\
Book a Genius Bar appointment https://www.apple.com/retail/geniusbar/
Contact Apple Support https://getsupport.apple.com/"""


def create_guide(apps, schema_editor):
    write_guide(apps, is_published=True)


def write_guide(apps, **guide_fields):
    """The guide's draft rows; the tests also call this with today's models."""
    Guide = apps.get_model("troubleshooter", "Guide")
    Step = apps.get_model("troubleshooter", "Step")
    Choice = apps.get_model("troubleshooter", "Choice")
    # Guides kept their buttons as text until migration 0009 made them rows.
    links_are_rows = not any(f.name == "fallback_links" for f in Guide._meta.fields)
    if not links_are_rows:
        guide_fields["fallback_links"] = FALLBACK_LINKS
    guide = Guide.objects.create(
        title="iCloud Photos isn't syncing on my iPhone",
        slug=SLUG,
        summary="New photos don't show up on your other devices, or your library looks "
        "out of date. Seven fixes, quickest first.",
        fallback_title="Get help at a Genius Bar",
        fallback_text=FALLBACK_TEXT,
        fallback_html=render_markdown(FALLBACK_TEXT),
        **guide_fields,
    )
    if links_are_rows:
        FallbackLink = apps.get_model("troubleshooter", "FallbackLink")
        for position, line in enumerate(FALLBACK_LINKS.splitlines()):
            label, _, url = line.rpartition(" ")
            FallbackLink.objects.create(guide=guide, position=position, label=label, url=url)
    for position, (title, where_to_tap, body) in enumerate(STEPS, start=1):
        step = Step.objects.create(
            guide=guide,
            position=position,
            title=title,
            where_to_tap=where_to_tap,
            body=body,
            body_html=render_markdown(body),
        )
        Choice.objects.create(step=step, position=1, label="Yes, it's fixed", outcome="resolved")
        Choice.objects.create(step=step, position=2, label="No, still not working", outcome="next")


def delete_guide(apps, schema_editor):
    apps.get_model("troubleshooter", "Guide").objects.filter(slug=SLUG).delete()


class Migration(migrations.Migration):
    dependencies = [("troubleshooter", "0001_initial")]

    operations = [migrations.RunPython(create_guide, delete_guide)]
