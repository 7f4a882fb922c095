"""Staff edit, publish, preview and restore in the admin; visitors walk versions."""

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from tests.e2e.browsing import expect_step, press_answer
from tests.e2e.conftest import BROWSER_TEST, DESKTOP_LIGHT, PHONE_LIGHT, Device
from tests.factories import published_guide
from troubleshooter.models import Guide, Visit

pytestmark = BROWSER_TEST

PASSWORD = "a long staff password"


def signed_in(open_page, username: str, device: Device = DESKTOP_LIGHT) -> Page:
    """A new browser, signed in to the admin as a new superuser of that name."""
    User.objects.create_superuser(username, password=PASSWORD)
    page = open_page(device)
    page.goto("/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#site-name")).to_contain_text("Helpdesk administration")
    return page


@pytest.fixture
def staff_page(open_page) -> Page:
    return signed_in(open_page, "staff")


def edit_first_step_title(page: Page, guide: Guide, title: str) -> None:
    page.goto(f"/admin/troubleshooter/guide/{guide.pk}/change/")
    page.fill("#id_steps-0-title", title)
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".guide-state")).to_have_text(
        re.compile(r"Live \(version \d+\), draft has unpublished changes")
    )


def publish(page: Page, guide: Guide, note: str) -> None:
    page.goto(f"/admin/troubleshooter/guide/{guide.pk}/change/")
    page.get_by_role("button", name="Publish…", exact=True).click()
    page.get_by_label("Note for the history (optional)").fill(note)
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text(re.compile(r"Version \d+ is live"))


def walk_to(page: Page, number: int) -> None:
    for step in range(1, number):
        expect_step(page, step, total=3)
        press_answer(page, "next")


def test_the_public_site_changes_only_on_publish(staff_page, open_page):
    guide = published_guide("Restart the phone", "Update iOS", "Call us")
    visitor = open_page(PHONE_LIGHT)
    edit_first_step_title(staff_page, guide, "Restart your iPhone")
    visitor.goto(guide.get_absolute_url())
    expect(visitor.locator(".step-overview li").first).to_have_text("Restart the phone")
    publish(staff_page, guide, "Friendlier first step")
    expect(staff_page.locator(".guide-state")).to_have_text("Live (version 2)")
    visitor.reload()
    expect(visitor.locator(".step-overview li").first).to_have_text("Restart your iPhone")


def test_a_visitor_half_way_keeps_their_version_across_a_publish(staff_page, open_page):
    guide = published_guide("Restart the phone", "Update iOS", "Call us")
    visitor = open_page(PHONE_LIGHT)
    visitor.goto(guide.get_absolute_url())
    visitor.get_by_role("button", name="Start", exact=True).click()
    walk_to(visitor, 2)
    staff_page.goto(f"/admin/troubleshooter/guide/{guide.pk}/change/")
    staff_page.check("#id_steps-1-DELETE")
    staff_page.get_by_role("button", name="Save and continue editing").click()
    publish(staff_page, guide, "Update step no longer needed")
    expect_step(visitor, 2, total=3)
    expect(visitor.locator("h1")).to_have_text("Update iOS")
    press_answer(visitor, "next")
    expect_step(visitor, 3, total=3)
    press_answer(visitor, "escalate")
    expect(visitor.locator("h1")).to_have_text("Contact support")
    expect(visitor.locator(".tried-steps li")).to_have_text(
        [re.compile(r"^Restart the phone"), re.compile(r"^Update iOS"), re.compile(r"^Call us")]
    )
    expect(visitor.locator(".summary-guide")).to_contain_text("(version 1)")


def test_restore_into_draft_brings_back_old_wording(staff_page):
    guide = published_guide("Restart the phone", "Update iOS", "Call us")
    edit_first_step_title(staff_page, guide, "Switch it off and on")
    publish(staff_page, guide, "New wording")
    staff_page.get_by_role("link", name="History").click()
    expect(staff_page.locator("table.versions tbody tr.history-version")).to_have_count(2)
    expect(staff_page.locator("table.versions tbody tr.history-save")).to_have_count(2)
    staff_page.get_by_role("link", name="Restore into draft…").last.click()
    expect(staff_page.locator(".word-diff del")).to_have_text(["Switch it off and on"])
    staff_page.get_by_role("button", name="Restore into draft").click()
    expect(staff_page.locator(".messagelist")).to_contain_text("The draft now reads as version 1")
    expect(staff_page.locator("#id_steps-0-title")).to_have_value("Restart the phone")
    expect(staff_page.locator(".guide-state")).to_have_text(
        "Live (version 2), draft has unpublished changes"
    )


def test_preview_draft_is_marked_and_not_counted(staff_page):
    guide = published_guide("Restart the phone", "Update iOS", "Call us")
    edit_first_step_title(staff_page, guide, "A draft title")
    staff_page.get_by_role("button", name="Preview draft").click()
    expect(staff_page.locator(".notice")).to_contain_text("Preview of the draft.")
    expect(staff_page.locator("h1")).to_have_text("A draft title")
    press_answer(staff_page, "next")
    expect_step(staff_page, 2, total=3)
    expect(staff_page.locator(".notice")).to_contain_text("not counted")
    assert Visit.objects.get().is_preview
    staff_page.goto("/admin/troubleshooter/visit/")
    expect(staff_page.locator("#result_list")).to_have_count(0)
    expect(staff_page.locator(".paginator")).to_contain_text("0 visits")


def test_leaving_the_guide_with_unsaved_edits_asks_first(staff_page):
    guide = published_guide("Restart the phone", "Update iOS", "Call us")
    staff_page.goto(f"/admin/troubleshooter/guide/{guide.pk}/change/")
    asked = []

    def stay(dialog):
        asked.append(dialog.type)
        dialog.dismiss()

    staff_page.on("dialog", stay)
    staff_page.fill("#id_steps-0-title", "Switch it off and on")
    staff_page.get_by_role("link", name="History").click()
    expect(staff_page.locator("#id_steps-0-title")).to_have_value("Switch it off and on")
    assert asked == ["beforeunload"]
    # Saving is leaving on purpose: no question.
    staff_page.get_by_role("button", name="Save and continue editing").click()
    expect(staff_page.locator(".messagelist")).to_contain_text("Saved in the draft")
    staff_page.get_by_role("link", name="History").click()
    expect(staff_page.locator("h1")).to_contain_text("History of")
    assert asked == ["beforeunload"]


def test_preview_draft_walks_unsaved_edits(staff_page):
    guide = published_guide("Restart the phone", "Update iOS", "Call us")
    staff_page.goto(f"/admin/troubleshooter/guide/{guide.pk}/change/")
    staff_page.fill("#id_steps-0-title", "Typed, not saved")
    staff_page.get_by_role("button", name="Preview draft").click()
    expect(staff_page.locator("h1")).to_have_text("Typed, not saved")


def test_two_editors_on_one_guide_each_see_the_other(staff_page, open_page):
    guide = published_guide("Restart the phone", "Update iOS", "Call us")
    change = f"/admin/troubleshooter/guide/{guide.pk}/change/"
    staff_page.clock.install()
    staff_page.goto(change)
    expect(staff_page.locator("#presence")).to_have_text("")
    other = signed_in(open_page, "sam")
    other.goto(change)
    expect(other.locator("#presence")).to_contain_text("Also editing: staff, since")
    # The first page asks again every 30 seconds.
    staff_page.clock.run_for(31_000)
    expect(staff_page.locator("#presence")).to_contain_text("Also editing: sam, since")


def test_a_paste_over_the_import_limit_is_stopped_with_the_text_kept(staff_page):
    staff_page.goto("/admin/troubleshooter/guide/import/")
    text = "# Title\n\n## Step\n\n" + "x" * 1_000_000
    staff_page.get_by_label("Paste the article").fill(text)
    staff_page.get_by_role("button", name="Import as a draft").click()
    expect(staff_page.locator("#import-too-long")).to_be_visible()
    expect(staff_page.locator("#import-too-long")).to_have_text(
        "The article is over 1 MB: paste a shorter one."
    )
    assert len(staff_page.get_by_label("Paste the article").input_value()) == len(text)
    assert not Guide.objects.filter(title="Title").exists()
