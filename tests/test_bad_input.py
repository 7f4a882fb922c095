"""Bad input gets a clear 4xx page, never a 500."""

import uuid

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from tests.helpers import HTMX, BrowserClient, answer_data, answer_url, step_url

SITE_HEADER = '<a class="site-name" href="/">Helpdesk</a>'


def test_unknown_guide_is_a_styled_404(client, db):
    response = client.get("/guides/no-such-guide/")
    assertContains(response, "We can't find that page", status_code=404)
    assertContains(response, SITE_HEADER, status_code=404)


def test_unknown_url_is_a_styled_404(client, db):
    assertContains(client.get("/nowhere/"), SITE_HEADER, status_code=404)


@pytest.mark.parametrize(
    "path",
    [
        f"/visits/{uuid.uuid4()}/steps/1/",
        f"/visits/{uuid.uuid4()}/",
        "/visits/not-a-uuid/steps/1/",
        f"/visits/{uuid.uuid4()}/fixed/",
    ],
)
def test_unknown_visit_is_a_404(client, db, path):
    assertContains(client.get(path), "We can't find that page", status_code=404)


@pytest.mark.parametrize("number", [0, 10, 99999999999])
def test_unknown_step_is_a_404(client, visit, number):
    assertContains(client.get(step_url(visit, number)), SITE_HEADER, status_code=404)


def test_answer_to_an_unknown_visit_is_a_404(client, steps, db):
    url = reverse("troubleshooter:answer", kwargs={"visit_id": uuid.uuid4()})
    assert client.post(url, answer_data(steps[0], "next")).status_code == 404


def test_unknown_answer_is_a_404(client, visit, steps):
    response = client.post(answer_url(visit), {"step": steps[0].key, "choice": "abcdef0123"})
    assertContains(response, SITE_HEADER, status_code=404)


@pytest.mark.django_db(transaction=True)
def test_an_answer_from_another_step_is_a_404(client, visit, steps):
    other = answer_data(steps[1], "next")["choice"]
    response = client.post(answer_url(visit), {"step": steps[0].key, "choice": other})
    assert response.status_code == 404
    assert visit.answers.count() == 0


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"step": "1"},
        {"choice": "1"},
        {"step": "one", "choice": "two"},
        {"step": "-1", "choice": "1"},
        {"step": "1" * 400, "choice": "1"},
        {"step": "1", "choice": "1.5"},
        {"step": "9" * 30, "choice": "9" * 30},
        {"step": "", "choice": ""},
        {"step": "a1b2\x00", "choice": "<script>"},
    ],
)
@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_malformed_answer_is_a_400_with_a_message(client, visit, data, headers):
    response = client.post(answer_url(visit), data, headers=headers)
    assertContains(response, "Choose one of the answer buttons", status_code=400)
    assert visit.answers.count() == 0


def test_missing_csrf_token_is_a_styled_403(visit, steps):
    client = BrowserClient(enforce_csrf_checks=True)
    response = client.post(answer_url(visit), answer_data(steps[0], "next"))
    assertContains(response, "That form has expired", status_code=403)
    assertContains(response, SITE_HEADER, status_code=403)
    assert visit.answers.count() == 0


@pytest.mark.parametrize("name", ["answer", "start_over", "not_fixed"])
def test_get_on_a_post_only_address_is_a_clear_405(client, visit, name):
    response = client.get(reverse(f"troubleshooter:{name}", kwargs={"visit_id": visit.id}))
    assertContains(response, "can't be opened that way", status_code=405)


def test_post_on_a_page_is_a_405(client, visit):
    assert client.post(step_url(visit, 1)).status_code == 405


NOT_FOUND = (404, "We can't find that page")
BAD_REQUEST = (400, "Choose one of the answer buttons to say whether the step helped.")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        # Keys in the right form, but not this step's: the last of repeated values counts.
        ({"step": ["1", "2"], "choice": ["1", "2"]}, NOT_FOUND),
        ({"step": "1e9", "choice": "1"}, NOT_FOUND),
        ({"step": "\x00", "choice": "\x00"}, BAD_REQUEST),
        ({"step": " ", "choice": "0"}, BAD_REQUEST),
    ],
)
@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
@pytest.mark.django_db(transaction=True)
def test_strange_answers_get_a_clear_400_or_404_never_a_500(visit, data, expected, headers):
    status, message = expected
    client = BrowserClient(raise_request_exception=False)
    response = client.post(answer_url(visit), data, headers=headers)
    assertContains(response, message, status_code=status)
    assert visit.answers.count() == 0


def test_a_request_for_another_host_gets_a_400_in_words_without_settings(client, db):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assertContains(response, "This site does not answer to that address.", status_code=400)
    assertNotContains(response, "ALLOWED_HOSTS", status_code=400)
    assertNotContains(response, "evil.example", status_code=400)
