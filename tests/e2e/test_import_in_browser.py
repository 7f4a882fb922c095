"""Importing an article in a browser: an upload titled like a guide there is asks
first, comes back as text in the box, and is imported as a second guide when asked."""

from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.conftest import BROWSER_TEST
from tests.e2e.test_feedback_and_report_in_browser import no_axe_violations
from tests.e2e.test_versions_in_browser import staff_page  # noqa: F401
from tests.factories import draft_guide
from troubleshooter.models import Guide

pytestmark = BROWSER_TEST

ARTICLE = Path(__file__).parent.parent / "articles" / "battery-page.html"


def test_an_upload_titled_like_a_guide_asks_first_and_keeps_its_text(staff_page):  # noqa: F811
    there = draft_guide(title="iPhone battery drains fast")
    staff_page.goto("/admin/troubleshooter/guide/import/")
    staff_page.get_by_label("Or upload it").set_input_files(ARTICLE)
    staff_page.get_by_role("button", name="Import as a draft").click()

    warning = staff_page.locator("#import-same-title")
    expect(warning).to_contain_text("A guide called “iPhone battery drains fast” already exists")
    expect(warning.get_by_role("link", name="iPhone battery drains fast")).to_have_attribute(
        "href", f"/admin/troubleshooter/guide/{there.pk}/change/"
    )
    expect(warning).to_contain_text("The text of “battery-page.html” is in the box below")
    assert staff_page.get_by_label("Paste the article").input_value() == ARTICLE.read_text()
    assert Guide.objects.filter(title="iPhone battery drains fast").count() == 1
    no_axe_violations(staff_page, "import, same title")

    staff_page.get_by_role("button", name="Import as a second guide anyway").click()
    messages = staff_page.locator(".messagelist")
    expect(messages).to_contain_text("Imported “iPhone battery drains fast” as an unpublished")
    expect(messages).to_contain_text("Left out of the guide: 1 section: “Related articles”;")
    assert Guide.objects.filter(title="iPhone battery drains fast").count() == 2
