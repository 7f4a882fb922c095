import json
import logging
import time
from functools import cached_property

from csp.constants import HEADER
from csp.middleware import CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.contrib.messages.middleware import MessageMiddleware
from django.http import HttpResponseRedirect
from django.middleware.locale import LocaleMiddleware
from django.urls import get_script_prefix, is_valid_path
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext

from troubleshooter.screens import bad_request_screen, too_large_screen

request_logger = logging.getLogger("helpdesk.requests")


def request_log(get_response):
    """One JSON line per request. No IP address, query string, cookie or user."""

    def middleware(request):
        started = time.perf_counter()
        response = get_response(request)
        if request_logger.isEnabledFor(logging.INFO):
            # Only the path can hold characters JSON must escape.
            request_logger.info(
                '{"method": "%s", "path": %s, "status": %d, "duration_ms": %.2f}',
                request.method,
                json.dumps(request.path),
                response.status_code,
                (time.perf_counter() - started) * 1000,
            )
        return response

    return middleware


def client_address_from_proxy(get_response):
    """Behind the proxy (DJANGO_BEHIND_PROXY=1), REMOTE_ADDR is the proxy's own address, or
    empty on gunicorn's unix socket. The visitor's address is in X-Real-IP, which the proxy
    sets on every request (deploy/nginx.conf.template); it becomes REMOTE_ADDR here, so
    whatever counts by address (django-axes) reads REMOTE_ADDR as it would without a proxy.
    """

    def middleware(request):
        address = request.META.get("HTTP_X_REAL_IP")
        if address:
            request.META["REMOTE_ADDR"] = address
        return get_response(request)

    return middleware


class SitePolicyCSPMiddleware(CSPMiddleware):
    """django-csp with the site's policy built once per process.

    No view here changes the policy or asks for a nonce, so every response gets
    the same header; django-csp would build it from the settings twice a response.
    """

    @cached_property
    def site_policy(self) -> str:
        return build_policy()

    def process_response(self, request, response):
        overridden = any(
            hasattr(response, name)
            for name in ("_csp_exempt", "_csp_config", "_csp_update", "_csp_replace")
        )
        if settings.DEBUG or overridden or getattr(request, "_csp_nonce", None):
            return super().process_response(request, response)
        if HEADER not in response:
            response[HEADER] = self.site_policy
        return response


class AdminMessageMiddleware(MessageMiddleware):
    """Django's messages, for the admin only: no visitor page shows any, so visitor
    requests skip setting up their storage."""

    def process_request(self, request):
        if is_staff_path(request.path_info):
            super().process_request(request)


def is_staff_path(path: str) -> bool:
    return path.startswith(f"/{settings.ADMIN_URL}")


def is_valid_in(language: str, path: str) -> bool:
    """Whether the site has a page at `path` while `language` is the one spoken: a
    public page's address has its language's prefix, or none for English."""
    with translation.override(language):
        return is_valid_path(path)


class SiteLocaleMiddleware(LocaleMiddleware):
    """The language of a request: the address's prefix (/es/…), else the switcher's
    cookie, else the browser's Accept-Language, else English.

    Django's own middleware takes an address without a prefix to be English; here it
    says no language, so a browser asking for Spanish that opens one of English's
    addresses (as `/`) is sent to its Spanish address. A form posted from an English
    page stays English. The admin stays English, as the staff's own words are, rather
    than Django's half of it translated around them. A visit's screens then speak the
    visit's language, whoever opens them (troubleshooter.views).
    """

    def process_request(self, request):
        path = request.path_info
        language = translation.get_language_from_path(path)
        if is_staff_path(path):
            language = settings.LANGUAGE_CODE
        elif language is None:
            language = translation.get_language_from_request(request)
            if language != settings.LANGUAGE_CODE:
                prefixed = f"/{language}{path}"
                if request.method in ("GET", "HEAD") and is_valid_in(language, prefixed):
                    translation.activate(language)
                    prefix = get_script_prefix()
                    url = request.get_full_path().replace(prefix, f"{prefix}{language}/", 1)
                    redirect = HttpResponseRedirect(url)
                    patch_vary_headers(redirect, ("Accept-Language", "Cookie"))
                    return redirect
                if is_valid_in(settings.LANGUAGE_CODE, path):
                    language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        return None

    def process_response(self, request, response):
        # Without a prefix, the cookie chooses the language as much as Accept-Language.
        if translation.get_language_from_path(request.path_info) is None:
            patch_vary_headers(response, ("Cookie",))
        return super().process_response(request, response)


def body_length(request) -> int:
    """The body's declared length, as Django reads it: anything unreadable as 0."""
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def body_limits(get_response):
    """Refuse a body too large for its page, and any multipart body on a visitor's page,
    from the request's headers alone: reading the form (as the CSRF check does, even to
    refuse the request) would spool a large upload to a temporary file first.

    Staff pages keep a limit above the article import's 1 MB; an anonymous POST to the
    admin's sign-in page meets that limit too.
    """

    def middleware(request):
        staff = is_staff_path(request.path_info)
        if not staff and request.META.get("CONTENT_TYPE", "").lower().startswith("multipart/"):
            return bad_request_screen(
                request,
                gettext(
                    "This site's forms take no files or uploads, so what you sent was not "
                    "read. Go back and use the buttons on the page."
                ),
            )
        if body_length(request) > (
            settings.STAFF_BODY_LIMIT if staff else settings.VISITOR_BODY_LIMIT
        ):
            return too_large_screen(request, staff)
        return get_response(request)

    return middleware
