"""A guide's own page, and the order guides are listed in."""

import unicodedata

from django.http import HttpResponse

from troubleshooter.flow import NotInVersion
from troubleshooter.models import CompiledVersion
from troubleshooter.screens.common import HtmxHttpRequest, guide_url, render_screen
from troubleshooter.screens.languages import not_yet_in_language


def title_order(title: str) -> str:
    """Titles as a reader sorts them: "iCloud" beside "iPhone", "Écran" beside "Ecran"."""
    letters = unicodedata.normalize("NFKD", title.casefold())
    return "".join(letter for letter in letters if not unicodedata.combining(letter))


QUOTE_PAIRS = {"“": "”", '"': '"', "«": "»"}


def unquoted(text: str) -> str:
    """Text as the page quotes it: without quotation marks of its own around it, so
    that a symptom staff wrote as “Syncing paused” is not shown as ““Syncing paused””."""
    inside = text[1:-1]
    if len(text) > 2 and QUOTE_PAIRS.get(text[0]) == text[-1] and text[-1] not in inside:
        return inside.strip()
    return text


def guide_screen(
    request: HtmxHttpRequest,
    version: CompiledVersion,
    staff_state: str | None,
    symptom_key: str = "",
) -> HttpResponse:
    """What a guide covers, "What do you see?" when it has symptoms, and its Start
    button; for staff, the draft's state too. A symptom chosen by its address (a
    shared link) comes first, with a Start button of its own; one the live version
    does not have is left unchosen."""
    try:
        chosen, chosen_step = version.symptom(symptom_key), version.start_step(symptom_key)
    except NotInVersion:
        chosen = chosen_step = None
    context = {
        "chosen": chosen,
        "chosen_step": chosen_step,
        "chosen_text": unquoted(chosen.text) if chosen else "",
        "chosen_step_title": unquoted(chosen_step.title) if chosen_step else "",
        "version": version,
        "language_note": not_yet_in_language(version.language),
        "page_title": version.title,
        "announcement": version.title,
        "meta_description": version.summary,
        "canonical_url": request.build_absolute_uri(guide_url(version, preview=False)),
    }
    if staff_state is not None:
        context["staff_state"] = staff_state
        context["guide_id"] = version.guide_id
    return render_screen(request, "troubleshooter/guide_detail.html", context)
