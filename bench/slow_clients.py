"""Slow and idle connections, and a visitor's step page timed while they are open.

`python -m bench.slow_clients` prints a visitor's step-page time (median and p99) with
nothing else going on, beside 4 connections sending a request's headers a byte at a time,
beside 200 sending a byte a second or nothing at all, and beside all 204: for gunicorn
alone and for nginx in front of it. tests/test_proxy.py holds the proxy to it. Every
connection is to 127.0.0.1, and every one is closed when the measurement ends.
"""

import argparse
import contextlib
import selectors
import socket
import statistics
import tempfile
import threading
import time
from pathlib import Path

from bench.servers import HOST, Visitor, gunicorn, manage, production_env, proxied
from bench.servers import server_database as database

GUIDE = "/guides/icloud-photos-not-syncing/"
# Headers that never end within a run: each connection only ever sends a prefix of them.
ENDLESS_HEADERS = f"GET {GUIDE} HTTP/1.1\r\nHost: {HOST}\r\nX-Wait: {'w' * 4000}".encode()


class SlowClients:
    """`trickling` connections that send a request's headers a byte every `trickle` seconds,
    `slow` that send a byte a second and `idle` that send nothing; all to 127.0.0.1:port,
    for at most `seconds`. `closed` counts those the server has closed meanwhile."""

    def __init__(self, port, *, trickling=4, slow=0, idle=0, trickle=0.2, seconds=60):
        self.port = port
        self.counts = {"trickling": trickling, "slow": slow, "idle": idle}
        self.trickle = trickle
        self.seconds = seconds
        self.sockets: dict[str, list[socket.socket]] = {}
        self.sent: dict[socket.socket, int] = {}
        self.closed = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def __enter__(self):
        for kind, count in self.counts.items():
            self.sockets[kind] = [
                socket.create_connection(("127.0.0.1", self.port), timeout=5) for _ in range(count)
            ]
        for sock in self.all():
            sock.setblocking(False)
            self.sent[sock] = 0
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()
        for sock in self.all():
            sock.close()

    def all(self) -> list[socket.socket]:
        return [sock for sockets in self.sockets.values() for sock in sockets]

    def run(self) -> None:
        deadline = time.monotonic() + self.seconds
        selector = selectors.DefaultSelector()
        for sock in self.all():
            selector.register(sock, selectors.EVENT_READ)
        next_second = time.monotonic() + 1
        while not self.stop.is_set() and time.monotonic() < deadline:
            self.send_a_byte(self.sockets["trickling"])
            if time.monotonic() >= next_second:
                self.send_a_byte(self.sockets["slow"])
                next_second += 1
            # Whatever the server sends, or its closing, shows here.
            for key, _ in selector.select(timeout=self.trickle):
                self.read(key.fileobj, selector)

    def send_a_byte(self, sockets) -> None:
        for sock in sockets:
            sent = self.sent[sock]
            if sent < len(ENDLESS_HEADERS):
                # Closed by the server: read() counts it.
                with contextlib.suppress(OSError):
                    self.sent[sock] += sock.send(ENDLESS_HEADERS[sent : sent + 1])

    def read(self, sock, selector) -> None:
        try:
            data = sock.recv(65536)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:
            selector.unregister(sock)
            self.closed += 1


def step_page(port: int) -> tuple[Visitor, str]:
    """A visitor who has started the iCloud guide, and the address of their step 1."""
    visitor = Visitor()
    visitor.request(port, "GET", GUIDE)
    response, _ = visitor.request(port, "POST", f"{GUIDE}start/", form={})
    assert response.status == 303, response.status
    return visitor, response.headers["Location"]


def step_page_times(port, visitor, path, count, pause=0.05, seconds=60.0) -> list[float]:
    """Seconds for each of `count` loads of the step page, one after another, each on a
    new connection as a browser's first request is, for at most about `seconds`. A load
    that gets no answer in the visitor's 30 seconds counts as its time until then."""
    times = []
    deadline = time.monotonic() + seconds
    while len(times) < count and time.monotonic() < deadline:
        started = time.perf_counter()
        try:
            response, _ = visitor.request(port, "GET", path)
            assert response.status == 200, response.status
        except TimeoutError:
            pass
        times.append(time.perf_counter() - started)
        time.sleep(pause)
    return times


def summary(times: list[float]) -> dict:
    ordered = sorted(times)
    return {
        "count": len(ordered),
        "median": statistics.median(ordered),
        "p99": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))],
    }


CASES = {
    "nothing else": None,
    "4 sending headers a byte at a time": {},
    "200: 100 sending a byte a second, 100 idle": {"trickling": 0, "slow": 100, "idle": 100},
    "all 204 of those": {"slow": 100, "idle": 100},
}


def measure(port: int, count: int) -> dict:
    """The step page's times in each of CASES."""
    visitor, path = step_page(port)
    step_page_times(port, visitor, path, 5)  # warm-up
    results = {}
    for case, clients in CASES.items():
        if clients is None:
            results[case] = summary(step_page_times(port, visitor, path, count))
            continue
        with SlowClients(port, **clients, seconds=120):
            time.sleep(0.5)
            results[case] = summary(step_page_times(port, visitor, path, count))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=20, help="step pages timed per case")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, database(Path(tmp), None) as db:
        # As `make serve` runs: plain HTTP, gunicorn.conf.py's workers.
        env = {**production_env(Path(tmp), db), "DJANGO_HTTPS": "0"}
        env.pop("GUNICORN_WORKERS")
        manage(env, "collectstatic", "--no-input")
        manage(env, "migrate", "--no-input")
        print("| server | beside the visitor | pages | median ms | p99 ms |")
        print("|---|---|---:|---:|---:|")
        with gunicorn(env) as port:
            print_rows("gunicorn alone", measure(port, options.count))
        with proxied(env, Path(tmp) / "run") as port:
            print_rows("nginx, then gunicorn", measure(port, options.count))


def print_rows(server: str, results: dict) -> None:
    for case, result in results.items():
        print(
            f"| {server} | {case} | {result['count']} | {1000 * result['median']:.1f} | "
            f"{1000 * result['p99']:.1f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
