"""`make bench`: the production server against a bare one-view Django app.

For each database (SQLite, and PostgreSQL when one answers at 127.0.0.1:5432)
this starts gunicorn with gunicorn.conf.py for the app, for bench/bare.py (one
view, no middleware) and for bench/stack.py (one view on helpdesk's own
settings and middleware), drives them with wrk (or a Python load generator
when wrk is not installed) at 16 and 32 connections, and prints each visitor
path as a share of both. Then it adds 1,000,000 answers over 100,000 visits
and 200 published versions, measures again and prints the query plans of the
hot queries. Last, it times the 30-day report on the load-tested database and
on a new one holding only such answers, spread over the 30 days.
"""

import argparse
import datetime
import gzip
import http.client
import os
import re
import runpy
import secrets
import shutil
import socket
import statistics
import string
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import brotli

from bench.servers import gunicorn, server_database

ROOT = Path(__file__).resolve().parents[1]
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test")
SCENARIOS = {
    "fragment": "step fragment (htmx GET)",
    "page": "full step page",
    "answer": "answer POST (htmx)",
    "start": "Start POST (htmx)",
}
# Percent of the bare view's requests/s, per database.
BUDGETS = {
    "sqlite": {"fragment": 40, "page": 35, "answer": 20},
    "postgres": {"fragment": 25, "answer": 12},
}
P99_BUDGET_MS = 50  # at 16 connections, every visitor path, SQLite
ANSWERS_PER_VISIT = 10  # a long walk through the guide, with some changed answers
GROWTH_VERSIONS = 200


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
        visits_file = Path(tmp) / "visits.txt"
        write_visits(visits_file, count=4_000)
        load = Load(visits_file, token, options)
        with (
            gunicorn(env) as app_port,
            gunicorn({**env, "GUNICORN_APP": "bench.bare:application"}) as bare_port,
            gunicorn({**env, "DJANGO_SETTINGS_MODULE": "bench.stack"}) as stack_port,
        ):
            print(
                f"\n## {kind_name(kind)}: gunicorn {worker_model()}, "
                f"{options.seconds} s a scenario, load by {load.tool}\n"
            )
            before = {}
            for connections in options.connections:
                bare = load.run(bare_port, "bare", connections)
                stack = load.run(stack_port, "bare", connections)
                before[connections] = {n: load.run(app_port, n, connections) for n in SCENARIOS}
                print(f"### {connections} connections\n")
                print_table(bare, stack, before[connections])
                print_budgets(kind, connections, bare, before[connections])
            print_sizes(sizes(app_port, token, visits_file))
            print_first_load(*first_load(app_port, visits_file))
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


def print_report_timing(kind: str, where: str) -> None:
    first, warm, queries = report_timing()
    verdict = "met" if warm <= REPORT_BUDGET_MS else "MISSED"
    if kind != "sqlite":
        verdict = "no budget here (it is set for SQLite)"
    print(f"- 30-day report {where}: first {first:.0f} ms (counts the days and hours that are "
          f"over into totals), then {warm:.0f} ms median, {queries} queries; budget "
          f"{REPORT_BUDGET_MS} ms on SQLite: {verdict}\n")  # fmt: skip


def worker_model() -> str:
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    return f"{config['worker_class']}, {config['workers']} workers x {config['threads']} threads"


def kind_name(kind: str) -> str:
    return {"sqlite": "SQLite", "postgres": "PostgreSQL"}[kind]


def write_visits(path: Path, count: int) -> None:
    from troubleshooter.models import Guide, GuideVersion, Visit

    guide = Guide.objects.get(slug="icloud-photos-not-syncing")
    version = GuideVersion.objects.compiled(guide.live_version_id)
    first = version.first_step
    by_outcome = {choice.outcome: choice.key for choice in first.choices}
    lines = []
    for _ in range(count):
        visit = Visit.objects.start(version, guide.id)
        lines.append(f"{visit.id} {first.key} {by_outcome['next']} {by_outcome['resolved']}")
    path.write_text("\n".join(lines) + "\n")


class Load:
    def __init__(self, visits_file: Path, token: str, options):
        self.visits_file = visits_file
        self.token = token
        self.seconds = options.seconds
        self.tool = (
            "wrk"
            if shutil.which("wrk")
            else "a Python load generator (install wrk for a lighter one)"
        )

    def run(self, port: int, scenario: str, connections: int) -> dict:
        if shutil.which("wrk"):
            self.wrk(port, scenario, connections, seconds=2)  # warm-up
            return self.wrk(port, scenario, connections, seconds=self.seconds)
        return python_load(port, scenario, self, connections)

    def wrk(self, port: int, scenario: str, connections: int, seconds: int) -> dict:
        threads = 2
        script = ["-s", str(ROOT / "bench" / "load.lua"), f"http://127.0.0.1:{port}"]
        script_args = ["--", scenario, str(self.visits_file), self.token, str(threads)]
        # A slow answer is measured by p99; only a failed one counts as an error.
        options = [f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency"]
        options.append("--timeout=30s")
        output = subprocess.run(
            ["wrk", *options, *script, *script_args], capture_output=True, text=True, check=True
        ).stdout
        socket_errors = re.search(r"connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
        bad_status = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
        return {
            "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
            "p50": wrk_ms(re.search(r"50%\s+([\d.]+\w+)", output).group(1)),
            "p99": wrk_ms(re.search(r"99%\s+([\d.]+\w+)", output).group(1)),
            "errors": (int(bad_status.group(1)) if bad_status else 0)
            + (sum(map(int, socket_errors.groups())) if socket_errors else 0),
        }


def wrk_ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[unit]


def python_load(port: int, scenario: str, load: Load, connections: int) -> dict:
    """The same requests as load.lua, from threads with keep-alive connections."""
    visits = [line.split() for line in load.visits_file.read_text().split("\n") if line]
    latencies, errors, lock = [], [0], threading.Lock()
    deadline = time.monotonic() + load.seconds

    def worker(index: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = visits[index::connections]
        sent = 0
        while time.monotonic() < deadline:
            visit_id, step, next_choice, resolved_choice = mine[sent % len(mine)]
            choice = (next_choice, resolved_choice)[(sent // len(mine)) % 2]
            method, path, headers, body = request_for(scenario, visit_id, step, choice, load.token)
            started = time.perf_counter()
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                failed = response.status >= 400
            except OSError:
                connection.close()
                failed = True
            with lock:
                latencies.append((time.perf_counter() - started) * 1000)
                errors[0] += failed
            sent += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    return {
        "rps": len(latencies) / load.seconds,
        "p50": statistics.median(latencies),
        "p99": latencies[int(len(latencies) * 0.99) - 1],
        "errors": errors[0],
    }


def request_for(scenario: str, visit_id: str, step: str, choice: str, token: str):
    form = {
        "Cookie": f"csrftoken={token}",
        "Content-Type": "application/x-www-form-urlencoded",
        "HX-Request": "true",
    }
    if scenario == "fragment":
        return "GET", f"/visits/{visit_id}/steps/3/", {"HX-Request": "true"}, None
    if scenario == "page":
        return "GET", f"/visits/{visit_id}/steps/3/", {}, None
    if scenario == "answer":
        body = f"csrfmiddlewaretoken={token}&step={step}&choice={choice}"
        return "POST", f"/visits/{visit_id}/answer/", form, body
    if scenario == "start":
        body = f"csrfmiddlewaretoken={token}"
        return "POST", "/guides/icloud-photos-not-syncing/start/", form, body
    return "GET", "/", {}, None


def fetch(port: int, method: str, path: str, headers: dict, body=None) -> tuple[bytes, dict]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    return response.read(), dict(response.getheaders())


def sizes(port: int, token: str, visits_file: Path) -> dict:
    """Bytes per response: raw, and as a proxy's gzip (level 6) and brotli (level 5) send it."""
    visit_id, step, next_choice, _ = visits_file.read_text().split("\n")[-2].split()
    measured = {}
    for scenario in SCENARIOS:
        method, path, headers, body = request_for(scenario, visit_id, step, next_choice, token)
        content, _ = fetch(port, method, path, headers, body)
        measured[scenario] = (
            len(content),
            len(gzip.compress(content, 6)),
            len(brotli.compress(content, quality=5)),
        )
    return measured


def first_load(port: int, visits_file: Path) -> tuple[int, list[str]]:
    """A first visit to a step page: the HTML plus every stylesheet and script it loads."""
    visit_id = visits_file.read_text().split()[0]
    html, _ = fetch(port, "GET", f"/visits/{visit_id}/steps/1/", {})
    total = len(brotli.compress(html, quality=5))
    assets = re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html)
    for asset in assets:
        content, _ = fetch(port, "GET", asset.decode(), {"Accept-Encoding": "br, gzip"})
        total += len(content)
    return total, [a.decode() for a in assets]


def print_table(bare: dict, stack: dict, results: dict) -> None:
    print("| scenario | req/s | % of bare | % of stack | p50 ms | p99 ms | errors |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    print(row("bare: one view, no middleware", bare, bare, stack))
    print(row("stack: one view, helpdesk settings", stack, bare, stack))
    for name, label in SCENARIOS.items():
        print(row(label, results[name], bare, stack))
    print()


def row(label: str, result: dict, bare: dict, stack: dict) -> str:
    return (
        f"| {label} | {result['rps']:.0f} | {100 * result['rps'] / bare['rps']:.0f}% "
        f"| {100 * result['rps'] / stack['rps']:.0f}% | {result['p50']:.2f} | "
        f"{result['p99']:.2f} | {result['errors']} |"
    )


def print_budgets(kind: str, connections: int, bare: dict, results: dict) -> None:
    for name, floor in BUDGETS[kind].items():
        result = results[name]
        share = 100 * result["rps"] / bare["rps"]
        verdict = "met" if share >= floor and result["errors"] == 0 else "MISSED"
        print(
            f"- {SCENARIOS[name]}: {share:.1f}% of bare, budget {floor}%, "
            f"{result['errors']} errors: {verdict}"
        )
    if kind == "sqlite" and connections == 16:
        worst = max(results, key=lambda name: results[name]["p99"])
        p99 = results[worst]["p99"]
        verdict = "met" if p99 <= P99_BUDGET_MS else "MISSED"
        print(
            f"- slowest p99: {SCENARIOS[worst]}, {p99:.1f} ms, budget {P99_BUDGET_MS} ms: {verdict}"
        )
    print()


def print_sizes(measured: dict) -> None:
    print("| response | bytes raw | gzip | br |")
    print("|---|---:|---:|---:|")
    for name, label in SCENARIOS.items():
        raw, gzipped, brotlied = measured[name]
        print(f"| {label} | {raw} | {gzipped} | {brotlied} |")
    print()
    fragment_gzip = measured["fragment"][1]
    verdict = "met" if fragment_gzip <= 2048 else "MISSED"
    print(f"- step fragment compressed: {fragment_gzip} B gzip, budget 2048 B: {verdict}")


def print_first_load(total: int, assets: list[str]) -> None:
    verdict = "met" if total <= 35 * 1024 else "MISSED"
    print(f"- first page load, HTML and {', '.join(assets)}, compressed (br): "
          f"{total / 1024:.1f} KB, budget 35 KB: {verdict}")  # fmt: skip


def grow(count: int) -> None:
    """Publish GROWTH_VERSIONS versions, then add `count` answers over finished visits
    spread across them, ANSWERS_PER_VISIT each, straight in SQL."""
    from django.db import connection
    from django.utils import timezone

    from troubleshooter import report
    from troubleshooter.models import Guide, GuideVersion

    started = time.monotonic()
    guide = Guide.objects.get(slug="icloud-photos-not-syncing")
    versions = [guide.publish(note="Benchmark") for _ in range(GROWTH_VERSIONS)]
    step = versions[0].content["steps"][0]
    choice = step["choices"][1]
    sqlite = connection.vendor == "sqlite"
    visits = -(-count // ANSWERS_PER_VISIT)
    per_version = -(-visits // len(versions))
    series = (
        "WITH RECURSIVE seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM seq WHERE n + 1 < {count})"
        if sqlite
        else "WITH seq(n) AS (SELECT generate_series(0, {count} - 1))"
    )
    # With parameters, a literal % is written %% on both backends.
    visit_id = "printf('%%032x', {k})" if sqlite else "lpad(to_hex({k}), 32, '0')::uuid"
    # Visits start at moments spread evenly over the report's 30 days, up to now: visit k
    # at ((k * 7919) mod span) seconds ago, a different moment for each of span visits.
    today = timezone.localdate()
    span = int(
        (timezone.now() - report.start_of(today - datetime.timedelta(days=29))).total_seconds()
    )
    day_ago = (
        "strftime('%%Y-%%m-%%d %%H:%%M:%%f', 'now',"
        f" '-' || ((({{k}}) * 7919) %% {span}) || ' seconds')"
        if sqlite
        else f"now() - ((({{k}})::bigint * 7919) %% {span}) * interval '1 second'"
    )
    reference = "'G' || printf('%%06d', {k})" if sqlite else "'G' || lpad(({k})::text, 6, '0')"
    with connection.cursor() as cursor:
        for index, version in enumerate(versions):
            k = f"n + {index * per_version + 1}"
            cursor.execute(
                series.format(count=per_version) + " INSERT INTO troubleshooter_visit"
                " (id, guide_id, version_id, is_preview, reference, state, current_step_key,"
                " last_choice_key, asked_step_key, started_at, finished_at, moved_at)"
                f" SELECT {visit_id.format(k=k)}, %s, %s, %s, {reference.format(k=k)},"
                f" 'escalated', %s, %s, '', {day_ago.format(k=k)}, {day_ago.format(k=k)},"
                f" {day_ago.format(k=k)} FROM seq",
                [
                    guide.id,
                    GuideVersion._meta.pk.get_db_prep_value(version.id, connection),
                    False,
                    step["key"],
                    choice["key"],
                ],
            )
        cursor.execute(
            series.format(count=count)
            + " INSERT INTO troubleshooter_answer (visit_id, step_key, choice_key, step_title,"
            " step_number, choice_label, outcome, answered_at, seconds)"
            f" SELECT {visit_id.format(k=f'n / {ANSWERS_PER_VISIT} + 1')}, %s, %s, %s,"
            f" n %% 7 + 1, %s, 'next', {day_ago.format(k=f'n / {ANSWERS_PER_VISIT} + 1')},"
            " n %% 120 FROM seq",
            [step["key"], choice["key"], step["title"], choice["label"]],
        )
        cursor.execute("ANALYZE")
    seconds = time.monotonic() - started
    print(f"Published {len(versions)} more versions and added {count:,} answers over "
          f"{per_version * len(versions):,} visits in {seconds:.0f} s.\n")  # fmt: skip


REPORT_BUDGET_MS = 300


def report_timing() -> tuple[float, float, int]:
    """Render the 30-day report in this process, as staff would open it: the first time
    (which counts the periods that are over into totals) and then five times more.
    Milliseconds of the first and the median of the others, and the queries of one."""
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from troubleshooter.models import Guide

    guide = Guide.objects.get(slug="icloud-photos-not-syncing")
    client = Client()
    client.force_login(User.objects.create_superuser("bench-report", password=None))
    url = reverse("admin:guide_report", args=[guide.id])
    timings, queries = [], 0
    for _ in range(6):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url, HTTP_HOST="127.0.0.1")
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
        queries = len(captured)
    return timings[0], statistics.median(timings[1:]), queries


def print_loaded_report_timing(kind: str) -> None:
    """The report on the database the load runs just filled: their visits all started
    within the hour, so they are counted live."""
    from django.utils import timezone

    from troubleshooter.models import Answer, Visit

    recent = Visit.objects.filter(started_at__gte=timezone.now() - datetime.timedelta(hours=1))
    answers = Answer.objects.filter(visit__in=recent).count()
    print_report_timing(
        kind,
        f"right after the load runs ({recent.count():,} visits and {answers:,} answers started "
        "within the hour, counted live)",
    )


def print_growth(count: int, connections: int, before: dict, after: dict) -> None:
    print(f"| {connections} connections, after growth | req/s | of before | p99 ms | errors |")
    print("|---|---:|---:|---:|---:|")
    for name, result in after.items():
        share = 100 * result["rps"] / before[name]["rps"]
        print(
            f"| {SCENARIOS[name]} | {result['rps']:.0f} | {share:.0f}% | "
            f"{result['p99']:.2f} | {result['errors']} |"
        )
    worst = min(100 * after[n]["rps"] / before[n]["rps"] for n in after)
    print(f"\n- growth: slowest is {worst:.0f}% of its figure before; compare with the spread "
          "between the 16- and 32-connection runs above and between repeated runs\n")  # fmt: skip


def print_plans() -> None:
    """The plan of every query a visitor's request makes, on the grown database: the
    statements the app runs, as it runs them."""
    from django.db import DEFAULT_DB_ALIAS, connection, transaction

    from helpdesk.db import update_sql
    from troubleshooter.models import Guide, Visit, lock_visit_sql, step_page_sql

    visit = Visit.objects.filter(state="escalated").order_by("pk").last()
    pk = Visit._meta.pk.get_db_prep_value(visit.pk, connection)
    explain = "EXPLAIN QUERY PLAN" if connection.vendor == "sqlite" else "EXPLAIN"
    live_guide = Guide.objects.live().filter(slug="icloud-photos-not-syncing").order_by()
    plans = {
        "fallback page: the visit's answers": visit.answers.all().explain(),
        "Start: the live guide by slug": live_guide.values_list("id", "live_version_id").explain(),
    }
    with transaction.atomic(), connection.cursor() as cursor:
        statements = {
            "step page: the visit's version": (step_page_sql(DEFAULT_DB_ALIAS), [pk]),
            # FOR UPDATE is written only inside a transaction.
            "answer POST: lock the visit": (lock_visit_sql(DEFAULT_DB_ALIAS), [pk]),
            "answer POST: move the visit": (
                update_sql(Visit, Visit.MOVED_FIELDS, DEFAULT_DB_ALIAS),
                ["resolved", "", "", "", None, None, pk],
            ),
        }
        for name, (sql, params) in statements.items():
            cursor.execute(f"{explain} {sql}", params)
            plans[name] = "\n".join(str(row[-1]) for row in cursor.fetchall())
    print("Query plans on the grown database:\n")
    for name, plan in plans.items():
        print(f"- {name}:")
        for line in plan.splitlines():
            print(f"    {line}")
    print()


if __name__ == "__main__":
    main()
