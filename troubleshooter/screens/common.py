"""What every visitor screen shares: the request's type, whole page or htmx fragment,
and the addresses of a guide and a step."""

import uuid
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django_htmx.middleware import HtmxDetails

from troubleshooter.models import CompiledVersion


class HttpResponseSeeOther(HttpResponseRedirect):
    status_code = 303


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def is_fragment(request: HtmxHttpRequest) -> bool:
    """htmx swaps in only what goes inside <main>; a history restore needs the whole page."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def render_screen(request: HtmxHttpRequest, template_name: str, context: dict) -> HttpResponse:
    """A whole page, or for an htmx swap the content of <main> with the page's new
    title and a line for screen readers (see _fragment_head.html)."""
    if is_fragment(request):
        return render(request, f"{template_name}#main", {**context, "fragment": True})
    return render(request, template_name, context)


def step_url(visit_id: uuid.UUID, number: int) -> str:
    return reverse("troubleshooter:step", kwargs={"visit_id": visit_id, "number": number})


def guide_url(version: CompiledVersion, preview: bool, symptom_key: str = "") -> str:
    """A preview's guide is the draft in the admin; a visitor's is its public page,
    with the symptom they started at chosen there: the symptom's shareable address."""
    if preview:
        return reverse("admin:troubleshooter_guide_change", args=[version.guide_id])
    url = reverse("troubleshooter:guide", kwargs={"slug": version.slug})
    return f"{url}?{urlencode({'symptom': symptom_key})}" if symptom_key else url
