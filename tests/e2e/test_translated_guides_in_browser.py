"""A Spanish visitor walks a guide translated into Spanish, on a phone and a desktop,
and staff read the visit beside the English it was translated from."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.browsing import GUIDE_PATH, GUIDE_STEPS, not_fixed, press_answer
from tests.e2e.conftest import (
    BROWSER_TEST,
    DESKTOP_DARK,
    JOURNEY_DEVICES,
    PHONE_LIGHT,
    save_screenshot,
)
from tests.e2e.test_accessibility import AXE_OPTIONS
from tests.e2e.test_feedback_and_report_in_browser import (
    FORM_PAGE_AXE_OPTIONS,
    no_axe_violations,
    page_width,
    show_as,
)
from tests.e2e.test_versions_in_browser import staff_page  # noqa: F401
from tests.helpers import without_translations
from troubleshooter import translation
from troubleshooter.models import Translation, Visit

pytestmark = BROWSER_TEST


@pytest.fixture
def guide(guide):
    """The iCloud guide without the Spanish the migrations give it: these tests
    translate it themselves."""
    return without_translations(guide)


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


def test_the_staff_page_of_a_spanish_visit_shows_the_english_beside(
    open_page,
    staff_page,  # noqa: F811
    spanish,
    seeded_guide,
):
    page = open_page(PHONE_LIGHT)
    page.goto(f"/es{GUIDE_PATH}")
    page.get_by_role("button", name="Empezar", exact=True).click()
    press_answer(page, "next")
    expect(page.locator(".progress-label")).to_have_text(f"Paso 2 de {GUIDE_STEPS}")
    url = reverse("admin:troubleshooter_visit_change", args=[Visit.objects.get().pk])
    english = seeded_guide.live_version.content["steps"][0]
    for device in (PHONE_LIGHT, DESKTOP_DARK):
        show_as(staff_page, device)
        staff_page.goto(url)
        expect(staff_page.locator(".field-language_read .readonly")).to_have_text("Spanish")
        expect(staff_page.locator(".replay-source-text").first).to_contain_text(english["title"])
        assert page_width(staff_page) <= device.width
        no_axe_violations(staff_page, f"visit page ({device})", FORM_PAGE_AXE_OPTIONS)
    staff_page.get_by_text("Instructions shown at step 1").click()
    expect(staff_page.locator(".replay-side-by-side").first).to_be_visible()
    no_axe_violations(staff_page, "visit page side by side", FORM_PAGE_AXE_OPTIONS)
