"""PostgreSQL's client programs (pg_dump, pg_restore, psql), run with the site's
connection settings in their environment, never on the command line."""

import os
import re
import signal
import subprocess

from django.core.management.base import CommandError
from django.db import Error as DatabaseError

from helpdesk.backups.common import describe

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
