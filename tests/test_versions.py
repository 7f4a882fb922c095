"""Drafts are edited, versions are walked: Publish, pinned visits, preview,
history, comparison and Restore into draft."""

import re

import pytest
from django.db.models import ProtectedError
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from tests.admin_forms import change_form_data, publish_form_data
from tests.factories import StepFactory, draft_guide, live_steps, published_guide, start_visit
from tests.helpers import HTMX, answer_url, not_fixed, step_url
from troubleshooter.models import Guide, GuideVersion, PublishRefused, Visit


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def admin_url(name: str, guide: Guide, *args) -> str:
    return reverse(f"admin:troubleshooter_guide_{name}", args=[guide.pk, *args])


def action_url(name: str, guide: Guide, *args) -> str:
    return reverse(f"admin:guide_{name}", args=[guide.pk, *args])


def press_preview(client, guide: Guide, **kwargs):
    """Press Preview draft on the guide's page, which saves the form first."""
    url = admin_url("change", guide)
    return client.post(url, {**change_form_data(client.get(url)), "_then": "preview"}, **kwargs)


def press_publish(client, guide: Guide, note: str = ""):
    """Open the Publish page and press Publish on what it shows."""
    url = action_url("publish", guide)
    return client.post(url, publish_form_data(client.get(url), note))


# Publish


def test_publish_numbers_versions_and_records_who_when_and_why(db, editor):
    guide = draft_guide("One", "Two")
    assert guide.state == "Not published"
    first = guide.publish(editor, "First cut")
    guide.steps.filter(position=2).update(title="Two, reworded")
    second = Guide.objects.get(pk=guide.pk).publish(editor)
    assert (first.number, second.number) == (1, 2)
    assert (first.created_by, first.note, first.step_count) == (editor, "First cut", 2)
    assert second.content["steps"][1]["title"] == "Two, reworded"
    assert first.content["steps"][1]["title"] == "Two"
    assert Guide.objects.get(pk=guide.pk).live_version == second


def test_the_state_says_when_the_draft_has_unpublished_changes(db):
    guide = published_guide("One")
    assert Guide.objects.get(pk=guide.pk).state == "Live (version 1)"
    guide.steps.update(body="New words")
    assert Guide.objects.get(pk=guide.pk).state == (
        "Live (version 1), draft has unpublished changes"
    )


def test_the_public_guide_page_shows_staff_its_state(staff_client, db):
    guide = published_guide("One")
    guide.steps.update(title="One, draft")
    page = staff_client.get(guide.get_absolute_url())
    assertContains(page, "Live (version 1), draft has unpublished changes.")
    assertContains(page, admin_url("change", guide))
    assertNotContains(Client().get(guide.get_absolute_url()), "draft has unpublished changes")


def test_keys_survive_edits_reordering_and_publishing(db):
    guide = published_guide("One", "Two")
    keys = [s.key for s in live_steps(guide)]
    one, two = guide.steps.order_by("position")
    one.position, two.position = 3, 1
    one.title = "One, renamed"
    one.save()
    two.save()
    guide.publish()
    assert [s.key for s in live_steps(guide)] == keys[::-1]
    assert {c["key"] for c in guide.live_version.content["steps"][1]["choices"]} == {
        c.key for c in one.choices.all()
    }


def test_publish_is_refused_with_each_problem_in_plain_words(db):
    guide = draft_guide("One", "Two")
    step = guide.steps.get(position=2)
    step.choices.all().delete()
    with pytest.raises(PublishRefused) as refused:
        guide.publish()
    assert [str(p) for p in refused.value.problems] == [
        "Step 2 “Two”: it has no answers. Add at least one, e.g. “Yes, it's fixed”."
    ]
    assert not guide.versions.exists()


def test_staff_saves_change_nothing_visitors_see_until_publish(client, editor_client, db):
    guide = published_guide("Restart the phone", "Update iOS")
    visit = start_visit(guide)
    url = admin_url("change", guide)
    data = change_form_data(editor_client.get(url))
    data["steps-0-title"] = "Restart your iPhone"
    saved = editor_client.post(url, data, follow=True)
    assertContains(saved, "Saved in the draft. Visitors see it once you publish.")
    assertContains(client.get(step_url(visit, 1)), "Restart the phone")
    assertContains(client.get(guide.get_absolute_url()), "Restart the phone")

    page = editor_client.get(action_url("publish", guide))
    assertContains(page, "Restart <del>the phone</del><ins>your iPhone</ins>")
    assertContains(page, "Now: Live (version 1), draft has unpublished changes")
    response = press_publish(editor_client, guide, "Friendlier")
    assertRedirects(response, url)
    assertContains(client.get(guide.get_absolute_url()), "Restart your iPhone")
    assertContains(editor_client.get(url), "Live (version 2)")
    # The visit under way keeps its version.
    assertContains(client.get(step_url(visit, 1)), "Restart the phone")


def test_nothing_new_to_publish_says_so_and_makes_no_version(editor_client, db):
    guide = published_guide("One")
    page = editor_client.get(action_url("publish", guide))
    assertContains(page, "there is nothing new to publish")
    assertNotContains(page, 'value="Publish"')
    press_publish(editor_client, guide, "Again")
    assert list(guide.versions.values_list("number", flat=True)) == [1]


def test_a_guide_can_be_published_again_after_unpublish(editor_client, db):
    guide = published_guide("One")
    guide.unpublish()
    press_publish(editor_client, guide, "Back")
    assert Guide.objects.get(pk=guide.pk).state == "Live (version 2)"


def test_the_publish_page_lists_problems_and_offers_no_button(editor_client, db):
    guide = draft_guide("One")
    guide.steps.get().choices.update(outcome="next")
    page = editor_client.get(action_url("publish", guide))
    assertContains(page, "Fix these before publishing")
    assertContains(page, "No answer a visitor can reach says the problem is fixed")
    assertNotContains(page, 'value="Publish"')
    press_publish(editor_client, guide, "")
    assert not guide.versions.exists()


def test_a_warning_is_shown_kept_with_the_version_and_does_not_block(editor_client, db):
    guide = draft_guide("One", "Two")
    guide.steps.get(position=1).choices.filter(outcome="next").update(outcome="escalate")
    assertContains(editor_client.get(action_url("publish", guide)), "Worth a look")
    press_publish(editor_client, guide, "")
    assert guide.versions.get().warnings == [
        "Step 2 “Two”: no answer on an earlier step leads here, so visitors never see it."
    ]


def test_an_overlong_note_is_a_form_error_not_cut(editor_client, db):
    guide = draft_guide("One")
    response = press_publish(editor_client, guide, "x" * 301)
    assertContains(response, "Ensure this value has at most 300 characters")
    assert not guide.versions.exists()


def test_the_slug_is_fixed_once_published(editor_client, db):
    guide = published_guide("One")
    data = change_form_data(editor_client.get(admin_url("change", guide)))
    data["slug"] = "another-address"
    editor_client.post(admin_url("change", guide), data)
    assert Guide.objects.get(pk=guide.pk).slug == guide.slug


# Unpublish


def test_unpublish_stops_new_visits_and_lets_visits_finish(client, editor_client, db):
    guide = published_guide("One", "Two")
    visit = start_visit(guide)
    assertContains(editor_client.get(action_url("unpublish", guide)), "finish on the version")
    editor_client.post(action_url("unpublish", guide))
    assert Guide.objects.get(pk=guide.pk).state == "Not published"
    assert client.get(guide.get_absolute_url()).status_code == 404
    assert client.post(reverse("troubleshooter:start", args=[guide.slug])).status_code == 404
    assertNotContains(client.get("/"), guide.title)
    response = client.post(answer_url(visit), not_fixed(live_steps(guide)[0]), follow=True)
    assertContains(response, "Step 2 of 2")


# Pinned visits


def test_a_visit_keeps_its_version_whatever_staff_publish(client, db):
    guide = published_guide("One", "Two", "Three", "Four")
    visit = start_visit(guide)
    old_steps = live_steps(guide)
    client.post(answer_url(visit), not_fixed(old_steps[0]))
    client.post(answer_url(visit), not_fixed(old_steps[1]))
    guide.steps.get(title="Two").delete()
    guide.steps.filter(title="Four").update(title="Four, reworded")
    guide.publish()

    page = client.get(step_url(visit, 3))
    assertContains(page, "Step 3 of 4")
    assertContains(page, "Three")
    client.post(answer_url(visit), not_fixed(old_steps[2]))
    response = client.post(answer_url(visit), not_fixed(old_steps[3]), follow=True)
    tried = [(step.number, step.title) for step, _, _, _ in response.context["walked"]]
    assert tried == [(1, "One"), (2, "Two"), (3, "Three"), (4, "Four")]
    assertContains(response, "(version 1)")

    fresh = start_visit(Guide.objects.get(pk=guide.pk))
    assertContains(client.get(step_url(fresh, 3)), "Step 3 of 3")
    assertContains(client.get(step_url(fresh, 3)), "Four, reworded")


def test_start_over_begins_again_on_the_visits_own_version(client, db):
    guide = published_guide("One", "Two")
    visit = start_visit(guide)
    client.post(answer_url(visit), not_fixed(live_steps(guide)[0]))
    guide.steps.filter(position=1).update(title="One, new")
    guide.publish()
    response = client.post(reverse("troubleshooter:start_over", args=[visit.id]), follow=True)
    assertContains(response, '<h1 tabindex="-1" >One</h1>', html=False)


def test_the_staff_view_of_a_visit_reads_as_the_visitor_saw_it(editor_client, client, db):
    guide = published_guide("One", "Two")
    visit = start_visit(guide)
    client.post(answer_url(visit), not_fixed(live_steps(guide)[0]))
    guide.steps.filter(position=1).update(title="Renamed")
    guide.steps.filter(position=2).delete()
    guide.publish()
    page = editor_client.get(reverse("admin:troubleshooter_visit_change", args=[visit.id]))
    assertContains(page, "Step 2: Two")
    assertContains(page, "<p>One</p>")
    assertNotContains(page, "Renamed")


def test_a_step_page_of_a_new_version_is_one_query(client, db, django_assert_num_queries):
    guide = published_guide("One", "Two")
    visit = start_visit(guide)
    with django_assert_num_queries(1):
        client.get(step_url(visit, 2))
    with django_assert_num_queries(1):
        client.get(step_url(visit, 2), headers=HTMX)


def test_real_visits_protect_a_guide_from_deletion(db):
    guide = published_guide("One")
    start_visit(guide)
    with pytest.raises(ProtectedError):
        guide.delete()


# Preview


def test_preview_walks_the_draft_marked_and_uncounted(editor_client, db):
    guide = published_guide("One", "Two")
    guide.steps.filter(position=1).update(title="One, draft wording")
    response = press_preview(editor_client, guide, follow=True)
    assertContains(response, "Preview of the draft.")
    assertContains(response, "One, draft wording")
    assertContains(response, "Step 1 of 2")
    visit = Visit.objects.get()
    assert visit.is_preview
    assert visit.version.number is None
    # Visitors never see it: not the preview, not in the visits list by default.
    assert Client().get(step_url(visit, 1)).status_code == 404
    visits = editor_client.get(reverse("admin:troubleshooter_visit_changelist"))
    assert visits.context["cl"].result_count == 0
    previews = editor_client.get(
        reverse("admin:troubleshooter_visit_changelist"), {"kind": "preview"}
    )
    assert previews.context["cl"].result_count == 1
    # The live version is untouched and preview visits never block deletion.
    assert Guide.objects.get(pk=guide.pk).live_version.number == 1
    guide.unpublish()
    Guide.objects.get(pk=guide.pk).delete()
    assert not Visit.objects.exists()


def test_preview_answers_and_ends_like_a_visit(editor_client, db):
    guide = draft_guide("One")
    press_preview(editor_client, guide)
    visit = Visit.objects.get()
    step = GuideVersion.objects.compiled(visit.version_id).first_step
    response = editor_client.post(answer_url(visit), not_fixed(step), follow=True)
    assertContains(response, "Contact support")
    assertContains(response, "Preview of the draft.")


def test_preview_of_a_guide_with_no_steps_explains_why_not(editor_client, db):
    guide = draft_guide("One")
    guide.steps.all().delete()
    response = press_preview(editor_client, guide, follow=True)
    assertContains(response, "Cannot preview yet. The guide has no steps.")
    assert not Visit.objects.exists()


def test_preview_reuses_its_version_while_the_draft_is_unchanged(editor_client, db):
    guide = draft_guide("One")
    press_preview(editor_client, guide)
    press_preview(editor_client, guide)
    assert GuideVersion.objects.filter(guide=guide).count() == 1


# History, comparison and Restore into draft


def test_history_lists_every_version(editor_client, editor, db):
    guide = published_guide("One")
    StepFactory(guide=guide, position=2, title="Two")
    Guide.objects.get(pk=guide.pk).publish(editor, "Added a second step")
    page = editor_client.get(admin_url("history", guide))
    assertContains(page, "Added a second step")
    assertContains(page, "Made by a test")
    assertContains(page, "2 (live)")
    assertContains(page, f"{action_url('compare', guide)}?from=1&amp;to=2")
    assertContains(page, action_url("restore", guide, 1))


def step_changes(page) -> list[tuple[str, str]]:
    """Each step line of a Compare page: its heading and what happened to it."""
    return re.findall(
        r"<strong>(.*?)</strong>\s*<span class=\"step-status\">(.*?)</span>", page.content.decode()
    )


def test_compare_two_versions_step_by_step(editor_client, db):
    guide = published_guide("One", "Two")
    guide.steps.filter(position=2).update(body="Do the other thing.")
    StepFactory(guide=guide, position=3, title="Three")
    Guide.objects.get(pk=guide.pk).publish()
    page = editor_client.get(action_url("compare", guide), {"from": "1", "to": "2"})
    assert step_changes(page) == [
        ("Step 1 “One”", "unchanged"),
        ("Step 2 “Two”", "changed"),
        ("Step 3 “Three”", "added"),
    ]
    assertContains(
        page,
        '<dt>Instructions</dt>\n<dd class="word-diff">'
        "Do the <del>thing, then check.</del><ins>other thing.</ins></dd>",
    )
    # Step 2 no longer ends the guide: its "No" now goes on to the new step 3.
    assertContains(
        page,
        '<dt>Answers</dt>\n<dd class="word-diff">Yes, it&#x27;s fixed → fixed\n'
        "No, still not working → the <del>fallback page</del><ins>next step</ins></dd>",
    )


def test_compare_with_a_version_that_does_not_exist_is_a_404(editor_client, db):
    guide = published_guide("One")
    assert editor_client.get(action_url("compare", guide), {"from": "9"}).status_code == 404
    assert editor_client.get(action_url("compare", guide), {"to": "x"}).status_code == 404


def test_restore_into_draft_brings_back_old_wording_without_publishing(editor_client, client, db):
    guide = published_guide("One", "Two")
    guide.steps.filter(position=1).update(title="One, new")
    guide.steps.filter(position=2).delete()
    StepFactory(guide=guide, position=2, title="Brand new")
    Guide.objects.get(pk=guide.pk).publish()
    confirm = editor_client.get(action_url("restore", guide, 1))
    assertContains(confirm, "Nothing is published: visitors keep seeing the live version")
    editor_client.post(action_url("restore", guide, 1))
    guide = Guide.objects.get(pk=guide.pk)
    assert [s.title for s in guide.draft_steps()] == ["One", "Two"]
    assert guide.draft_content() == guide.versions.get(number=1).content
    assert guide.state == "Live (version 2), draft has unpublished changes"
    assertContains(client.get(guide.get_absolute_url()), "Brand new")
