"""Answers posted from many threads at once, each with its own database connection."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from helpdesk.db import write_transaction
from tests.factories import start_visit
from tests.helpers import BrowserClient, answer_data, answer_url, not_fixed
from troubleshooter.models import Answer, Visit

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 16
ROUNDS = 3


def in_own_connection(work):
    """Run work in a thread the way a server thread would, closing its connection."""

    def run(*args):
        try:
            return work(*args)
        finally:
            connection.close()

    return run


def test_answers_from_many_threads_are_each_recorded_once(guide, steps):
    visits = [start_visit(guide) for _ in range(THREADS)]

    @in_own_connection
    def walk(visit):
        # Each thread a visitor of its own, from an address of its own.
        client = BrowserClient(REMOTE_ADDR=f"192.0.2.{visits.index(visit) + 1}")
        statuses = []
        for _ in range(ROUNDS):
            for step in steps:
                response = client.post(answer_url(visit), not_fixed(step))
                statuses.append(response.status_code)
        return statuses

    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(walk, visits))

    assert all(status == 303 for statuses in results for status in statuses)
    assert Answer.objects.count() == THREADS * ROUNDS * len(steps)
    for visit in Visit.objects.all():
        numbers = list(visit.answers.values_list("step_number", flat=True))
        assert numbers == list(range(1, len(steps) + 1)) * ROUNDS
        assert visit.state == Visit.State.FALLBACK
        assert visit.finished_at is not None
        assert visit.current_step_key == steps[-1].key


def test_many_threads_answering_one_visit_leave_it_consistent(guide, steps):
    visit = start_visit(guide)
    # Each thread gives a different answer, so no post repeats the one before it.
    answers = [
        {"step": step.key, "choice": choice.key} for step in steps for choice in step.choices
    ]
    start = threading.Barrier(len(answers))

    @in_own_connection
    def post(data):
        client = BrowserClient()
        start.wait()
        return client.post(answer_url(visit), data).status_code

    with ThreadPoolExecutor(len(answers)) as pool:
        statuses = list(pool.map(post, answers))

    assert statuses == [303] * len(answers)
    visit.refresh_from_db()
    recorded = list(visit.answers.order_by("id"))
    assert len(recorded) == len(answers)
    last = recorded[-1]
    assert (visit.last_choice_key, visit.current_step_key) == (
        last.choice_key,
        last.step_key if last.outcome != "next" else steps[last.step_number].key,
    )
    expected_state = {
        "resolved": Visit.State.FIXED,
        "next": Visit.State.IN_PROGRESS,
        "escalate": Visit.State.FALLBACK,
    }[last.outcome]
    assert visit.state == expected_state
    assert (visit.finished_at is None) == (expected_state == Visit.State.IN_PROGRESS)


@pytest.mark.parametrize("copies", [2, 8])
def test_a_double_submitted_answer_is_recorded_once(guide, steps, copies):
    visit = start_visit(guide)
    client_cookies = BrowserClient()
    same_form = answer_data(steps[0], "next")
    start = threading.Barrier(copies)

    @in_own_connection
    def submit(_):
        client = BrowserClient()
        client.cookies = client_cookies.cookies
        start.wait()
        response = client.post(answer_url(visit), same_form)
        return response.status_code, response["Location"]

    with ThreadPoolExecutor(copies) as pool:
        results = set(pool.map(submit, range(copies)))

    assert results == {(303, f"/visits/{visit.id}/steps/2/")}
    assert Answer.objects.filter(visit=visit).count() == 1
    visit.refresh_from_db()
    assert visit.current_step_key == steps[1].key


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="PostgreSQL writers wait on row locks, not turns"
)
def test_sqlite_writers_of_one_process_take_turns_before_begin(guide):
    """A second writer waits for the first to finish instead of sleeping in SQLite's
    busy handler: with no busy timeout at all it still gets in, after the first."""
    events = []
    first_inside = threading.Event()
    second_waiting = threading.Event()

    @in_own_connection
    def first():
        with write_transaction():
            Visit.objects.filter(pk__isnull=True).update(state="resolved")  # takes the write lock
            events.append("first in")
            first_inside.set()
            second_waiting.wait(timeout=5)
            events.append("first out")

    @in_own_connection
    def second():
        first_inside.wait(timeout=5)
        connection.ensure_connection()
        connection.connection.execute("PRAGMA busy_timeout = 0")
        second_waiting.set()
        with write_transaction():
            events.append("second in")
            Visit.objects.filter(pk__isnull=True).update(state="resolved")

    with ThreadPoolExecutor(2) as pool:
        results = [pool.submit(first), pool.submit(second)]
        for result in results:
            result.result()

    assert events == ["first in", "first out", "second in"]
