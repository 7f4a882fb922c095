"""The walk on a phone and without JavaScript: where the next step starts after
"No", the way back from a mistaken "Yes", steps that take a while, the fallback
page's first screen and its print button."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.browsing import (
    ANSWER_BAR,
    document_was_kept,
    expect_step,
    mark_document,
    not_fixed,
    press_answer,
    start_guide,
    wait_settled,
)
from tests.e2e.conftest import ALL_DEVICES, BROWSER_TEST, PHONE_LIGHT
from tests.e2e.test_feedback_and_report_in_browser import no_axe_violations, show_as
from tests.e2e.test_guide_editor_in_browser import EDITOR_AXE_OPTIONS
from tests.e2e.test_versions_in_browser import staff_page  # noqa: F401
from tests.factories import draft_guide, live_steps, published_guide
from troubleshooter.models import Guide, Visit

pytestmark = BROWSER_TEST


def top(page, selector: str) -> float:
    return page.locator(selector).first.evaluate("(el) => el.getBoundingClientRect().top")


def bottom(page, selector: str) -> float:
    return page.locator(selector).first.evaluate("(el) => el.getBoundingClientRect().bottom")


def styles(page, selector: str, names: list[str]) -> dict:
    return page.locator(selector).first.evaluate(
        "(el, names) => Object.fromEntries(names.map((n) => [n, getComputedStyle(el)[n]]))",
        names,
    )


def test_after_no_the_next_step_comes_first_on_a_phone(open_page):
    page = open_page(PHONE_LIGHT)
    start_guide(page)
    press_answer(page, "next")
    expect_step(page, 2)
    wait_settled(page)
    assert page.evaluate("window.scrollY") == 0
    heading = top(page, "h1")
    assert heading < PHONE_LIGHT.height / 2, f"the step's heading starts {heading} px down"
    # What the step asks comes right after its heading ("Where to tap", then the
    # instructions), above the answer bar.
    after_heading = top(page, "h1 + *")
    assert after_heading - bottom(page, "h1") <= 24
    assert top(page, ".instructions") < top(page, ANSWER_BAR)
    # "What happened?" is a line after the step, its reasons folded away until asked for.
    question = page.locator(".feedback-ask > summary")
    expect(question).to_have_text("What happened at step 1? (optional)")
    assert top(page, ".feedback") > bottom(page, ".instructions")
    expect(page.locator(".reason-buttons")).to_be_hidden()
    question.click()
    expect(page.locator(".reason-buttons")).to_be_visible()
    # The reasons do not look like the answer buttons.
    names = ["fontWeight", "borderTopWidth", "borderTopColor", "backgroundColor", "color"]
    reason = styles(page, ".reason-buttons button", names)
    answer = styles(page, ANSWER_BAR + ' button[data-outcome="next"]', names)
    assert all(reason[name] != answer[name] for name in names), (reason, answer)


def walk_to_the_fallback(page, guide) -> None:
    page.goto(guide.get_absolute_url())
    page.get_by_role("button", name="Start", exact=True).click()
    for _ in range(2):
        page.locator('.answers button[data-outcome="next"], [data-outcome="escalate"]').click()
    expect(page).to_have_url(re.compile(r"/more-help/$"))


def test_without_javascript_the_print_button_is_not_shown(open_page):
    guide = published_guide("Restart the phone", "Call us")
    page = open_page(PHONE_LIGHT, javascript=False)
    walk_to_the_fallback(page, guide)
    expect(page.locator(".reference-code")).to_be_visible()
    assert bottom(page, ".reference-code") <= PHONE_LIGHT.height
    expect(page.locator("[data-print]")).to_have_count(1)
    expect(page.locator("[data-print]")).to_be_hidden()
    with_script = open_page(PHONE_LIGHT)
    with_script.goto(page.url)
    expect(with_script.get_by_role("button", name="Print or save as PDF")).to_be_visible()


@pytest.mark.parametrize("device", ALL_DEVICES, ids=str)
def test_the_fallback_page_shows_the_reference_code_in_the_first_screen(open_page, device):
    page = open_page(device)
    start_guide(page)
    for number in range(1, len(live_steps(Guide.objects.get())) + 1):
        expect_step(page, number)
        not_fixed(page, number)
    expect(page).to_have_url(re.compile(r"/more-help/$"))
    wait_settled(page)
    for how in ("swapped in", "loaded"):
        expect(page.locator(".reference-code")).to_be_visible()
        assert page.evaluate("window.scrollY") == 0
        code = bottom(page, ".reference-code")
        assert code <= device.height, f"{how}: the reference code ends {code} px down"
        page.reload()
    page.locator(".feedback-ask > summary").click()
    expect(page.locator(".reason-buttons")).to_be_visible()
    no_axe_violations(page, f"fallback page with the question open ({device})")


@pytest.mark.parametrize("device", ALL_DEVICES, ids=str)
def test_not_fixed_after_all_goes_back_to_that_step(open_page, device):
    page = open_page(device)
    start_guide(page)
    mark_document(page)
    not_fixed(page, 1)
    expect_step(page, 2)
    press_answer(page, "resolved")
    expect(page.locator("h1")).to_have_text("Great, it's fixed")
    no_axe_violations(page, f"fixed page ({device})")
    page.get_by_role("button", name="Back to step 2").click()
    expect_step(page, 2)
    expect(page.locator("h1")).to_be_focused()
    assert document_was_kept(page)
    expect(page.locator(".feedback")).to_have_count(0)
    not_fixed(page, 2)
    expect_step(page, 3)
    visit = Visit.objects.get()
    assert visit.state == Visit.State.IN_PROGRESS
    assert [a.outcome for a in visit.answers.all()] == ["next", "resolved", "next"]


def test_back_to_the_fixed_page_after_not_fixed_after_all_shows_the_steps_address(open_page):
    page = open_page(PHONE_LIGHT)
    start_guide(page)
    press_answer(page, "resolved")
    expect(page).to_have_url(re.compile(r"/fixed/$"))
    page.get_by_role("button", name="Back to step 1").click()
    expect_step(page, 1)
    step_address = page.url
    page.go_back()  # to the fixed page's address: the visit is on step 1 again
    expect_step(page, 1)
    expect(page).to_have_url(step_address)
    page.reload()
    expect_step(page, 1)


def test_not_fixed_after_all_works_without_javascript_and_after_a_reload(open_page):
    page = open_page(PHONE_LIGHT, javascript=False)
    start_guide(page)
    press_answer(page, "resolved")
    expect(page).to_have_url(re.compile(r"/fixed/$"))
    fixed_page = page.url
    page.get_by_role("button", name="Back to step 1").click()
    expect_step(page, 1)
    page.reload()
    expect_step(page, 1)
    page.goto(fixed_page)  # the visit is no longer fixed: on to where it is
    expect_step(page, 1)
    press_answer(page, "resolved")
    expect(page).to_have_url(re.compile(r"/fixed/$"))
    assert Visit.objects.get().state == Visit.State.FIXED


def test_a_step_that_takes_a_while_says_the_place_is_kept(open_page):
    guide = draft_guide("Restart the phone", "Call us")
    guide.steps.filter(title="Restart the phone").update(takes_a_while=True)
    guide.publish()
    for device in ALL_DEVICES:
        page = open_page(device)
        page.goto(guide.get_absolute_url())
        page.get_by_role("button", name="Start", exact=True).click()
        note = page.get_by_role("note").filter(has_text="This can take a while.")
        expect(note).to_contain_text("Your place is kept: come back to this page's address")
        no_axe_violations(page, f"step that takes a while ({device})")
    # Back after the restart, in a new browser, at the same address: the same step.
    address = page.url
    later = open_page(PHONE_LIGHT, javascript=False)
    later.goto(address)
    expect(later.locator("h1")).to_have_text("Restart the phone")
    later.locator('[data-outcome="next"]').click()
    expect(later.locator("h1")).to_have_text("Call us")
    expect(later.get_by_role("note").filter(has_text="This can take a while.")).to_have_count(0)


def test_staff_tick_takes_a_while_in_the_guide_editor(staff_page):  # noqa: F811
    guide = draft_guide("Restart the phone", "Call us")
    box = staff_page.get_by_label("Takes a while (restart, update, charging)").first
    for device in ALL_DEVICES:
        show_as(staff_page, device)
        staff_page.goto(f"/admin/troubleshooter/guide/{guide.pk}/change/")
        expect(box).to_be_visible()
        no_axe_violations(staff_page, f"guide editor ({device})", EDITOR_AXE_OPTIONS)
    box.check()
    staff_page.get_by_role("button", name="Save and continue editing").click()
    expect(staff_page.locator(".messagelist")).to_contain_text("Saved in the draft")
    assert [step.takes_a_while for step in guide.draft_steps()] == [True, False]
