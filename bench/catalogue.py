"""The help centre's load: 1,000 live guides of 8 steps and 3 symptoms each, filed
under 12 topics (every guide in one, every fifth in two), published as staff publish
them, so search indexes them as it does on Publish. Each of 50 subjects is in the
titles of 20 guides, so a search for one finds about 20."""

import time

GUIDES, STEPS, TOPICS = 1_000, 8, 12
SUBJECTS = [
    "Bluetooth", "Camera", "Battery", "Wi-Fi", "Keyboard", "Microphone", "Speaker", "Screen",
    "Charger", "Email", "Calendar", "Contacts", "Messages", "FaceTime", "Maps", "Music",
    "Podcasts", "Notes", "Reminders", "Safari", "Siri", "Wallet", "Watch", "AirPods",
    "AirDrop", "Hotspot", "Backup", "Passcode", "Widgets", "Notifications", "Photos", "Videos",
    "Downloads", "Printer", "Scanner", "Mouse", "Trackpad", "Headphones", "Television",
    "Router", "Modem", "Clock", "Weather", "Compass", "Flashlight", "Translate", "Shortcuts",
    "Health", "Fitness", "Books",
]  # fmt: skip
PROBLEMS = [
    "won't turn on", "keeps disconnecting", "is slow", "stopped working", "shows no sound",
    "drains the battery", "won't update", "freezes", "crashes on open", "is greyed out",
    "won't sync", "is missing", "won't pair", "asks for a password", "shows the wrong time",
    "is blurry", "lags behind", "won't download", "keeps restarting", "won't connect",
]  # fmt: skip
FIXES = [
    ("Restart the device", "Turn it off, wait ten seconds and turn it on again."),
    ("Check for updates", "Open Settings, then General, then Software Update, and install it."),
    ("Check the connection", "Make sure the device is online and close to the router."),
    ("Turn it off and on in Settings", "Find its switch in Settings, turn it off, then on."),
    ("Free up storage", "Delete apps and files you no longer use, then try again."),
    ("Sign out and in again", "Sign out of your account in Settings, then sign in again."),
    ("Reset the settings", "Reset Network Settings under Transfer or Reset, then try again."),
    ("Ask for a repair", "If nothing helped, the device may need a repair: book one."),
]
# Two typos for "bluetooth error": 20 titles hold "Bluetooth", and each of their guides
# a symptom "Bluetooth shows an error".
SEARCH_PATH = "/search/?q=bluetoth+eror"


def add_live_guides() -> None:
    from django.db import connection

    from troubleshooter.markdown import render_markdown
    from troubleshooter.models import Choice, Guide, Step, Symptom, Topic

    started = time.monotonic()
    topics = Topic.objects.bulk_create(
        Topic(
            name=f"Topic {n + 1}",
            slug=f"bench-topic-{n + 1}",
            description=f"Guides filed under topic {n + 1} for the benchmark.",
            order=n,
        )
        for n in range(TOPICS)
    )
    for n in range(GUIDES):
        subject = SUBJECTS[n % len(SUBJECTS)]
        guide = Guide.objects.create(
            title=f"{subject} {PROBLEMS[n // len(SUBJECTS) % len(PROBLEMS)]}",
            slug=f"bench-guide-{n}",
            summary=f"When {subject} lets you down: the quick checks first, then the rest.",
            fallback_title="Contact support",
            fallback_text="Call us on **0800 000 000**.",
        )
        steps = Step.objects.bulk_create(
            Step(guide=guide, position=p, title=title, body=body, body_html=render_markdown(body))
            for p, (title, body) in enumerate(FIXES[:STEPS], start=1)
        )
        Choice.objects.bulk_create(choice for step in steps for choice in Choice.defaults_for(step))
        Symptom.objects.bulk_create(
            Symptom(guide=guide, position=p, text=text, step_key=steps[p].key)
            for p, text in enumerate(
                [f"{subject} shows an error", f"{subject} icon is grey",
                 f"{subject} stopped after an update"]
            )
        )  # fmt: skip
        guide.publish(note="Benchmark")
        topics[n % TOPICS].guides.add(guide)
        if n % 5 == 0:
            topics[(n + 1) % TOPICS].guides.add(guide)
    # As autovacuum would soon after such a burst of writes on PostgreSQL (SQLite's
    # search index is analysed by Publish itself): the planner needs the tables' sizes.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    seconds = time.monotonic() - started
    print(f"Published {GUIDES:,} guides of {STEPS} steps and 3 symptoms under {TOPICS} "
          f"topics in {seconds:.0f} s.\n")  # fmt: skip
