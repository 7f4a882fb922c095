"""No save is lost: a save from a page older than the draft is refused with the
typing kept, then saved again knowingly or merged into the newer save, whatever the
other editor changed, deleted steps and Restores included."""

from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from tests.admin_forms import change_form_data
from tests.factories import published_guide
from tests.test_team_editing import change_url, save_title
from troubleshooter.models import Guide, Step


def test_a_save_from_a_page_older_than_the_draft_is_refused_keeping_what_was_typed(sam, alex):
    guide = published_guide("Restart", "Update iOS", "Reset settings")
    sams_page = change_form_data(sam.get(change_url(guide)))
    save_title(alex, guide, "Restart your iPhone")  # step 1, while Sam's page is open

    sams_page["steps-2-title"] = "Reset all settings"
    refused = sam.post(change_url(guide), sams_page)

    assert refused.status_code == 200
    assertContains(refused, "alex saved this guide at")
    assertContains(refused, "so your changes were not saved")
    assertContains(refused, "<ins>Restart your iPhone</ins>")  # what alex changed
    assertContains(refused, 'value="Reset all settings"')  # what Sam typed, still there
    titles = list(Step.objects.filter(guide=guide).values_list("title", flat=True))
    assert titles == ["Restart your iPhone", "Update iOS", "Reset settings"]


def test_saving_again_after_the_refusal_is_a_choice_that_replaces_the_newer_save(sam, alex):
    guide = published_guide("Restart", "Update iOS")
    sams_page = change_form_data(sam.get(change_url(guide)))
    save_title(alex, guide, "Restart your iPhone")
    sams_page["steps-1-title"] = "Update to iOS 26"
    refused = sam.post(change_url(guide), sams_page)

    again = sam.post(change_url(guide), change_form_data(refused))
    assert again.status_code == 302
    titles = list(Step.objects.filter(guide=guide).values_list("title", flat=True))
    assert titles == ["Restart", "Update to iOS 26"]
    # alex's save stays in the history, to compare or restore.
    alexs = guide.revisions.filter(created_by__username="alex")
    assert [r.content["steps"][0]["title"] for r in alexs] == ["Restart your iPhone"]


def refused_save(sam, alex, guide: Guide, theirs: dict, mine: dict):
    """Sam's page, opened before alex saves `theirs`, saved with `mine`: refused."""
    sams_page = change_form_data(sam.get(change_url(guide)))
    alexs_page = change_form_data(alex.get(change_url(guide)))
    assert alex.post(change_url(guide), {**alexs_page, **theirs}).status_code == 302
    refused = sam.post(change_url(guide), {**sams_page, **mine})
    assertContains(refused, "alex saved this guide at")
    return refused


def step_titles(guide: Guide) -> list[str]:
    return [step.title for step in Guide.objects.get(pk=guide.pk).draft_steps()]


def test_add_my_changes_puts_the_late_editors_changes_on_the_newer_save(sam, alex):
    guide = published_guide("Restart", "Update iOS", "Reset settings")
    refused = refused_save(
        sam,
        alex,
        guide,
        theirs={"steps-0-title": "Restart your iPhone"},
        mine={"steps-2-title": "Reset all settings", "summary": "Photos stuck? Try these."},
    )
    assertContains(refused, "Add my changes to the latest draft")

    merged = sam.post(change_url(guide), {**change_form_data(refused), "_merge": "1"}, follow=True)

    assert merged.redirect_chain == [(change_url(guide), 302)]
    assert step_titles(guide) == ["Restart your iPhone", "Update iOS", "Reset all settings"]
    assert Guide.objects.get(pk=guide.pk).summary == "Photos stuck? Try these."
    messages = [str(message) for message in merged.context["messages"]]
    assert messages == ["Your changes were added to alex's save."]
    # Sam's form as saved, and the merge, are both in the history.
    sams = guide.revisions.filter(created_by__username="editor").order_by("id")
    assert [r.content["steps"][0]["title"] for r in sams] == ["Restart", "Restart your iPhone"]


def test_where_both_changed_the_same_thing_the_newer_save_stays_and_yours_is_listed(sam, alex):
    guide = published_guide("Restart", "Update iOS")
    refused = refused_save(
        sam,
        alex,
        guide,
        theirs={"steps-0-title": "Restart your iPhone"},
        mine={"steps-0-title": "Restart now", "steps-1-title": "Update to iOS 26"},
    )
    merged = sam.post(change_url(guide), {**change_form_data(refused), "_merge": "1"}, follow=True)
    assert step_titles(guide) == ["Restart your iPhone", "Update to iOS 26"]
    assertContains(merged, "except where you both changed the same thing")
    assertContains(
        merged,
        "Step “Restart your iPhone”, Title: kept “Restart your iPhone”; yours: “Restart now”.",
    )


def test_a_stale_save_after_a_step_was_deleted_shows_the_step_and_merges(sam, alex):
    guide = published_guide("Restart", "Update iOS", "Reset settings")
    refused = refused_save(
        sam,
        alex,
        guide,
        theirs={"steps-1-DELETE": "on"},
        mine={"steps-2-title": "Reset all settings"},
    )
    assertContains(refused, "Update iOS")  # the deletion is shown; the row is still there
    assertContains(refused, 'value="Reset all settings"')
    assertNotContains(refused, "Select a valid choice")

    merged = sam.post(change_url(guide), {**change_form_data(refused), "_merge": "1"})
    assertRedirects(merged, change_url(guide))
    assert step_titles(guide) == ["Restart", "Reset all settings"]


def test_saving_again_after_a_step_was_deleted_brings_it_back_with_its_key(sam, alex):
    guide = published_guide("Restart", "Update iOS", "Reset settings")
    deleted_key = Step.objects.get(guide=guide, title="Update iOS").key
    refused = refused_save(
        sam,
        alex,
        guide,
        theirs={"steps-1-DELETE": "on"},
        mine={"steps-1-title": "Update to iOS 26"},
    )

    again = sam.post(change_url(guide), change_form_data(refused))

    assert again.status_code == 302
    assert step_titles(guide) == ["Restart", "Update to iOS 26", "Reset settings"]
    back = Step.objects.get(guide=guide, title="Update to iOS 26")
    assert back.key == deleted_key
    assert [c.label for c in back.choices.all()] == ["Yes, it's fixed", "No, still not working"]


def test_a_stale_save_after_a_restore_edits_the_restored_steps(sam, alex):
    guide = published_guide("Restart", "Update iOS")
    sams_page = change_form_data(sam.get(change_url(guide)))
    earlier = guide.live_version.content
    earlier["steps"][0]["title"] = "Restart your iPhone"
    guide.restore_draft(earlier)  # new rows, with the same keys
    guide.record_revision()
    refused = sam.post(change_url(guide), {**sams_page, "steps-1-title": "Update to iOS 26"})
    assert refused.status_code == 200

    again = sam.post(change_url(guide), change_form_data(refused))

    assert again.status_code == 302
    assert step_titles(guide) == ["Restart", "Update to iOS 26"]


def test_a_save_from_the_latest_page_goes_through(sam, db):
    guide = published_guide("Restart")
    assert save_title(sam, guide, "Restart your iPhone").status_code == 302
    assert save_title(sam, guide, "Restart your iPhone now").status_code == 302
    assert Step.objects.get(guide=guide).title == "Restart your iPhone now"


def test_merging_a_form_with_no_changes_of_its_own_adds_no_save(sam, alex):
    guide = published_guide("Restart", "Update iOS")
    refused = refused_save(sam, alex, guide, theirs={"steps-0-title": "Restart now"}, mine={})

    sam.post(change_url(guide), {**change_form_data(refused), "_merge": "1"})

    assert step_titles(guide) == ["Restart now", "Update iOS"]
    assert not guide.revisions.filter(created_by__username="editor").exists()
