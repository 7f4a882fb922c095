import logging

from django.db import InterfaceError, InternalError, OperationalError, connections

from troubleshooter.screens import method_not_allowed_html, unavailable_screen

logger = logging.getLogger(__name__)

# What a database that can't be written (read-only, disk full, gone) raises; not
# IntegrityError or ProgrammingError, which are mistakes of ours and stay 500s.
CANNOT_WRITE = (OperationalError, InternalError, InterfaceError)


def method_not_allowed_page(get_response):
    """Give the empty 405 that @require_POST answers a page a visitor can read."""

    def middleware(request):
        response = get_response(request)
        if response.status_code == 405 and not response.content:
            response.content = method_not_allowed_html(request)
            response["Content-Type"] = "text/html; charset=utf-8"
        return response

    return middleware


class DatabaseUnavailable:
    """While the database can't be written or read, a plain 503 page instead of a 500.

    The connection that failed is closed, not kept for the next request: a connection
    opened while the database was read-only stays read-only, so the site could not
    recover without a restart.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, CANNOT_WRITE):
            return None
        logger.error("The database could not be used", exc_info=exception)
        for connection in connections.all(initialized_only=True):
            # Inside a transaction still open around the request, it closes with it.
            if not connection.in_atomic_block:
                connection.close()
        return unavailable_screen(request)
