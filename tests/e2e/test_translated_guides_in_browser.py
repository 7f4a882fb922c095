"""A Spanish visitor walks a guide translated into Spanish, on a phone and a desktop."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.e2e.browsing import GUIDE_PATH, GUIDE_STEPS, not_fixed, press_answer
from tests.e2e.conftest import BROWSER_TEST, JOURNEY_DEVICES, save_screenshot
from tests.e2e.test_accessibility import AXE_OPTIONS
from troubleshooter import translation
from troubleshooter.models import Translation

pytestmark = BROWSER_TEST


@pytest.fixture
def spanish(seeded_guide):
    """The guide's strings, "translated" by a prefix, and published."""
    source = seeded_guide.live_version.content
    texts = {key: f"ES {text}" for key, text in translation.strings(source).items()}
    item = Translation.objects.create(guide=seeded_guide, language="es", texts=texts)
    return item.publish()


def check(page, axe, screen, device, problems):
    assert page.evaluate("document.documentElement.lang") == "es"
    results = axe.run(page, options=AXE_OPTIONS)
    if results.violations_count:
        problems.append(f"{screen}: axe\n{results.generate_report()}")
    save_screenshot(page, screen, device)


@pytest.mark.parametrize("device", JOURNEY_DEVICES, ids=str)
def test_a_spanish_visitor_walks_a_translated_guide(open_page, spanish, device):
    axe, problems = Axe(), []
    content = spanish.content
    page = open_page(device)
    page.goto("/es/")
    expect(page.get_by_role("link", name=content["title"])).to_be_visible()
    check(page, axe, "es-translated-01-list", device, problems)
    page.goto(f"/es{GUIDE_PATH}")
    expect(page.locator("h1")).to_have_text(content["title"])
    expect(page.locator(".notice")).to_have_count(0)
    check(page, axe, "es-translated-02-guide", device, problems)
    page.get_by_role("button", name="Empezar", exact=True).click()
    expect(page.locator(".progress-label")).to_have_text(f"Paso 1 de {GUIDE_STEPS}")
    expect(page.locator("h1")).to_have_text(content["steps"][0]["title"])
    check(page, axe, "es-translated-03-step-1", device, problems)
    press_answer(page, "next")
    expect(page.locator(".progress-label")).to_have_text(f"Paso 2 de {GUIDE_STEPS}")
    expect(page.locator("h1")).to_have_text(content["steps"][1]["title"])
    for number in range(2, GUIDE_STEPS + 1):
        not_fixed(page, number)
    expect(page.locator(".reference-code")).to_be_visible()
    expect(page.locator("h1")).to_have_text(content["fallback"]["title"])
    check(page, axe, "es-translated-04-fallback", device, problems)
    assert problems == [], "\n\n".join(problems)
