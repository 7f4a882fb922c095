"""`manage.py backup`: a dated copy of the database, or a plain word why not.

Each test runs on the database of the pass: SQLite in one, PostgreSQL in the other."""

import os
import re
import resource
import signal
import subprocess
import sys
from io import StringIO
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from bench.servers import ROOT, clean_environment
from helpdesk import backups

SQLITE = connection.vendor == "sqlite"
SUFFIX = backups.SUFFIXES[connection.vendor]
OTHER_KIND = "postgresql" if SQLITE else "sqlite"


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


# Making a backup


def test_a_backup_is_named_for_its_time_and_says_where_it_went_and_its_size(db, tmp_path):
    out = StringIO()
    call_command("backup", "--dir", str(tmp_path / "backups"), stdout=out)
    [made] = (tmp_path / "backups").iterdir()
    assert backups.BACKUP_NAME.fullmatch(made.name)
    assert made.suffix == SUFFIX
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
