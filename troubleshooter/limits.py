"""How often one client address may write as a visitor, per minute: Start, answers,
start-overs and "what happened?" together, and searches that found nothing counted
(settings.VISITOR_WRITES_PER_MINUTE, which HELPDESK_RATE_LIMITS=0 empties).

A write is counted in the transaction that makes it, by one statement on a row per
address (ClientWrites), so the count holds across processes and servers and costs the
write nothing more on SQLite's write lock. A write refused writes nothing.
"""

import ipaddress
import itertools
import time
from contextlib import contextmanager

from django.conf import settings
from django.http import HttpRequest

from helpdesk.db import write_transaction
from troubleshooter.models import ClientWrites

START = "start"
ANSWER = "answer"  # answers, start-overs and "what happened?"
SEARCH = "search"  # a search that found nothing, counted for staff

# Addresses not seen for a minute are forgotten every so many counted writes.
PRUNE_EVERY = 1000
counted = itertools.count(1)

# Clients this process refused, with the minute: until it is over the database would
# only refuse them again, so they are refused without asking it or waiting for the
# write lock. Kept small: past REFUSED_KEPT it starts afresh.
REFUSED_KEPT = 10_000
refused: dict[str, int] = {}


class TooFast(Exception):
    """The client's writes of this kind are at the limit until the minute is over."""

    def __init__(self, retry_after: int):
        super().__init__(f"Over the limit; try again in {retry_after} s.")
        self.retry_after = retry_after


def now() -> float:
    return time.time()


def client_address(request: HttpRequest) -> str:
    """The address a visitor's writes are counted by: REMOTE_ADDR, or behind our proxy
    (DJANGO_BEHIND_PROXY=1) the last address in X-Forwarded-For, the one the proxy added.
    An IPv6 address counts with its /64, the block one subscriber is given."""
    address = request.META.get("REMOTE_ADDR", "")
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", 1)[-1].strip()
        address = forwarded or address
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address[:50]
    if ip.version == 6:
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network((ip, 64), strict=False))
    return str(ip)


@contextmanager
def counted_write(request: HttpRequest, kind: str):
    """write_transaction(), for a visitor's write of this kind, counted against their
    address's limit first. Over the limit, raises TooFast and nothing is written."""
    limit = settings.VISITOR_WRITES_PER_MINUTE.get(kind)
    if not limit:
        with write_transaction():
            yield
        return
    moment = now()
    minute = int(moment // 60)
    retry_after = 60 - int(moment % 60)
    client = f"{kind} {client_address(request)}"
    if refused.get(client) == minute:
        raise TooFast(retry_after)
    with write_transaction():
        if not ClientWrites.objects.count_write(client, minute, limit):
            if len(refused) >= REFUSED_KEPT:
                refused.clear()
            refused[client] = minute
            raise TooFast(retry_after)
        if next(counted) % PRUNE_EVERY == 0:
            ClientWrites.objects.prune(minute)
        yield
