"""What backing up and restoring share: the site's database, the kinds of backup
file, and reading a SQLite copy."""

import re
import sqlite3
from pathlib import Path

from django.core.management.base import CommandError
from django.db import connections

SUFFIXES = {"sqlite": ".sqlite3", "postgresql": ".pgdump"}


HEADERS = {"sqlite": b"SQLite format 3\x00", "postgresql": b"PGDMP"}


KIND_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


BACKUP_NAME = re.compile(r"helpdesk-\d{4}-\d{2}-\d{2}T\d{6}Z\.(sqlite3|pgdump)")


def site_database():
    """The site's database connection, SQLite or PostgreSQL."""
    connection = connections["default"]
    if connection.vendor not in SUFFIXES:
        raise CommandError(f"Backups work with SQLite and PostgreSQL, not {connection.vendor}.")
    if connection.vendor == "sqlite" and _sqlite_in_memory(connection.settings_dict["NAME"]):
        raise CommandError("The database is in memory: there is no file to back up or restore.")
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


def _read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot change the file, nor make an empty one where none was."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=20)


def _integrity_problems(database: sqlite3.Connection) -> list[str]:
    """What SQLite's integrity check finds, at most the first three problems."""
    lines = [
        line
        for (row,) in database.execute("PRAGMA integrity_check(3)")
        for line in row.splitlines()
        if not line.startswith("*** in database")
    ]
    return [] if lines == ["ok"] else lines[:3]
