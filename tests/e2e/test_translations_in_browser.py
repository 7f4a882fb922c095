"""A guide's translation in the browser: added from the guide's page, strings typed
beside the source's and saved, the Publish check naming what is missing; axe on each
screen, on a phone and a desktop."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import BROWSER_TEST, DESKTOP_DARK, PHONE_LIGHT, save_screenshot
from tests.e2e.test_guide_editor_in_browser import axe_problems, open_editor, scrolls_sideways
from tests.e2e.test_versions_in_browser import signed_in
from tests.helpers import without_translations
from troubleshooter.models import Translation

pytestmark = BROWSER_TEST


@pytest.fixture
def guide(guide):
    """The iCloud guide without the Spanish the migrations give it: these tests
    translate it themselves."""
    return without_translations(guide)


@pytest.mark.parametrize("device", [PHONE_LIGHT, DESKTOP_DARK], ids=str)
def test_a_translation_is_added_typed_saved_and_checked(open_page, device, guide):
    page = signed_in(open_page, "staff", device)
    open_editor(page, guide)
    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Add a translation").click()
    expect(page.locator("h1")).to_have_text(f"Spanish translation of “{guide.title}”")
    problems = axe_problems(page, f"translation page ({device})")
    assert not scrolls_sideways(page)
    first = guide.live_version.content["steps"][0]
    page.get_by_label("Title in Spanish").first.fill("Las fotos de iCloud no se sincronizan")
    page.locator(f"[id='id_step.{first['key']}.title']").fill("Comprueba tu conexión")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Saved in the draft of the Spanish")
    texts = Translation.objects.get(guide=guide, language="es").texts
    assert texts == {
        "title": "Las fotos de iCloud no se sincronizan",
        f"step.{first['key']}.title": "Comprueba tu conexión",
    }
    save_screenshot(page, "admin-translation", device)
    page.get_by_role("button", name="Save and publish…").click()
    expect(page.get_by_role("heading", name="Fix these before publishing")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text(
        f"Step 1 “{first['title']}”: the instructions are not translated."
    )
    problems += axe_problems(page, f"translation's publish page, refused ({device})")
    assert not scrolls_sideways(page)
    save_screenshot(page, "admin-translation-publish-refused", device)
    page.goto(f"/admin/troubleshooter/guide/{guide.pk}/change/")
    expect(page.locator(".guide-translations")).to_contain_text("Spanish: draft, not published")
    assert not problems, "\n\n".join(problems)
