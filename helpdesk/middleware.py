import json
import logging
import time

from django.conf import settings

request_logger = logging.getLogger("helpdesk.requests")


def request_log(get_response):
    """One JSON line per request. No IP address, query string, cookie or user."""

    def middleware(request):
        started = time.perf_counter()
        response = get_response(request)
        request_logger.info(
            json.dumps(
                {
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                }
            )
        )
        return response

    return middleware


def permissions_policy(get_response):
    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response

    return middleware
