"""Staff edit a guide while a visitor is part-way through it."""

from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from tests.helpers import answer_data, answer_url, step_url
from troubleshooter.models import Answer


def test_reordered_steps_continue_after_the_step_answered(client, guide, visit, steps):
    client.post(answer_url(visit), answer_data(steps[0], "next"))
    online, storage = steps[1], steps[2]
    # The visitor reads "Make sure your iPhone is online" as step 2 ...
    assertContains(client.get(step_url(visit, 2)), online.title)
    # ... while staff swap it with step 3.
    online.position, storage.position = 99, 2
    online.save()
    storage.save()
    online.position = 3
    online.save()
    response = client.post(answer_url(visit), answer_data(online, "next"))
    assertRedirects(response, step_url(visit, 4), status_code=303)
    assertContains(client.get(step_url(visit, 4)), "Turn on Optimize iPhone Storage")


def test_edited_wording_shows_on_the_next_request(client, visit, steps):
    step = steps[1]
    step.body = "Open **Safari** and load any page."
    step.save()
    response = client.get(step_url(visit, 2))
    assertContains(response, "Open <strong>Safari</strong> and load any page.")


def test_answering_a_step_that_was_deleted_continues_in_its_place(client, visit, steps):
    client.post(answer_url(visit), answer_data(steps[0], "next"))
    on_screen = answer_data(steps[1], "next")
    steps[1].delete()
    response = client.post(answer_url(visit), on_screen)
    assertRedirects(response, step_url(visit, 2), status_code=303)
    page = client.get(step_url(visit, 2))
    assertContains(page, "Step 2 of 6")
    assertContains(page, "Check your iCloud storage")
    assert visit.answers.count() == 1


def test_answers_to_deleted_steps_keep_what_the_visitor_saw(client, visit, steps):
    for step in steps[:6]:
        client.post(answer_url(visit), answer_data(step, "next"))
    first_title = steps[0].title
    steps[0].delete()
    response = client.post(answer_url(visit), answer_data(steps[6], "next"), follow=True)
    assertContains(response, first_title)
    assert Answer.objects.filter(visit=visit).count() == 7
    assert Answer.objects.get(visit=visit, step_number=1).step is None


def test_a_step_added_mid_visit_counts_at_once(client, guide, visit):
    guide.steps.create(position=8, title="Sign out and back in", body="Last resort.")
    assertContains(client.get(step_url(visit, 1)), "Step 1 of 8")


def test_a_deleted_current_step_resumes_at_its_place(client, visit, steps):
    client.post(answer_url(visit), answer_data(steps[0], "next"))
    steps[1].delete()
    response = client.get(visit.get_absolute_url())
    assert response["Location"] == step_url(visit, 2)
    assert client.get(reverse("troubleshooter:step", args=[visit.id, 2])).status_code == 200
