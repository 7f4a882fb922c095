"""Branching in the browser: staff point an answer at another step, check the map
and publish; visitors skip ahead and go back along their own path; steps are
reordered with the mouse and with the keyboard."""

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.e2e.browsing import press_answer
from tests.e2e.conftest import BROWSER_TEST, PHONE_LIGHT
from tests.e2e.test_accessibility import AXE_OPTIONS
from tests.e2e.test_versions_in_browser import publish, staff_page  # noqa: F401
from tests.factories import draft_guide, published_guide
from troubleshooter.models import Guide

pytestmark = BROWSER_TEST

TITLES = ("Restart the phone", "Check storage", "Check Wi-Fi", "Call us")


def open_editor(page: Page, guide: Guide) -> None:
    page.goto(f"/admin/troubleshooter/guide/{guide.pk}/change/")


def save_and_continue(page: Page) -> None:
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("Saved in the draft")


def lead_first_no_to_step_3(page: Page) -> None:
    page.select_option("#id_steps-0-choices-1-leads_to", label="Step 3: Check Wi-Fi")
    save_and_continue(page)


def expect_no_axe_violations(page: Page, screen: str) -> None:
    results = Axe().run(page, options=AXE_OPTIONS)
    assert not results.violations_count, f"{screen}:\n{results.generate_report()}"


def test_an_answer_that_skips_a_step_from_editor_to_visitor(staff_page, open_page):  # noqa: F811
    guide = published_guide(*TITLES)
    open_editor(staff_page, guide)
    lead_first_no_to_step_3(staff_page)
    arrow = staff_page.locator(".map .map-jump text")
    expect(arrow).to_have_text("No, still not working → step 3")
    expect(staff_page.locator(".map-step.map-warning")).to_have_count(1)  # step 2: unreachable
    expect(staff_page.locator(".guide-map .problems")).to_contain_text(
        "Step 2 “Check storage”: no answer on an earlier step leads here"
    )
    publish(staff_page, guide, "No Wi-Fi skips the storage check")

    visitor = open_page(PHONE_LIGHT)
    visitor.goto(guide.get_absolute_url())
    visitor.get_by_role("button", name="Start", exact=True).click()
    expect(visitor.locator(".progress-label")).to_have_text("Step 1 of 4")
    no = visitor.locator('button[data-outcome="next"]')
    expect(no).to_have_attribute("data-leads-to", "3")
    expect_no_axe_violations(visitor, "step 1")
    no.click()
    expect(visitor.locator(".progress-label")).to_have_text("Step 3 of 4")
    expect(visitor).to_have_url(re.compile(r"/steps/3/$"))
    expect(visitor.locator("h1")).to_have_text("Check Wi-Fi")
    visitor.get_by_role("link", name="Previous step").click()
    expect(visitor).to_have_url(re.compile(r"/steps/1/$"))
    expect(visitor.locator("h1")).to_have_text("Restart the phone")
    visitor.go_back()
    expect(visitor.locator("h1")).to_have_text("Check Wi-Fi")
    press_answer(visitor, "next")
    press_answer(visitor, "escalate")
    expect(visitor.locator(".tried-steps li")).to_have_text(
        [re.compile(r"^Restart the phone"), re.compile(r"^Check Wi-Fi"), re.compile(r"^Call us")]
    )
    expect_no_axe_violations(visitor, "fallback")


def test_a_step_with_two_ways_on_says_at_most(open_page):
    guide = draft_guide(*TITLES)
    first = guide.draft_steps()[0]
    first.choices.create(position=2, label="No Wi-Fi at all", target_key=guide.draft_steps()[2].key)
    guide.publish()
    visitor = open_page(PHONE_LIGHT)
    visitor.goto(guide.get_absolute_url())
    visitor.get_by_role("button", name="Start", exact=True).click()
    expect(visitor.locator(".progress-label")).to_have_text("Step 1 of at most 4")
    expect_no_axe_violations(visitor, "step 1 of at most 4")
    visitor.get_by_role("button", name="No Wi-Fi at all").click()
    expect(visitor.locator(".progress-label")).to_have_text("Step 3 of 4")


def test_an_answer_to_a_deleted_step_blocks_publish_and_names_the_step(staff_page):  # noqa: F811
    guide = published_guide(*TITLES)
    open_editor(staff_page, guide)
    lead_first_no_to_step_3(staff_page)
    staff_page.check("#id_steps-2-DELETE")
    save_and_continue(staff_page)
    expect(staff_page.locator("#id_steps-0-choices-1-leads_to option:checked")).to_have_text(
        "A deleted step"
    )
    expect(staff_page.locator(".map-step.map-problem")).to_have_count(1)
    staff_page.get_by_role("button", name="Publish…", exact=True).click()
    expect(staff_page.locator(".problems-errors")).to_contain_text(
        "Step 1 “Restart the phone”: the answer “No, still not working” leads to a step that "
        "no longer exists."
    )
    expect(staff_page.get_by_role("button", name="Publish", exact=True)).to_have_count(0)


def step_titles(guide: Guide) -> list[str]:
    return [step.title for step in guide.draft_steps()]


def test_steps_are_reordered_by_dragging(staff_page):  # noqa: F811
    guide = draft_guide("One", "Two", "Three")
    staff_page.set_viewport_size({"width": 1280, "height": 3000})  # both ends of the drag in view
    open_editor(staff_page, guide)
    start = staff_page.locator("#steps-2 > h3.djn-drag-handler").bounding_box()
    end = staff_page.locator("#steps-0 > h3.djn-drag-handler").bounding_box()
    x, from_y, to_y = start["x"] + 40, start["y"] + start["height"] / 2, end["y"] - 10
    staff_page.mouse.move(x, from_y)
    staff_page.mouse.down()
    for n in range(1, 31):
        staff_page.mouse.move(x, from_y + (to_y - from_y) * n / 30)
        staff_page.wait_for_timeout(15)
    staff_page.mouse.up()
    save_and_continue(staff_page)
    assert step_titles(guide) == ["Three", "One", "Two"]


def test_steps_and_answers_are_reordered_from_the_keyboard(staff_page):  # noqa: F811
    guide = draft_guide("One", "Two", "Three")
    open_editor(staff_page, guide)
    move_up = staff_page.get_by_role("button", name="Move up: step “Three”")
    move_up.focus()
    staff_page.keyboard.press("Enter")
    expect(move_up).to_be_focused()
    staff_page.keyboard.press("Enter")
    expect(staff_page.locator("#reorder-status")).to_have_text("Step moved to place 1 of 3.")
    staff_page.keyboard.press("Enter")
    expect(staff_page.locator("#reorder-status")).to_have_text("Already first.")
    answer_down = staff_page.get_by_role("button", name="Move down: answer “Yes, it's fixed”")
    answer_down.first.focus()
    staff_page.keyboard.press("Enter")
    save_and_continue(staff_page)
    assert step_titles(guide) == ["Three", "One", "Two"]
    first_answers = [c.label for c in guide.draft_steps()[0].choices.all()]
    assert first_answers == ["No, still not working", "Yes, it's fixed"]
