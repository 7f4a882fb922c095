"""A database that can't be written: /healthz says so, visitors get a plain 503 page
that keeps their step and lets them send the same answer again, and the site
recovers by itself once the database takes writes again."""

import contextlib
import time

import psycopg
import pytest
from django.db import connection
from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import start_visit
from tests.helpers import HTMX, answer_data, answer_url, not_fixed
from troubleshooter.models import Answer, Visit

SAVE_LATER = "We can't save your answer right now; please try again in a minute."


@contextlib.contextmanager
def sqlite_refusing_writes():
    """The test database (SQLite, in memory) refusing every write, as a read-only file
    or a full disk does."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA query_only = ON")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA query_only = OFF")


needs_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="PRAGMA query_only is SQLite's; see the PostgreSQL twin"
)
# The failed write rolls back the request's transaction, which in a test wrapped in one
# would be the test's own.
pytestmark = pytest.mark.django_db(transaction=True)


@needs_sqlite
def test_healthz_is_503_while_the_database_refuses_writes(client):
    with sqlite_refusing_writes():
        response = client.get("/healthz")
    assert (response.status_code, response.content) == (503, b"unavailable\n")
    assert client.get("/healthz").status_code == 200


@needs_sqlite
def test_an_answer_that_cannot_be_saved_gets_a_503_page_to_send_it_again(client, visit, steps):
    data = answer_data(steps[0], "next")
    with sqlite_refusing_writes():
        response = client.post(answer_url(visit), data)
    assertContains(response, SAVE_LATER, status_code=503)
    assert response["Retry-After"] == "60"
    # The same answer, ready to send again from the page.
    assertContains(response, f'action="{answer_url(visit)}"', status_code=503)
    for name, value in data.items():
        assertContains(response, f'name="{name}" value="{value}"', status_code=503)
    assertNotContains(response, "OperationalError", status_code=503)
    assert not Answer.objects.filter(visit=visit).exists()
    assert client.post(answer_url(visit), data).status_code == 303


@needs_sqlite
def test_with_htmx_the_step_stays_and_a_notice_appears_above_it(client, visit, steps):
    with sqlite_refusing_writes():
        response = client.post(answer_url(visit), not_fixed(steps[0]), headers=HTMX)
    assertContains(response, SAVE_LATER, status_code=503)
    assert response["HX-Retarget"] == "#notice"
    assert response["HX-Reswap"] == "innerHTML"
    assertNotContains(response, "<main", status_code=503)
    assert not Answer.objects.filter(visit=visit).exists()


@needs_sqlite
def test_a_start_that_cannot_be_saved_writes_nothing(client, guide):
    with sqlite_refusing_writes():
        response = client.post(f"{guide.get_absolute_url()}start/")
    assertContains(response, "We can't start the guide right now;", status_code=503)
    assertContains(response, "Try again</button>", status_code=503)
    assert not Visit.objects.exists()


@needs_sqlite
def test_a_page_that_cannot_be_read_gets_a_try_again_link(client, visit, monkeypatch):
    url = f"/visits/{visit.id}/steps/1/"
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE troubleshooter_visit RENAME TO troubleshooter_visit_gone")
    try:
        response = client.get(url)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE troubleshooter_visit_gone RENAME TO troubleshooter_visit")
    assertContains(response, "please try again in a minute", status_code=503)
    assertContains(response, f'href="{url}"', status_code=503)


# PostgreSQL: the database made read-only and writable again while the site runs.

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="ALTER DATABASE … read-only is PostgreSQL's"
)


@contextlib.contextmanager
def postgresql_read_only():
    """The test database read-only for every new session, as an operator or a failover
    makes it; writable again afterwards."""
    settings = connection.settings_dict
    admin = psycopg.connect(
        dbname="postgres",
        user=settings["USER"],
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        password=settings["PASSWORD"] or None,
        autocommit=True,
    )
    name = psycopg.sql.Identifier(settings["NAME"])
    alter = "ALTER DATABASE {} SET default_transaction_read_only = {}"
    admin.execute(psycopg.sql.SQL(alter).format(name, psycopg.sql.SQL("on")))
    connection.close()  # the app's next request opens a session that is read-only
    try:
        yield
    finally:
        admin.execute(psycopg.sql.SQL(alter).format(name, psycopg.sql.SQL("off")))
        admin.close()


@needs_postgresql
def test_postgresql_read_only_gives_503s_and_the_site_recovers_without_a_restart(
    client, guide, steps
):
    visit = start_visit(guide)
    data = answer_data(steps[0], "next")
    with postgresql_read_only():
        assert client.get("/healthz").status_code == 503
        response = client.post(answer_url(visit), data)
        assertContains(response, SAVE_LATER, status_code=503)
    writable_again = time.monotonic()
    assert client.post(answer_url(visit), data).status_code == 303
    assert client.get("/healthz").status_code == 200
    assert time.monotonic() - writable_again < 5
    assert Answer.objects.filter(visit=visit).count() == 1
