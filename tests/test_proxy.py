"""nginx in front of gunicorn, as `make serve` runs them (deploy/), on a database of its own."""

import gzip
import http.client
import json
import os
import re
import socket
import time
import uuid
from urllib.parse import urlencode

import pytest

from bench.servers import HOST, Visitor, manage, production_env, proxied, server_database
from bench.slow_clients import SlowClients, step_page, step_page_times, summary
from deploy.serve import brotli_module, find_nginx

pytestmark = pytest.mark.slow

GUIDE = "/guides/icloud-photos-not-syncing/"
NGINX = find_nginx()


@pytest.fixture(scope="module")
def environment(tmp_path_factory):
    if NGINX is None:
        message = (
            "nginx is not installed. Install it with 'sudo apt-get install nginx "
            "libnginx-mod-http-brotli-static' to run the proxy tests."
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    tmp_path = tmp_path_factory.mktemp("proxy")
    with server_database(tmp_path, os.environ.get("DATABASE_URL")) as database:
        # As `make serve` runs them: plain HTTP, gunicorn.conf.py's workers. The app's own
        # write limits are off: these tests are about the proxy's.
        env = {
            **production_env(tmp_path, database),
            "DJANGO_HTTPS": "0",
            "HELPDESK_RATE_LIMITS": "0",
        }
        env.pop("GUNICORN_WORKERS")
        manage(env, "collectstatic", "--no-input")
        manage(env, "migrate", "--no-input")
        yield env


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("run")


@pytest.fixture(scope="module")
def proxy(environment, run_dir):
    with proxied(environment, run_dir) as port:
        yield port


def fetch(port, path, headers=None, source=None) -> tuple[http.client.HTTPResponse, bytes]:
    """The response and its body as sent, compressed or not."""
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=30, source_address=(source, 0) if source else None
    )
    connection.request("GET", path, headers={"Host": HOST, **(headers or {})})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def page_in_plain_words(body: str) -> None:
    """One of deploy/errors/: the site's words, nothing about the servers behind it."""
    assert "<h1>" in body
    assert "Helpdesk" in body
    for name in ("nginx", "gunicorn", "Django", "client_max_body_size", "limit_req"):
        assert name not in body


# Slow and idle clients


def test_slow_and_idle_connections_do_not_hold_up_a_visitor(proxy):
    visitor, path = step_page(proxy)
    step_page_times(proxy, visitor, path, 5)  # warm-up
    normal = summary(step_page_times(proxy, visitor, path, 30))
    # gunicorn alone has four threads: four such connections kept a visitor waiting 19 s.
    with SlowClients(proxy, trickling=4, slow=100, idle=100, seconds=30):
        time.sleep(1)
        beside = summary(step_page_times(proxy, visitor, path, 30))
    assert beside["median"] <= normal["median"] + 0.25, (normal, beside)
    assert beside["p99"] <= normal["p99"] + 0.5, (normal, beside)


def test_slow_and_idle_clients_are_cut_off_after_10_seconds(proxy):
    opened = time.monotonic()
    with SlowClients(proxy, trickling=2, slow=2, idle=2, seconds=20) as clients:
        while clients.closed < 6 and time.monotonic() - opened < 20:
            time.sleep(0.2)
        waited = time.monotonic() - opened
    assert clients.closed == 6
    assert 9 <= waited <= 13


# Bodies


def post_body(port: int, path: str, size: int, chunked: bool) -> tuple[int, str]:
    """POST `size` bytes to path, with a Content-Length or chunked, sending on for as long
    as the server reads; the response's status and body."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    length = "Transfer-Encoding: chunked" if chunked else f"Content-Length: {size}"
    sock.sendall(
        f"POST {path} HTTP/1.1\r\nHost: {HOST}\r\n{length}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\nConnection: close\r\n\r\n".encode()
    )
    piece = b"a" * 65536
    try:
        for start in range(0, size, len(piece)):
            data = piece[: min(len(piece), size - start)]
            sock.sendall(f"{len(data):x}\r\n".encode() + data + b"\r\n" if chunked else data)
        if chunked:
            sock.sendall(b"0\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass  # refused before the end: the response says how
    response = b""
    while chunk := sock.recv(65536):
        response += chunk
    sock.close()
    head, _, body = response.partition(b"\r\n\r\n")
    return int(head.split()[1]), body.decode()


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_a_5_mb_post_to_a_visitor_path_is_refused_in_plain_words(proxy, run_dir, chunked):
    status, body = post_body(proxy, f"/visits/{uuid.uuid4()}/answer/", 5_000_000, chunked)
    assert status == 413
    assert "That was too much to send at once" in body
    page_in_plain_words(body)
    # A chunked body is written to a file as it comes; the file goes with the refusal.
    deadline = time.monotonic() + 2
    while list((run_dir / "client_body_temp").iterdir()) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert list((run_dir / "client_body_temp").iterdir()) == []


def test_a_staff_import_of_over_a_megabyte_reaches_the_app(proxy, environment):
    manage(
        {**environment, "DJANGO_SUPERUSER_PASSWORD": "a long enough password"},
        "createsuperuser", "--no-input", "--username", "importer", "--email", "i@example.com",
    )  # fmt: skip
    staff = Visitor()
    staff.request(proxy, "GET", "/admin/login/")
    response, _ = staff.request(
        proxy,
        "POST",
        "/admin/login/?next=/admin/",
        form={"username": "importer", "password": "a long enough password"},
    )
    assert response.status == 302
    # Just under the import's 1,000,000 characters; over 1 MiB as a form.
    text = "# Big article\n\n## Restart the phone\n\n" + "Tap Settings, then wait. " * 39_000
    assert len(text) < 1_000_000
    assert len(urlencode({"text": text})) > 1024 * 1024
    response, _ = staff.request(
        proxy, "POST", "/admin/troubleshooter/guide/import/", form={"text": text}
    )
    assert response.status == 302
    assert re.search(r"/admin/troubleshooter/guide/\d+/change/", response.headers["Location"])


# What the app is told


@pytest.fixture(scope="module")
def echo(environment, tmp_path_factory):
    """The proxy in front of tests/proxy_echo.py, which answers with what it was given."""
    env = {**environment, "GUNICORN_APP": "tests.proxy_echo:application"}
    with proxied(env, tmp_path_factory.mktemp("echo")) as port:
        yield port


def test_the_app_is_told_the_scheme_and_address_by_the_proxy_not_the_client(echo):
    claims = {
        "X-Forwarded-Proto": "https",
        "X-Forwarded-Ssl": "on",
        "X-Real-IP": "203.0.113.9",
        "X-Forwarded-For": "203.0.113.9",
    }
    _, body = fetch(echo, "/", headers=claims, source="127.0.0.2")
    seen = json.loads(body)
    assert seen["HTTP_HOST"] == HOST
    assert seen["HTTP_X_FORWARDED_PROTO"] == "http"
    assert seen["wsgi.url_scheme"] == "http"
    assert "HTTP_X_FORWARDED_SSL" not in seen
    assert seen["HTTP_X_REAL_IP"] == "127.0.0.2"
    # X-Forwarded-For keeps what the client wrote; only its last address is the proxy's.
    assert seen["HTTP_X_FORWARDED_FOR"] == "203.0.113.9, 127.0.0.2"


def test_the_sign_in_lockout_counts_by_the_visitors_own_address(proxy):
    def sign_in(source: str) -> str:
        visitor = Visitor(source=source)
        visitor.request(proxy, "GET", "/admin/login/")
        _, page = visitor.request(
            proxy, "POST", "/admin/login/", form={"username": "sam", "password": "wrong"}
        )
        return page

    for _ in range(5):
        sign_in("127.0.0.2")
    assert "Too many sign-in attempts" in sign_in("127.0.0.2")
    assert "Too many sign-in attempts" not in sign_in("127.0.0.3")


# Visitors' writes


def walk(visitor: Visitor, port: int, pause: float) -> list[int]:
    """Start the guide and answer "not fixed" to the fallback page; every POST's status."""
    statuses = []
    response, _ = visitor.request(port, "POST", f"{GUIDE}start/", form={})
    statuses.append(response.status)
    location = response.headers["Location"]
    while "/steps/" in location:
        _, page = visitor.request(port, "GET", location)
        time.sleep(pause)
        answer = re.sub(r"steps/\d+/$", "answer/", location)
        # The last step's "not fixed" leads to the fallback page.
        outcome = "next" if 'data-outcome="next"' in page else "escalate"
        response, _ = visitor.request(port, "POST", answer, form=visitor.answer_form(page, outcome))
        statuses.append(response.status)
        location = response.headers["Location"]
    assert location.endswith("/more-help/")
    return statuses


def test_a_visitor_walking_guides_as_fast_as_they_can_click_is_never_limited(proxy):
    visitor = Visitor(source="127.0.0.4")
    visitor.request(proxy, "GET", GUIDE)
    walks = [walk(visitor, proxy, pause=0.1) for _ in range(3)]
    assert len(walks[0]) > 1
    assert [len(walked) for walked in walks] == [len(walks[0])] * 3
    assert {status for walked in walks for status in walked} == {303}


def test_a_flood_of_writes_from_one_address_is_answered_429_in_plain_words(proxy):
    visitor = Visitor(source="127.0.0.5")
    visitor.request(proxy, "GET", GUIDE)
    answers = [visitor.request(proxy, "POST", f"{GUIDE}start/", form={}) for _ in range(80)]
    statuses = [response.status for response, _ in answers]
    assert statuses[:30] == [303] * 30
    assert statuses.count(429) >= 30
    body = next(body for response, body in answers if response.status == 429)
    assert "Too many answers at once" in body
    page_in_plain_words(body)
    # Reading goes on, and another address writes as before.
    assert visitor.request(proxy, "GET", GUIDE)[0].status == 200
    neighbour = Visitor(source="127.0.0.6")
    neighbour.request(proxy, "GET", GUIDE)
    assert neighbour.request(proxy, "POST", f"{GUIDE}start/", form={})[0].status == 303


# Static files and compression


def test_static_files_come_compressed_and_cached_for_a_year(proxy):
    _, page = fetch(proxy, "/")
    names = re.findall(
        r'(?:href|src)="(/static/[^"]+\.[0-9a-f]{12}\.(?:css|js|svg))"', page.decode()
    )
    assert len(names) >= 3
    preferred = "br" if brotli_module(NGINX) else "gzip"
    for name in names:
        response, _ = fetch(proxy, name, headers={"Accept-Encoding": "br, gzip"})
        assert response.status == 200
        assert response.headers["Content-Encoding"] == preferred
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        response, body = fetch(proxy, name, headers={"Accept-Encoding": "gzip"})
        assert response.headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(body)
    # A name without its hash may change with the next release.
    response, _ = fetch(proxy, "/static/css/site.css")
    assert response.headers["Cache-Control"] == "public, max-age=60"


def test_pages_are_gzip_compressed_when_asked(proxy):
    response, body = fetch(proxy, GUIDE, headers={"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]
    assert "iCloud Photos" in gzip.decompress(body).decode()
    response, body = fetch(proxy, GUIDE)
    assert "Content-Encoding" not in response.headers
    assert "iCloud Photos" in body.decode()


def test_a_missing_static_file_is_a_plain_404(proxy):
    response, body = fetch(proxy, "/static/css/gone.css")
    assert response.status == 404
    page_in_plain_words(body.decode())
