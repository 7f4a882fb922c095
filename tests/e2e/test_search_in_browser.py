"""Search in a browser: results as the visitor types, with the address following; the
same search without JavaScript; and axe on every search screen."""

import datetime
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.e2e.browsing import GUIDE_PATH, document_was_kept, mark_document, wait_settled
from tests.e2e.conftest import ALL_DEVICES, BROWSER_TEST, JOURNEY_DEVICES, save_screenshot
from tests.e2e.test_accessibility import check_screen
from tests.e2e.test_feedback_and_report_in_browser import (
    FORM_PAGE_AXE_OPTIONS,
    no_axe_violations,
    show_as,
)
from tests.e2e.test_versions_in_browser import staff_page  # noqa: F401
from troubleshooter.models import SearchMiss

pytestmark = BROWSER_TEST

ICLOUD_TITLE = "iCloud Photos isn't syncing on my iPhone"


def results(page):
    return page.locator("#search-results .guide-card-title")


@pytest.mark.parametrize("device", JOURNEY_DEVICES, ids=str)
def test_results_come_as_the_visitor_types_on_the_home_page(open_page, device):
    page = open_page(device)
    page.goto("/")
    mark_document(page)
    box = page.get_by_role("searchbox", name="Describe the problem in your own words")
    box.press_sequentially("iclod photos", delay=40)
    expect(results(page)).to_have_text([ICLOUD_TITLE])
    expect(page.locator(".search-mended")).to_have_text("Showing results for icloud photos.")
    expect(page).to_have_url(re.compile(r"/search/\?q=iclod\+photos$"))
    expect(box).to_be_focused()
    assert document_was_kept(page)
    # What was typed is no search asked for: nothing is counted, even finding nothing.
    box.fill("")
    box.press_sequentially("printer jammed", delay=40)
    expect(page.locator(".search-none")).to_contain_text("No guide matched")
    wait_settled(page)
    assert not SearchMiss.objects.exists()
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=printer\+jammed$"))
    wait_settled(page)
    assert SearchMiss.objects.get().words == "printer jammed"
    assert document_was_kept(page)


def test_the_header_box_swaps_in_the_search_page_and_keeps_the_focus(open_page):
    page = open_page(JOURNEY_DEVICES[1])
    page.goto(GUIDE_PATH)
    box = page.get_by_role("searchbox", name="Search the guides").first
    box.press_sequentially("synching", delay=40)
    expect(page.locator("h1")).to_have_text("Search the guides")
    expect(results(page)).to_have_text([ICLOUD_TITLE])
    expect(box).to_be_focused()
    expect(page).to_have_title("synching — Search — Helpdesk")
    results(page).first.click()
    expect(page).to_have_url(re.compile(rf"{GUIDE_PATH}$"))


def test_without_javascript_the_box_is_a_plain_form(open_page):
    page = open_page(JOURNEY_DEVICES[0], javascript=False)
    page.goto("/")
    box = page.get_by_role("searchbox", name="Describe the problem in your own words")
    box.fill("iclod photos not synching")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=iclod\+photos\+not\+synching$"))
    expect(results(page)).to_have_text([ICLOUD_TITLE])
    page.get_by_role("searchbox", name="Describe the problem in your own words").fill("printr")
    page.get_by_role("button", name="Search").last.click()
    expect(page.locator(".search-none")).to_have_text("No guide matched “printr”.")
    assert SearchMiss.objects.get().words == "printr"
    page.go_back()
    expect(results(page)).to_have_text([ICLOUD_TITLE])


@pytest.mark.parametrize("device", ALL_DEVICES, ids=str)
def test_every_search_screen_passes_axe_and_has_large_targets(open_page, device):
    axe = Axe()
    problems = []
    page = open_page(device)
    page.goto("/search/")
    check_screen(page, axe, "30-search-empty", device, problems)
    page.goto("/search/?q=iclod+photos")
    check_screen(page, axe, "31-search-results", device, problems)
    page.goto("/search/?q=iclod+photos+frobnicate")
    expect(page.locator(".search-did-you-mean")).to_be_visible()
    check_screen(page, axe, "32-search-did-you-mean", device, problems)
    page.goto("/search/?q=" + "x" * 201)
    check_screen(page, axe, "33-search-too-long", device, problems)
    page.goto("/")
    page.get_by_role("searchbox", name="Describe the problem in your own words").fill("photos")
    page.get_by_role("button", name="Search").last.click()
    wait_settled(page)
    expect(results(page)).to_have_text([ICLOUD_TITLE])
    check_screen(page, axe, "34-search-from-home", device, problems)
    assert not problems, "\n\n".join(problems)


def test_searches_that_found_nothing_in_the_admin_pass_axe(staff_page):  # noqa: F811
    SearchMiss.objects.create(day=datetime.date.today(), words="printer jammed", count=3)
    for device in ALL_DEVICES:
        show_as(staff_page, device)
        staff_page.goto("/admin/")
        staff_page.get_by_role("link", name="Searches that found nothing").click()
        expect(staff_page.locator(".search-misses tbody th")).to_have_text(["printer jammed"])
        no_axe_violations(staff_page, f"search misses ({device})", FORM_PAGE_AXE_OPTIONS)
        staff_page.locator("#id_end").fill("2000-01-01")
        staff_page.get_by_role("button", name="Show").click()
        swap = "“From” is after “To”: swap the dates."
        expect(staff_page.locator(".errornote")).to_have_text(swap)
        no_axe_violations(staff_page, f"search misses, bad dates ({device})", FORM_PAGE_AXE_OPTIONS)
        save_screenshot(staff_page, "35-search-misses-admin", device)
