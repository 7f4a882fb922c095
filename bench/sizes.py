"""What the app's responses weigh: each scenario's, and a first visit's with its assets."""

import gzip
import http.client
import re
from pathlib import Path

import brotli

from bench.scenarios import SCENARIOS, request_for


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
