"""Load on a server: wrk with bench/load.lua, or a Python load generator when wrk is not
installed."""

import http.client
import re
import shutil
import statistics
import subprocess
import threading
import time
from pathlib import Path

from bench.scenarios import request_for
from bench.servers import ROOT


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
