"""The Spanish site in a browser, and the layout read right to left."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.e2e.browsing import GUIDE_PATH, GUIDE_STEPS, expect_step, not_fixed, press_answer
from tests.e2e.browsing import start_guide as start_english_guide
from tests.e2e.conftest import BROWSER_TEST, PHONE_LIGHT, save_screenshot
from tests.e2e.test_accessibility import AXE_OPTIONS

pytestmark = BROWSER_TEST

# Every block of the screen: none may stick out sideways or cover another.
BLOCKS = ".screen > *:not(.notice), .step-nav > *, .answer-buttons > *, .card-top > *"
LAYOUT_SCRIPT = """(selector) => {
  const visible = (el) => el.checkVisibility() && el.getBoundingClientRect().width > 0;
  const width = document.documentElement.clientWidth;
  const outside = [...document.querySelectorAll("main *")].filter(visible)
    .filter((el) => {
      const box = el.getBoundingClientRect();
      return box.left < -1 || box.right > width + 1;
    })
    .map((el) => el.outerHTML.slice(0, 80));
  const blocks = [...document.querySelectorAll(selector)].filter(visible);
  const overlaps = [];
  blocks.forEach((a, i) => blocks.slice(i + 1).forEach((b) => {
    if (a.contains(b) || b.contains(a)) return;
    const p = a.getBoundingClientRect(), q = b.getBoundingClientRect();
    const x = Math.min(p.right, q.right) - Math.max(p.left, q.left);
    const y = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
    if (x > 1 && y > 1) overlaps.push([a.outerHTML.slice(0, 60), b.outerHTML.slice(0, 60)]);
  }));
  return {scrollWidth: document.documentElement.scrollWidth, width, outside, overlaps};
}"""


def spanish_start(page):
    page.goto(f"/es{GUIDE_PATH}")
    page.get_by_role("button", name="Empezar", exact=True).click()
    expect(page.locator(".progress-label")).to_have_text(f"Paso 1 de {GUIDE_STEPS}")


def check_in_spanish(page, axe, screen, problems):
    assert page.evaluate("document.documentElement.lang") == "es"
    results = axe.run(page, options=AXE_OPTIONS)
    if results.violations_count:
        problems.append(f"{screen}: axe\n{results.generate_report()}")
    save_screenshot(page, screen, PHONE_LIGHT)


def test_spanish_screens_pass_axe(open_page):
    axe, problems = Axe(), []
    page = open_page(PHONE_LIGHT)
    page.goto("/es/")
    check_in_spanish(page, axe, "es-01-guide-list", problems)
    spanish_start(page)
    check_in_spanish(page, axe, "es-03-step-1", problems)
    press_answer(page, "next")
    expect(page.locator(".progress-label")).to_have_text(f"Paso 2 de {GUIDE_STEPS}")
    page.locator(".feedback-ask > summary").click()
    check_in_spanish(page, axe, "es-03-step-2-asked", problems)
    press_answer(page, "resolved")
    expect(page.locator("h1")).to_have_text("¡Genial, ya está solucionado!")
    check_in_spanish(page, axe, "es-04-fixed", problems)
    spanish_start(page)
    for number in range(1, GUIDE_STEPS + 1):
        not_fixed(page, number)
    expect(page.locator(".reference-code")).to_be_visible()
    expect(page.locator("#summary-heading")).to_have_text("Resumen de lo que has probado")
    check_in_spanish(page, axe, "es-05-fallback", problems)
    assert problems == [], "\n\n".join(problems)


def test_the_switcher_keeps_the_page_in_the_browser(open_page):
    page = open_page(PHONE_LIGHT)
    page.goto(GUIDE_PATH)
    page.get_by_role("link", name="Español").click()
    expect(page).to_have_url(re.compile(f"/es{GUIDE_PATH}$"))
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="What we'll try")).to_be_visible()


def right_to_left_layout(page, device, screen):
    """The screen with dir="rtl", measured as tall as it is (the answer bar where the
    page ends, as in the screenshots)."""
    page.evaluate("document.documentElement.dir = 'rtl'")
    height = page.evaluate("document.documentElement.scrollHeight")
    page.set_viewport_size({"width": device.width, "height": max(height, device.height)})
    layout = page.evaluate(LAYOUT_SCRIPT, BLOCKS)
    save_screenshot(page, f"rtl-{screen}", device)
    page.set_viewport_size({"width": device.width, "height": device.height})
    return layout


@pytest.mark.parametrize("screen", ["step", "fixed", "fallback"])
def test_screens_hold_right_to_left(open_page, screen):
    device = PHONE_LIGHT
    page = open_page(device)
    start_english_guide(page)
    if screen == "step":
        press_answer(page, "next")
        expect_step(page, 2)
        page.locator(".feedback-ask > summary").click()
    elif screen == "fixed":
        press_answer(page, "resolved")
        expect(page.locator(".outcome-fixed")).to_be_visible()
    else:
        for number in range(1, GUIDE_STEPS + 1):
            not_fixed(page, number)
        expect(page.locator(".handoff-card")).to_be_visible()
    layout = right_to_left_layout(page, device, screen)
    assert layout["scrollWidth"] <= layout["width"], layout
    assert layout["outside"] == [], layout["outside"]
    assert layout["overlaps"] == [], layout["overlaps"]
