"""The home page's load: 1,000 live guides of 8 steps each, filed under 12 topics (every
guide in one, every fifth in two), published as staff publish them."""

import time

GUIDES, STEPS, TOPICS = 1_000, 8, 12
# Titles that a reader's order must sort past case and accents.
OPENINGS = ["iPhone", "Écran", "AirDrop", "apps", "Wi-Fi", "Face ID", "Öffnen", "battery"]


def add_live_guides() -> None:
    from troubleshooter.markdown import render_markdown
    from troubleshooter.models import Choice, Guide, Step, Topic

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
    body = "Open **Settings**, check the setting, then try again. " * 4
    body_html = render_markdown(body)
    for n in range(GUIDES):
        guide = Guide.objects.create(
            title=f"{OPENINGS[n % len(OPENINGS)]} problem number {n}",
            slug=f"bench-guide-{n}",
            summary="What to try, one step at a time, when this problem shows on an iPhone.",
            fallback_title="Contact support",
            fallback_text="Call us on **0800 000 000**.",
        )
        steps = Step.objects.bulk_create(
            Step(guide=guide, position=p, title=f"Fix {p}", body=body, body_html=body_html)
            for p in range(1, STEPS + 1)
        )
        Choice.objects.bulk_create(choice for step in steps for choice in Choice.defaults_for(step))
        guide.publish(note="Benchmark")
        topics[n % TOPICS].guides.add(guide)
        if n % 5 == 0:
            topics[(n + 1) % TOPICS].guides.add(guide)
    seconds = time.monotonic() - started
    print(f"Published {GUIDES:,} guides of {STEPS} steps under {TOPICS} topics "
          f"in {seconds:.0f} s.\n")  # fmt: skip
