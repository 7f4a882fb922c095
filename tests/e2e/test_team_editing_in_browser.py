"""Editors working together, in a browser: a stale save refused with the typing kept,
and History, Publish with a review waiting and "cannot be deleted" checked by axe."""

from playwright.sync_api import expect

from tests.e2e.conftest import BROWSER_TEST
from tests.e2e.test_feedback_and_report_in_browser import no_axe_violations
from tests.e2e.test_versions_in_browser import staff_page  # noqa: F401
from tests.factories import published_guide, start_visit
from troubleshooter.models import ReviewRequest, Step

pytestmark = BROWSER_TEST


def test_the_team_editing_pages_pass_axe(staff_page):  # noqa: F811
    guide = published_guide("Restart the phone", "Update iOS", "Call us")
    start_visit(guide)
    change = f"/admin/troubleshooter/guide/{guide.pk}/change/"
    staff_page.goto(change)
    staff_page.fill("#id_steps-0-title", "Switch it off and on")
    staff_page.get_by_role("button", name="Save and continue editing").click()
    staff_page.get_by_role("link", name="History").click()
    expect(staff_page.locator("table.versions tbody tr.history-save")).to_have_count(2)
    no_axe_violations(staff_page, "history")

    staff_page.goto(change)
    step = Step.objects.get(guide=guide, title="Update iOS")
    step.title = "Update to iOS 26"
    step.save()
    guide.record_revision()  # another editor's save, after this page was opened
    staff_page.fill("#id_steps-2-title", "Call Apple")
    staff_page.get_by_role("button", name="Save and continue editing").click()
    expect(staff_page.locator(".errorlist.nonfield")).to_contain_text("your changes were not saved")
    expect(staff_page.locator("#id_steps-2-title")).to_have_value("Call Apple")

    draft = guide.draft_content()
    ReviewRequest.objects.create(guide=guide, content=draft, fingerprint="old", note="Check 3")
    staff_page.goto(f"/admin/troubleshooter/guide/{guide.pk}/publish/")
    expect(staff_page.locator(".review-asked")).to_contain_text("Check 3")
    no_axe_violations(staff_page, "publish with a review waiting")

    staff_page.goto(f"/admin/troubleshooter/guide/{guide.pk}/delete/")
    expect(staff_page.locator("h1")).to_contain_text("cannot be deleted")
    no_axe_violations(staff_page, "cannot delete")
