"""Restoring a checked backup: all of it or none."""

import contextlib
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from django.core.management.base import CommandError
from django.db import Error as DatabaseError
from django.db import connections

from helpdesk.backups.checking import Backup
from helpdesk.backups.common import _integrity_problems, _read_only, describe, site_database
from helpdesk.backups.postgres import _in_one_line, check_client, client_env


def extra_tables(backup: Backup, connection) -> list[str]:
    """Tables of the PostgreSQL database the backup does not have (made by migrations
    newer than the backup): dropped by the restore, or they would stop `migrate`."""
    if connection.vendor != "postgresql":
        return []
    try:
        return sorted(set(connection.introspection.table_names()) - backup.tables)
    except DatabaseError as error:
        raise CommandError(f"Could not read {describe(connection)}: {error}".strip()) from None


def restore(backup: Backup) -> None:
    """Make the site's database what the backup holds, or leave it as it was."""
    connection = site_database()
    if backup.kind == "sqlite":
        _restore_sqlite(backup.path, Path(connection.settings_dict["NAME"]))
    else:
        _restore_postgres(backup, connection)


def _restore_sqlite(path: Path, database: Path) -> None:
    connections.close_all()
    if not database.parent.is_dir():
        raise CommandError(f"There is no folder {database.parent} for the database.")
    try:
        source = _read_only(path)
        try:
            live = sqlite3.connect(database, timeout=20)
            try:
                # One step, so one transaction on the live file: all of it or none.
                source.backup(live, pages=-1)
                live.execute("PRAGMA journal_mode=WAL")
                problems = _integrity_problems(live)
            finally:
                live.close()
        finally:
            source.close()
    except sqlite3.Error as error:
        raise CommandError(
            f'The restore failed: SQLite says "{error}". The database was left as it was.'
        ) from None
    if problems:
        raise CommandError(
            "After the restore the database fails SQLite's integrity check: " + "; ".join(problems)
        )


def _restore_postgres(backup: Backup, connection) -> None:
    check_client("pg_restore", connection)
    check_client("psql", connection)
    quote = connection.ops.quote_name
    extra = extra_tables(backup, connection)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        schema = cursor.fetchone()[0]
    env = client_env(connection.settings_dict)
    connections.close_all()
    # pg_restore writes the script, psql runs it inside one transaction, committed
    # only once pg_restore has read the whole file without error.
    head = "BEGIN;\nSET client_min_messages = warning;\n"
    if extra:
        names = ", ".join(f"{quote(schema)}.{quote(table)}" for table in extra)
        head += f"DROP TABLE IF EXISTS {names} CASCADE;\n"
    with tempfile.TemporaryFile() as read_errors, tempfile.TemporaryFile() as run_errors:
        reader = subprocess.Popen(
            ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
             "--file=-", str(backup.path)],
            stdout=subprocess.PIPE, stderr=read_errors, env=env,
        )  # fmt: skip
        runner = subprocess.Popen(
            ["psql", "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", "--file=-"],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=run_errors, env=env,
        )  # fmt: skip
        try:
            runner.stdin.write(head.encode())
            shutil.copyfileobj(reader.stdout, runner.stdin, 1 << 16)
            if reader.wait() == 0:
                runner.stdin.write(b"COMMIT;\n")
        except BrokenPipeError:
            pass  # psql stopped at an error, and nothing was committed
        finally:
            if reader.poll() is None:
                reader.kill()
            reader.wait()
            with contextlib.suppress(BrokenPipeError):
                runner.stdin.close()
            runner.wait()
        read_errors.seek(0)
        run_errors.seek(0)
        read_said = _in_one_line(read_errors.read().decode(), reader.returncode)
        run_said = _in_one_line(run_errors.read().decode(), runner.returncode)
    if runner.returncode != 0:
        raise CommandError(
            "The restore stopped at an error, so the database was left as it was. "
            f"psql says: {run_said}"
        )
    if reader.returncode != 0:
        raise CommandError(
            f"pg_restore could not read all of {backup.path}, so the database was left as "
            f"it was. pg_restore says: {read_said}"
        )
