"""Making a backup: written under a temporary name, checked, then named."""

import datetime
import os
import sqlite3
from pathlib import Path

from django.core.management.base import CommandError

from helpdesk.backups.common import (
    BACKUP_NAME,
    SUFFIXES,
    _integrity_problems,
    _read_only,
    describe,
    site_database,
)
from helpdesk.backups.postgres import _run, _said, check_client, client_env


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
        # Made empty first, for its owner alone: a backup holds password hashes and
        # session keys. SQLite and pg_dump then write into it and keep its mode.
        partial.unlink(missing_ok=True)
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
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
