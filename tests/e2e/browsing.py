import re

from playwright.sync_api import Page, expect

GUIDE_PATH = "/guides/icloud-photos-not-syncing/"
GUIDE_STEPS = 9  # in the iCloud guide's live version, written for iOS 18
ANSWER_BAR = "form.answers"


def start_guide(page: Page) -> None:
    page.goto(GUIDE_PATH)
    page.get_by_role("button", name="Start", exact=True).click()
    expect_step(page, 1)


def expect_step(page: Page, number: int, total: int = GUIDE_STEPS) -> None:
    expect(page.locator(".progress-label")).to_have_text(f"Step {number} of {total}")
    expect(page).to_have_url(re.compile(rf"/visits/[0-9a-f-]+/steps/{number}/$"))


def press_answer(page: Page, outcome: str) -> None:
    page.locator(f'button[data-outcome="{outcome}"]').click()


def not_fixed(page: Page, number: int) -> None:
    press_answer(page, "escalate" if number == GUIDE_STEPS else "next")


def mark_document(page: Page) -> None:
    """Tag this document; a full page load would lose the tag."""
    page.evaluate("window.documentTag = 'kept'")


def document_was_kept(page: Page) -> bool:
    return page.evaluate("window.documentTag") == "kept"


def focused(page: Page) -> str:
    element = "document.activeElement"
    return page.evaluate(f"`${{{element}.tagName}}:${{{element}.textContent}}`")


def tab_to(page: Page, selector: str, limit: int = 40) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def is_styled(page: Page) -> bool:
    return page.evaluate(
        "getComputedStyle(document.querySelector('.site-header')).borderBottomStyle === 'solid'"
    )


def wait_settled(page: Page) -> None:
    """Until htmx has finished swapping and settling the new content."""
    expect(page.locator(".htmx-request, .htmx-swapping, .htmx-settling")).to_have_count(0)
