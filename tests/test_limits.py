"""Limits for the open internet: request bodies refused unread."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from tests.helpers import HTMX, answer_data, answer_url, not_fixed
from troubleshooter.models import Feedback, Guide, GuideVersion, Visit

GUIDE_START = "/guides/icloud-photos-not-syncing/start/"
IMPORT_URL = "/admin/troubleshooter/guide/import/"


def feedback_url(visit: Visit) -> str:
    return reverse("troubleshooter:feedback", kwargs={"visit_id": visit.id})


# Request bodies


class RecordingUploadHandler(FileUploadHandler):
    """Notes every file Django starts to read from a multipart body."""

    files: list[str] = []

    def new_file(self, field_name, file_name, *args, **kwargs):
        self.files.append(file_name)
        super().new_file(field_name, file_name, *args, **kwargs)

    def receive_data_chunk(self, raw_data, start):
        return raw_data

    def file_complete(self, file_size):
        return None


@pytest.fixture
def recorded_uploads(settings):
    RecordingUploadHandler.files = []
    settings.FILE_UPLOAD_HANDLERS = [f"{__name__}.RecordingUploadHandler"]
    return RecordingUploadHandler.files


def anonymous_with_csrf_cookie(guide) -> Client:
    """What anyone can be: the CSRF cookie from a page, no token, no session."""
    client = Client(enforce_csrf_checks=True)
    client.get(guide.get_absolute_url())
    return client


def upload(size: int) -> SimpleUploadedFile:
    return SimpleUploadedFile("big.bin", b"\0" * size, "application/octet-stream")


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_a_multipart_body_to_a_visitors_page_is_refused_unread(guide, recorded_uploads, headers):
    client = anonymous_with_csrf_cookie(guide)
    response = client.post(GUIDE_START, {"file": upload(100_000)}, headers=headers)
    # Refused before the CSRF check could read the form: a 400 in plain words, not a 403.
    assertContains(response, "take no files or uploads", status_code=400)
    assert recorded_uploads == []
    assert not Visit.objects.exists()


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_a_multipart_answer_is_refused_and_writes_nothing(client, visit, steps, headers):
    response = client.post(
        answer_url(visit), {**answer_data(steps[0], "next"), "file": upload(10)}, headers=headers
    )
    assertContains(response, "take no files or uploads", status_code=400)
    assert not visit.answers.exists()


def test_a_huge_declared_body_is_refused_from_its_headers(guide, recorded_uploads):
    """200 MB declared: the answer comes from the headers; nothing reads the body."""
    client = anonymous_with_csrf_cookie(guide)
    response = client.post(GUIDE_START, {"file": upload(10)}, CONTENT_LENGTH=str(200 * 2**20))
    assertContains(response, "take no files or uploads", status_code=400)
    response = client.generic(
        "POST",
        GUIDE_START,
        b"csrfmiddlewaretoken=x",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(200 * 2**20),
    )
    assertContains(response, "That was too large to send", status_code=413)
    assert recorded_uploads == []
    assert not Visit.objects.exists()


def long_comment(visit, steps) -> dict:
    return {"tried_step": steps[0].key, "comment": "x" * 20_000}


def answered_no(client, visit, steps) -> None:
    client.post(answer_url(visit), not_fixed(steps[0]))


def test_a_body_over_the_visitor_limit_is_a_plain_413(client, visit, steps):
    answered_no(client, visit, steps)
    response = client.post(feedback_url(visit), long_comment(visit, steps))
    assertContains(response, "That was too large to send", status_code=413)
    assertContains(response, "A comment can be up to 500 characters", status_code=413)
    assert not Feedback.objects.exists()


def test_a_body_over_the_visitor_limit_with_htmx_is_a_line_above_the_screen(client, visit, steps):
    answered_no(client, visit, steps)
    response = client.post(feedback_url(visit), long_comment(visit, steps), headers=HTMX)
    assertContains(response, "A comment can be up to 500 characters", status_code=413)
    assertNotContains(response, "<html", status_code=413)
    assert response["HX-Retarget"] == "#notice"
    assert response["HX-Reswap"] == "innerHTML"
    assert not Feedback.objects.exists()


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_the_longest_comment_in_any_script_fits_under_the_limit(client, visit, steps, headers):
    answered_no(client, visit, steps)
    comment = "🙂" * Feedback.COMMENT_LIMIT  # four bytes each, sent as 12 characters
    data = {"tried_step": steps[0].key, "comment": comment}
    response = client.post(feedback_url(visit), data, headers=headers)
    assert response.status_code in (200, 303)
    assert Feedback.objects.get().comment == comment


def test_every_visitor_page_carries_the_empty_notice_area(client, guide):
    assertContains(client.get(guide.get_absolute_url()), '<div id="notice"')


def test_htmx_swaps_clear_the_notice_area(client, guide):
    response = client.get(guide.get_absolute_url(), headers=HTMX)
    assertContains(response, '<div id="notice" hx-swap-oob="innerHTML"></div>')


# Staff pages keep their own, larger limit


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.mark.django_db
def test_the_staff_import_still_takes_a_900_kb_upload(editor_client, recorded_uploads, settings):
    settings.FILE_UPLOAD_HANDLERS = ["django.core.files.uploadhandler.MemoryFileUploadHandler"]
    text = "# Nine hundred\n\n## Step\n\n" + "word " * 180_000
    article = SimpleUploadedFile("long.md", text.encode(), "text/markdown")
    assert 900_000 < article.size < 1_000_000
    response = editor_client.post(IMPORT_URL, {"file": article})
    assert response.status_code == 302
    assert Guide.objects.filter(title="Nine hundred").exists()


@pytest.mark.django_db
def test_a_staff_body_over_the_staff_limit_is_refused_unread(
    editor_client, recorded_uploads, settings
):
    settings.STAFF_BODY_LIMIT = 50_000
    response = editor_client.post(IMPORT_URL, {"file": upload(60_000)})
    assertContains(response, "An article to import must be under 1 MB", status_code=413)
    assert recorded_uploads == []


@pytest.mark.django_db
def test_an_anonymous_upload_to_the_admin_sign_in_meets_the_staff_limit(recorded_uploads, settings):
    settings.STAFF_BODY_LIMIT = 50_000
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("admin:login"))
    response = client.post(reverse("admin:login"), {"file": upload(60_000)})
    assert response.status_code == 413
    assert recorded_uploads == []


# A visit holds a bounded number of answers and start-overs


def start_over_url(visit: Visit) -> str:
    return reverse("troubleshooter:start_over", kwargs={"visit_id": visit.id})


def test_a_visit_holds_four_walks_of_its_guide_and_some(visit, steps):
    assert Visit.most_moves(GuideVersion.objects.compiled(visit.version_id)) == 4 * 7 + 10


# A refused write rolls its transaction back: each test needs its own.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_answers_past_the_visits_bound_are_refused_and_write_nothing(client, visit, steps, headers):
    most = 4 * len(steps) + 10
    for number in range(most):  # round and round the guide, every answer a new one
        response = client.post(answer_url(visit), not_fixed(steps[number % len(steps)]))
        assert response.status_code == 303
    visit.refresh_from_db()
    before = (visit.answer_count, visit.state, visit.current_step_key, visit.moved_at)
    response = client.post(answer_url(visit), not_fixed(steps[0]), headers=headers)
    assertContains(response, "This visit is full", status_code=409)
    assertContains(response, f"up to {most} answers", status_code=409)
    assertContains(response, f'href="{visit.guide.get_absolute_url()}"', status_code=409)
    assert response.content.lstrip().startswith(b"<!doctype html>") == (not headers)
    assert visit.answers.count() == most
    visit.refresh_from_db()
    assert (visit.answer_count, visit.state, visit.current_step_key, visit.moved_at) == before


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_start_overs_past_the_visits_bound_are_refused_and_write_nothing(
    client, visit, steps, headers
):
    client.post(answer_url(visit), not_fixed(steps[0]))
    Visit.objects.filter(pk=visit.pk).update(start_over_count=4 * len(steps) + 10)
    response = client.post(start_over_url(visit), headers=headers)
    assertContains(response, "This visit is full", status_code=409)
    visit.refresh_from_db()
    assert visit.current_step_key == steps[1].key


def test_a_repeated_answer_on_a_full_visit_still_counts_once(client, visit, steps):
    client.post(answer_url(visit), not_fixed(steps[0]))
    Visit.objects.filter(pk=visit.pk).update(answer_count=4 * len(steps) + 10)
    # A double tap of the answer just given writes nothing, so nothing is refused.
    assert client.post(answer_url(visit), not_fixed(steps[0])).status_code == 303
    assert visit.answers.count() == 1


def test_answers_and_start_overs_are_counted(client, visit, steps):
    client.post(answer_url(visit), not_fixed(steps[0]))
    client.post(answer_url(visit), not_fixed(steps[1]))
    client.post(start_over_url(visit))
    visit.refresh_from_db()
    assert (visit.answer_count, visit.start_over_count) == (2, 1)
