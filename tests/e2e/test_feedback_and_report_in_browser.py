"""The "what happened?" question, the handoff card, the report and a visit's staff
page, in a browser, with axe on each."""

import re

from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import ALL_DEVICES, BROWSER_TEST, PHONE_DARK, PHONE_LIGHT
from tests.e2e.test_accessibility import AXE_OPTIONS
from tests.e2e.test_versions_in_browser import staff_page  # noqa: F401
from tests.factories import published_guide
from troubleshooter.models import Feedback, Visit

pytestmark = BROWSER_TEST


def no_axe_violations(page, screen: str, options=AXE_OPTIONS) -> None:
    results = Axe().run(page, options=options)
    assert not results.violations_count, f"{screen}:\n{results.generate_report()}"


# On admin form pages axe's preload would copy forms.css into a <style> element, which
# the site's CSP refuses, and fetch its @import from the page's address: so it is off.
FORM_PAGE_AXE_OPTIONS = {**AXE_OPTIONS, "preload": False}


def walk_with_a_reason(page, guide) -> None:
    page.goto(guide.get_absolute_url())
    page.get_by_role("button", name="Start", exact=True).click()
    page.locator('.answers button[data-outcome="next"]').click()
    question = page.locator(".feedback-ask > summary")
    expect(question).to_have_text("What happened at step 1? (optional)")
    reason = page.get_by_role("button", name="I couldn't find that setting")
    expect(reason).to_be_hidden()  # one tap away, under the step
    no_axe_violations(page, "step with the question closed")
    question.click()
    no_axe_violations(page, "step with the question open")
    reason.click()
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
    page.get_by_text("What happened at step 1?").click()  # <details> opens without a script
    page.get_by_role("button", name="The setting was already right").click()
    expect(page).to_have_url(re.compile(r"/steps/2/\?said=1$"))
    expect(page.locator(".feedback")).to_have_count(0)
    expect(page.locator("#notice")).to_have_text("Thanks: that helps us improve step 1.")
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


def caption_contrast_passes(page) -> bool:
    """axe's colour contrast rule checked the replay's caption, and it passed: not
    merely no violation, which is also what axe says when it cannot tell."""
    only_contrast = {"runOnly": {"type": "rule", "values": ["color-contrast"]}}
    results = Axe().run(page, context="#replay-caption", options=only_contrast).response
    return [rule["id"] for rule in results["passes"]] == ["color-contrast"]


def test_a_visits_staff_page_is_readable_in_every_scheme(staff_page, open_page):  # noqa: F811
    guide = published_guide("Restart the phone", "Call us")
    walk_with_a_reason(open_page(PHONE_LIGHT), guide)
    Feedback.objects.update(comment="There is no such switch on my phone.")
    url = reverse("admin:troubleshooter_visit_change", args=[Visit.objects.get().pk])
    first_instructions = staff_page.locator(".replay-body").first
    for device in ALL_DEVICES:
        show_as(staff_page, device)
        staff_page.goto(url)
        assert caption_contrast_passes(staff_page), device
        expect(first_instructions).to_be_hidden()  # collapsed until asked for
        assert page_width(staff_page) <= device.width
        no_axe_violations(staff_page, f"visit page ({device})", FORM_PAGE_AXE_OPTIONS)
    staff_page.get_by_text("Instructions shown at step 1").click()
    expect(first_instructions).to_have_text("Do the thing, then check.")
    no_axe_violations(staff_page, "visit page with instructions open", FORM_PAGE_AXE_OPTIONS)
