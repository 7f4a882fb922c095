"""Headers, Markdown sanitising, login throttling, health and request logs."""

import json
import re
import secrets
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains

from bench.servers import clean_environment
from troubleshooter.markdown import render_markdown

ROOT = Path(__file__).resolve().parents[1]


def run_manage(*args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean_environment(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_env(**extra):
    return {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "help.example.com",
        "DJANGO_CSRF_TRUSTED_ORIGINS": "https://help.example.com",
        **extra,
    }


def test_check_deploy_is_clean_in_production():
    result = run_manage("check", "--deploy", "--fail-level", "DEBUG", **production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize(
    "key", ["", "short", "local-development-only-not-secret", "a" * 50, "abcd" * 13]
)
def test_production_refuses_to_start_without_a_real_secret_key(key):
    result = run_manage("check", **production_env(DJANGO_SECRET_KEY=key))
    assert result.returncode == 1
    assert "DJANGO_SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr


def test_admin_address_moves_with_an_environment_variable():
    result = run_manage(
        "shell", "-c", "from django.urls import reverse; print(reverse('admin:index'))",
        DJANGO_ADMIN_URL="staff-only-7f3a/",
    )  # fmt: skip
    assert result.stdout.strip().endswith("/staff-only-7f3a/")


def test_visitor_pages_carry_strict_security_headers(client, guide):
    response = client.get(guide.get_absolute_url())
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    assert policy == {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self'",
        "connect-src": "'self'",
        "font-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert set(response["Permissions-Policy"].split(", ")) == {
        "accelerometer=()", "camera=()", "geolocation=()", "gyroscope=()", "magnetometer=()",
        "microphone=()", "payment=()", "usb=()", "interest-cohort=()",
    }  # fmt: skip


def test_pages_have_no_inline_script_or_style(client, visit):
    for url in ["/", visit.guide.get_absolute_url(), f"/visits/{visit.id}/steps/1/"]:
        html = client.get(url).content.decode()
        assert "<script>" not in html
        assert "<style" not in html
        assert " style=" not in html
        assert not re.search(r"\son[a-z]+\s*=", html)


XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "![x](javascript:alert(1))",
    '<img src=x onerror="alert(1)">',
    '<a href="#" onclick="alert(1)">x</a>',
    '<div hx-get="/admin/" hx-trigger="load">x</div>',
    '<button hx-post="/visits/x/answer/" hx-vals=\'{"a":1}\'>x</button>',
    '<svg onload="alert(1)"><circle r="1"/></svg>',
    "<svg><script>alert(1)</script></svg>",
    '<iframe src="https://evil.example"></iframe>',
    "<object data=x></object><embed src=x>",
    '<form action="https://evil.example"><input name=a></form>',
    "<style>body{display:none}</style>",
    '<a href="x" style="position:fixed;inset:0">x</a>',
    "<<script>script>alert(1)<</script>/script>",
    '<img src="x" <script>alert(1)</script>',
    "<a href='javascript:alert(1)'",
    "`<script>` in code is fine, **<b onmouseover=alert(1)>bold</b>**",
    '[x](https://ok.example "title" onclick="alert(1)")',
    "<details open ontoggle=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
]
FORBIDDEN = [
    "<script", "javascript:", "vbscript:", "data:", "onerror", "onclick", "onload",
    "onmouseover", "ontoggle", "hx-", "<svg", "<iframe", "<object", "<embed", "<form",
    "<style", "style=", "<img", "<input", "<details", "<math",
]  # fmt: skip


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_staff_markdown_cannot_inject_anything_active(payload):
    html = render_markdown(payload).lower()
    for marker in FORBIDDEN:
        if marker in html:
            # Escaped text is harmless: what must not survive is a live tag or attribute.
            assert f"&lt;{marker.lstrip('<')}" in html or marker not in _live_markup(html), (
                f"{marker!r} survived in {html!r}"
            )


def _live_markup(html: str) -> str:
    """The parts of the HTML inside tags (attributes and tag names), not text."""
    inside, live = False, []
    for char in html:
        if char == "<":
            inside = True
        if inside:
            live.append(char)
        if char == ">":
            inside = False
    return "".join(live)


def test_safe_markdown_still_renders():
    html = render_markdown("**Tap** [Apple Support](https://support.apple.com/):\n\n1. a\n2. b")
    assert "<strong>Tap</strong>" in html
    assert '<a href="https://support.apple.com/" rel="noopener noreferrer">' in html
    assert "<ol>" in html


def test_admin_login_is_locked_after_five_failures(client, db):
    from django.contrib.auth.models import User

    User.objects.create_user("alex", password="correct horse battery staple", is_staff=True)
    login = reverse("admin:login")
    statuses = [
        client.post(login, {"username": "alex", "password": "wrong"}).status_code for _ in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]
    response = client.post(login, {"username": "alex", "password": "correct horse battery staple"})
    assertContains(response, "Too many sign-in attempts", status_code=429)
    assert "_auth_user_id" not in client.session


def test_behind_the_proxy_the_visitors_address_is_its_x_real_ip(rf):
    from helpdesk.middleware import client_address_from_proxy

    seen = []
    middleware = client_address_from_proxy(lambda request: seen.append(request.META["REMOTE_ADDR"]))
    # On gunicorn's unix socket REMOTE_ADDR is empty; X-Forwarded-For is the client's to write.
    middleware(rf.get("/", REMOTE_ADDR="", HTTP_X_REAL_IP="203.0.113.9",
                      HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.9"))  # fmt: skip
    middleware(rf.get("/", REMOTE_ADDR="192.0.2.4"))
    assert seen == ["203.0.113.9", "192.0.2.4"]


def test_the_proxys_address_is_trusted_only_behind_the_proxy():
    check = "from django.conf import settings; print(settings.MIDDLEWARE[0])"
    alone = run_manage("shell", "-c", check, **production_env())
    behind = run_manage("shell", "-c", check, **production_env(DJANGO_BEHIND_PROXY="1"))
    assert alone.stdout.splitlines()[-1] == "helpdesk.middleware.request_log"
    assert behind.stdout.splitlines()[-1] == "helpdesk.middleware.client_address_from_proxy"


def test_healthz_is_ok_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


def test_healthz_is_503_without_details_when_the_database_is_down(client, db):
    with mock.patch(
        "helpdesk.views.connection.cursor",
        side_effect=OperationalError("could not connect to server at 10.0.0.5"),
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"unavailable\n"


def test_each_request_is_one_log_line_without_personal_data(client, visit, caplog):
    caplog.set_level("INFO", logger="helpdesk.requests")
    client.get(f"/visits/{visit.id}/steps/2/?email=someone@example.com", REMOTE_ADDR="203.0.113.9")
    records = [r for r in caplog.records if r.name == "helpdesk.requests"]
    assert len(records) == 1
    line = json.loads(records[0].getMessage())
    assert set(line) == {"method", "path", "status", "duration_ms"}
    assert line["method"] == "GET"
    assert line["path"] == f"/visits/{visit.id}/steps/2/"
    assert line["status"] == 200
    assert "someone" not in records[0].getMessage()
    assert "203.0.113.9" not in records[0].getMessage()


def test_message_storage_is_set_up_for_the_admin_only(visit, staff_client):
    assert not hasattr(Client().get(f"/visits/{visit.id}/steps/1/").wsgi_request, "_messages")
    assert hasattr(staff_client.get("/admin/").wsgi_request, "_messages")
