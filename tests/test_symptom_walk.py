"""Starting at a symptom, as a visitor: the guide's page asks "What do you see?",
the shared address of a symptom, and a walk counted from the symptom's step."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from tests.factories import published_guide
from tests.helpers import HTMX, answer_data, answer_url, not_fixed, step_url
from tests.symptom_versions import publish_with_symptoms, symptom_key
from troubleshooter.models import GuideVersion, Visit

STORAGE = "iCloud storage is full"
PAUSED = "Syncing paused"


@pytest.fixture
def guide(db):
    return publish_with_symptoms((STORAGE, 2), (PAUSED, 3), title="Photos not syncing")


@pytest.fixture
def paused(guide) -> str:
    return symptom_key(guide, PAUSED)


def start_url(guide) -> str:
    return reverse("troubleshooter:start", kwargs={"slug": guide.slug})


def steps_of(guide):
    return GuideVersion.objects.compiled(guide.live_version_id).steps


def started_at(client, guide, key: str) -> Visit:
    client.post(start_url(guide), {"symptom": key})
    return Visit.objects.latest("started_at")


# The guide's page


def test_the_guide_page_asks_what_the_visitor_sees_with_one_start_button(client, guide):
    response = client.get(guide.get_absolute_url())
    text = response.content.decode()
    assert "<legend>What do you see?</legend>" in text
    choices = [STORAGE, PAUSED, "None of these: start at step 1"]
    assert [text.index(f"<span>{choice}</span>") for choice in choices] == sorted(
        text.index(f"<span>{choice}</span>") for choice in choices
    )
    assertContains(response, 'type="radio" name="symptom" value="" checked')
    assertContains(response, 'type="radio" name="symptom"', count=3)
    assertContains(response, 'type="radio" name="symptom" value="" checked', count=1)
    assertContains(response, ">Start</button>", count=1)
    assertNotContains(response, "You see:")


def test_the_guide_page_asks_what_the_visitor_sees_in_its_htmx_fragment_too(client, guide):
    response = client.get(guide.get_absolute_url(), headers=HTMX)
    assert not response.content.lstrip().startswith(b"<!doctype html>")
    assertContains(response, "<legend>What do you see?</legend>")
    assertContains(response, f"<span>{STORAGE}</span>")


def test_a_guide_without_symptoms_keeps_its_plain_start_button(client, db):
    plain = published_guide("One", "Two")
    response = client.get(plain.get_absolute_url())
    assertNotContains(response, "What do you see?")
    assertNotContains(response, 'name="symptom"')
    assertContains(response, ">Start</button>", count=1)


def test_a_symptoms_shared_address_shows_it_chosen_with_its_start_first(client, guide, paused):
    response = client.get(f"{guide.get_absolute_url()}?symptom={paused}")
    text = response.content.decode()
    assert f"You see: “{PAUSED}”" in text
    assert "starts at the step for it, “Check the status line”" in text
    assert f'<input type="hidden" name="symptom" value="{paused}">' in text
    assert f'type="radio" name="symptom" value="{paused}" checked' in text
    assert 'value="" checked' not in text
    assert text.index(">Start here</button>") < text.index("Not what you see? Choose again")
    # Its canonical address is the guide's page itself.
    canonical = f'<link rel="canonical" href="http://testserver{guide.get_absolute_url()}">'
    assert canonical in text


def test_a_symptoms_shared_address_chooses_it_in_the_htmx_fragment_too(client, guide, paused):
    response = client.get(f"{guide.get_absolute_url()}?symptom={paused}", headers=HTMX)
    assert not response.content.lstrip().startswith(b"<!doctype html>")
    assertContains(response, f"You see: “{PAUSED}”")
    assertContains(response, ">Start here</button>")


@pytest.mark.parametrize("written", ["“Waiting to Sync”", '"Waiting to Sync"', "«Waiting to Sync»"])
def test_a_symptom_written_in_quotation_marks_is_quoted_once(client, db, written):
    guide = publish_with_symptoms((written, 1), title="Photos not syncing")
    response = client.get(f"{guide.get_absolute_url()}?symptom={symptom_key(guide, written)}")
    assertContains(response, "You see: “Waiting to Sync”")


@pytest.mark.parametrize(
    "written", ["“Optimize” is on, “Download” is off", "“Optimize” or “Download”"]
)
def test_quotation_marks_inside_a_symptom_stay(client, db, written):
    guide = publish_with_symptoms((written, 1), title="Photos not syncing")
    response = client.get(f"{guide.get_absolute_url()}?symptom={symptom_key(guide, written)}")
    assertContains(response, f"You see: “{written}”")


@pytest.mark.parametrize("unknown", ["0123456789", "not a key", "x" * 500, ""])
def test_an_unknown_symptom_in_the_address_is_ignored(client, guide, unknown):
    response = client.get(guide.get_absolute_url(), {"symptom": unknown})
    assert response.status_code == 200
    assertNotContains(response, "You see:")
    assertContains(response, 'type="radio" name="symptom" value="" checked')


# Starting


def test_start_at_a_symptom_goes_to_its_step(client, guide, paused):
    response = client.post(start_url(guide), {"symptom": paused})
    visit = Visit.objects.get()
    assert (visit.symptom_key, visit.current_step_key) == (paused, steps_of(guide)[2].key)
    assertRedirects(response, step_url(visit, 3), status_code=303)


def test_start_at_a_symptom_with_htmx_returns_its_step_and_pushes_its_url(client, guide, paused):
    response = client.post(start_url(guide), {"symptom": paused}, headers=HTMX)
    visit = Visit.objects.get()
    assert response.status_code == 200
    assert response["HX-Push-Url"] == step_url(visit, 3)
    assertContains(response, "Check the status line")
    assertContains(response, "Step 1 of 3")


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_start_with_none_of_these_goes_to_step_1(client, guide, headers):
    response = client.post(start_url(guide), {"symptom": ""}, headers=headers)
    visit = Visit.objects.get()
    assert (visit.symptom_key, visit.current_step_key) == ("", steps_of(guide)[0].key)
    if headers:
        assertContains(response, "Step 1 of 5")
    else:
        assertRedirects(response, step_url(visit, 1), status_code=303)


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
@pytest.mark.parametrize("sent", ["0123456789", "NOT-A-KEY", "a" * 40])
def test_start_at_an_unknown_symptom_is_refused_plainly(client, guide, headers, sent):
    response = client.post(start_url(guide), {"symptom": sent}, headers=headers)
    assertContains(response, "not one of this guide&#x27;s symptoms", status_code=400)
    assert not Visit.objects.exists()


def test_a_symptom_of_another_guide_does_not_start_this_one(client, guide, paused):
    other = publish_with_symptoms(("Something else", 2))
    response = client.post(start_url(other), {"symptom": paused})
    assert response.status_code == 400
    assert not Visit.objects.exists()


# The walk from the symptom's step


def test_progress_counts_from_the_symptoms_step(client, guide, paused):
    visit = started_at(client, guide, paused)
    assertContains(client.get(step_url(visit, 3)), "Step 1 of 3")
    client.post(answer_url(visit), not_fixed(steps_of(guide)[2]))
    assertContains(client.get(step_url(visit, 4)), "Step 2 of 3")
    assertContains(client.get(step_url(visit, 5), headers=HTMX), "Step 3 of 3")


def test_the_same_step_counts_from_step_1_for_a_visit_that_started_there(client, guide, paused):
    started_at(client, guide, paused)
    from_one = started_at(client, guide, "")
    assertContains(client.get(step_url(from_one, 3)), "Step 3 of 5")


def test_the_first_step_walked_leads_back_to_the_guide_page_with_the_symptom(client, guide, paused):
    visit = started_at(client, guide, paused)
    response = client.get(step_url(visit, 3))
    about = f"{guide.get_absolute_url()}?symptom={paused}"
    assertContains(response, f'<a href="{about}" hx-get="{about}" hx-push-url="true"')
    assertNotContains(response, "Previous step")


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_previous_from_the_first_step_walked_is_the_guide_page_with_the_symptom(
    client, guide, paused, headers
):
    visit = started_at(client, guide, paused)
    previous = reverse("troubleshooter:previous", kwargs={"visit_id": visit.id, "number": 3})
    response = client.get(previous, headers=headers)
    about = f"{guide.get_absolute_url()}?symptom={paused}"
    assertRedirects(response, about, fetch_redirect_response=False)
    assertContains(client.get(about), f"You see: “{PAUSED}”")


def test_previous_from_a_later_step_goes_back_along_the_walk(client, guide, paused):
    visit = started_at(client, guide, paused)
    client.post(answer_url(visit), not_fixed(steps_of(guide)[2]))
    response = client.get(step_url(visit, 4))
    assertContains(response, "Previous step")
    previous = reverse("troubleshooter:previous", kwargs={"visit_id": visit.id, "number": 4})
    assertRedirects(client.get(previous), step_url(visit, 3), fetch_redirect_response=False)
    fragment = client.get(previous, headers=HTMX)
    assert fragment["HX-Push-Url"] == step_url(visit, 3)
    assertContains(fragment, "Step 1 of 3")


def test_start_over_goes_back_to_the_symptoms_step(client, guide, paused):
    visit = started_at(client, guide, paused)
    client.post(answer_url(visit), not_fixed(steps_of(guide)[2]))
    start_over = reverse("troubleshooter:start_over", kwargs={"visit_id": visit.id})
    assertRedirects(client.post(start_over), step_url(visit, 3), status_code=303)
    response = client.post(start_over, headers=HTMX)
    assert response["HX-Push-Url"] == step_url(visit, 3)
    assertContains(response, "Step 1 of 3")


def test_the_fallback_summary_lists_only_the_steps_walked_from_the_symptom(client, guide, paused):
    visit = started_at(client, guide, paused)
    for step in steps_of(guide)[2:]:
        client.post(answer_url(visit), not_fixed(step))
    response = client.get(reverse("troubleshooter:more_help", kwargs={"visit_id": visit.id}))
    text = response.content.decode()
    assert f"You saw: {PAUSED}" in text
    walked = text[text.index('<ol class="tried-steps">') : text.index("</ol>", text.index("tried"))]
    assert [title in walked for title in ("Restart", "Check storage")] == [False, False]
    assert walked.count("<li") == 3
    assert '<li value="1">Check the status line' in walked


# The visitor's numbers: the other screens count as the step pages did


def fixed_on_step_4(client, visit, guide, headers=None):
    """Through steps 3 and 4 of the guide, fixed on 4: the answer's response."""
    steps = steps_of(guide)
    if visit.current_step_key == steps[2].key:
        client.post(answer_url(visit), not_fixed(steps[2]))
    return client.post(answer_url(visit), answer_data(steps[3], "resolved"), headers=headers)


def fixed_page(client, visit, response, headers) -> str:
    """The fixed page: with htmx the answer's own response, else the page redirected to."""
    if not headers:
        response = client.get(reverse("troubleshooter:fixed", kwargs={"visit_id": visit.id}))
    return response.content.decode()


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_the_fixed_page_numbers_the_step_as_the_visitor_saw_it(client, guide, paused, headers):
    visit = started_at(client, guide, paused)
    text = fixed_page(client, visit, fixed_on_step_4(client, visit, guide, headers), headers)
    assert "What did it: <strong>step 2, “Sign in again”</strong>" in text
    assert "Go back to step 2 and answer again" in text
    assert "Back to step 2</button>" in text
    assert "step 4" not in text
    # Start over goes back to the symptom's step, which the visitor saw as step 1.
    assert (
        "<strong>Start over</strong> takes you back to step 1, “Check the status line”, "
        f"the step for “{PAUSED}”" in text
    )
    assert "start from the first step" not in text


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_the_fixed_page_of_a_walk_from_step_1_keeps_the_guides_numbers(
    client, guide, paused, headers
):
    # The same step fixed at a symptom first: each start has its own screen.
    at_symptom = started_at(client, guide, paused)
    fixed_on_step_4(client, at_symptom, guide, headers)
    visit = started_at(client, guide, "")
    for step in steps_of(guide)[:2]:
        client.post(answer_url(visit), not_fixed(step))
    text = fixed_page(client, visit, fixed_on_step_4(client, visit, guide, headers), headers)
    assert "What did it: <strong>step 4, “Sign in again”</strong>" in text
    assert "Back to step 4</button>" in text
    assert "You can start from the first step at any time." in text
    assert "Start over</strong> takes you back" not in text


def test_not_fixed_after_all_from_a_symptom_goes_back_to_the_step_it_named(client, guide, paused):
    visit = started_at(client, guide, paused)
    fixed_on_step_4(client, visit, guide)
    not_fixed_url = reverse("troubleshooter:not_fixed", kwargs={"visit_id": visit.id})
    response = client.post(not_fixed_url, headers=HTMX)
    assert response["HX-Push-Url"] == step_url(visit, 4)  # the address keeps the guide's
    assertContains(response, "Step 2 of 3")


def to_the_fallback(client, visit, guide, headers=None):
    """From the visit's step on, "didn't fix it" on each step down to the fallback page."""
    steps = steps_of(guide)
    at = next(n for n, step in enumerate(steps) if step.key == visit.current_step_key)
    for step in steps[at:-1]:
        client.post(answer_url(visit), not_fixed(step))
    response = client.post(answer_url(visit), not_fixed(steps[-1]), headers=headers)
    if headers:
        return response.content.decode()
    return client.get(
        reverse("troubleshooter:more_help", kwargs={"visit_id": visit.id})
    ).content.decode()


def tried_steps(text: str) -> str:
    start = text.index('<ol class="tried-steps">')
    return text[start : text.index("</ol>", start)]


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_the_fallback_card_numbers_the_steps_as_the_visitor_saw_them(
    client, guide, paused, headers
):
    visit = started_at(client, guide, paused)
    text = to_the_fallback(client, visit, guide, headers)
    walked = tried_steps(text)
    for number, title in enumerate(("Check the status line", "Sign in again", "Reset"), 1):
        assert f'<li value="{number}">{title} ' in walked
    assert "What happened at step 3?" in text


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_the_fallback_card_of_a_walk_from_step_1_keeps_the_guides_numbers(client, guide, headers):
    visit = started_at(client, guide, "")
    text = to_the_fallback(client, visit, guide, headers)
    walked = tried_steps(text)
    for number, title in enumerate(steps_of(guide), 1):
        assert f'<li value="{number}">{title.title} ' in walked
    assert "What happened at step 5?" in text


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_what_happened_names_the_step_as_the_visitor_saw_it(client, guide, paused, headers):
    at_symptom = started_at(client, guide, paused)
    from_one = started_at(client, guide, "")
    for step in steps_of(guide)[:3]:
        client.post(answer_url(from_one), not_fixed(step))
    response = client.post(answer_url(at_symptom), not_fixed(steps_of(guide)[2]), headers=headers)
    if not headers:
        response = client.get(step_url(at_symptom, 4))
    assertContains(response, "What happened at step 1?")
    # The same step, asked about in a walk from step 1, keeps the guide's number.
    assertContains(client.get(step_url(from_one, 4), headers=headers), "What happened at step 3?")


def test_the_thanks_for_what_happened_names_the_step_as_the_visitor_saw_it(client, guide, paused):
    visit = started_at(client, guide, paused)
    client.post(answer_url(visit), not_fixed(steps_of(guide)[2]))
    feedback = reverse("troubleshooter:feedback", kwargs={"visit_id": visit.id})
    data = {"tried_step": steps_of(guide)[2].key, "reason": "not_found", "comment": ""}
    response = client.post(feedback, data, headers=HTMX)
    assertContains(response, "Thanks: that helps us improve step 1.")


def test_the_step_page_of_a_visit_at_a_symptom_is_one_query(
    client, guide, paused, django_assert_num_queries
):
    visit = started_at(client, guide, paused)
    for headers in ({}, HTMX):
        with django_assert_num_queries(1):
            assertContains(client.get(step_url(visit, 4), headers=headers), "Step 2 of 3")


def test_answering_on_a_visit_at_a_symptom_is_four_queries(
    client, guide, paused, django_assert_num_queries
):
    visit = started_at(client, guide, paused)
    with django_assert_num_queries(4):
        response = client.post(answer_url(visit), not_fixed(steps_of(guide)[2]), headers=HTMX)
    assertContains(response, "Step 2 of 3")


# Staff


def test_the_visits_staff_page_names_its_symptom_and_the_desk_leads_there(
    client, editor, guide, paused
):
    visit = started_at(client, guide, paused)
    plain = started_at(client, guide, "")
    client.force_login(editor)
    response = client.get(f"/desk/{visit.reference}/", follow=True)
    assertContains(
        response,
        f"“{PAUSED}”: started at step 3 of the guide (the visitor&#x27;s step 1), "
        "“Check the status line”",
    )
    page = client.get(reverse("admin:troubleshooter_visit_change", args=[plain.id]))
    assertContains(page, "None: started at step 1, “Restart”")


def visit_page(client, visit):
    return client.get(reverse("admin:troubleshooter_visit_change", args=[visit.id]))


def test_the_staff_page_of_a_visit_at_a_symptom_gives_both_numbers(client, editor, guide, paused):
    visit = started_at(client, guide, paused)
    fixed_on_step_4(client, visit, guide)
    client.force_login(editor)
    page = visit_page(client, visit)
    assertContains(page, "Steps are numbered as in the guide. This visit started at step 3")
    for number, seen, title in ((3, 1, "Check the status line"), (4, 2, "Sign in again")):
        also = f'<span class="replay-seen">(the visitor&#x27;s step {seen})</span>'
        assertContains(page, f'<th scope="row">{number}. {title} {also}</th>', html=True)
        assertContains(
            page,
            f"Instructions shown at step {number} of the guide (the visitor&#x27;s step {seen})",
        )
    assertContains(page, "Step 4 of the guide (the visitor&#x27;s step 2): Sign in again")
    assertContains(
        page, "Fixed at step 4 of the guide (the visitor&#x27;s step 2), “Sign in again”."
    )
    assertContains(page, '<th scope="col" class="column-step_of_the_guide">Step of the guide</th>')


def test_the_staff_page_of_a_visit_from_step_1_gives_the_guides_numbers_alone(
    client, editor, guide
):
    visit = started_at(client, guide, "")
    client.post(answer_url(visit), not_fixed(steps_of(guide)[0]))
    client.force_login(editor)
    page = visit_page(client, visit)
    assertNotContains(page, "numbered as in the guide")
    assertNotContains(page, "the visitor&#x27;s step")
    assertContains(page, '<th scope="row">2. Check storage</th>', html=True)
    assertContains(page, "Step 2: Check storage")
    assertContains(page, "In progress at step 2, “Check storage”.")
