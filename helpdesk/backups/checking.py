"""Checking a backup before restoring it: its kind, that it is whole, that it is
helpdesk's, and that this code knows all its migrations."""

import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from django.core.management.base import CommandError
from django.db.migrations.loader import MigrationLoader

from helpdesk.backups.common import (
    HEADERS,
    KIND_NAMES,
    _integrity_problems,
    _read_only,
    site_database,
)
from helpdesk.backups.postgres import _run, _said, check_client


@dataclass
class Backup:
    path: Path
    kind: str
    # (app, migration) pairs the backup's django_migrations table lists.
    applied: set[tuple[str, str]]
    tables: set[str]

    def migrations(self) -> tuple[list[str], list[str]]:
        """Migrations the backup has and this code does not know, and migrations this
        code has that the backup lacks, as app.name."""
        loader = MigrationLoader(None, ignore_no_migrations=True)
        known = set(loader.disk_migrations)
        unknown = [m for m in self.applied if m[0] in loader.migrated_apps and m not in known]
        pending = [m for m in loader.graph.nodes if m not in self.applied]
        return [f"{a}.{n}" for a, n in sorted(unknown)], [f"{a}.{n}" for a, n in sorted(pending)]


def read_backup(path: Path) -> Backup:
    """The backup at path, checked; CommandError saying why when it cannot be restored."""
    connection = site_database()
    if not path.exists():
        raise CommandError(f"There is no file {path}.")
    if not path.is_file():
        raise CommandError(f"{path} is not a file.")
    try:
        with path.open("rb") as file:
            head = file.read(16)
    except OSError as error:
        raise CommandError(f"{path} cannot be read: {error.strerror}.") from None
    kind = next((k for k, header in HEADERS.items() if head.startswith(header)), None)
    if kind is None:
        raise CommandError(
            f"{path} is not a helpdesk backup: it is neither a SQLite database nor a "
            "pg_dump file. Nothing was restored."
        )
    if kind != connection.vendor:
        raise CommandError(
            f"{path} is a {KIND_NAMES[kind]} backup, but this site uses "
            f"{KIND_NAMES[connection.vendor]}. Nothing was restored."
        )
    backup = _read_sqlite(path) if kind == "sqlite" else _read_pgdump(path, connection)
    if ("troubleshooter", "0001_initial") not in backup.applied:
        raise CommandError(
            f"{path} is a {KIND_NAMES[kind]} database, but not one of helpdesk's: it has no "
            "helpdesk tables. Nothing was restored."
        )
    unknown, _ = backup.migrations()
    if unknown:
        raise CommandError(
            f"{path} was made by a newer version of helpdesk: it has migrations this code "
            f"does not know ({', '.join(unknown)}). Update the code first, then restore. "
            "Nothing was restored."
        )
    return backup


def _damaged(path: Path, said: str) -> CommandError:
    return CommandError(f"{path} is damaged and cannot be restored: {said}. Nothing was restored.")


def _read_sqlite(path: Path) -> Backup:
    try:
        database = _read_only(path)
        try:
            problems = _integrity_problems(database)
            if problems:
                raise _damaged(path, "SQLite's integrity check found " + "; ".join(problems))
            tables = {
                name
                for (name,) in database.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                )
            }
            applied = set()
            if "django_migrations" in tables:
                applied = set(database.execute("SELECT app, name FROM django_migrations"))
        finally:
            database.close()
    except sqlite3.Error as error:
        raise _damaged(path, f'SQLite says "{error}"') from None
    return Backup(path, "sqlite", applied, tables)


TOC_TABLE = re.compile(r"\d+; \d+ \d+ TABLE (\S+) (\S+) ")


def _read_pgdump(path: Path, connection) -> Backup:
    check_client("pg_restore", connection)
    # --list reads the table of contents only; writing the whole dump out reads every byte.
    for arguments in (["--list"], [f"--file={os.devnull}"]):
        result = _run(["pg_restore", *arguments, str(path)])
        if result.returncode != 0:
            raise _damaged(path, f"pg_restore says: {_said(result)}")
        if arguments == ["--list"]:
            contents = result.stdout
    tables = {m.group(2) for line in contents.splitlines() if (m := TOC_TABLE.match(line))}
    data = _run(["pg_restore", "--data-only", "--table=django_migrations", "--file=-", str(path)])
    return Backup(path, "postgresql", _copied_migrations(data.stdout), tables)


def _copied_migrations(script: str) -> set[tuple[str, str]]:
    """The (app, name) rows of django_migrations in a pg_restore script's COPY block."""
    lines = iter(script.splitlines())
    for line in lines:
        if match := re.match(r"COPY \S*django_migrations \((.*)\) FROM stdin;$", line):
            columns = [column.strip().strip('"') for column in match.group(1).split(",")]
            app, name = columns.index("app"), columns.index("name")
            rows = set()
            for row in lines:
                if row == "\\.":
                    return rows
                values = row.split("\t")
                rows.add((values[app], values[name]))
    return set()
