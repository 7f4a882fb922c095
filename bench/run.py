"""`make bench`: the production server against a bare one-view Django app.

For each database (SQLite, and PostgreSQL when one answers at 127.0.0.1:5432)
this starts gunicorn with gunicorn.conf.py for the app, for bench/bare.py (one
view, no middleware) and for bench/stack.py (one view on helpdesk's own
settings and middleware), and, when nginx is installed, nginx in front of
another gunicorn for the app, as `make serve` runs them. It drives them with wrk
(or a Python load generator when wrk is not installed) at 16 and 32
connections, and prints each visitor path as a share of both ceilings, for
gunicorn alone and behind nginx, among 1,000 more live guides of 8 steps and 3
symptoms under 12 topics (bench/catalogue.py) for the home and search pages; the
step fragment and the answer POST in Spanish too, on the guide's Spanish
translation (migration 0036).
Then it adds 1,000,000 answers over 100,000 visits and 200 published versions,
measures again and prints the query plans of the hot queries. Last, it times the
30-day report on the load-tested database and on a new one holding only
such answers, spread over the 30 days.
"""

import argparse
import os
import runpy
import secrets
import socket
import string
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from bench.catalogue import add_live_guides
from bench.growth import grow
from bench.load import Load
from bench.plans import print_plans
from bench.report_timing import print_loaded_report_timing, print_report_timing
from bench.scenarios import SCENARIOS, StartedVisit, start_visits
from bench.servers import gunicorn, proxied, server_database
from bench.sizes import first_load, sizes
from bench.tables import print_budgets, print_first_load, print_growth, print_sizes, print_table
from deploy.serve import find_nginx

ROOT = Path(__file__).resolve().parents[1]
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10, help="per scenario")
    parser.add_argument("--connections", type=int, nargs="+", default=[16, 32])
    parser.add_argument("--answers", type=int, default=1_000_000, help="for the growth run")
    parser.add_argument("--database", choices=["sqlite", "postgres"], action="append")
    parser.add_argument(
        "--report-scenario", action="store_true", help="time the report alone, on a new database"
    )
    options = parser.parse_args()
    if options.report_scenario:
        report_scenario((options.database or ["sqlite"])[0], options.answers)
        return
    databases = options.database or ["sqlite", *(["postgres"] if postgres_answers() else [])]
    if not options.database and "postgres" not in databases:
        print(f"PostgreSQL does not answer at {POSTGRES_URL}: SQLite only.\n")
    if len(databases) > 1:
        # Django configures itself once a process: one child process per database.
        for database in databases:
            subprocess.run(
                [sys.executable, "-m", "bench.run", *child_args(options, database)],
                cwd=ROOT,
                check=True,
            )
        return
    bench_database(databases[0], options)


def child_args(options, database: str) -> list[str]:
    return [
        f"--seconds={options.seconds}",
        "--connections",
        *map(str, options.connections),
        f"--answers={options.answers}",
        f"--database={database}",
    ]


def postgres_answers() -> bool:
    parts = urlsplit(POSTGRES_URL)
    try:
        socket.create_connection((parts.hostname, parts.port or 5432), timeout=1).close()
        return True
    except OSError:
        return False


def bench_database(kind: str, options) -> None:
    postgres_url = POSTGRES_URL if kind == "postgres" else None
    with tempfile.TemporaryDirectory() as tmp, server_database(Path(tmp), postgres_url) as db:
        env = prepared_env(Path(tmp), db)
        os.environ.update(env)
        import django

        django.setup()
        token = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
        add_live_guides()
        visits = started_visits()
        load = Load(visits, token, options)
        # Visits of its own, so that its answers are as new as those sent to gunicorn alone.
        proxy_load = Load(started_visits(), token, options)
        with (
            gunicorn(env) as app_port,
            gunicorn({**env, "GUNICORN_APP": "bench.bare:application"}) as bare_port,
            gunicorn({**env, "DJANGO_SETTINGS_MODULE": "bench.stack"}) as stack_port,
            behind_nginx(env, Path(tmp) / "run") as proxy_port,
        ):
            print(
                f"\n## {kind_name(kind)}: gunicorn {worker_model()}, "
                f"{options.seconds} s a scenario, load by {load.tool}\n"
            )
            if proxy_port is None:
                print("nginx is not installed: no figures behind it.\n")
            before = {}
            for connections in options.connections:
                bare = load.run(bare_port, "bare", connections)
                stack = load.run(stack_port, "bare", connections)
                before[connections] = {n: load.run(app_port, n, connections) for n in SCENARIOS}
                print(f"### {connections} connections, gunicorn alone\n")
                print_table(bare, stack, before[connections])
                print_budgets(kind, connections, bare, before[connections])
                if proxy_port is not None:
                    behind = {n: proxy_load.run(proxy_port, n, connections) for n in SCENARIOS}
                    print(f"### {connections} connections, nginx in front of gunicorn\n")
                    print_table(bare, stack, behind)
                    print_budgets(kind, connections, bare, behind)
            print_sizes(sizes(app_port, token, visits))
            print_first_load(*first_load(app_port, visits))
            if options.answers:
                grow(options.answers)
                connections = options.connections[0]
                grown = {
                    n: load.run(app_port, n, connections) for n in ("fragment", "page", "answer")
                }
                print_growth(options.answers, connections, before[connections], grown)
                print_plans()
                print_loaded_report_timing(kind)
                # Django configures itself once a process: the report's database is a child's.
                subprocess.run(
                    [sys.executable, "-m", "bench.run", "--report-scenario",
                     f"--answers={options.answers}", f"--database={kind}"],
                    cwd=ROOT,
                    check=True,
                )  # fmt: skip


def started_visits() -> list[StartedVisit]:
    """4,000 visits in each language: the Spanish scenarios walk the Spanish ones."""
    return start_visits(count=4_000) + start_visits(count=4_000, language="es")


@contextmanager
def behind_nginx(env: dict, run_dir: Path):
    """nginx's port in front of another gunicorn for the app, or None without nginx. The
    load's answers and Starts all come from 127.0.0.1, so the limit on visitors' writes
    is lifted: it would measure nginx's 429 page."""
    if find_nginx() is None:
        yield None
        return
    with proxied(env, run_dir, visitor_write_rate="100000r/s") as port:
        yield port


def prepared_env(tmp: Path, db: dict) -> dict:
    """The production settings on the database `db`, with static files collected and the
    database migrated."""
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SQLITE_PATH"}},
        "DJANGO_SETTINGS_MODULE": "helpdesk.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_STATIC_ROOT": str(tmp / "static"),
        # The load comes from one address: visitors' write limits would cut it short.
        "HELPDESK_RATE_LIMITS": "0",
        **db,
    }
    for command in (["collectstatic", "--no-input"], ["migrate", "--no-input"]):
        subprocess.run(
            [sys.executable, "manage.py", *command, "-v0"], cwd=ROOT, env=env, check=True
        )
    return env


def report_scenario(kind: str, count: int) -> None:
    """Time the report on a database holding only `count` grown answers, spread over the
    last 30 days as a steady trickle of visitors would leave them."""
    postgres_url = POSTGRES_URL if kind == "postgres" else None
    with tempfile.TemporaryDirectory() as tmp, server_database(Path(tmp), postgres_url) as db:
        os.environ.update(prepared_env(Path(tmp), db))
        import django

        django.setup()
        grow(count)
        print_report_timing(
            kind,
            f"over {count:,} answers spread over the 30 days (a database holding only those)",
        )


def worker_model() -> str:
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    return f"{config['worker_class']}, {config['workers']} workers x {config['threads']} threads"


def kind_name(kind: str) -> str:
    return {"sqlite": "SQLite", "postgres": "PostgreSQL"}[kind]


if __name__ == "__main__":
    main()
