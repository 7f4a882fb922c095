"""Branching guides as visitors walk them: answers that jump, Previous along the
visitor's own path, honest progress and the fallback summary of the path walked."""

import pytest
from django.urls import reverse
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from tests.factories import draft_guide, start_visit
from tests.helpers import HTMX, answer_url, step_url
from troubleshooter.models import Choice, PublishRefused


def previous_url(visit, number):
    return reverse("troubleshooter:previous", kwargs={"visit_id": visit.id, "number": number})


@pytest.fixture
def wifi_guide(db):
    """Four steps; step 1 also offers “No Wi-Fi at all”, which leads to step 3."""
    guide = draft_guide("Restart", "Check storage", "Check Wi-Fi", "Update iOS")
    first, _, third, _ = guide.draft_steps()
    Choice.objects.create(
        step=first, position=3, label="No Wi-Fi at all", outcome="next", target_key=third.key
    )
    guide.publish()
    return guide


def press(client, visit, number, label, headers=None):
    """Press the button with this label on step `number`, as the visitor's browser does."""
    page = client.get(step_url(visit, number)).content.decode()
    page = page[page.index('class="answers"') :]  # not the "what happened?" form
    step_key = page.split('name="step" value="')[1].split('"')[0]
    choice_key = page.split(f'">{escape(label)}</button>')[0].rsplit('value="', 1)[1].split('"')[0]
    return client.post(
        answer_url(visit), {"step": step_key, "choice": choice_key}, headers=headers or {}
    )


def test_a_button_names_the_step_it_leads_to(client, wifi_guide):
    visit = start_visit(wifi_guide)
    response = client.get(step_url(visit, 1))
    assertContains(response, 'data-outcome="next" data-leads-to="3"')
    assertContains(response, 'data-outcome="next" data-leads-to="2"')
    assertContains(response, 'data-outcome="resolved" class=')
    assertContains(response, "Step 1 of at most 4")
    assertContains(response, '<progress max="4" value="1"')


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_a_jump_skips_to_its_step_and_previous_comes_back(client, wifi_guide, headers):
    visit = start_visit(wifi_guide)
    response = press(client, visit, 1, "No Wi-Fi at all", headers)
    if headers:
        assert response["HX-Push-Url"] == step_url(visit, 3)
        assertContains(response, "Step 3 of 4")
    else:
        assertRedirects(response, step_url(visit, 3), status_code=303)

    response = client.get(previous_url(visit, 3), headers=headers)
    if headers:
        assert response["HX-Push-Url"] == step_url(visit, 1)
        assertContains(response, '<h1 tabindex="-1" autofocus>Restart</h1>')
        assertNotContains(response, "<html")
    else:
        assertRedirects(response, step_url(visit, 1))


def test_previous_from_step_three_goes_to_two_for_a_visitor_who_walked_it(client, wifi_guide):
    visit = start_visit(wifi_guide)
    press(client, visit, 1, "No, still not working")
    press(client, visit, 2, "No, still not working")
    assertRedirects(client.get(previous_url(visit, 3)), step_url(visit, 2))


def test_previous_on_the_first_step_goes_to_the_guide(client, wifi_guide):
    visit = start_visit(wifi_guide)
    assertRedirects(client.get(previous_url(visit, 1)), wifi_guide.get_absolute_url())


def test_previous_is_two_queries(client, wifi_guide, django_assert_num_queries):
    visit = start_visit(wifi_guide)
    press(client, visit, 1, "No Wi-Fi at all")
    with django_assert_num_queries(2):
        client.get(previous_url(visit, 3))


def test_previous_for_no_such_step_or_visit_is_404(client, wifi_guide):
    visit = start_visit(wifi_guide)
    assert client.get(previous_url(visit, 9)).status_code == 404
    url = previous_url(visit, 2)
    visit.delete()
    assert client.get(url).status_code == 404


def test_changing_an_earlier_answer_follows_the_new_path(client, wifi_guide):
    visit = start_visit(wifi_guide)
    press(client, visit, 1, "No, still not working")
    press(client, visit, 2, "No, still not working")
    # Back on step 1, the visitor now says there is no Wi-Fi at all.
    press(client, visit, 1, "No Wi-Fi at all")
    assertRedirects(client.get(previous_url(visit, 3)), step_url(visit, 1))
    press(client, visit, 3, "No, still not working")
    response = press(client, visit, 4, "No, still not working")
    more_help = client.get(response["Location"])
    walked = [(step.number, choice.label) for step, _, choice, _ in more_help.context["walked"]]
    assert walked == [
        (1, "No Wi-Fi at all"),
        (3, "No, still not working"),
        (4, "No, still not working"),
    ]
    assert visit.answers.count() == 5  # step 2's answer is kept as history


def test_the_success_page_names_the_step_that_fixed_it(client, wifi_guide):
    visit = start_visit(wifi_guide)
    press(client, visit, 1, "No Wi-Fi at all")
    response = press(client, visit, 3, "Yes, it's fixed", HTMX)
    assertContains(response, "Check Wi-Fi")


def test_an_answer_to_a_deleted_step_cannot_be_published(db):
    guide = draft_guide("Restart", "Check storage", "Check Wi-Fi")
    first, _, third = guide.draft_steps()
    first.choices.filter(outcome="next").update(target_key=third.key)
    third.delete()
    with pytest.raises(PublishRefused) as refused:
        guide.publish()
    assert [str(p) for p in refused.value.problems] == [
        "Step 1 “Restart”: the answer “No, still not working” leads to a step that no longer "
        "exists. Choose where it should lead."
    ]
