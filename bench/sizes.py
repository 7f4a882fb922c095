"""What the app's responses weigh: each scenario's, and a first visit's with its assets."""

import gzip
import http.client
import re

import brotli

from bench.scenarios import SCENARIOS, StartedVisit, request_for, visits_for


def fetch(port: int, method: str, path: str, headers: dict, body=None) -> tuple[bytes, dict]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    return response.read(), dict(response.getheaders())


def sizes(port: int, token: str, visits: list[StartedVisit]) -> dict:
    """Bytes per response: raw, and as a proxy's gzip (level 6) and brotli (level 5) send it."""
    measured = {}
    for scenario in SCENARIOS:
        visit = visits_for(scenario, visits)[-1]
        content, _ = fetch(port, *request_for(scenario, visit, visit.next_choice, token))
        measured[scenario] = (
            len(content),
            len(gzip.compress(content, 6)),
            len(brotli.compress(content, quality=5)),
        )
    return measured


def first_load(port: int, visits: list[StartedVisit]) -> tuple[int, list[str]]:
    """A first visit to a step page: the HTML plus every stylesheet and script it loads."""
    visit = visits_for("page", visits)[0]
    html, _ = fetch(port, "GET", f"/visits/{visit.visit_id}/steps/1/", {})
    total = len(brotli.compress(html, quality=5))
    assets = re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html)
    for asset in assets:
        content, _ = fetch(port, "GET", asset.decode(), {"Accept-Encoding": "br, gzip"})
        total += len(content)
    return total, [a.decode() for a in assets]
