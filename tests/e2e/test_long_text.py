"""Staff text at its longest never makes a phone page scroll sideways."""

from playwright.sync_api import expect

from tests.e2e.conftest import BROWSER_TEST, PHONE_LIGHT
from tests.factories import published_guide

pytestmark = BROWSER_TEST

UNBROKEN = "Unbroken" * 25  # 200 characters, the longest title staff can save


def scrolls_sideways(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


def test_long_titles_and_words_wrap_on_a_phone(open_page):
    guide = published_guide(UNBROKEN, "Second", title=UNBROKEN[:200])
    step = guide.steps.get(position=1)
    step.body = f"Go to https://example.com/{'a' * 180} and look for {UNBROKEN}."
    step.save()
    step.choices.filter(outcome="next").update(label="N" * 80)
    guide.publish()
    page = open_page(PHONE_LIGHT)
    page.goto("/")
    assert not scrolls_sideways(page)
    page.goto(guide.get_absolute_url())
    assert not scrolls_sideways(page)
    page.get_by_role("button", name="Start", exact=True).click()
    expect(page.locator(".progress-label")).to_have_text("Step 1 of 2")
    assert not scrolls_sideways(page)
    page.locator('button[data-outcome="next"]').click()
    expect(page.locator(".progress-label")).to_have_text("Step 2 of 2")
    page.locator('button[data-outcome="escalate"]').click()
    expect(page.locator(".reference-code")).to_be_visible()
    assert not scrolls_sideways(page)
