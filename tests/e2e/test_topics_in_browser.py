"""The home page by topic, a topic's page and the topics in the admin, in a browser,
with axe on each, on a phone and a desktop in light and dark mode."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import User
from playwright.sync_api import expect

from tests.e2e.conftest import ALL_DEVICES, BROWSER_TEST, PHONE_LIGHT
from tests.e2e.test_accessibility import check_screen
from tests.e2e.test_feedback_and_report_in_browser import FORM_PAGE_AXE_OPTIONS
from tests.factories import published_guide
from troubleshooter.models import Topic
from troubleshooter.screens.topics import HOME_PAGE_GUIDES

pytestmark = BROWSER_TEST

PASSWORD = "a long staff password"
TOPIC_NAMES = [
    "iCloud and Photos",
    "Battery and charging",
    "Wi-Fi and Bluetooth",
    "Calls and messages",
    "Apps and the App Store",
    "Screen and display",
    "Apple ID and passwords",
    "Sound and speakers",
    "Camera",
    "Updates and storage",
    "Face ID and Touch ID",
    "Apple Watch",
]


@pytest.fixture
def topics(seeded_guide) -> list[Topic]:
    """Twelve topics, the first with more guides than the home page shows, and a guide
    in no topic."""
    made = []
    for order, name in enumerate(TOPIC_NAMES):
        topic, _ = Topic.objects.update_or_create(
            name=name,
            defaults={
                "slug": name.lower().replace(" ", "-"),
                "description": f"Fixes for {name.lower()} on an iPhone.",
                "order": order,
            },
        )
        made.append(topic)
    made[0].guides.add(
        seeded_guide,
        *(published_guide("Restart", title=f"Photos guide {n}") for n in range(HOME_PAGE_GUIDES)),
    )
    for topic in made[1:]:
        topic.guides.add(published_guide("Restart", title=f"{topic.name}: a problem"))
    published_guide("Restart", title="A guide in no topic")
    return made


def test_the_home_and_topic_pages_pass_axe_in_every_scheme(open_page, topics):
    axe = Axe()
    problems = []
    for device in ALL_DEVICES:
        page = open_page(device)
        page.goto("/")
        rest = page.get_by_role("link", name=f"All {HOME_PAGE_GUIDES + 1} guides in")
        expect(rest).to_be_visible()
        check_screen(page, axe, "08-home-by-topic", device, problems)
        page.goto(topics[0].get_absolute_url())
        expect(page.locator("h1")).to_have_text(topics[0].name)
        check_screen(page, axe, "09-topic", device, problems)
        page.goto("/other-guides/")
        check_screen(page, axe, "10-other-guides", device, problems)
    assert not problems, "\n\n".join(problems)


def test_a_phone_visitor_reaches_any_topic_from_the_first_screen(open_page, topics):
    page = open_page(PHONE_LIGHT)
    page.goto("/")
    index = page.get_by_role("navigation", name="Topics")
    for topic in topics:
        expect(index.get_by_role("link", name=topic.name)).to_be_in_viewport()
    expect(index.get_by_role("link", name="Other guides")).to_be_in_viewport()
    index.get_by_role("link", name="Camera").click()
    expect(page.get_by_role("heading", name="Camera", exact=True)).to_be_in_viewport()
    page.get_by_role("link", name="Camera: a problem").click()
    expect(page.locator("h1")).to_have_text("Camera: a problem")


def test_the_topic_screens_in_the_admin_pass_axe_in_every_scheme(open_page, topics, seeded_guide):
    User.objects.create_superuser("staff", password=PASSWORD)
    for device in ALL_DEVICES:
        page = open_page(device)
        page.goto("/admin/")
        page.fill("#id_username", "staff")
        page.fill("#id_password", PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.goto("/admin/troubleshooter/topic/")
        expect(page.locator("#result_list")).to_contain_text("Battery and charging")
        no_axe_violations(page, f"topic list ({device})")
        page.goto(f"/admin/troubleshooter/topic/{topics[0].pk}/change/")
        no_axe_violations(page, f"topic page ({device})")
        page.goto(f"/admin/troubleshooter/guide/{seeded_guide.pk}/change/")
        expect(page.get_by_label("Battery and charging")).not_to_be_checked()
        expect(page.get_by_label("iCloud and Photos")).to_be_checked()
        no_axe_violations(page, f"guide page ({device})")


def no_axe_violations(page, screen: str) -> None:
    results = Axe().run(page, options=FORM_PAGE_AXE_OPTIONS)
    assert not results.violations_count, f"{screen}:\n{results.generate_report()}"
