"""A visitor's journeys through the iCloud guide in a real browser."""

import re

import pytest
from django.test import RequestFactory
from django.urls import resolve
from django_htmx.middleware import HtmxDetails
from playwright.sync_api import expect

from tests.e2e.browsing import (
    ANSWER_BAR,
    GUIDE_PATH,
    GUIDE_STEPS,
    document_was_kept,
    expect_step,
    focused,
    is_styled,
    mark_document,
    not_fixed,
    press_answer,
    start_guide,
    tab_to,
    wait_settled,
)
from tests.e2e.conftest import BROWSER_TEST, JOURNEY_DEVICES, PHONE_LIGHT
from troubleshooter.models import Answer, GuideVersion, Visit
from troubleshooter.screens import unavailable_screen

on_each_device = pytest.mark.parametrize("device", JOURNEY_DEVICES, ids=str)

pytestmark = BROWSER_TEST


@on_each_device
def test_walk_to_the_genius_bar_with_javascript(open_page, device):
    page = open_page(device)
    start_guide(page)
    mark_document(page)
    for number in range(1, GUIDE_STEPS + 1):
        expect_step(page, number)
        expect(page).to_have_title(re.compile(rf"^Step {number} of 9: .+ — iCloud Photos"))
        not_fixed(page, number)
    expect(page.locator("h1")).to_have_text("Get help at a Genius Bar")
    expect(page).to_have_url(re.compile(r"/more-help/$"))
    assert document_was_kept(page), "an answer loaded a whole page instead of swapping a fragment"
    visit = Visit.objects.get()
    expect(page.locator(".reference-code")).to_have_text(visit.reference)
    expect(page.locator(".tried-steps li")).to_have_count(9)
    assert visit.state == Visit.State.FALLBACK
    assert Answer.objects.filter(visit=visit).count() == 9


@on_each_device
def test_resolve_at_step_three(open_page, device):
    page = open_page(device)
    start_guide(page)
    mark_document(page)
    not_fixed(page, 1)
    expect_step(page, 2)
    not_fixed(page, 2)
    expect_step(page, 3)
    press_answer(page, "resolved")
    expect(page.locator("h1")).to_have_text("Great, it's fixed")
    expect(page.locator(".lede")).to_contain_text("Check your connection and Low Data Mode")
    expect(page).to_have_url(re.compile(r"/fixed/$"))
    assert document_was_kept(page)
    assert Visit.objects.get().state == Visit.State.FIXED


@on_each_device
def test_back_and_forward_show_full_styled_pages(open_page, device):
    page = open_page(device)
    start_guide(page)
    for number in (1, 2):
        not_fixed(page, number)
        expect_step(page, number + 1)
    page.go_back()
    expect_step(page, 2)
    expect(page.locator("h1")).to_have_text("Turn off Low Power Mode")
    expect(page.locator("header.site-header")).to_have_count(1)
    expect(page.locator("main")).to_have_count(1)
    assert is_styled(page)
    page.go_back()
    expect_step(page, 1)
    page.go_forward()
    expect_step(page, 2)
    page.go_forward()
    expect_step(page, 3)
    expect(page.locator("h1")).to_have_text("Check your connection and Low Data Mode")
    assert is_styled(page)
    not_fixed(page, 3)
    expect_step(page, 4)


@on_each_device
def test_reload_mid_flow_keeps_the_step(open_page, device):
    page = open_page(device)
    start_guide(page)
    not_fixed(page, 1)
    expect_step(page, 2)
    page.reload()
    expect_step(page, 2)
    assert is_styled(page)
    not_fixed(page, 2)
    expect_step(page, 3)


@on_each_device
def test_walk_to_the_genius_bar_without_javascript(open_page, device):
    page = open_page(device, javascript=False)
    page.goto(GUIDE_PATH)
    with page.expect_navigation():
        page.get_by_role("button", name="Start", exact=True).click()
    for number in range(1, GUIDE_STEPS + 1):
        expect_step(page, number)
        with page.expect_navigation():
            not_fixed(page, number)
    expect(page.locator("h1")).to_have_text("Get help at a Genius Bar")
    expect(page.locator(".tried-steps li")).to_have_count(9)
    expect(page.locator(".reference-code")).to_have_text(Visit.objects.get().reference)


@on_each_device
def test_keyboard_only_walk_focuses_each_new_heading(open_page, device):
    page = open_page(device)
    page.goto(GUIDE_PATH)
    tab_to(page, "button.primary")
    page.keyboard.press("Enter")
    for number in range(1, GUIDE_STEPS + 1):
        expect_step(page, number)
        expect(page.locator("h1")).to_be_focused()
        assert focused(page) == f"H1:{page.locator('h1').text_content()}"
        tab_to(page, 'button[data-outcome="next"], button[data-outcome="escalate"]')
        page.keyboard.press("Space" if number % 2 else "Enter")
    expect(page.locator("h1")).to_have_text("Get help at a Genius Bar")
    expect(page.locator("h1")).to_be_focused()


@on_each_device
def test_live_region_announces_each_step(open_page, device):
    page = open_page(device)
    start_guide(page)
    announcer = page.locator("#announcer")
    expect(announcer).to_have_attribute("aria-live", "polite")
    expect(announcer).to_have_text("Step 1 of 9")
    for number in range(1, GUIDE_STEPS):
        not_fixed(page, number)
        expect(announcer).to_have_text(f"Step {number + 1} of 9")
    page.get_by_role("link", name="Previous step").click()
    expect(announcer).to_have_text("Step 8 of 9")


@on_each_device
def test_previous_step_and_start_over(open_page, device):
    page = open_page(device)
    start_guide(page)
    mark_document(page)
    for number in (1, 2):
        not_fixed(page, number)
    expect_step(page, 3)
    page.get_by_role("link", name="Previous step").click()
    expect_step(page, 2)
    expect(page.locator("h1")).to_be_focused()
    press_answer(page, "resolved")
    expect(page.locator(".lede")).to_contain_text("Turn off Low Power Mode")
    page.get_by_role("button", name="Start over").click()
    expect_step(page, 1)
    assert document_was_kept(page)
    visit = Visit.objects.get()
    assert visit.state == Visit.State.IN_PROGRESS
    assert [a.outcome for a in visit.answers.all()] == ["next", "next", "resolved"]


@on_each_device
def test_answer_buttons_stay_in_the_same_place_on_every_step(open_page, device):
    page = open_page(device)
    start_guide(page)
    page.evaluate(
        """() => {
          window.layoutShifts = [];
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries()) {
              window.layoutShifts.push({
                value: entry.value,
                recentInput: entry.hadRecentInput,
                nodes: entry.sources.map((s) => s.node && (s.node.className || s.node.nodeName)),
              });
            }
          }).observe({type: "layout-shift", buffered: false});
        }"""
    )
    positions = set()
    for number in range(1, GUIDE_STEPS + 1):
        expect_step(page, number)
        wait_settled(page)
        box = page.locator(ANSWER_BAR).bounding_box()
        positions.add((round(box["x"]), round(box["y"] + box["height"]), round(box["width"])))
        if number < GUIDE_STEPS:
            not_fixed(page, number)
    assert len(positions) == 1, positions
    bottom = positions.pop()[1]
    assert bottom == device.height
    shifts = page.evaluate("window.layoutShifts")
    # As in Cumulative Layout Shift, movement right after the visitor's own tap is expected.
    assert [shift for shift in shifts if not shift["recentInput"]] == [], shifts


@on_each_device
def test_pressed_button_shows_it_is_working(open_page, device):
    page = open_page(device)
    start_guide(page)
    held = []
    page.route("**/answer/", lambda route: held.append(route))
    button = page.locator('button[data-outcome="next"]')
    button.click()
    expect(button).to_have_class(re.compile(r"\bis-loading\b"))
    expect(button).to_have_attribute("aria-busy", "true")
    expect(page.locator(f"{ANSWER_BAR} button")).to_have_count(2)
    for answer_button in page.locator(f"{ANSWER_BAR} button").all():
        expect(answer_button).to_be_disabled()
    held[0].continue_()
    expect_step(page, 2)


@pytest.mark.parametrize("device", [PHONE_LIGHT], ids=str)
def test_fallback_page_prints_cleanly(open_page, device, visit, steps):
    version = GuideVersion.objects.compiled(visit.version_id)
    for step in steps:
        visit.answer(version, step.key, step.choices[-1].key)
    page = open_page(PHONE_LIGHT)
    page.goto(f"/visits/{visit.id}/more-help/")
    page.emulate_media(media="print")
    for hidden in [".site-header", ".site-footer", ".step-nav"]:
        expect(page.locator(hidden)).to_be_hidden()
    expect(page.locator(".reference-code")).to_have_text(visit.reference)
    expect(page.locator(".tried-steps li")).to_have_count(len(steps))
    link_suffix = page.evaluate(
        "getComputedStyle(document.querySelector('.fallback-links a'), '::after').content"
    )
    assert "attr(href)" in link_suffix or "apple.com" in link_suffix
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)")


def test_an_answer_the_site_cannot_save_leaves_the_step_with_a_notice(open_page):
    page = open_page(PHONE_LIGHT)
    start_guide(page)
    expect_step(page, 1)
    visit = Visit.objects.get()
    answer_path = f"/visits/{visit.id}/answer/"
    request = RequestFactory().post(answer_path, headers={"HX-Request": "true"})
    request.htmx, request.resolver_match = HtmxDetails(request), resolve(answer_path)
    unavailable = unavailable_screen(request)  # the page the server sends while it can't write

    def database_read_only(route):
        route.fulfill(
            status=unavailable.status_code,
            headers={k: v for k, v in unavailable.items()},
            body=unavailable.content,
        )

    page.route(f"**{answer_path}", database_read_only)
    not_fixed(page, 1)
    expect(page.locator("#notice")).to_contain_text("We can't save your answer right now")
    expect_step(page, 1)
    page.unroute(f"**{answer_path}")
    not_fixed(page, 1)
    expect_step(page, 2)
    expect(page.locator("#notice")).to_be_empty()
    assert Answer.objects.filter(visit=visit).count() == 1
