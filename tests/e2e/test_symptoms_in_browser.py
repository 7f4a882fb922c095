"""A visitor starting at a symptom, in a browser: with and without JavaScript, by
keyboard, from a shared address, with axe on each new or changed screen."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.e2e.browsing import press_answer, tab_to
from tests.e2e.conftest import ALL_DEVICES, BROWSER_TEST, JOURNEY_DEVICES, PHONE_LIGHT
from tests.e2e.test_accessibility import check_screen
from tests.e2e.test_feedback_and_report_in_browser import (
    FORM_PAGE_AXE_OPTIONS,
    no_axe_violations,
    show_as,
)
from tests.e2e.test_versions_in_browser import staff_page  # noqa: F401
from tests.symptom_versions import publish_with_symptoms, symptom_key
from troubleshooter.models import GuideVersion, Visit

pytestmark = BROWSER_TEST

STORAGE = "iCloud storage is full"
PAUSED = "Syncing paused"


@pytest.fixture
def symptom_guide(db):
    return publish_with_symptoms((STORAGE, 2), (PAUSED, 3), title="Photos not syncing")


def expect_walk_step(page: Page, number: int, counted: str) -> None:
    """Step `number` of the guide, its progress counted from where the visit started."""
    expect(page.locator(".progress-label")).to_have_text(counted)
    expect(page).to_have_url(re.compile(rf"/visits/[0-9a-f-]+/steps/{number}/$"))


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
@pytest.mark.parametrize("device", JOURNEY_DEVICES, ids=str)
def test_a_visitor_starts_at_a_symptom_goes_back_and_reaches_the_fallback(
    open_page, symptom_guide, device, javascript
):
    page = open_page(device, javascript=javascript)
    page.goto(symptom_guide.get_absolute_url())
    page.get_by_role("group", name="What do you see?").get_by_role("radio", name=PAUSED).check()
    page.get_by_role("button", name="Start", exact=True).click()
    expect_walk_step(page, 3, "Step 1 of 3")
    press_answer(page, "next")
    expect_walk_step(page, 4, "Step 2 of 3")
    page.get_by_role("link", name="Previous step").click()
    expect_walk_step(page, 3, "Step 1 of 3")
    # From the first step walked, back to the guide's page with the symptom chosen.
    page.get_by_role("link", name="About this guide").click()
    expect(page).to_have_url(re.compile(rf"\?symptom={symptom_key(symptom_guide, PAUSED)}$"))
    expect(page.get_by_role("heading", name=f"You see: “{PAUSED}”")).to_be_visible()
    expect(page.get_by_role("radio", name=PAUSED)).to_be_checked()
    page.go_back()
    expect_walk_step(page, 3, "Step 1 of 3")
    press_answer(page, "next")
    press_answer(page, "next")
    expect_walk_step(page, 5, "Step 3 of 3")
    press_answer(page, "escalate")
    expect(page.locator("h1")).to_have_text("Contact support")
    expect(page.locator(".summary-symptom")).to_have_text(f"You saw: {PAUSED}")
    tried = page.locator(".tried-steps li")
    expect(tried).to_have_count(3)
    expect(tried.first).to_contain_text("Check the status line")
    assert Visit.objects.get().symptom_key == symptom_key(symptom_guide, PAUSED)


def test_a_shared_address_shows_its_start_on_the_first_screen_of_a_phone(open_page, symptom_guide):
    page = open_page(PHONE_LIGHT)
    page.goto(f"{symptom_guide.get_absolute_url()}?symptom={symptom_key(symptom_guide, STORAGE)}")
    start_here = page.get_by_role("button", name="Start here")
    expect(start_here).to_be_in_viewport()
    start_here.click()
    expect_walk_step(page, 2, "Step 1 of 4")


def test_a_symptom_is_chosen_and_started_from_the_keyboard(open_page, symptom_guide):
    page = open_page(PHONE_LIGHT)
    page.goto(symptom_guide.get_absolute_url())
    tab_to(page, 'input[name="symptom"]')
    expect(page.get_by_role("radio", name="None of these: start at step 1")).to_be_focused()
    page.keyboard.press("ArrowDown")  # a radio group wraps round to its first choice
    expect(page.get_by_role("radio", name=STORAGE)).to_be_checked()
    outline = page.evaluate(
        "getComputedStyle(document.activeElement.closest('label')).outlineStyle"
    )
    assert outline != "none"
    tab_to(page, "button.primary")
    page.keyboard.press("Enter")
    expect_walk_step(page, 2, "Step 1 of 4")


@pytest.mark.parametrize("device", ALL_DEVICES, ids=str)
def test_the_symptom_screens_pass_axe_and_have_large_targets(open_page, symptom_guide, device):
    axe = Axe()
    problems = []
    page = open_page(device)
    page.goto(symptom_guide.get_absolute_url())
    check_screen(page, axe, "11-guide-with-symptoms", device, problems)
    page.goto(f"{symptom_guide.get_absolute_url()}?symptom={symptom_key(symptom_guide, PAUSED)}")
    check_screen(page, axe, "12-guide-with-symptom-chosen", device, problems)
    page.get_by_role("button", name="Start here").click()
    expect_walk_step(page, 3, "Step 1 of 3")
    check_screen(page, axe, "13-first-step-walked-from-a-symptom", device, problems)
    for _ in range(2):
        press_answer(page, "next")
    press_answer(page, "escalate")
    expect(page.locator(".summary-symptom")).to_be_visible()
    check_screen(page, axe, "14-fallback-from-a-symptom", device, problems)
    assert not problems, "\n\n".join(problems)


def test_the_staff_screens_name_the_symptom_and_pass_axe(staff_page, symptom_guide):  # noqa: F811
    version = GuideVersion.objects.compiled(symptom_guide.live_version_id)
    paused = symptom_key(symptom_guide, PAUSED)
    visit = Visit.objects.start(version, symptom_guide.id, symptom_key=paused)
    report_url = reverse("admin:guide_report", args=[symptom_guide.pk])
    visit_url = reverse("admin:troubleshooter_visit_change", args=[visit.pk])
    for device in ALL_DEVICES:
        show_as(staff_page, device)
        staff_page.goto(report_url)
        table = staff_page.get_by_role("table", name="Where visits started")
        expect(table.get_by_role("row", name=re.compile(PAUSED))).to_contain_text("1")
        no_axe_violations(staff_page, f"report with symptoms ({device})")
        staff_page.goto(visit_url)
        expect(staff_page.locator(".field-symptom")).to_contain_text(
            f"“{PAUSED}”: started at step 3"
        )
        no_axe_violations(staff_page, f"visit at a symptom ({device})", FORM_PAGE_AXE_OPTIONS)
