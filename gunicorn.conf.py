"""gunicorn settings for production and for `make serve` and `make bench`."""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# One worker per core: a visitor's request is short and CPU-bound.
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
# gthread keeps idle keep-alive connections in the worker's poller, off the
# threads. Chosen with `make bench` on the 2-core machine (16 connections,
# SQLite and PostgreSQL), comparing 2 workers x 1, 2, 4 and 8 threads, 3 x 2
# and 4 x 1: two threads let one request run while the other waits on
# PostgreSQL, which gave the most PostgreSQL step pages and answers; more
# threads only contend for the interpreter lock (8 threads pushed the answer
# POST's p99 past 130 ms), and more processes than cores did no better.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
keepalive = 5
timeout = 30
graceful_timeout = 20
# Recycle workers now and then so a slow leak can never grow without bound. The
# app is loaded once, before the workers fork, so a recycled worker is serving
# again in milliseconds instead of stalling its queued requests while it
# imports Django (seen as p99 spikes of 150 to 360 ms under load).
max_requests = 20_000
max_requests_jitter = 2_000
preload_app = True
# Django writes one log line per request itself (helpdesk.middleware.request_log).
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")
wsgi_app = os.environ.get("GUNICORN_APP", "helpdesk.wsgi:application")
