"""The search page: the results for a visitor's words, or the whole page.

The box in every page's header swaps the search page's content into <main>; the
boxes on the home page and the search page swap only the results under themselves,
so the box being typed in stays as it is.
"""

from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django_htmx.http import push_url, replace_url

from troubleshooter.models import SearchEntry
from troubleshooter.models.search import Outcome
from troubleshooter.screens.common import HtmxHttpRequest, is_fragment

# The id of the results under a box (troubleshooter/_search_box.html).
RESULTS_ID = "search-results"

# Each result's markup, rendered once per process: a guide's card (with the step named,
# if any) or a symptom's line depends only on its published version, which never
# changes. Kept small: past ITEMS_KEPT it starts afresh.
ITEMS_KEPT = 5000
rendered_items: dict[tuple, str] = {}


def rendered_item(key: tuple, part: str, context: dict) -> str:
    html = rendered_items.get(key)
    if html is None:
        if len(rendered_items) >= ITEMS_KEPT:
            rendered_items.clear()
        html = rendered_items[key] = render_to_string(f"troubleshooter/search.html#{part}", context)
    return html


def result_items(outcome: Outcome) -> dict:
    guides = [
        rendered_item(
            ("guide", result.entry["version_id"], result.step["number"] if result.step else None),
            "guide",
            {"entry": result.entry, "step": result.step},
        )
        for result in outcome.results
    ]
    symptoms = [
        rendered_item(
            ("symptom", entry["version_id"], symptom["key"]),
            "symptom",
            {"entry": entry, "symptom": symptom},
        )
        for symptom, entry in outcome.symptoms
    ]
    return {"guide_items": guides, "symptom_items": symptoms}


def search_url(query: str) -> str:
    return f"{reverse('troubleshooter:search')}?{urlencode({'q': query})}"


def was_submitted(request: HtmxHttpRequest) -> bool:
    """The visitor asked for this search: a plain GET, or the box's form sent with Enter
    or its button. Searches made as the visitor types ("icl", "iclo", …) are not."""
    if not request.htmx:
        return True
    trigger = request.htmx.trigger or ""
    return trigger.startswith("search-form") and not request.htmx.history_restore_request


def search_screen(
    request: HtmxHttpRequest, query: str, outcome: Outcome | None, error: str = ""
) -> HttpResponse:
    if error:
        title, announcement = "Search — Helpdesk", error
    elif outcome is None:
        title, announcement = "Search — Helpdesk", "Search"
    else:
        count = len(outcome.results)
        title = f"{query} — Search — Helpdesk"
        announcement = (
            f"{count}{'+' if outcome.more else ''} guide{'s' if count != 1 else ''} found"
        )
    context = {
        "search_query": query,
        "outcome": outcome,
        "error": error,
        "live_guides": SearchEntry.objects.titles() if outcome and not outcome.results else [],
        "page_title": title,
        "announcement": announcement,
        "not_for_search": True,
        "meta_description": "Search the help guides for your problem, in your own words.",
        **(result_items(outcome) if outcome else {}),
    }
    if not is_fragment(request):
        status = 400 if error else 200
        return render(request, "troubleshooter/search.html", context, status=status)
    # Swapped in whatever it says: htmx swaps no 400 (base.html), and the words must stay.
    part = "results" if request.htmx.target == RESULTS_ID else "main"
    response = render(request, f"troubleshooter/search.html#{part}", {**context, "fragment": True})
    if not query.strip():
        return response
    # Typing changes the address as it goes; a search asked for is a step in the history.
    current = request.htmx.current_url_abs_path or ""
    if was_submitted(request) or not current.startswith(reverse("troubleshooter:search")):
        return push_url(response, search_url(query))
    return replace_url(response, search_url(query))
