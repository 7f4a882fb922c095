"""Search and the report by language in a browser: the Spanish search page finds the
Spanish translation, marks a guide not translated yet, and passes axe; the report
filtered by language passes axe too. Both viewports."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import BROWSER_TEST, JOURNEY_DEVICES
from tests.e2e.test_feedback_and_report_in_browser import no_axe_violations, show_as
from tests.e2e.test_versions_in_browser import staff_page  # noqa: F401
from tests.factories import published_guide
from tests.helpers import without_translations
from tests.test_search_languages import SPANISH_TITLE, spanish_texts
from troubleshooter.models import GuideVersion, Translation, Visit

pytestmark = BROWSER_TEST


@pytest.fixture
def guide(guide):
    """The iCloud guide without the Spanish the migrations give it: these tests
    translate it themselves."""
    return without_translations(guide)


@pytest.fixture
def in_spanish(guide):
    spanish = Translation.objects.create(guide=guide, language="es", texts=spanish_texts(guide))
    spanish.publish()
    published_guide("Restart the router", title="Printer jams on every page")
    return guide


@pytest.mark.parametrize("device", JOURNEY_DEVICES, ids=str)
def test_the_spanish_search_page_passes_axe(open_page, device, in_spanish):
    page = open_page(device)
    page.goto("/es/search/?q=fotso+sincronizan")
    expect(page.locator("#search-results .guide-card-title")).to_have_text([SPANISH_TITLE])
    assert page.evaluate("document.documentElement.lang") == "es"
    no_axe_violations(page, f"Spanish search ({device})")
    page.goto("/es/search/?q=printer+jams")
    expect(page.locator(".guide-card-language")).to_have_text("Aún sin traducir: Inglés")
    expect(page.locator('.guide-card-title[lang="en"]')).to_have_text("Printer jams on every page")
    no_axe_violations(page, f"Spanish search, guide not translated ({device})")


def test_the_report_filtered_by_language_passes_axe(staff_page, in_spanish):  # noqa: F811
    version = GuideVersion.objects.compiled(in_spanish.live_version_id)
    Visit.objects.start(version, in_spanish.id, language="es")
    url = reverse("admin:guide_report", args=[in_spanish.pk])
    for device in JOURNEY_DEVICES:
        show_as(staff_page, device)
        staff_page.goto(f"{url}?language=es")
        expect(staff_page.locator("h2").first).to_have_text("1 visit started")
        expect(staff_page.get_by_label("Language")).to_have_value("es")
        no_axe_violations(staff_page, f"report in Spanish ({device})")
