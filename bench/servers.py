"""Run the app the way production does: gunicorn processes on their own database.
Used by `make bench` and by the tests."""

import http.client
import os
import random
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import psycopg

from deploy.serve import stack

ROOT = Path(__file__).resolve().parents[1]
HOST = "help.example.com"


# Servers listen on ports outside the system's range for outgoing connections (32768 and
# up on Linux), so that a port found free here is not taken by a client's socket (the
# slow-client tests open hundreds) before the server binds it.
PORTS = range(18000, 19000)


def free_port() -> int:
    """A port on 127.0.0.1 in PORTS that nothing listens on."""
    for port in random.sample(PORTS, len(PORTS)):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS}")


@contextmanager
def server_database(tmp_path: Path, postgres_url: str | None, purpose: str = "servers"):
    """Environment naming a new, empty database: on the PostgreSQL server of
    postgres_url (helpdesk_<purpose>_…, dropped afterwards), or without one the
    SQLite file <purpose>.sqlite3 in tmp_path."""
    url = postgres_url
    if not url:
        yield {"SQLITE_PATH": str(tmp_path / f"{purpose}.sqlite3")}
        return
    parts = urlsplit(url)
    name = f"helpdesk_{purpose}_{secrets.token_hex(4)}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {"DATABASE_URL": urlunsplit(parts._replace(path=f"/{name}"))}
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


TEST_ONLY_VARIABLES = {
    "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL", "SQLITE_PATH",
}  # fmt: skip


def clean_environment(**variables: str) -> dict:
    """This process's environment without what the test run itself set, plus variables."""
    env = {key: value for key, value in os.environ.items() if key not in TEST_ONLY_VARIABLES}
    return {**env, **variables}


def production_env(tmp_path: Path, database: dict) -> dict:
    return clean_environment(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS=HOST,
        DJANGO_CSRF_TRUSTED_ORIGINS=f"https://{HOST}",
        DJANGO_BEHIND_PROXY="1",
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        GUNICORN_WORKERS="1",
        **database,
    )


def manage(env: dict, *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )


@contextmanager
def gunicorn(env: dict):
    """A gunicorn server with gunicorn.conf.py; yields its port once it accepts connections."""
    port = free_port()
    # A file, not a pipe: under load the request log would fill a pipe and stall the server.
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py"],
            cwd=ROOT,
            env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        log.seek(0)
                        raise RuntimeError(log.read().decode()) from None
                    time.sleep(0.1)
            yield port
        finally:
            process.terminate()
            process.wait(timeout=30)


@contextmanager
def proxied(env: dict, run_dir: Path, **options):
    """nginx in front of gunicorn, as `make serve` runs them (deploy/serve.py), with its
    files in run_dir; yields nginx's port once both accept connections."""
    port = free_port()
    # A file, not a pipe, as for gunicorn above.
    with (
        tempfile.TemporaryFile() as log,
        stack(env, f"127.0.0.1:{port}", run_dir, log=log, **options),
    ):
        yield port


class Visitor:
    """A browser's cookies and CSRF token, talking to whichever server it is given, from
    127.0.0.1 or from another loopback address, `source`."""

    def __init__(self, source: str | None = None):
        self.cookies: dict[str, str] = {}
        self.source = (source, 0) if source else None

    def request(self, port, method, path, form=None, headers=None, https=True):
        connection = http.client.HTTPConnection(
            "127.0.0.1", port, timeout=30, source_address=self.source
        )
        sent = {"Host": HOST, **(headers or {})}
        if https:
            sent["X-Forwarded-Proto"] = "https"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode({**form, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")})
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            sent["Origin"] = f"https://{HOST}"
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        content = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        connection.close()
        return response, content.decode(errors="replace")

    def answer_form(self, page: str, outcome: str) -> dict:
        step = re.search(r'name="step" value="(\w+)"', page).group(1)
        choice = re.search(rf'value="(\w+)" data-outcome="{outcome}"', page).group(1)
        return {"step": step, "choice": choice}
