"""gunicorn settings for production and for `make serve` and `make bench`."""

import os

# Behind nginx, deploy/serve.py sets a unix socket of its own in .run/.
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
# Behind nginx (`make serve`), which hands gunicorn each request whole and takes
# each answer whole, no slow client reaches these threads, and sync workers were
# measured against them there (16 connections, SQLite, four runs each, taking
# turns): 4 sync workers served step pages at 710-1030 requests/s and answers at
# 290-580, 2 gthread workers x 2 threads at 480-1220 and 310-570; 2 and 3 sync
# workers did no better. No difference beyond the spread between runs, so one
# model for both layouts: gunicorn serving alone, without nginx, still keeps
# idle connections off its threads.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
# For clients of gunicorn alone: nginx opens a new connection for each request.
keepalive = 5
# A worker whose main loop is silent this long is replaced. nginx waits up to
# 60 s for an answer (proxy_read_timeout) before its own "not answering" page.
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
