"""gunicorn settings for production and for `make serve` and `make bench`."""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
# Threads keep connections alive between a visitor's requests and let a worker
# overlap database waits; the work itself is short and CPU-bound.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
keepalive = 5
timeout = 30
graceful_timeout = 20
# Recycle workers now and then so a slow leak can never grow without bound.
max_requests = 20_000
max_requests_jitter = 2_000
# Django writes one log line per request itself (helpdesk.middleware.request_log).
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")
wsgi_app = os.environ.get("GUNICORN_APP", "helpdesk.wsgi:application")
