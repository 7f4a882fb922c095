"""The visitor's screens over HTTP: full pages, htmx fragments and history restores."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from tests.admin_forms import change_form_data
from tests.factories import draft_guide, published_guide, start_visit
from tests.helpers import HISTORY_RESTORE, HTMX, answer_data, answer_url, not_fixed, step_url
from troubleshooter.models import Answer, Visit


def is_full_page(response) -> bool:
    return response.content.lstrip().startswith(b"<!doctype html>")


def start_url(guide) -> str:
    return reverse("troubleshooter:start", kwargs={"slug": guide.slug})


# Guide list and guide page


def test_guide_list_links_published_guides_with_their_summaries(client, guide, draft_guide):
    response = client.get("/")
    assertContains(response, f'href="{guide.get_absolute_url()}"')
    assertContains(response, guide.summary.replace("'", "&#x27;"))
    assertNotContains(response, draft_guide.title)


def test_guide_list_is_one_query_once_built(client, guide, django_assert_num_queries):
    client.get("/")
    with django_assert_num_queries(1):
        client.get("/")


def test_guide_page_full(client, guide):
    response = client.get(guide.get_absolute_url())
    assert is_full_page(response)
    assertContains(response, "Check your iCloud storage")
    assertContains(response, f'<form method="post" action="{start_url(guide)}"')
    assert "HX-Request" in response["Vary"]


def test_guide_page_htmx_is_a_fragment(client, guide):
    response = client.get(guide.get_absolute_url(), headers=HTMX)
    assert not is_full_page(response)
    assertContains(response, "<title>iCloud Photos")
    assertContains(response, 'hx-swap-oob="innerHTML"')


def test_guide_page_history_restore_is_the_full_page(client, guide):
    assert is_full_page(client.get(guide.get_absolute_url(), headers=HISTORY_RESTORE))


# Start


def test_start_creates_a_visit_and_redirects_to_step_one(client, guide):
    response = client.post(start_url(guide))
    visit = Visit.objects.get()
    assertRedirects(response, step_url(visit, 1), status_code=303)
    assert visit.guide == guide


def test_start_with_htmx_returns_step_one_and_pushes_its_url(client, guide):
    response = client.post(start_url(guide), headers=HTMX)
    visit = Visit.objects.get()
    assert response.status_code == 200
    assert response["HX-Push-Url"] == step_url(visit, 1)
    assertContains(response, "Step 1 of 9")
    assert not is_full_page(response)


def test_start_is_post_only(client, guide):
    assert client.get(start_url(guide)).status_code == 405


# Step page


def test_step_page_full(client, visit):
    response = client.get(step_url(visit, 1))
    assert is_full_page(response)
    assertContains(response, "Step 1 of 9")
    assertContains(response, '<progress max="9" value="1"')
    assertContains(response, '<h1 tabindex="-1" >Read the status line at the bottom of Photos</h1>')
    assertContains(response, "<li>Photos</li>")
    assertContains(response, "<strong>Sync Now</strong>")
    assertContains(response, f'<form method="post" action="{answer_url(visit)}"')
    # Start over and the two answers; the header's search box has a button of its own.
    assert response.text.split("<main", 1)[1].count('type="submit"') == 3
    assertContains(response, 'data-outcome="resolved"')
    assertContains(response, 'data-outcome="next"')
    assertContains(response, "Step 1 of 9: Read the status line at the bottom of Photos — ")
    assert "HX-Request" in response["Vary"]


def test_step_page_htmx_is_a_fragment_with_title_focus_and_announcement(client, visit):
    response = client.get(step_url(visit, 2), headers=HTMX)
    assert not is_full_page(response)
    assert response.content.lstrip().startswith(b"<title>Step 2 of 9: Turn off Low Power Mode")
    assertContains(response, '<div id="announcer" hx-swap-oob="innerHTML">Step 2 of 9</div>')
    assertContains(response, "autofocus>Turn off Low Power Mode</h1>")
    assert "HX-Request" in response["Vary"]


def test_step_page_history_restore_is_the_full_page(client, visit):
    response = client.get(step_url(visit, 2), headers=HISTORY_RESTORE)
    assert is_full_page(response)
    assertContains(response, "Step 2 of 9")
    assertNotContains(response, "autofocus")


def test_last_step_not_fixed_button_leads_to_escalation(client, visit):
    response = client.get(step_url(visit, 9))
    assertContains(response, 'data-outcome="escalate"')
    assertNotContains(response, 'data-outcome="next"')


def test_step_offers_previous_step_and_start_over(client, visit):
    response = client.get(step_url(visit, 3))
    previous = reverse("troubleshooter:previous", kwargs={"visit_id": visit.id, "number": 3})
    assertContains(response, f'<a href="{previous}" hx-get="{previous}" hx-push-url="true"')
    assertContains(response, "Previous step")
    start_over = reverse("troubleshooter:start_over", kwargs={"visit_id": visit.id})
    assertContains(response, f'action="{start_over}" hx-post="{start_over}"')


def test_step_page_is_one_query(client, visit, django_assert_num_queries):
    """The guide, its steps and their answers, found through the visit."""
    with django_assert_num_queries(1):
        client.get(step_url(visit, 4))
    with django_assert_num_queries(1):
        client.get(step_url(visit, 4), headers=HTMX)
    with django_assert_num_queries(1):
        client.get(step_url(visit, 4), headers=HISTORY_RESTORE)


# Answering


def test_not_fixed_redirects_to_the_next_step(client, visit, steps):
    response = client.post(answer_url(visit), answer_data(steps[0], "next"))
    assertRedirects(response, step_url(visit, 2), status_code=303)


def test_not_fixed_with_htmx_returns_the_next_step_and_pushes_its_url(client, visit, steps):
    response = client.post(answer_url(visit), answer_data(steps[0], "next"), headers=HTMX)
    assert response.status_code == 200
    assert response["HX-Push-Url"] == step_url(visit, 2)
    assertContains(response, "Step 2 of 9")
    assert not is_full_page(response)


def test_fixed_redirects_to_the_success_page_naming_the_step(client, visit, steps):
    client.post(answer_url(visit), answer_data(steps[0], "next"))
    response = client.post(answer_url(visit), answer_data(steps[1], "resolved"), follow=True)
    fixed = reverse("troubleshooter:fixed", kwargs={"visit_id": visit.id})
    assert response.redirect_chain == [(fixed, 303)]
    assertContains(response, "Turn off Low Power Mode")
    assertContains(response, "step 2")
    assert is_full_page(response)


def test_fixed_with_htmx_returns_the_success_fragment(client, visit, steps):
    response = client.post(answer_url(visit), answer_data(steps[0], "resolved"), headers=HTMX)
    assert response["HX-Push-Url"] == reverse("troubleshooter:fixed", kwargs={"visit_id": visit.id})
    assertContains(response, "Read the status line at the bottom of Photos")
    assert not is_full_page(response)


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_walk_all_nine_steps_to_the_genius_bar(client, guide, steps, headers):
    response = client.post(start_url(guide), headers=headers)
    visit = Visit.objects.get()
    for number, step in enumerate(steps, start=1):
        page = client.get(step_url(visit, number), headers=headers)
        assertContains(page, f"Step {number} of 9")
        response = client.post(answer_url(visit), not_fixed(step), headers=headers)
    more_help = reverse("troubleshooter:more_help", kwargs={"visit_id": visit.id})
    if headers:
        assert response["HX-Push-Url"] == more_help
    else:
        assertRedirects(response, more_help, status_code=303)
        response = client.get(more_help)
    visit.refresh_from_db()
    assert visit.state == Visit.State.FALLBACK
    assertContains(response, "Genius Bar")
    assertContains(response, 'href="https://www.apple.com/retail/geniusbar/"')
    assertContains(response, 'href="https://getsupport.apple.com/"')
    assertContains(response, visit.reference)
    tried = re.findall(r'<li value="(\d)">', response.content.decode())
    assert tried == ["1", "2", "3", "4", "5", "6", "7", "8", "9"]


def test_answer_post_is_four_queries(client, visit, steps, django_assert_num_queries):
    """Count the write against the address's limit, lock the visit, record the answer,
    move the visit; the content is in memory. (Outside tests the transaction adds BEGIN
    and COMMIT.) The fallback screen reads the visit's answers for its summary after the
    transaction."""
    with django_assert_num_queries(4):
        client.post(answer_url(visit), answer_data(steps[0], "next"))
    with django_assert_num_queries(4):
        client.post(answer_url(visit), answer_data(steps[1], "next"), headers=HTMX)
    with django_assert_num_queries(4):
        client.post(answer_url(visit), answer_data(steps[2], "resolved"), headers=HTMX)
    with django_assert_num_queries(5):
        client.post(answer_url(visit), not_fixed(steps[8]), headers=HTMX)
    with django_assert_num_queries(2):
        client.post(answer_url(visit), not_fixed(steps[8]))  # a repeat: the count and the lock


def test_answer_post_with_the_limits_off_is_three_queries(
    client, visit, steps, django_assert_num_queries, settings
):
    settings.VISITOR_WRITES_PER_MINUTE = {}
    with django_assert_num_queries(3):
        client.post(answer_url(visit), answer_data(steps[0], "next"))


def test_changing_an_earlier_answer_continues_from_there(client, visit, steps):
    client.post(answer_url(visit), answer_data(steps[0], "next"))
    client.post(answer_url(visit), answer_data(steps[1], "next"))
    assertContains(client.get(step_url(visit, 3)), "Previous step")
    client.get(step_url(visit, 2))
    response = client.post(answer_url(visit), answer_data(steps[1], "resolved"))
    assertRedirects(
        response, reverse("troubleshooter:fixed", kwargs={"visit_id": visit.id}), status_code=303
    )
    assert [a.outcome for a in visit.answers.all()] == ["next", "next", "resolved"]


def test_answering_again_after_the_fallback_reopens_the_visit(client, visit, steps):
    client.post(answer_url(visit), not_fixed(steps[8]))
    visit.refresh_from_db()
    assert visit.state == Visit.State.FALLBACK
    response = client.post(answer_url(visit), answer_data(steps[3], "next"))
    assertRedirects(response, step_url(visit, 5), status_code=303)
    visit.refresh_from_db()
    assert (visit.state, visit.finished_at) == (Visit.State.IN_PROGRESS, None)


def test_the_same_answer_posted_twice_is_recorded_once(client, visit, steps):
    first = client.post(answer_url(visit), answer_data(steps[0], "next"))
    second = client.post(answer_url(visit), answer_data(steps[0], "next"))
    assert first["Location"] == second["Location"] == step_url(visit, 2)
    assert Answer.objects.filter(visit=visit).count() == 1


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_start_over_returns_to_step_one_and_keeps_answers(client, visit, steps, headers):
    client.post(answer_url(visit), answer_data(steps[0], "next"))
    start_over = reverse("troubleshooter:start_over", kwargs={"visit_id": visit.id})
    response = client.post(start_over, headers=headers)
    if headers:
        assert response["HX-Push-Url"] == step_url(visit, 1)
        assertContains(response, "Step 1 of 9")
    else:
        assertRedirects(response, step_url(visit, 1), status_code=303)
    visit.refresh_from_db()
    assert visit.current_step_key == steps[0].key
    assert visit.answers.count() == 1


# Finished screens and the resume address


@pytest.mark.parametrize("headers", [{}, HTMX, HISTORY_RESTORE], ids=["plain", "htmx", "restore"])
def test_fixed_page_in_every_form(client, visit, steps, headers):
    client.post(answer_url(visit), answer_data(steps[4], "resolved"))
    response = client.get(
        reverse("troubleshooter:fixed", kwargs={"visit_id": visit.id}), headers=headers
    )
    assertContains(response, "Check your iCloud storage")
    assert is_full_page(response) == (headers != HTMX)


@pytest.mark.parametrize("headers", [{}, HTMX, HISTORY_RESTORE], ids=["plain", "htmx", "restore"])
def test_fallback_page_in_every_form(client, visit, steps, headers):
    client.post(answer_url(visit), not_fixed(steps[8]))
    url = reverse("troubleshooter:more_help", kwargs={"visit_id": visit.id})
    response = client.get(url, headers=headers)
    assertContains(response, visit.reference)
    assertContains(response, escape("Check Apple's System Status page"))
    assert is_full_page(response) == (headers != HTMX)


@pytest.mark.parametrize("headers", [{}, HTMX, HISTORY_RESTORE], ids=["plain", "htmx", "restore"])
def test_fallback_page_shows_the_guides_fallback_heading_and_text(
    client, guide, visit, steps, headers
):
    client.post(answer_url(visit), not_fixed(steps[8]))
    url = reverse("troubleshooter:more_help", kwargs={"visit_id": visit.id})
    page = client.get(url, headers=headers).content.decode()
    fallback = guide.live_version.content["fallback"]
    assert re.findall(r"<h1[^>]*>(.*?)</h1>", page) == [escape(fallback["title"])]
    assert f'<div class="instructions">{fallback["html"]}</div>' in page


def test_fallback_page_is_two_queries(client, visit, steps, django_assert_num_queries):
    client.post(answer_url(visit), not_fixed(steps[8]))
    with django_assert_num_queries(2):
        client.get(reverse("troubleshooter:more_help", kwargs={"visit_id": visit.id}))


def test_finished_pages_redirect_while_the_visit_is_in_progress(client, visit):
    for name in ["fixed", "more_help"]:
        response = client.get(reverse(f"troubleshooter:{name}", kwargs={"visit_id": visit.id}))
        assert response.status_code == 302
        assert response["Location"] == step_url(visit, 1)


def test_visit_address_resumes_where_the_visitor_is(client, visit, steps):
    client.post(answer_url(visit), answer_data(steps[0], "next"))
    response = client.get(visit.get_absolute_url(), follow=True)
    assert response.redirect_chain == [(step_url(visit, 2), 302)]


# Unpublished guides


def test_visitors_get_404_for_an_unpublished_guide(client, draft_guide):
    assert client.get(draft_guide.get_absolute_url()).status_code == 404
    assert client.post(start_url(draft_guide)).status_code == 404


def test_staff_get_404_too_and_preview_from_the_admin(client, editor, draft_guide):
    client.force_login(editor)
    assert client.get(draft_guide.get_absolute_url()).status_code == 404
    assert client.post(start_url(draft_guide)).status_code == 404
    change_url = reverse("admin:troubleshooter_guide_change", args=[draft_guide.pk])
    change = client.get(change_url)
    assertContains(change, 'name="_then" value="preview"')
    data = {**change_form_data(change), "_then": "preview"}
    response = client.post(change_url, data, follow=True)
    assertContains(response, "Preview of the draft.")
    assertContains(response, "Step 1 of 2")
    assertContains(response, "Forget the network</h1>")


def test_a_visit_under_way_finishes_after_unpublish(client, db):
    guide = published_guide("One", "Two")
    visit = start_visit(guide)
    guide.unpublish()
    assert client.get(guide.get_absolute_url()).status_code == 404
    assertContains(client.get(step_url(visit, 1)), "Step 1 of 2")
    steps = visit.version.content["steps"]
    response = client.post(
        answer_url(visit), {"step": steps[0]["key"], "choice": steps[0]["choices"][1]["key"]}
    )
    assertRedirects(response, step_url(visit, 2), status_code=303, fetch_redirect_response=False)


def test_the_guide_list_shows_live_titles_not_draft_edits(client, db):
    guide = published_guide("One", title="Live title")
    guide.title = "Draft title"
    guide.save()
    response = client.get("/")
    assertContains(response, "Live title")
    assertNotContains(response, "Draft title")


def test_a_guide_never_published_is_not_listed(client, db):
    draft_guide("One", title="Only a draft")
    assertNotContains(client.get("/"), "Only a draft")
