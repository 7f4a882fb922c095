"""A visitor over the write limit, in a real browser: told in place, nothing lost."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.e2e.browsing import (
    document_was_kept,
    expect_step,
    mark_document,
    not_fixed,
    start_guide,
)
from tests.e2e.conftest import BROWSER_TEST, PHONE_LIGHT
from tests.e2e.test_accessibility import check_screen
from troubleshooter import limits
from troubleshooter.models import Answer

pytestmark = BROWSER_TEST


@pytest.fixture
def two_answers_a_minute(settings, monkeypatch) -> list[float]:
    settings.VISITOR_WRITES_PER_MINUTE = {"start": 30, "answer": 2}
    moment = [60 * 29_000_000 + 10.0]
    monkeypatch.setattr(limits, "now", lambda: moment[0])
    return moment


def test_over_the_limit_with_javascript_a_line_says_so_above_the_step(
    open_page, two_answers_a_minute
):
    page = open_page(PHONE_LIGHT)
    start_guide(page)
    mark_document(page)
    not_fixed(page, 1)
    expect_step(page, 2)
    not_fixed(page, 2)
    expect_step(page, 3)
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    not_fixed(page, 3)
    notice = page.locator("#notice")
    expect(notice).to_contain_text("going too fast, so that was not saved")
    expect(notice).to_be_in_viewport()
    expect(notice).to_have_attribute("role", "alert")
    expect_step(page, 3)  # the step stays, its buttons ready to press again
    expect(page.locator('button[data-outcome="next"]')).to_be_enabled()
    problems = []
    check_screen(page, Axe(), "08-too-fast", PHONE_LIGHT, problems)
    assert problems == []
    assert Answer.objects.count() == 2
    two_answers_a_minute[0] += 60
    not_fixed(page, 3)
    expect_step(page, 4)
    expect(notice).to_be_empty()
    assert document_was_kept(page)


def test_over_the_limit_without_javascript_a_page_leads_back(open_page, two_answers_a_minute):
    page = open_page(PHONE_LIGHT, javascript=False)
    start_guide(page)
    not_fixed(page, 1)
    not_fixed(page, 2)
    expect_step(page, 3)
    not_fixed(page, 3)
    expect(page.locator("h1")).to_have_text("You're going too fast")
    assert Answer.objects.count() == 2
    page.get_by_role("link", name="Back to where you were").click()
    expect_step(page, 3)
