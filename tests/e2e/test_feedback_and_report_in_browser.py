"""The "what happened?" question, the handoff card and the report, in a browser,
with axe on each."""

import re

from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import ALL_DEVICES, BROWSER_TEST, PHONE_DARK, PHONE_LIGHT
from tests.e2e.test_accessibility import AXE_OPTIONS
from tests.e2e.test_versions_in_browser import staff_page  # noqa: F401
from tests.factories import published_guide
from troubleshooter.models import Feedback

pytestmark = BROWSER_TEST


def no_axe_violations(page, screen: str) -> None:
    results = Axe().run(page, options=AXE_OPTIONS)
    assert not results.violations_count, f"{screen}:\n{results.generate_report()}"


def walk_with_a_reason(page, guide) -> None:
    page.goto(guide.get_absolute_url())
    page.get_by_role("button", name="Start", exact=True).click()
    page.locator('.answers button[data-outcome="next"]').click()
    expect(page.locator(".feedback h2")).to_have_text("What happened at step 1? (optional)")
    no_axe_violations(page, "step with the question")
    page.get_by_role("button", name="I couldn't find that setting").click()
    expect(page.locator(".feedback-thanks")).to_contain_text("Thanks")
    expect(page).to_have_url(re.compile(r"/steps/2/$"))
    page.locator('.answers button[data-outcome="escalate"]').click()
    expect(page.locator("h1")).to_have_text("Contact support")


def test_the_question_and_the_card_in_every_scheme(open_page):
    guide = published_guide("Restart the phone", "Call us")
    for device in ALL_DEVICES:
        page = open_page(device)
        walk_with_a_reason(page, guide)
        card = page.locator(".handoff-card")
        expect(card).to_contain_text("(I couldn't find that setting)")
        expect(card.locator("svg.qr-code")).to_be_visible()
        expect(card.get_by_role("button", name="Print or save as PDF")).to_be_visible()
        no_axe_violations(page, f"fallback card ({device})")
    assert Feedback.objects.count() == len(ALL_DEVICES)


def test_the_question_works_without_javascript(open_page):
    guide = published_guide("Restart the phone", "Call us")
    page = open_page(PHONE_LIGHT, javascript=False)
    page.goto(guide.get_absolute_url())
    page.get_by_role("button", name="Start", exact=True).click()
    page.locator('.answers button[data-outcome="next"]').click()
    page.get_by_role("button", name="The setting was already right").click()
    expect(page).to_have_url(re.compile(r"/steps/2/$"))
    expect(page.locator(".feedback")).to_have_count(0)
    assert Feedback.objects.get().reason == "already_right"


def test_the_report_page(staff_page, open_page):  # noqa: F811
    guide = published_guide("Restart the phone", "Call us")
    walk_with_a_reason(open_page(PHONE_LIGHT), guide)
    staff_page.goto(f"/admin/troubleshooter/guide/{guide.pk}/change/")
    staff_page.get_by_role("link", name="Report", exact=True).click()
    expect(staff_page.locator("h2").first).to_have_text("1 visit started")
    expect(staff_page.locator("svg.funnel")).to_be_visible()
    expect(staff_page.locator(".report-reasons")).to_contain_text("I couldn't find that setting")
    no_axe_violations(staff_page, "report")


def show_as(page, device) -> None:
    """The signed-in staff page at this device's size, in its colour scheme."""
    page.set_viewport_size({"width": device.width, "height": device.height})
    page.emulate_media(color_scheme=device.color_scheme)


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_the_report_fits_a_phone_and_its_table_scrolls_in_its_own_box(staff_page, open_page):  # noqa: F811
    guide = published_guide("Restart the phone", "Call us")
    walk_with_a_reason(open_page(PHONE_LIGHT), guide)
    for device in [PHONE_LIGHT, PHONE_DARK]:
        show_as(staff_page, device)
        staff_page.goto(reverse("admin:guide_report", args=[guide.pk]))
        assert page_width(staff_page) <= 390
        box = staff_page.get_by_role(
            "region", name="Each step: visits that reached it and what they did there"
        )
        assert box.evaluate("box => box.scrollWidth > box.clientWidth")  # the table is wider
        box.focus()  # and scrolls from the keyboard
        staff_page.keyboard.press("ArrowRight")
        staff_page.wait_for_function("box => box.scrollLeft > 0", arg=box.element_handle())
        no_axe_violations(staff_page, f"report ({device})")
