"""Backups of the running database.

SQLite is copied through its online backup API in one step: one read transaction,
so the copy is the database as it stood at one moment while the servers go on
writing (WAL lets them). PostgreSQL is copied by pg_dump, which reads one snapshot
too. A backup is written under a temporary name, checked, and only then given its
own name, so a file with a backup's name is always a whole backup.

Every problem an operator can meet (no such folder, a full disk, a missing
pg_dump) is a CommandError in plain words, never a traceback.
"""

import datetime
import os
import re
import signal
import sqlite3
import subprocess
from pathlib import Path

from django.core.management.base import CommandError
from django.db import Error as DatabaseError
from django.db import connections

SUFFIXES = {"sqlite": ".sqlite3", "postgresql": ".pgdump"}
BACKUP_NAME = re.compile(r"helpdesk-\d{4}-\d{2}-\d{2}T\d{6}Z\.(sqlite3|pgdump)")


def site_database():
    """The site's database connection, SQLite or PostgreSQL."""
    connection = connections["default"]
    if connection.vendor not in SUFFIXES:
        raise CommandError(f"Backups work with SQLite and PostgreSQL, not {connection.vendor}.")
    if connection.vendor == "sqlite" and _sqlite_in_memory(connection.settings_dict["NAME"]):
        raise CommandError("The database is in memory: there is no file to back up.")
    return connection


def _sqlite_in_memory(name) -> bool:
    return str(name) == ":memory:" or "mode=memory" in str(name)


def describe(connection) -> str:
    """The site's database in an operator's words."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"the SQLite database {Path(settings['NAME']).resolve()}"
    host = settings.get("HOST") or "the local server"
    return f"the PostgreSQL database {settings['NAME']} on {host}"


def human_size(size: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    raise AssertionError("unreachable")


# Making a backup


def backup_name(vendor: str, now: datetime.datetime) -> str:
    """helpdesk-2026-11-29T143005Z.sqlite3: names sort in the order the backups were made."""
    utc = now.astimezone(datetime.timezone.utc)
    return f"helpdesk-{utc:%Y-%m-%dT%H%M%SZ}{SUFFIXES[vendor]}"


def back_up(target: Path) -> None:
    """Write a consistent copy of the site's database to target, which must not exist."""
    connection = site_database()
    if target.exists():
        raise CommandError(f"{target} already exists. Nothing was written.")
    if not target.parent.is_dir():
        raise CommandError(f"There is no folder {target.parent} to write the backup in.")
    partial = target.with_name(f".{target.name}.partial")
    try:
        if connection.vendor == "sqlite":
            _copy_sqlite(Path(connection.settings_dict["NAME"]), partial)
        else:
            _dump_postgres(connection, partial)
        _sync(partial)
        os.replace(partial, target)
        _sync(target.parent)
    except OSError as error:
        raise CommandError(_failed(target, error.strerror or error)) from None
    finally:
        partial.unlink(missing_ok=True)


def _failed(target: Path, problem) -> str:
    return f"The backup to {target.parent} failed: {problem}. Nothing was kept."


def _sync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot change the file, nor make an empty one where none was."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=20)


def _copy_sqlite(database: Path, partial: Path) -> None:
    if not database.is_file():
        raise CommandError(f"There is no database at {database}: nothing to back up.")
    try:
        source = _read_only(database)
        try:
            copy = sqlite3.connect(partial)
            try:
                # All pages in one step: one read transaction, one moment. (Copying in
                # steps would start again whenever a server wrote in between.)
                source.backup(copy, pages=-1)
                # One self-contained file: no -wal beside it to forget.
                copy.execute("PRAGMA journal_mode=DELETE")
                problems = _integrity_problems(copy)
            finally:
                copy.close()
        finally:
            source.close()
    except sqlite3.Error as error:
        raise CommandError(_failed(partial, f'SQLite says "{error}"')) from None
    if problems:
        raise CommandError(
            "The copy failed SQLite's integrity check, so it was not kept: "
            + "; ".join(problems)
            + ". Run the backup again; if this repeats, check the live database with "
            "`sqlite3 <file> 'PRAGMA integrity_check'`."
        )


def _integrity_problems(database: sqlite3.Connection) -> list[str]:
    """What SQLite's integrity check finds, at most the first three problems."""
    lines = [
        line
        for (row,) in database.execute("PRAGMA integrity_check(3)")
        for line in row.splitlines()
        if not line.startswith("*** in database")
    ]
    return [] if lines == ["ok"] else lines[:3]


def prune(folder: Path, keep: int, vendor: str) -> list[Path]:
    """Delete all but the newest `keep` backups of this kind in folder; the deleted ones."""
    backups = sorted(
        path
        for path in folder.iterdir()
        if BACKUP_NAME.fullmatch(path.name) and path.suffix == SUFFIXES[vendor]
    )
    old = backups[:-keep]
    for path in old:
        path.unlink()
    return old


# PostgreSQL's client programs

# Connection options that libpq also reads from the environment.
LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "service": "PGSERVICE",
    "passfile": "PGPASSFILE",
}


def client_env(settings: dict) -> dict:
    """The environment for pg_dump and pg_restore: the database's address and
    password travel there, never on the command line, where `ps` shows them."""
    env = dict(os.environ)
    for key, variable in [
        ("NAME", "PGDATABASE"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
    ]:
        if settings.get(key):
            env[variable] = str(settings[key])
    for option, variable in LIBPQ_OPTIONS.items():
        if settings.get("OPTIONS", {}).get(option):
            env[variable] = str(settings["OPTIONS"][option])
    return env


def _server_major(connection) -> int:
    try:
        connection.ensure_connection()
    except DatabaseError as error:
        raise CommandError(f"Could not reach {describe(connection)}: {error}".strip()) from None
    return connection.pg_version // 10000


def check_client(program: str, connection) -> None:
    """Refuse when program is missing or older than the server, which pg_dump cannot read."""
    server = _server_major(connection)
    install = (
        f"Install the PostgreSQL {server} client programs (on Debian and Ubuntu: "
        f"apt-get install postgresql-client-{server})."
    )
    try:
        version = subprocess.run(
            [program, "--version"], capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        raise CommandError(f"{program} is not installed here. {install}") from None
    match = re.search(r"\(PostgreSQL\) (\d+)", version)
    if match and int(match.group(1)) < server:
        raise CommandError(
            f"{program} here is PostgreSQL {match.group(1)}, the server is PostgreSQL "
            f"{server}. {install}"
        )


def _run(arguments: list[str], env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(arguments, capture_output=True, text=True, env=env)


def _said(result) -> str:
    """What a client program said when it failed: its messages, in one line."""
    return _in_one_line(result.stderr, result.returncode)


def _in_one_line(messages: str, returncode: int) -> str:
    lines = [line.strip() for line in (messages or "").splitlines() if line.strip()]
    if lines:
        return " ".join(lines[:3])
    if returncode < 0:
        return f"it was stopped by signal {signal.Signals(-returncode).name}"
    return f"it stopped with exit code {returncode}"


def _dump_postgres(connection, partial: Path) -> None:
    check_client("pg_dump", connection)
    check_client("pg_restore", connection)
    env = client_env(connection.settings_dict)
    dumped = _run(["pg_dump", "--format=custom", f"--file={partial}"], env)
    if dumped.returncode != 0:
        raise CommandError(f"pg_dump could not back up {describe(connection)}: {_said(dumped)}")
    listed = _run(["pg_restore", "--list", f"--file={os.devnull}", str(partial)])
    if listed.returncode != 0:
        raise CommandError(f"The dump could not be read back, so it was not kept: {_said(listed)}")
