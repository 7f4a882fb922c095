"""`manage.py backup` while visitors answer, and `manage.py restore`, which checks first.

Each test runs on the database of the pass: SQLite in one, PostgreSQL in the other."""

import datetime
import os
import re
import resource
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from bench.servers import (
    ROOT,
    Visitor,
    clean_environment,
    gunicorn,
    manage,
    production_env,
    server_database,
)
from helpdesk import backups

SQLITE = connection.vendor == "sqlite"
SUFFIX = backups.SUFFIXES[connection.vendor]
OTHER_KIND = "postgresql" if SQLITE else "sqlite"
GUIDE = "/guides/icloud-photos-not-syncing/"


def site_env() -> dict:
    """Environment for a manage.py process on the test run's own database."""
    name = str(connection.settings_dict["NAME"])
    if SQLITE:
        return clean_environment(SQLITE_PATH=name)
    url = urlsplit(os.environ["DATABASE_URL"])
    return clean_environment(DATABASE_URL=urlunsplit(url._replace(path=f"/{name}")))


def run_manage(env: dict, *args: str, **options) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, **options,
    )  # fmt: skip


@pytest.fixture
def backup_file(db, tmp_path) -> Path:
    """A backup of the test database, made by the command."""
    call_command("backup", "--dir", str(tmp_path), stdout=StringIO())
    [made] = tmp_path.iterdir()
    return made


# Making a backup


def test_a_backup_is_named_for_its_time_and_says_where_it_went_and_its_size(db, tmp_path):
    out = StringIO()
    call_command("backup", "--dir", str(tmp_path / "backups"), stdout=out)
    [made] = (tmp_path / "backups").iterdir()
    assert backups.BACKUP_NAME.fullmatch(made.name)
    assert made.suffix == SUFFIX
    # Password hashes and session keys are in it: for its owner's eyes only.
    assert made.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "backups").stat().st_mode & 0o777 == 0o700
    assert re.match(
        rf"Backing up {re.escape(backups.describe(connection))} to "
        rf"{re.escape(str(tmp_path / 'backups' / made.name))}, started at "
        rf"\d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{{6}} UTC…\n",
        out.getvalue(),
    )
    assert re.search(
        rf"\nBacked up to {re.escape(str(made.resolve()))} \(\d+\.\d KB, \d+\.\d\d s\)\.\n$",
        out.getvalue(),
    )
    backup = backups.read_backup(made)
    assert backup.applied == set(MigrationRecorder(connection).applied_migrations())
    assert backup.migrations() == ([], [])


def test_keep_deletes_all_but_the_newest_dated_backups_of_this_kind(db, tmp_path):
    old = [tmp_path / f"helpdesk-2026-01-0{day}T030000Z{SUFFIX}" for day in range(1, 5)]
    others = [
        tmp_path / "notes.txt",
        tmp_path / f"helpdesk-2026-01-01T030000Z{backups.SUFFIXES[OTHER_KIND]}",
    ]
    for path in old + others:
        path.write_text("")
    out = StringIO()
    call_command("backup", "--dir", str(tmp_path), "--keep", "2", stdout=out)
    new = max(tmp_path.glob(f"helpdesk-*{SUFFIX}"))
    assert sorted(tmp_path.iterdir()) == sorted([old[-1], new, *others])
    assert out.getvalue().endswith("Deleted 3 older backups, keeping the newest 2.\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["{existing}"], r"already exists\. Nothing was written\."),
        (["{tmp}/no/such/folder/copy"], r"There is no folder .*/no/such/folder to write"),
        (["{tmp}/copy", "--keep", "3"], r"--keep goes with --dir"),
        (["--keep", "0"], r"--keep takes how many backups to keep: 1 or more\."),
    ],
)
def test_backup_refuses_in_plain_words(db, tmp_path, args, message):
    existing = tmp_path / "existing"
    existing.write_text("kept")
    args = [arg.format(existing=existing, tmp=tmp_path) for arg in args]
    with pytest.raises(CommandError, match=message):
        call_command("backup", *args, stdout=StringIO())
    assert existing.read_text() == "kept"


def small_files():
    """In a child process: files stop growing at 48 KB, as on a full disk."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (48 * 1024, 48 * 1024))


def test_a_backup_that_does_not_fit_fails_in_plain_words_and_leaves_nothing(db, tmp_path):
    result = run_manage(site_env(), "backup", "--dir", str(tmp_path), preexec_fn=small_files)
    assert result.returncode == 1
    assert result.stderr.startswith("CommandError: ")
    assert "Traceback" not in result.stderr
    assert re.search(r"The backup to .+ failed: |pg_dump could not back up ", result.stderr)
    assert list(tmp_path.iterdir()) == []


# Restore refuses what it cannot bring back, before changing anything


def refused(path: Path, message: str) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(path), "--no-input", stdout=StringIO())


def test_restore_refuses_a_missing_file(db, tmp_path):
    refused(tmp_path / "nothing-here", r"There is no file .*nothing-here\.")


def test_restore_refuses_a_file_that_is_not_a_backup(db, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("Backups go to /var/backups/helpdesk\n")
    refused(notes, r"is not a helpdesk backup: it is neither a SQLite database nor a pg_dump file")


def test_restore_refuses_a_backup_of_the_other_kind_of_database(db, tmp_path):
    other = tmp_path / f"other{backups.SUFFIXES[OTHER_KIND]}"
    other.write_bytes(backups.HEADERS[OTHER_KIND] + bytes(4096))
    refused(
        other,
        rf"is a {backups.KIND_NAMES[OTHER_KIND]} backup, but this site uses "
        rf"{backups.KIND_NAMES[connection.vendor]}\. Nothing was restored\.",
    )


def damage(path: Path) -> None:
    """SQLite: scribble over every page's cell pointers. pg_dump: lose the second half."""
    data = bytearray(path.read_bytes())
    if SQLITE:
        for page in range(4096, len(data), 4096):
            data[page + 8 : page + 200] = b"\xff" * 192
    else:
        del data[len(data) // 2 :]
    path.write_bytes(bytes(data))


def test_restore_refuses_a_damaged_backup(backup_file):
    damage(backup_file)
    refused(backup_file, r"is damaged and cannot be restored: .+\. Nothing was restored\.")


@pytest.mark.skipif(not SQLITE, reason="a SQLite database of another application")
def test_restore_refuses_a_sqlite_database_that_is_not_helpdesks(db, tmp_path):
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as database:
        database.execute("CREATE TABLE notes (text)")
    refused(other, r"is a SQLite database, but not one of helpdesk's")


LATEST = MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes("troubleshooter")[0]


def backup_with_migrations(path: Path, applied=(), unapplied=()) -> None:
    """A backup of the test database whose migrations table says otherwise, then put right."""
    recorder = MigrationRecorder(connection)
    for migration in applied:
        recorder.record_applied(*migration)
    for migration in unapplied:
        recorder.record_unapplied(*migration)
    try:
        call_command("backup", str(path), stdout=StringIO())
    finally:
        for migration in applied:
            recorder.record_unapplied(*migration)
        for migration in unapplied:
            recorder.record_applied(*migration)


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_backup_from_newer_code(tmp_path):
    newer = tmp_path / f"newer{SUFFIX}"
    backup_with_migrations(newer, applied=[("troubleshooter", "0099_from_a_newer_version")])
    refused(
        newer,
        r"was made by a newer version of helpdesk: it has migrations this code does not "
        r"know \(troubleshooter\.0099_from_a_newer_version\)\. Update the code first",
    )


@pytest.mark.django_db(transaction=True)
def test_a_backup_older_than_the_code_passes_and_lists_its_migrations_to_apply(tmp_path):
    older = tmp_path / f"older{SUFFIX}"
    backup_with_migrations(older, unapplied=[LATEST])
    assert backups.read_backup(older).migrations() == ([], [".".join(LATEST)])


def test_restore_asks_first_and_changes_nothing_unless_told_yes(backup_file, monkeypatch):
    asked = []
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or "no")
    out = StringIO()
    call_command("restore", str(backup_file), stdout=out)
    assert asked[0].startswith(f"This replaces everything in {backups.describe(connection)}")
    assert "Stop the servers first." in asked[0]
    assert out.getvalue() == "Restore cancelled. Nothing changed.\n"


# A backup while visitors answer, restored into a new database

WRITERS = 2
FILLER_VISITS = 30_000  # copies of one walk, so that the copy takes a while


def learn_forms(port: int) -> list[dict]:
    """Walk one visit to the fallback page; the "not fixed" form of each step."""
    visitor = Visitor()
    visitor.request(port, "GET", GUIDE)
    response, _ = visitor.request(port, "POST", f"{GUIDE}start/", form={})
    forms = []
    while (location := response.headers["Location"]).endswith(f"/steps/{len(forms) + 1}/"):
        _, page = visitor.request(port, "GET", location)
        outcome = "next" if 'data-outcome="next"' in page else "escalate"
        forms.append(visitor.answer_form(page, outcome))
        answer = location.replace(f"steps/{len(forms)}/", "answer/")
        response, _ = visitor.request(port, "POST", answer, form=forms[-1])
    assert location.endswith("/more-help/")
    return forms


def fill(database: dict, copies: int) -> None:
    """Copy the answers there are `copies` times, straight in SQL, before the writers start."""
    statement = (
        "WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq "
        f"WHERE n < {copies}) INSERT INTO troubleshooter_answer (visit_id, step_key, "
        "choice_key, step_title, step_number, choice_label, outcome, answered_at, seconds) "
        "SELECT visit_id, step_key, choice_key, step_title, step_number, choice_label, "
        "outcome, answered_at, seconds FROM troubleshooter_answer, seq"
    )
    if url := database.get("DATABASE_URL"):
        with psycopg.connect(url, autocommit=True) as db:
            db.execute(statement)
    else:
        with sqlite3.connect(database["SQLITE_PATH"], timeout=20) as db:
            db.execute(statement)


def answers_in(database: dict) -> set[tuple[str, int]]:
    """(visit id, step number) of every answer recorded."""
    query = "SELECT DISTINCT visit_id, step_number FROM troubleshooter_answer"
    if url := database.get("DATABASE_URL"):
        with psycopg.connect(url) as db:
            rows = db.execute(query).fetchall()
    else:
        with sqlite3.connect(database["SQLITE_PATH"]) as db:
            rows = db.execute(query).fetchall()
    return {(uuid.UUID(str(visit)).hex, number) for visit, number in rows}


class Writers:
    """Visitors walking the guide on their own threads, each answer noted once the
    server has acknowledged it (its 303), with when."""

    def __init__(self, port: int, forms: list[dict]):
        self.port, self.forms = port, forms
        self.acknowledged: list[tuple[float, tuple[str, int]]] = []
        self.failures: list[str] = []
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self.walk) for _ in range(WRITERS)]

    def walk(self):
        visitor = Visitor()
        visitor.request(self.port, "GET", GUIDE)
        while not self.stopping.is_set():
            response, _ = visitor.request(self.port, "POST", f"{GUIDE}start/", form={})
            visit = re.search(r"/visits/([0-9a-f-]+)/", response.headers["Location"]).group(1)
            for number, form in enumerate(self.forms, start=1):
                response, _ = visitor.request(
                    self.port, "POST", f"/visits/{visit}/answer/", form=form
                )
                if response.status != 303:
                    self.failures.append(f"answer {number} of {visit}: {response.status}")
                    return
                self.acknowledged.append((time.time(), (uuid.UUID(visit).hex, number)))

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=60)

    def wait_for(self, count: int):
        deadline = time.monotonic() + 60
        while len(self.acknowledged) < count and not self.failures:
            assert time.monotonic() < deadline, "the writers did not get going"
            time.sleep(0.05)

    def between(self, start: float, end: float) -> set[tuple[str, int]]:
        return {answer for moment, answer in list(self.acknowledged) if start <= moment < end}


@pytest.mark.slow
def test_a_backup_under_load_holds_every_answer_acknowledged_before_it_began(tmp_path):
    url = os.environ.get("DATABASE_URL")
    kind = "PostgreSQL" if url else "SQLite"
    with (
        server_database(tmp_path, url, "backup") as live,
        server_database(tmp_path, url, "backup_restored") as restored,
    ):
        # gunicorn as in production, with DEBUG on only so that pages need no collectstatic.
        env = {**production_env(tmp_path, live), "DJANGO_DEBUG": "1", "HELPDESK_RATE_LIMITS": "0"}
        manage(env, "migrate", "--no-input")
        copy = tmp_path / f"under-load{backups.SUFFIXES['postgresql' if url else 'sqlite']}"
        with gunicorn(env) as port:
            forms = learn_forms(port)
            fill(live, FILLER_VISITS)
            with Writers(port, forms) as writers:
                writers.wait_for(100)
                backup = subprocess.Popen(
                    [sys.executable, "manage.py", "backup", str(copy)],
                    cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                )  # fmt: skip
                # Its first line says when it started, before it starts copying: an
                # answer acknowledged by then was saved before the copy began.
                said = backup.stdout.readline()
                out, errors = backup.communicate(timeout=300)
                returned = time.time()
                writers.wait_for(len(writers.acknowledged) + 50)
        assert backup.returncode == 0, errors
        began = datetime.datetime.strptime(
            re.search(r"started at (.+) UTC…$", said).group(1) + "+0000", "%Y-%m-%d %H:%M:%S.%f%z"
        ).timestamp()
        assert not writers.failures

        restore = run_manage(production_env(tmp_path, restored), "restore", str(copy), "--no-input")
        assert restore.returncode == 0, restore.stderr
        assert restore.stdout.endswith("Start the servers again.\n")
        found = answers_in(restored)
        before = writers.between(0, began)
        during = writers.between(began, returned)
        assert before <= found
        # The writers went on while the backup ran, and wrote after it.
        assert during
        assert writers.between(returned, time.time()) - found
        if not url:
            with sqlite3.connect(restored["SQLITE_PATH"]) as database:
                assert database.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        checked = run_manage(production_env(tmp_path, restored), "migrate", "--check")
        assert checked.returncode == 0, checked.stdout + checked.stderr

    print(
        f"\n{kind}: {len(before & found)} of {len(before)} answers acknowledged before the "
        f"backup began found after restoring it; {len(during & found)} of {len(during)} "
        f"acknowledged while it ran. {out.strip()}"
    )
