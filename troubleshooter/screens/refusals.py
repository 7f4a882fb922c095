"""Screens for requests refused or that could not be carried out: bad input, too
large, too fast, the wrong method, a full visit, the database away."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import get_template, render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_lazy
from django_htmx.http import reswap, retarget

from troubleshooter.models import CompiledVersion, Feedback, Visit
from troubleshooter.screens.common import HtmxHttpRequest, guide_url, is_fragment
from troubleshooter.screens.languages import switcher, switcher_page


def bad_request_screen(request: HttpRequest, message: str) -> HttpResponse:
    message = message or gettext("The request could not be understood.")
    return render(request, "400.html", {"message": message}, status=400)


def server_error_screen(request: HttpRequest) -> HttpResponse:
    """The 500 page, with the switcher at its foot. Rendered without the request, as
    Django's own is: a context processor, or anything reading the database, could fail
    as the request did, so the page needs neither."""
    context = {"language_links": switcher(switcher_page(request))}
    return HttpResponseServerError(get_template("500.html").render(context))


# What could not be done, by the visitor's address that failed: whole sentences, as
# a translation needs them.
UNSAVED = {
    "start": gettext_lazy("We can't start the guide right now"),
    "answer": gettext_lazy("We can't save your answer right now"),
    "feedback": gettext_lazy("We can't save what you told us right now"),
    "start_over": gettext_lazy("We can't start the guide again right now"),
    "not_fixed": gettext_lazy("We can't take you back to that step right now"),
}
UNSAVED_ANYTHING = gettext_lazy("We can't save that right now")


def unavailable_screen(request: HtmxHttpRequest) -> HttpResponse:
    """503 while the database can't be used. A visitor's answer (or other POST) can be
    sent again from the page as it was; with htmx the step stays in place and a
    notice appears above it."""
    is_staff_page = request.path_info.startswith(f"/{settings.ADMIN_URL}")
    writing = request.method == "POST"
    match = request.resolver_match
    context = {
        "writing": writing,
        # Our own words, with their apostrophes as written.
        "cannot": mark_safe(UNSAVED.get(match.url_name if match else "", UNSAVED_ANYTHING)),
        "retry_url": request.get_full_path(),
        "can_resend": writing and not is_staff_page,
        "retry_fields": [
            (name, value)
            for name, values in request.POST.lists()
            if name != "csrfmiddlewaretoken"
            for value in values
        ],
    }
    if is_fragment(request):
        response = render(request, "503.html#notice", context, status=503)
        response["HX-Retarget"] = "#notice"
        response["HX-Reswap"] = "innerHTML"
    else:
        response = render(request, "503.html", context, status=503)
    response["Retry-After"] = "60"
    return response


# Staff reach this through the article import; its form states the same limit.
TOO_LARGE_FOR_STAFF = gettext_lazy(
    "What you sent is larger than this site accepts, so it was not read. An article to "
    "import must be under 1 MB: go back and paste or upload a shorter one."
)


def too_large_for_visitors() -> str:
    return gettext(
        "That was more than a form on this site can hold, so it was not read. A comment "
        "can be up to %(limit)d characters: go back, shorten it and send it again."
    ) % {"limit": Feedback.COMMENT_LIMIT}


def refusal_screen(
    request: HttpRequest, template_name: str, context: dict, status: int
) -> HttpResponse:
    """A request refused before anything was written: its page, or for an htmx request
    the page's one line (`notice` in the context) in the notice area above the screen,
    scrolled into view, the screen left as it was so the visitor can send it again."""
    if request.headers.get("HX-Request") == "true":
        response = render(request, "_notice.html", context, status=status)
        return reswap(retarget(response, "#notice"), "innerHTML show:top")
    return render(request, template_name, context, status=status)


def too_large_screen(request: HttpRequest, staff: bool) -> HttpResponse:
    message = TOO_LARGE_FOR_STAFF if staff else too_large_for_visitors()
    return refusal_screen(request, "413.html", {"message": message, "notice": message}, 413)


def too_fast_screen(request: HttpRequest, retry_after: int, back_url: str) -> HttpResponse:
    """A write refused because the visitor's address sent too many this minute."""
    context = {
        "back_url": back_url,
        "notice": gettext(
            "You're going too fast, so that was not saved. Wait a minute, then try again."
        ),
    }
    response = refusal_screen(request, "429.html", context, 429)
    response["Retry-After"] = str(retry_after)
    return response


def method_not_allowed_html(request: HttpRequest) -> str:
    """The page for an address used with the wrong method, e.g. an answer sent by GET."""
    return render_to_string("405.html", request=request)


def visit_full_screen(
    request: HtmxHttpRequest, visit: Visit, version: CompiledVersion
) -> HttpResponse:
    """An answer or start-over refused: the visit holds all of them it can."""
    context = {
        "most": Visit.most_moves(version),
        "guide_url": guide_url(version, visit.is_preview),
        "visit_url": visit.get_absolute_url(),
        "page_title": gettext("This visit is full — %(guide)s") % {"guide": version.title},
        "announcement": gettext("This visit is full"),
    }
    template = "troubleshooter/visit_full.html"
    if is_fragment(request):
        return render(request, f"{template}#main", {**context, "fragment": True}, status=409)
    return render(request, template, context, status=409)
