"""A WSGI app for tests/test_proxy.py that answers with what it was given: the request's
headers, its scheme and REMOTE_ADDR, as JSON."""

import json


def application(environ, start_response):
    seen = {
        key: value
        for key, value in environ.items()
        if key.startswith("HTTP_") or key in ("REMOTE_ADDR", "wsgi.url_scheme")
    }
    body = json.dumps(seen).encode()
    start_response("200 OK", [("Content-Type", "application/json")])
    return [body]
