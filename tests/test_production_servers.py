"""Two gunicorn servers in the production configuration on one database."""

import os
import re
import time

import pytest

from bench.servers import Visitor, gunicorn, manage, production_env, server_database

pytestmark = pytest.mark.slow

GUIDE = "/guides/icloud-photos-not-syncing/"


@pytest.fixture(scope="module")
def environment(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("servers")
    with server_database(tmp_path, os.environ.get("DATABASE_URL")) as database:
        # The tests' requests all come from one address: no write limits, as for make bench.
        env = {**production_env(tmp_path, database), "HELPDESK_RATE_LIMITS": "0"}
        manage(env, "collectstatic", "--no-input")
        manage(env, "migrate", "--no-input")
        yield env


@pytest.fixture(scope="module")
def servers(environment):
    with gunicorn(environment) as first, gunicorn(environment) as second:
        yield first, second


def test_a_visit_moves_freely_between_two_servers(servers):
    first, second = servers
    visitor = Visitor()
    visitor.request(first, "GET", GUIDE)
    response, _ = visitor.request(second, "POST", f"{GUIDE}start/", form={})
    assert response.status == 303
    step_one = response.headers["Location"]
    assert step_one.endswith("/steps/1/")
    _, page = visitor.request(first, "GET", step_one)
    assert "Step 1 of 9" in page
    response, _ = visitor.request(second, "POST", step_one.replace("steps/1/", "answer/"),
                                  form=visitor.answer_form(page, "next"))  # fmt: skip
    assert response.status == 303
    assert response.headers["Location"].endswith("/steps/2/")
    _, page = visitor.request(
        first, "GET", response.headers["Location"], headers={"HX-Request": "true"}
    )
    assert page.lstrip().startswith("<title>Step 2 of 9")
    response, _ = visitor.request(
        first,
        "POST",
        step_one.replace("steps/1/", "answer/"),
        form=visitor.answer_form(page, "resolved"),
    )
    _, page = visitor.request(second, "GET", response.headers["Location"])
    assert "Turn off Low Power Mode" in page


def test_production_responses_carry_security_headers(servers):
    response, _ = Visitor().request(servers[0], "GET", GUIDE)
    assert response.headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert "unsafe" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "geolocation=()" in response.headers["Permissions-Policy"]
    csrf_cookie = next(c for c in response.headers.get_all("Set-Cookie") if "csrftoken" in c)
    assert "Secure" in csrf_cookie
    assert "HttpOnly" in csrf_cookie
    assert "SameSite=Lax" in csrf_cookie


def test_plain_http_is_sent_to_https_except_the_health_check(servers):
    visitor = Visitor()
    response, _ = visitor.request(servers[0], "GET", GUIDE, https=False)
    assert response.status == 301
    assert response.headers["Location"] == f"https://help.example.com{GUIDE}"
    response, body = visitor.request(servers[0], "GET", "/healthz", https=False)
    assert (response.status, body) == (200, "ok\n")


def test_static_files_are_hashed_compressed_and_cached_for_ever(servers):
    _, page = Visitor().request(servers[0], "GET", "/")
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page).group(1)
    script = re.search(r'src="(/static/django_htmx/htmx-2\.min\.[0-9a-f]{12}\.js)"', page).group(1)
    for path in (stylesheet, script):
        response, _ = Visitor().request(
            servers[1], "GET", path, headers={"Accept-Encoding": "br, gzip"}
        )
        assert response.status == 200
        assert response.headers["Content-Encoding"] == "br"
        assert response.headers["Cache-Control"] == "max-age=315360000, public, immutable"


def test_healthz_is_503_when_the_database_is_unreachable(environment, tmp_path):
    broken = {**environment, "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none"}
    broken.pop("SQLITE_PATH", None)
    with gunicorn(broken) as port:
        response, body = Visitor().request(port, "GET", "/healthz")
    assert response.status == 503
    assert body == "unavailable\n"


def test_the_write_limits_hold_across_servers(environment):
    limited = {**environment, "HELPDESK_RATE_LIMITS": "1", "HELPDESK_STARTS_PER_MINUTE": "3"}
    with gunicorn(limited) as first, gunicorn(limited) as second:
        if time.time() % 60 > 45:  # all four Starts in one minute
            time.sleep(61 - time.time() % 60)
        visitor = Visitor()
        visitor.request(first, "GET", GUIDE)
        statuses = [
            visitor.request(port, "POST", f"{GUIDE}start/", form={})[0].status
            for port in (first, second, first, second)
        ]
    assert statuses == [303, 303, 303, 429]
