"""Editors working together, in a browser: two editors in two browsers, a stale save
refused with the typing kept, then merged; Publish after a later save refused; a review
asked for, changed and published; and the new pages checked by axe."""

import pytest
from django.contrib.auth.models import Group, Permission, User
from playwright.sync_api import Page, expect

from tests.e2e.conftest import BROWSER_TEST, DESKTOP_LIGHT
from tests.e2e.test_feedback_and_report_in_browser import (
    FORM_PAGE_AXE_OPTIONS,
    no_axe_violations,
)
from tests.e2e.test_versions_in_browser import PASSWORD, signed_in, staff_page  # noqa: F401
from tests.factories import published_guide, start_visit
from troubleshooter.models import Guide, ReviewRequest, Step

pytestmark = BROWSER_TEST


def change_page(guide: Guide) -> str:
    return f"/admin/troubleshooter/guide/{guide.pk}/change/"


def titles(guide: Guide) -> list[str]:
    return [step.title for step in Guide.objects.get(pk=guide.pk).draft_steps()]


@pytest.fixture
def sam(open_page) -> Page:
    return signed_in(open_page, "sam")


@pytest.fixture
def alex(open_page) -> Page:
    return signed_in(open_page, "alex")


def save(page: Page) -> None:
    page.get_by_role("button", name="Save and continue editing").click()


def test_a_late_save_keeps_the_typing_and_adds_it_to_the_other_editors_save(sam, alex):
    guide = published_guide("Restart the phone", "Update iOS", "Call us")
    sam.goto(change_page(guide))
    alex.goto(change_page(guide))
    alex.fill("#id_steps-0-title", "Restart your iPhone")
    save(alex)
    expect(alex.locator(".messagelist")).to_contain_text("Saved in the draft")

    sam.fill("#id_steps-2-title", "Call Apple Support")
    save(sam)
    expect(sam.locator(".errorlist.nonfield")).to_contain_text("your changes were not saved")
    expect(sam.locator(".newer-save")).to_contain_text("Restart your iPhone")
    expect(sam.locator("#id_steps-2-title")).to_have_value("Call Apple Support")
    no_axe_violations(sam, "stale save refused", FORM_PAGE_AXE_OPTIONS)

    sam.get_by_role("button", name="Add my changes to the latest draft").click()
    expect(sam.locator(".messagelist")).to_contain_text("Your changes were added to alex's save")
    no_axe_violations(sam, "merged, with messages", FORM_PAGE_AXE_OPTIONS)
    expect(sam.locator("#id_steps-0-title")).to_have_value("Restart your iPhone")
    expect(sam.locator("#id_steps-2-title")).to_have_value("Call Apple Support")
    assert titles(guide) == ["Restart your iPhone", "Update iOS", "Call Apple Support"]


def test_a_late_save_after_the_other_editor_deleted_a_step(sam, alex):
    guide = published_guide("Restart the phone", "Update iOS", "Call us")
    sam.goto(change_page(guide))
    alex.goto(change_page(guide))
    alex.check("#id_steps-1-DELETE")
    save(alex)
    expect(alex.locator("#id_steps-1-title")).to_have_value("Call us")

    sam.fill("#id_steps-2-title", "Call Apple Support")
    save(sam)
    expect(sam.locator(".newer-save")).to_contain_text("removed")
    # Sam's page keeps all three steps, the edited one included, and no hidden error.
    expect(sam.locator("#id_steps-2-title")).to_have_value("Call Apple Support")
    expect(sam.locator("#id_steps-1-title")).to_have_value("Update iOS")

    sam.get_by_role("button", name="Add my changes to the latest draft").click()
    expect(sam.locator(".messagelist")).to_contain_text("Your changes were added")
    assert titles(guide) == ["Restart the phone", "Call Apple Support"]


def test_publish_after_a_later_save_by_another_editor_is_refused(sam, alex):
    guide = published_guide("Restart the phone", "Update iOS")
    sam.goto(change_page(guide))
    sam.fill("#id_steps-0-title", "Restart your iPhone")
    sam.get_by_role("button", name="Publish…").click()
    expect(sam.locator("h2", has_text="What changes for visitors")).to_be_visible()

    alex.goto(change_page(guide))
    alex.fill("#id_steps-1-title", "Update to iOS 26")
    save(alex)
    expect(alex.locator(".messagelist")).to_contain_text("Saved in the draft")

    sam.fill("#id_note", "Clearer step 1")
    sam.get_by_role("button", name="Publish", exact=True).click()
    expect(sam.locator("[role=alert]")).to_contain_text("The draft changed after you opened")
    expect(sam.locator("ins", has_text="to iOS 26")).to_be_visible()
    expect(sam.locator("#id_note")).to_have_value("Clearer step 1")
    assert Guide.objects.get(pk=guide.pk).live_version.number == 1

    sam.get_by_role("button", name="Publish", exact=True).click()
    expect(sam.locator(".messagelist")).to_contain_text("Version 2")
    live = Guide.objects.get(pk=guide.pk).live_version.content
    assert [step["title"] for step in live["steps"]] == ["Restart your iPhone", "Update to iOS 26"]


def test_a_review_asked_for_then_changed_is_published_only_as_reviewed(open_page, alex):
    writers = Group.objects.create(name="Writers")
    guides = Permission.objects.filter(content_type__app_label="troubleshooter")
    writers.permissions.set(guides.exclude(codename="publish_guide"))
    User.objects.create_user("robin", password=PASSWORD, is_staff=True).groups.add(writers)
    robin = open_page(DESKTOP_LIGHT)
    robin.goto("/admin/")
    robin.fill("#id_username", "robin")
    robin.fill("#id_password", PASSWORD)
    robin.get_by_role("button", name="Log in").click()
    guide = published_guide("Restart the phone", "Update iOS")

    robin.goto(change_page(guide))
    robin.fill("#id_steps-0-title", "Restart your iPhone")
    robin.get_by_role("button", name="Ask for review…").click()
    robin.fill("#id_note", "New wording for step 1")
    robin.get_by_role("button", name="Ask for review").click()
    expect(robin.locator(".guide-state")).to_contain_text("waiting for review (asked by robin")

    alex.goto("/admin/")
    expect(alex.locator("body")).to_contain_text("New wording for step 1")
    # Robin changes the draft again after asking.
    robin.fill("#id_steps-1-title", "Update to iOS 26")
    save(robin)
    expect(robin.locator(".messagelist")).to_contain_text("Saved in the draft")

    alex.goto(f"/admin/troubleshooter/guide/{guide.pk}/publish/")
    expect(alex.locator(".review-asked")).to_contain_text("New wording for step 1")
    expect(alex.locator(".review-asked")).to_contain_text("The draft changed after the review")
    expect(alex.locator(".review-asked ins", has_text="to iOS 26")).to_be_visible()
    no_axe_violations(alex, "review changed after it was asked for")
    alex.fill("#id_note", "Reviewed both")
    alex.get_by_role("button", name="Publish", exact=True).click()
    expect(alex.locator(".messagelist")).to_contain_text("Version 2")
    live = Guide.objects.get(pk=guide.pk).live_version
    assert (live.created_by.username, live.note) == ("alex", "Reviewed both")
    assert [step["title"] for step in live.content["steps"]] == [
        "Restart your iPhone",
        "Update to iOS 26",
    ]
    assert ReviewRequest.objects.get().state == "published"


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
    staff_page.get_by_role("link", name="What changed here").first.click()
    expect(staff_page.locator("ins", has_text="Switch it off and on")).to_be_visible()
    no_axe_violations(staff_page, "compare two saves")
    staff_page.go_back()
    staff_page.get_by_role("link", name="Restore into draft…").first.click()
    expect(staff_page.locator("h1")).to_contain_text("Restore")
    no_axe_violations(staff_page, "restore a save")

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
    staff_page.goto("/admin/")
    expect(staff_page.locator("body")).to_contain_text("Check 3")
    no_axe_violations(staff_page, "admin front page with a review waiting")

    staff_page.goto(f"/admin/troubleshooter/guide/{guide.pk}/delete/")
    expect(staff_page.locator("h1")).to_contain_text("cannot be deleted")
    no_axe_violations(staff_page, "cannot delete")
