"""Limits for the open internet: request bodies refused unread, a visit's answers
bounded, and visitors' writes limited per address and minute."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import live_steps, published_guide
from tests.helpers import HTMX, BrowserClient, answer_data, answer_url, not_fixed
from tests.test_security import run_manage
from troubleshooter import limits
from troubleshooter.models import Answer, ClientWrites, Feedback, Guide, GuideVersion, Visit

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
    assert response["HX-Reswap"] == "innerHTML show:top"
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
    assert Visit.most_moves(GuideVersion.objects.compiled(visit.version_id)) == 4 * len(steps) + 10


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
    # The next answer round the guide: a new one, not the last sent again.
    next_answer = not_fixed(steps[most % len(steps)])
    response = client.post(answer_url(visit), next_answer, headers=headers)
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


# Visitors' writes per address and minute


@pytest.fixture
def clock(monkeypatch) -> list[float]:
    """The limits' clock, held 10 s into a minute until a test moves it on."""
    moment = [60 * 29_000_000 + 10.0]
    monkeypatch.setattr(limits, "now", lambda: moment[0])
    return moment


def start_from(address: str, headers=None):
    return BrowserClient(REMOTE_ADDR=address).post(GUIDE_START, headers=headers or {})


def test_the_limits_by_default(settings):
    assert settings.VISITOR_WRITES_PER_MINUTE == {"start": 30, "answer": 120, "search": 20}


# A refused write rolls its transaction back: each test needs its own.
@pytest.mark.django_db(transaction=True)
def test_a_flood_of_starts_is_cut_to_the_limit_and_writes_nothing_more(guide, clock):
    statuses = [start_from("127.0.0.1").status_code for _ in range(40)]
    assert statuses == [303] * 30 + [429] * 10
    assert Visit.objects.count() == 30
    # Another address is unaffected.
    assert start_from("192.0.2.7").status_code == 303
    assert Visit.objects.count() == 31


@pytest.mark.django_db(transaction=True)
def test_over_the_limit_is_a_plain_429_page_with_retry_after(guide, clock):
    for _ in range(30):
        start_from("127.0.0.1")
    response = start_from("127.0.0.1")
    assertContains(response, "You're going too fast", status_code=429)
    assertContains(response, "Wait a minute", status_code=429)
    assertContains(response, f'href="{guide.get_absolute_url()}"', status_code=429)
    assert response.content.lstrip().startswith(b"<!doctype html>")
    assert response["Retry-After"] == "50"


@pytest.mark.django_db(transaction=True)
def test_over_the_limit_with_htmx_is_a_line_above_the_screen(guide, clock):
    for _ in range(30):
        start_from("127.0.0.1", HTMX)
    response = start_from("127.0.0.1", HTMX)
    assertContains(response, "going too fast, so that was not saved", status_code=429)
    assertNotContains(response, "<html", status_code=429)
    assert response["HX-Retarget"] == "#notice"
    assert response["HX-Reswap"] == "innerHTML show:top"
    assert response["Retry-After"] == "50"
    assert Visit.objects.count() == 30


@pytest.mark.django_db(transaction=True)
def test_the_limit_is_per_minute(guide, clock):
    for _ in range(31):
        start_from("127.0.0.1")
    clock[0] += 49
    assert start_from("127.0.0.1").status_code == 429
    clock[0] += 1  # the next minute
    assert {start_from("127.0.0.1").status_code for _ in range(30)} == {303}
    assert start_from("127.0.0.1").status_code == 429


def cycle(client, visit, steps, headers=None) -> list[int]:
    """Answer "not fixed", say why at length, start over: the loop seen in the wild."""
    data = {"tried_step": steps[0].key, "comment": "x" * 500}
    return [
        client.post(answer_url(visit), not_fixed(steps[0]), headers=headers).status_code,
        client.post(feedback_url(visit), data, headers=headers).status_code,
        client.post(start_over_url(visit), headers=headers).status_code,
    ]


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
@pytest.mark.django_db(transaction=True)
def test_answers_feedback_and_start_overs_share_one_limit(
    client, visit, steps, clock, settings, headers
):
    settings.VISITOR_WRITES_PER_MINUTE = {"start": 30, "answer": 12}
    statuses = [status for _ in range(6) for status in cycle(client, visit, steps, headers)]
    ok = 303 if not headers else 200
    assert statuses[:12] == [ok, ok, ok] * 4
    assert statuses[12:] == [429] * 6
    assert visit.answers.count() == 4
    assert Feedback.objects.count() == 4
    visit.refresh_from_db()
    assert (visit.answer_count, visit.start_over_count) == (4, 4)
    # Starting a guide is counted apart.
    assert client.post(GUIDE_START).status_code == 303


@pytest.mark.django_db(transaction=True)
def test_a_quick_visitor_walking_several_guides_never_meets_the_limit(client, guide, clock):
    guides = [guide, *(published_guide(*[f"Fix {n}" for n in range(1, 8)]) for _ in range(3))]
    for walked in guides:
        response = client.post(reverse("troubleshooter:start", kwargs={"slug": walked.slug}))
        assert response.status_code == 303
        visit = Visit.objects.get(pk=response["Location"].split("/")[2])
        for step in live_steps(walked):
            assert client.post(answer_url(visit), not_fixed(step)).status_code == 303
            data = {"tried_step": step.key, "reason": "no_change"}
            assert client.post(feedback_url(visit), data).status_code == 303
        assert client.post(start_over_url(visit)).status_code == 303
    assert Answer.objects.count() == sum(len(live_steps(walked)) for walked in guides)


@pytest.mark.django_db(transaction=True)
def test_the_limits_switched_off_let_a_flood_through(guide, clock, settings):
    settings.VISITOR_WRITES_PER_MINUTE = {}
    assert {start_from("127.0.0.1").status_code for _ in range(40)} == {303}
    assert not ClientWrites.objects.exists()


def manage_settings(**env) -> str:
    result = run_manage(
        "shell", "-v", "0", "-c",
        "from django.conf import settings; print(settings.VISITOR_WRITES_PER_MINUTE)",
        **env,
    )  # fmt: skip
    return result.stdout.strip() + result.stderr.strip()


def test_an_environment_variable_switches_the_limits_off_or_raises_them():
    assert manage_settings(HELPDESK_RATE_LIMITS="0") == "{}"
    raised = manage_settings(HELPDESK_STARTS_PER_MINUTE="300", HELPDESK_ANSWERS_PER_MINUTE="900")
    assert raised == "{'start': 300, 'answer': 900, 'search': 20}"
    refused = manage_settings(HELPDESK_ANSWERS_PER_MINUTE="lots")
    assert "HELPDESK_ANSWERS_PER_MINUTE must be a whole number" in refused
    assert "Traceback" not in refused


def test_clients_not_seen_for_a_minute_are_forgotten(db):
    ClientWrites.objects.count_write("start 192.0.2.1", 100, 30)
    ClientWrites.objects.count_write("start 192.0.2.2", 101, 30)
    ClientWrites.objects.prune(101)
    assert list(ClientWrites.objects.values_list("client", flat=True)) == ["start 192.0.2.2"]


@pytest.mark.django_db(transaction=True)
def test_every_so_many_writes_the_clients_of_past_minutes_are_forgotten(guide, clock, monkeypatch):
    monkeypatch.setattr(limits, "PRUNE_EVERY", 3)
    ClientWrites.objects.create(client="start 192.0.2.1", minute=100, writes=1)
    start_from("127.0.0.1")
    start_from("127.0.0.1")
    assert ClientWrites.objects.count() == 2
    start_from("127.0.0.1")
    assert list(ClientWrites.objects.values_list("client", flat=True)) == ["start 127.0.0.1"]


def test_a_count_is_one_statement_that_stops_at_the_limit(db, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert ClientWrites.objects.count_write("answer 192.0.2.1", 100, 2)
    assert ClientWrites.objects.count_write("answer 192.0.2.1", 100, 2)
    assert not ClientWrites.objects.count_write("answer 192.0.2.1", 100, 2)
    assert ClientWrites.objects.get().writes == 2
    assert ClientWrites.objects.count_write("answer 192.0.2.1", 101, 2)
    assert ClientWrites.objects.get().writes == 1


# Whose address


def request_from(rf, address: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": address}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return rf.post("/", **extra)


@pytest.mark.parametrize(
    ("address", "counted_as"),
    [
        ("127.0.0.1", "127.0.0.1"),
        ("203.0.113.9", "203.0.113.9"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff::1", "2001:db8:1:2::/64"),
        ("::ffff:203.0.113.9", "203.0.113.9"),
        ("", ""),
    ],
)
def test_an_address_is_counted_alone_and_ipv6_by_its_64(rf, address, counted_as):
    assert limits.client_address(request_from(rf, address)) == counted_as


def test_x_forwarded_for_is_ignored_unless_behind_the_proxy(rf, settings):
    settings.BEHIND_PROXY = False
    request = request_from(rf, "203.0.113.9", "198.51.100.1")
    assert limits.client_address(request) == "203.0.113.9"


def test_behind_the_proxy_the_address_it_added_counts(rf, settings):
    settings.BEHIND_PROXY = True
    # A client may send its own X-Forwarded-For; the proxy adds the address it saw last.
    request = request_from(rf, "127.0.0.1", "10.0.0.1, 198.51.100.1")
    assert limits.client_address(request) == "198.51.100.1"
    assert limits.client_address(request_from(rf, "127.0.0.1")) == "127.0.0.1"
