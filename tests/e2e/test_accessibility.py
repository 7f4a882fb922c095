"""axe-core and the checks axe leaves to us, on every visitor screen, in English and in
Spanish."""

import re
from dataclasses import dataclass

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.e2e.browsing import GUIDE_PATH, GUIDE_STEPS, not_fixed, press_answer, start_guide
from tests.e2e.conftest import ALL_DEVICES, BROWSER_TEST, PHONE_LIGHT, save_screenshot
from troubleshooter.models import Translation

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


@dataclass(frozen=True)
class Language:
    """A site language as a visitor meets it: where its addresses start, the site's words
    the walk presses or waits for, and what its screenshots are called."""

    code: str
    prefix: str
    start: str
    step: str
    fixed: str
    start_over: str
    search_words: str
    screens: str

    def __str__(self):
        return self.code


ENGLISH = Language(
    "en", "", "Start", "Step {} of {}", "Great, it's fixed", "Start over", "photos", ""
)
SPANISH = Language(
    "es",
    "/es",
    "Empezar",
    "Paso {} de {}",
    "¡Genial, ya está solucionado!",
    "Empezar de nuevo",
    "fotos",
    "es-",
)


@pytest.fixture
def contents(seeded_guide) -> dict[str, dict]:
    """What visitors read of the guide in each language: its own words, and its Spanish
    translation's, as migration 0036 published it."""
    spanish = Translation.objects.get(guide=seeded_guide, language="es")
    return {"en": seeded_guide.live_version.content, "es": spanish.live_version.content}


def check_screen(page, axe, screen, device, problems, language: str = "en"):
    results = axe.run(page, options=AXE_OPTIONS)
    if results.violations_count:
        problems.append(f"{screen} ({device}): axe\n{results.generate_report()}")
    for target in page.evaluate(TARGETS_SCRIPT):
        if target["width"] < MIN_TARGET or target["height"] < MIN_TARGET:
            problems.append(f"{screen} ({device}): target under 44 by 44 px: {target}")
    assert page.evaluate("document.documentElement.lang") == language
    save_screenshot(page, screen, device)


def expect_step_in(page, language: Language, content: dict, number: int) -> None:
    label = page.locator(".progress-label")
    expect(label).to_have_text(language.step.format(number, GUIDE_STEPS))
    expect(page.locator("h1")).to_have_text(content["steps"][number - 1]["title"])
    expect(page).to_have_url(re.compile(rf"{language.prefix}/visits/[0-9a-f-]+/steps/{number}/$"))


@pytest.mark.parametrize("language", [ENGLISH, SPANISH], ids=str)
@pytest.mark.parametrize("device", ALL_DEVICES, ids=str)
def test_every_screen_passes_axe_and_has_large_targets(open_page, device, language, contents):
    axe = Axe()
    problems = []
    content = contents[language.code]

    def check(screen):
        check_screen(page, axe, language.screens + screen, device, problems, language.code)

    page = open_page(device)
    page.goto(f"{language.prefix}/")
    check("01-guide-list")
    page.goto(f"{language.prefix}{GUIDE_PATH}")
    expect(page.locator("h1")).to_have_text(content["title"])
    check("02-guide")
    page.get_by_role("button", name=language.start, exact=True).click()
    for number in range(1, GUIDE_STEPS + 1):
        expect_step_in(page, language, content, number)
        check(f"03-step-{number}")
        not_fixed(page, number)
    expect(page.locator("h1")).to_have_text(content["fallback"]["title"])
    check("05-fallback")
    page.emulate_media(media="print")
    save_screenshot(page, f"{language.screens}06-fallback-print", device)
    page.emulate_media(media="screen")
    page.get_by_role("button", name=language.start_over).click()
    expect_step_in(page, language, content, 1)
    press_answer(page, "resolved")
    expect(page.locator("h1")).to_have_text(language.fixed)
    check("04-fixed")
    page.goto(f"{language.prefix}/search/?q={language.search_words}")
    expect(page.locator("#search-results .guide-card-title")).to_have_text([content["title"]])
    check("08-search")
    page.goto(f"{language.prefix}/guides/no-such-guide/")
    check("07-not-found")
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
