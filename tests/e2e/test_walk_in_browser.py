"""The walk on a phone and without JavaScript: where the next step starts after
"No", the fallback page's first screen and its print button."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import BROWSER_TEST, PHONE_LIGHT
from tests.factories import published_guide

pytestmark = BROWSER_TEST


def top(page, selector: str) -> float:
    return page.locator(selector).first.evaluate("(el) => el.getBoundingClientRect().top")


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
    expect(page.locator("[data-print]")).to_have_count(1)
    expect(page.locator("[data-print]")).to_be_hidden()
    with_script = open_page(PHONE_LIGHT)
    with_script.goto(page.url)
    expect(with_script.get_by_role("button", name="Print or save as PDF")).to_be_visible()
