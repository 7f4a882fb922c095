"""The walk's ways back: "Not fixed after all?" after a mistaken "Yes, it's fixed", and
steps that take a while saying the visitor's place is kept."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from tests.admin_forms import change_form_data
from tests.factories import published_guide, start_visit
from tests.helpers import HTMX, answer_data, answer_url, not_fixed, step_url
from troubleshooter import report
from troubleshooter.models import Answer, GuideVersion, Visit


@pytest.fixture
def guide(db):
    return published_guide("Restart", "Check storage", "Call us")


@pytest.fixture
def steps(guide):
    return GuideVersion.objects.compiled(guide.live_version_id).steps


@pytest.fixture
def visit(guide):
    return start_visit(guide)


def not_fixed_url(visit) -> str:
    return reverse("troubleshooter:not_fixed", kwargs={"visit_id": visit.id})


def fixed_url(visit) -> str:
    return reverse("troubleshooter:fixed", kwargs={"visit_id": visit.id})


def fixed_at_two(client, visit, steps) -> None:
    client.post(answer_url(visit), not_fixed(steps[0]))
    client.post(answer_url(visit), answer_data(steps[1], "resolved"))


def test_the_fixed_page_offers_the_way_back(client, visit, steps):
    fixed_at_two(client, visit, steps)
    page = client.get(fixed_url(visit))
    assertContains(page, "Not fixed after all?")
    assertContains(page, f'<form method="post" action="{not_fixed_url(visit)}"')
    assertContains(page, "Back to step 2</button>")


def test_not_fixed_after_all_goes_back_to_the_step_that_was_said_to_fix_it(client, visit, steps):
    fixed_at_two(client, visit, steps)
    response = client.post(not_fixed_url(visit))
    assertRedirects(response, step_url(visit, 2), status_code=303)
    visit.refresh_from_db()
    assert (visit.state, visit.current_step_key) == (Visit.State.IN_PROGRESS, steps[1].key)
    assert visit.finished_at is None
    # The "fixed" answer stays in the record, as history.
    assert [a.outcome for a in Answer.objects.filter(visit=visit)] == ["next", "resolved"]
    page = client.get(step_url(visit, 2))
    assertContains(page, "Step 2 of 3")
    assertNotContains(page, "What happened")
    # The fixed page now sends the visitor on to where the visit is.
    assertRedirects(client.get(fixed_url(visit)), step_url(visit, 2))


def test_with_htmx_it_is_the_step_itself_and_its_address(client, visit, steps):
    fixed_at_two(client, visit, steps)
    response = client.post(not_fixed_url(visit), headers=HTMX)
    assert response.status_code == 200
    assert response["HX-Push-Url"] == step_url(visit, 2)
    assertContains(response, "autofocus>Check storage</h1>")
    assertNotContains(response, "<html")


def test_the_visit_carries_on_from_that_step(client, visit, steps):
    fixed_at_two(client, visit, steps)
    client.post(not_fixed_url(visit))
    response = client.post(answer_url(visit), not_fixed(steps[1]))
    assertRedirects(response, step_url(visit, 3), status_code=303)
    assertContains(client.get(step_url(visit, 3)), "What happened at step 2?")
    client.post(answer_url(visit), not_fixed(steps[2]))
    visit.refresh_from_db()
    assert visit.state == Visit.State.FALLBACK
    card = client.get(reverse("troubleshooter:more_help", kwargs={"visit_id": visit.id}))
    assertContains(card, 'Check storage <span class="tried-answer">— No, still not working')


def test_fixed_again_on_that_step_is_recorded(client, visit, steps):
    fixed_at_two(client, visit, steps)
    client.post(not_fixed_url(visit))
    response = client.post(answer_url(visit), answer_data(steps[1], "resolved"))
    assertRedirects(response, fixed_url(visit), status_code=303, fetch_redirect_response=False)
    visit.refresh_from_db()
    assert visit.state == Visit.State.FIXED
    assert Answer.objects.filter(visit=visit).count() == 3


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_sent_twice_or_for_a_visit_not_fixed_it_changes_nothing(client, visit, steps, headers):
    client.post(answer_url(visit), not_fixed(steps[0]))
    moved_at = Visit.objects.get().moved_at
    response = client.post(not_fixed_url(visit), headers=headers)
    if headers:
        assert response["HX-Push-Url"] == step_url(visit, 2)
    else:
        assertRedirects(response, step_url(visit, 2), status_code=303)
    visit.refresh_from_db()
    assert (visit.state, visit.current_step_key) == (Visit.State.IN_PROGRESS, steps[1].key)
    assert visit.moved_at == moved_at


def test_it_is_post_only_and_a_preview_is_for_staff_only(client, guide, visit):
    assert client.get(not_fixed_url(visit)).status_code == 405
    draft = GuideVersion.objects.compiled(guide.preview_version().id)
    preview = Visit.objects.start(draft, guide.id, is_preview=True)
    assert client.post(not_fixed_url(preview)).status_code == 404


def test_the_report_counts_how_the_visit_finally_ended_once(client, guide, visit, steps):
    fixed_at_two(client, visit, steps)
    client.post(not_fixed_url(visit))
    today = timezone.localdate()
    back_on_two = report.build(guide, today, today, None)
    assert dict(back_on_two.visits) == {"started": 1, "in_progress": 1}
    two = back_on_two.steps[1]
    assert (two.reached, two.answered, two.fixed, two.in_progress) == (1, 0, 0, 1)
    for step in steps[1:]:
        client.post(answer_url(visit), not_fixed(step))
    ended = report.build(guide, today, today, None)
    assert dict(ended.visits) == {"started": 1, "fallback": 1}
    assert [(s.number, s.fixed, s.went_on, s.fallback) for s in ended.steps] == [
        (1, 0, 1, 0),
        (2, 0, 1, 0),
        (3, 0, 0, 1),
    ]


def test_a_counted_day_counts_the_visit_as_it_stood_at_the_time(client, guide, visit, steps):
    """Totals are counted once per period: a visit taken back after its day was counted
    keeps the figures it had then, like a visit that comes back to life (see README)."""
    fixed_at_two(client, visit, steps)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Visit.objects.filter(pk=visit.pk).update(
        started_at=report.start_of(yesterday) + datetime.timedelta(hours=12)
    )
    assert report.build(guide, yesterday, yesterday, None).visits["fixed"] == 1
    client.post(not_fixed_url(visit))
    for step in steps[1:]:
        client.post(answer_url(visit), not_fixed(step))
    counted = report.build(guide, yesterday, yesterday, None).visits
    assert (counted["started"], counted["fixed"], counted["fallback"]) == (1, 1, 0)


def test_the_staff_replay_says_the_fix_was_taken_back(client, visit, steps, editor):
    fixed_at_two(client, visit, steps)
    client.post(not_fixed_url(visit))
    client.force_login(editor)
    page = client.get(reverse("admin:troubleshooter_visit_change", args=[visit.id]))
    assertContains(page, "Yes, it&#x27;s fixed — taken back: on this step again")
    assertContains(page, "In progress at step 2, “Check storage”.")


# "Takes a while": a step the visitor waits on tells them their place is kept

WAIT_NOTE = "This can take a while.</strong> Your place is kept: come back to this page"


def test_a_step_marked_takes_a_while_says_so_once_published(client, guide):
    guide.steps.filter(title="Check storage").update(takes_a_while=True)
    before = start_visit(guide)
    assertNotContains(client.get(step_url(before, 2)), WAIT_NOTE)  # the live version says no
    assert guide.has_unpublished_changes()
    guide.publish()
    assert [s["takes_a_while"] for s in guide.live_version.content["steps"]] == [
        False,
        True,
        False,
    ]
    visit = start_visit(guide)
    page = client.get(step_url(visit, 2))
    assertContains(page, WAIT_NOTE)
    assertContains(page, "(bookmark it, or keep the tab open) and carry on where you left off.")
    assertNotContains(client.get(step_url(visit, 1)), WAIT_NOTE)
    assertNotContains(client.get(step_url(before, 2)), WAIT_NOTE)  # its own version still


def test_a_version_published_before_steps_could_take_a_while_reads_as_none_do(client, guide):
    content = guide.live_version.content
    for step in content["steps"]:
        del step["takes_a_while"]
    GuideVersion.objects.filter(pk=guide.live_version_id).update(content=content)
    guide.refresh_from_db()
    assert not guide.has_unpublished_changes()
    assertNotContains(client.get(step_url(start_visit(guide), 2)), WAIT_NOTE)


def test_staff_mark_it_in_the_guide_editor_and_a_restore_keeps_it(client, guide, editor):
    client.force_login(editor)
    url = reverse("admin:troubleshooter_guide_change", args=[guide.id])
    page = client.get(url)
    assertContains(page, "Takes a while (restart, update, charging)")
    data = change_form_data(page)
    data["steps-1-takes_a_while"] = "on"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    assert [s.takes_a_while for s in guide.draft_steps()] == [False, True, False]
    guide.publish()
    guide.steps.update(takes_a_while=False)
    guide.restore_draft(guide.live_version.content)
    assert [s.takes_a_while for s in guide.draft_steps()] == [False, True, False]
