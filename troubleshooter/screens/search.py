"""The search page: the results for a visitor's words, or the whole page.

The box in every page's header swaps the search page's content into <main>; the
boxes on the home page and the search page swap only the results under themselves,
so the box being typed in stays as it is.
"""

import re
import secrets
from urllib.parse import quote, urlencode

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django_htmx.http import push_url, replace_url

from troubleshooter.models.search import Outcome
from troubleshooter.screens.common import HtmxHttpRequest, is_fragment
from troubleshooter.screens.languages import switcher
from troubleshooter.screens.topics import built

# The id of the results under a box (troubleshooter/_search_box.html).
RESULTS_ID = "search-results"

# Each result's markup, rendered once per process and language: a guide's card (with
# the step named, if any) or a symptom's line depends only on its published version,
# which never changes. Kept small: past ITEMS_KEPT it starts afresh.
ITEMS_KEPT = 5000
rendered_items: dict[tuple, str] = {}


def rendered_item(key: tuple, part: str, context: dict) -> str:
    key = (*key, translation.get_language())
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


# The search page's markup around its results, rendered once per process and language
# with stand-ins for the words (as text, and in the language switcher's links), the
# results and the line read to screen readers, which each request fills in: the page
# is the same for every search but for those.
WORDS_STAND_IN = secrets.token_hex(16)
WORDS_IN_LINK_STAND_IN = secrets.token_hex(16)
RESULTS_STAND_IN = secrets.token_hex(16)
ANNOUNCEMENT_STAND_IN = secrets.token_hex(16)
STAND_INS = re.compile(
    f"{WORDS_STAND_IN}|{WORDS_IN_LINK_STAND_IN}|{RESULTS_STAND_IN}|{ANNOUNCEMENT_STAND_IN}"
)
rendered_frames: dict[tuple, str] = {}


def page_frame(template: str, answered: bool, fragment: bool) -> str:
    key = (template, answered, fragment, translation.get_language())
    html = rendered_frames.get(key)
    if html is None:
        search_page = reverse("troubleshooter:search")
        html = rendered_frames[key] = render_to_string(
            template,
            {
                "search_query": WORDS_STAND_IN,
                "answered": answered,
                "results_html": mark_safe(RESULTS_STAND_IN),
                "page_title": gettext("%(words)s — Search — Helpdesk") % {"words": WORDS_STAND_IN}
                if answered
                else gettext("Search — Helpdesk"),
                "announcement": ANNOUNCEMENT_STAND_IN,
                "not_for_search": True,
                "meta_description": gettext(
                    "Search the help guides for your problem, in your own words."
                ),
                "fragment": fragment,
                # The switcher keeps the words: the search page in the other language.
                "language_links": switcher(
                    f"{search_page}?q={WORDS_IN_LINK_STAND_IN}" if answered else search_page
                ),
            },
        )
    return html


def search_screen(
    request: HtmxHttpRequest, query: str, outcome: Outcome | None, error: str = ""
) -> HttpResponse:
    if error:
        announcement = error
    elif outcome is None:
        announcement = gettext("Search")
    else:
        count = len(outcome.results)
        announcement = ngettext("%(count)s guide found", "%(count)s guides found", count) % {
            "count": f"{count}{'+' if outcome.more else ''}"
        }
    context = {
        "search_query": query,
        "outcome": outcome,
        "error": error,
        # With nothing found, the topics to browse instead.
        "catalogue": built()[0] if outcome and not outcome.results else None,
        **(result_items(outcome) if outcome else {}),
    }
    results_html = render_to_string("troubleshooter/search.html#results", context)
    if is_fragment(request) and request.htmx.target == RESULTS_ID:
        response = HttpResponse(results_html)
    else:
        fragment = is_fragment(request)
        template = "troubleshooter/search.html#main" if fragment else "troubleshooter/search.html"
        filled = {
            WORDS_STAND_IN: escape(query),
            # Within the switcher's `next`, itself within its link's query.
            WORDS_IN_LINK_STAND_IN: quote(quote(query, safe=""), safe=""),
            RESULTS_STAND_IN: results_html,
            ANNOUNCEMENT_STAND_IN: escape(announcement),
        }
        html = STAND_INS.sub(
            lambda found: filled[found.group()],
            page_frame(template, bool(outcome or error), fragment),
        )
        # Without htmx a refused search is a 400; htmx swaps no 400 (base.html), and the
        # words must stay, so with it the message comes as a 200.
        response = HttpResponse(html, status=400 if error and not fragment else 200)
    if not is_fragment(request):
        return response
    current = request.htmx.current_url_abs_path or ""
    on_search_page = current.startswith(reverse("troubleshooter:search"))
    if not query.strip():
        # A box emptied on the search page takes the words out of the address too, so a
        # reload doesn't bring them back.
        if on_search_page:
            return replace_url(response, reverse("troubleshooter:search"))
        return response
    # Typing changes the address as it goes; a search asked for is a step in the history,
    # unless the address already shows it (Enter after typing).
    url = search_url(query)
    if current != url and (was_submitted(request) or not on_search_page):
        return push_url(response, url)
    return replace_url(response, url)
