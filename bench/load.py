"""Load on a server: wrk with bench/load.lua, or a Python load generator when wrk is not
installed, both sending the requests of bench/scenarios.py."""

import http.client
import itertools
import re
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from bench.scenarios import Request, StartedVisit, streams

WRK_THREADS = 2


class Load:
    def __init__(self, visits: list[StartedVisit], token: str, options):
        self.visits = visits
        self.token = token
        self.seconds = options.seconds
        self.tool = (
            "wrk"
            if shutil.which("wrk")
            else "a Python load generator (install wrk for a lighter one)"
        )

    def run(self, port: int, scenario: str, connections: int) -> dict:
        if shutil.which("wrk"):
            with tempfile.TemporaryDirectory() as tmp:
                prefix = Path(tmp) / "requests-"
                write_requests(prefix, streams(scenario, self.visits, self.token, WRK_THREADS))
                wrk(port, prefix, connections, seconds=2)  # warm-up
                return wrk(port, prefix, connections, seconds=self.seconds)
        sequences = streams(scenario, self.visits, self.token, connections)
        return python_load(port, sequences, self.seconds)


def write_requests(prefix: Path, sequences: list[list[Request]]) -> None:
    """One file per wrk thread, named `prefix` and the thread's index, for load.lua: a
    request a line, its method, path, body and headers ("Name: value") separated by tabs."""
    for index, sequence in enumerate(sequences):
        lines = [
            "\t".join(
                [method, path, body or "", *(f"{name}: {value}" for name, value in headers.items())]
            )
            for method, path, headers, body in sequence
        ]
        Path(f"{prefix}{index}").write_text("\n".join(lines) + "\n")


def wrk(port: int, prefix: Path, connections: int, seconds: int) -> dict:
    script = ["-s", str(Path(__file__).with_name("load.lua")), f"http://127.0.0.1:{port}"]
    # A slow answer is measured by p99; only a failed one counts as an error.
    options = [f"-t{WRK_THREADS}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    options.append("--timeout=30s")
    output = subprocess.run(
        ["wrk", *options, *script, "--", str(prefix)], capture_output=True, text=True, check=True
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


def python_load(port: int, sequences: list[list[Request]], seconds: int) -> dict:
    """The requests wrk would send, a sequence for each connection, from threads with
    keep-alive connections. http.client opens a new connection after a closing one."""
    latencies, errors, lock = [], [0], threading.Lock()
    deadline = time.monotonic() + seconds

    def worker(sequence: list[Request]) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        requests = itertools.cycle(sequence)
        while time.monotonic() < deadline:
            method, path, headers, body = next(requests)
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

    threads = [threading.Thread(target=worker, args=(sequence,)) for sequence in sequences]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    return {
        "rps": len(latencies) / seconds,
        "p50": statistics.median(latencies),
        "p99": latencies[int(len(latencies) * 0.99) - 1],
        "errors": errors[0],
    }
