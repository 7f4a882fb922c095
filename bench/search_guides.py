"""The search scenario's guides: 1,000 live guides of 8 steps and 3 symptoms each,
written straight as published versions and indexed as Publish indexes them. Each
subject is in the titles of 20 guides, so a search for one finds about 20."""

import secrets

from django.db import transaction

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
STEPS = [
    ("Restart the device", "Turn it off, wait ten seconds and turn it on again."),
    ("Check for updates", "Open Settings, then General, then Software Update, and install it."),
    ("Check the connection", "Make sure the device is online and close to the router."),
    ("Turn it off and on in Settings", "Find its switch in Settings, turn it off, then on."),
    ("Free up storage", "Delete apps and files you no longer use, then try again."),
    ("Sign out and in again", "Sign out of your account in Settings, then sign in again."),
    ("Reset the settings", "Reset Network Settings under Transfer or Reset, then try again."),
    ("Ask for a repair", "If nothing helped, the device may need a repair: book one."),
]
QUERY = "bluetoth eror"  # two typos: "bluetooth error", in 20 titles and their symptoms
SEARCH_PATH = "/search/?q=bluetoth+eror"


def version_content(title: str, slug: str, subject: str) -> dict:
    keys = [secrets.token_hex(5) for _ in STEPS]
    steps = []
    for index, (step_title, body) in enumerate(STEPS):
        following = keys[index + 1] if index + 1 < len(keys) else None
        steps.append(
            {
                "key": keys[index],
                "title": step_title,
                "body": body,
                "body_html": f"<p>{body}</p>",
                "where_to_tap": "Settings > General",
                "takes_a_while": False,
                "choices": [
                    {"key": secrets.token_hex(5), "label": "Yes, it's fixed",
                     "outcome": "resolved", "next_step": None},
                    {"key": secrets.token_hex(5), "label": "No, still not working",
                     "outcome": "next" if following else "escalate", "next_step": following},
                ],
            }
        )  # fmt: skip
    return {
        "title": title,
        "slug": slug,
        "summary": f"When {subject} lets you down: the quick checks first, then the rest.",
        "fallback": {"title": "Contact us", "text": "Call us.", "html": "<p>Call us.</p>",
                     "links": []},
        "steps": steps,
        "symptoms": [
            {"key": secrets.token_hex(5), "text": text, "step": keys[number]}
            for number, text in enumerate(
                [f"{subject} shows an error", f"{subject} icon is grey",
                 f"{subject} stopped after an update"]
            )
        ],
    }  # fmt: skip


@transaction.atomic
def publish_search_guides(count: int = 1000) -> None:
    from troubleshooter.models import Guide, GuideVersion, SearchEntry

    guides = Guide.objects.bulk_create(
        Guide(
            title=f"{SUBJECTS[n % len(SUBJECTS)]} {PROBLEMS[n // len(SUBJECTS) % len(PROBLEMS)]}",
            slug=f"bench-search-{n}",
            summary="A guide for the search benchmark.",
            fallback_title="Contact us",
            fallback_text="Call us.",
            fallback_html="<p>Call us.</p>",
        )
        for n in range(count)
    )
    for n, guide in enumerate(guides):
        subject = SUBJECTS[n % len(SUBJECTS)]
        content = version_content(guide.title, guide.slug, subject)
        version = GuideVersion.objects.create(guide=guide, number=1, content=content)
        guide.live_version = version
        SearchEntry.objects.index_version(version)
    Guide.objects.bulk_update(guides, ["live_version"])
