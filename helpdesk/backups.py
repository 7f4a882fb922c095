"""Backups of the running database, and bringing one back.

SQLite is copied through its online backup API in one step: one read transaction,
so the copy is the database as it stood at one moment while the servers go on
writing (WAL lets them). PostgreSQL is copied by pg_dump, which reads one snapshot
too. A backup is written under a temporary name, checked, and only then given its
own name, so a file with a backup's name is always a whole backup.

Every problem an operator can meet (no such file, the wrong kind of file, a full
disk, a missing pg_dump) is a CommandError in plain words, never a traceback.
"""

import contextlib
import datetime
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.core.management.base import CommandError
from django.db import Error as DatabaseError
from django.db import connections
from django.db.migrations.loader import MigrationLoader

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
    """The environment for pg_dump, pg_restore and psql: the database's address and
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


# Checking a backup before restoring it


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


# Restoring


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
