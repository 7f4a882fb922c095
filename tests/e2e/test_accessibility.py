"""axe-core and the checks axe leaves to us, on every visitor screen."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.e2e.browsing import (
    GUIDE_PATH,
    GUIDE_STEPS,
    expect_step,
    not_fixed,
    press_answer,
    start_guide,
)
from tests.e2e.conftest import ALL_DEVICES, BROWSER_TEST, PHONE_LIGHT, save_screenshot

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
MIN_TARGET = 44

# Visible links and buttons that are not links inside a sentence of instructions.
TARGETS_SCRIPT = """() => [...document.querySelectorAll("a[href], button, input")]
  .filter((el) => el.checkVisibility() && !el.closest('.instructions p, .instructions li'))
  .map((el) => {
    const box = el.getBoundingClientRect();
    return {text: el.textContent.trim(), width: box.width, height: box.height};
  })"""

pytestmark = BROWSER_TEST


def check_screen(page, axe, screen, device, problems):
    results = axe.run(page, options=AXE_OPTIONS)
    if results.violations_count:
        problems.append(f"{screen} ({device}): axe\n{results.generate_report()}")
    for target in page.evaluate(TARGETS_SCRIPT):
        if target["width"] < MIN_TARGET or target["height"] < MIN_TARGET:
            problems.append(f"{screen} ({device}): target under 44 by 44 px: {target}")
    assert page.evaluate("document.documentElement.lang") == "en"
    save_screenshot(page, screen, device)


@pytest.mark.parametrize("device", ALL_DEVICES, ids=str)
def test_every_screen_passes_axe_and_has_large_targets(open_page, device):
    axe = Axe()
    problems = []
    page = open_page(device)
    page.goto("/")
    check_screen(page, axe, "01-guide-list", device, problems)
    page.goto(GUIDE_PATH)
    check_screen(page, axe, "02-guide", device, problems)
    start_guide(page)
    for number in range(1, GUIDE_STEPS + 1):
        expect_step(page, number)
        check_screen(page, axe, f"03-step-{number}", device, problems)
        not_fixed(page, number)
    expect(page.locator("h1")).to_have_text("Get help at a Genius Bar")
    check_screen(page, axe, "05-fallback", device, problems)
    page.emulate_media(media="print")
    save_screenshot(page, "06-fallback-print", device)
    page.emulate_media(media="screen")
    page.get_by_role("button", name="Start over").click()
    expect_step(page, 1)
    press_answer(page, "resolved")
    expect(page.locator("h1")).to_have_text("Great, it's fixed")
    check_screen(page, axe, "04-fixed", device, problems)
    page.goto("/guides/no-such-guide/")
    check_screen(page, axe, "07-not-found", device, problems)
    assert not problems, "\n\n".join(problems)


def test_skip_link_is_first_and_moves_to_the_content(open_page):
    page = open_page(PHONE_LIGHT)
    start_guide(page)
    page.reload()
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_focus_is_clearly_visible_on_buttons_and_links(open_page):
    page = open_page(PHONE_LIGHT)
    start_guide(page)
    for selector in ['button[data-outcome="next"]', ".guide-name a", ".step-nav button"]:
        page.locator(selector).focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")
        outline = page.evaluate(
            "(s) => { const st = getComputedStyle(document.querySelector(s));"
            " return [st.outlineStyle, parseFloat(st.outlineWidth)]; }",
            selector,
        )
        assert outline[0] != "none"
        assert outline[1] >= 2


def test_reduced_motion_stops_the_loading_spinner(open_page):
    page = open_page(PHONE_LIGHT)
    start_guide(page)
    spinning = (
        "() => { const b = document.querySelector('button[data-outcome=next]');"
        " b.classList.add('is-loading');"
        " return getComputedStyle(b, '::after').animationName; }"
    )
    assert page.evaluate(spinning) == "spin"
    page.emulate_media(reduced_motion="reduce")
    assert page.evaluate(spinning) == "none"
