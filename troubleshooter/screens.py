"""The visitor's screens, rendered from a compiled version.

A step screen depends only on its version, its number, whether it is an htmx
swap and whether the visit is a staff preview. It is rendered from the
template once per process with stand-ins for the visit's id and CSRF token,
then each request fills those in.
"""

import secrets
import unicodedata
import uuid
import weakref
from collections.abc import Callable

import segno
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django_htmx.http import push_url, reswap, retarget
from django_htmx.middleware import HtmxDetails

from troubleshooter import flow
from troubleshooter.forms import FeedbackForm
from troubleshooter.models import Answer, CompiledVersion, Feedback, Visit

# Stand-ins no staff text can contain by chance: new in every process.
VISIT_ID_STAND_IN = uuid.uuid4()
VISIT_ID_STAND_IN_TEXT = str(VISIT_ID_STAND_IN)
CSRF_TOKEN_STAND_IN = secrets.token_hex(32)

# Each compiled version's rendered screens, kept while the version stays in the
# process's compiled-version cache and dropped with it.
rendered_screens: weakref.WeakKeyDictionary[CompiledVersion, dict] = weakref.WeakKeyDictionary()


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


def bad_request_screen(request: HttpRequest, message: str) -> HttpResponse:
    message = message or "The request could not be understood."
    return render(request, "400.html", {"message": message}, status=400)


# What could not be done, by the visitor's address that failed.
UNSAVED = {
    "start": "start the guide",
    "answer": "save your answer",
    "feedback": "save what you told us",
    "start_over": "start the guide again",
    "not_fixed": "take you back to that step",
}


def unavailable_screen(request: HtmxHttpRequest) -> HttpResponse:
    """503 while the database can't be used. A visitor's answer (or other POST) can be
    sent again from the page as it was; with htmx the step stays in place and a
    notice appears above it."""
    is_staff_page = request.path_info.startswith(f"/{settings.ADMIN_URL}")
    writing = request.method == "POST"
    match = request.resolver_match
    context = {
        "writing": writing,
        "what": UNSAVED.get(match.url_name if match else "", "save that"),
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
TOO_LARGE_FOR_STAFF = (
    "What you sent is larger than this site accepts, so it was not read. An article to "
    "import must be under 1 MB: go back and paste or upload a shorter one."
)
TOO_LARGE_FOR_VISITORS = (
    "That was more than a form on this site can hold, so it was not read. A comment can be "
    f"up to {Feedback.COMMENT_LIMIT} characters: go back, shorten it and send it again."
)


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
    message = TOO_LARGE_FOR_STAFF if staff else TOO_LARGE_FOR_VISITORS
    return refusal_screen(request, "413.html", {"message": message, "notice": message}, 413)


def too_fast_screen(request: HttpRequest, retry_after: int, back_url: str) -> HttpResponse:
    """A write refused because the visitor's address sent too many this minute."""
    context = {
        "back_url": back_url,
        "notice": "You're going too fast, so that was not saved. Wait a minute, then try again.",
    }
    response = refusal_screen(request, "429.html", context, 429)
    response["Retry-After"] = str(retry_after)
    return response


def method_not_allowed_html(request: HttpRequest) -> str:
    """The page for an address used with the wrong method, e.g. an answer sent by GET."""
    return render_to_string("405.html", request=request)


def title_order(title: str) -> str:
    """Titles as a reader sorts them: "iCloud" beside "iPhone", "Écran" beside "Ecran"."""
    letters = unicodedata.normalize("NFKD", title.casefold())
    return "".join(letter for letter in letters if not unicodedata.combining(letter))


def guide_list_screen(request: HtmxHttpRequest, versions: list[CompiledVersion]) -> HttpResponse:
    versions = sorted(versions, key=lambda version: title_order(version.title))
    context = {"versions": versions, "canonical_url": request.build_absolute_uri("/")}
    return render(request, "troubleshooter/guide_list.html", context)


def guide_screen(
    request: HtmxHttpRequest, version: CompiledVersion, staff_state: str | None
) -> HttpResponse:
    """What a guide covers, and its Start button; for staff, the draft's state too."""
    context = {
        "version": version,
        "page_title": version.title,
        "announcement": version.title,
        "meta_description": version.summary,
        "canonical_url": request.build_absolute_uri(guide_url(version, preview=False)),
    }
    if staff_state is not None:
        context["staff_state"] = staff_state
        context["guide_id"] = version.guide_id
    return render_screen(request, "troubleshooter/guide_detail.html", context)


def step_url(visit_id: uuid.UUID, number: int) -> str:
    return reverse("troubleshooter:step", kwargs={"visit_id": visit_id, "number": number})


def visit_urls(visit_id: uuid.UUID) -> dict:
    return {
        "answer_url": reverse("troubleshooter:answer", kwargs={"visit_id": visit_id}),
        "start_over_url": reverse("troubleshooter:start_over", kwargs={"visit_id": visit_id}),
        "feedback_url": reverse("troubleshooter:feedback", kwargs={"visit_id": visit_id}),
        "not_fixed_url": reverse("troubleshooter:not_fixed", kwargs={"visit_id": visit_id}),
    }


def qr_svg(url: str) -> str:
    """A QR code of the address as inline SVG (segno): attributes only, no style."""
    code = segno.make(url, error="m")
    return code.svg_inline(
        scale=4, omitsize=True, svgclass="qr-code", lineclass="qr-line", title="QR code"
    )


def guide_url(version: CompiledVersion, preview: bool) -> str:
    """A preview's guide is the draft in the admin; a visitor's is its public page."""
    if preview:
        return reverse("admin:troubleshooter_guide_change", args=[version.guide_id])
    return reverse("troubleshooter:guide", kwargs={"slug": version.slug})


def visit_page_meta(version: CompiledVersion) -> dict:
    """A visit's pages are one visitor's: described as the guide, pointing search
    engines at the guide's page and kept out of their index."""
    return {
        "meta_description": version.summary,
        "canonical_url": guide_url(version, preview=False),
        "not_for_search": True,
    }


def version_screen(
    request: HtmxHttpRequest,
    version: CompiledVersion,
    visit_id: uuid.UUID,
    screen: tuple,
    preview: bool,
    context: Callable[[], dict],
) -> HttpResponse:
    """A screen that depends on the visit only through its id and CSRF token: rendered
    from the template once per version, then filled in for each request.

    `screen` is the template and what tells its screens apart within a version;
    `context` gives the template's context, when the screen is first rendered.
    """
    fragment = is_fragment(request)
    key = (*screen, fragment, preview)
    screens = rendered_screens.setdefault(version, {})
    html = screens.get(key)
    if html is None:
        template = screen[0]
        html = screens[key] = render_to_string(
            f"{template}#main" if fragment else template,
            {
                **context(),
                **visit_page_meta(version),
                "version": version,
                "preview": preview,
                "fragment": fragment,
                "csrf_token": CSRF_TOKEN_STAND_IN,
                **visit_urls(VISIT_ID_STAND_IN),
            },
        )
    html = html.replace(VISIT_ID_STAND_IN_TEXT, str(visit_id))
    return HttpResponse(html.replace(CSRF_TOKEN_STAND_IN, get_token(request)))


def step_screen(
    request: HtmxHttpRequest,
    version: CompiledVersion,
    visit_id: uuid.UUID,
    number: int,
    preview: bool,
    tried: int | None = None,
) -> HttpResponse:
    """A step; with `tried`, topped by "what happened?" about that step."""

    def context() -> dict:
        step = version.numbered(number)
        progress = version.progress(step)
        return {
            "step": step,
            "progress": progress,
            "guide_url": guide_url(version, preview),
            "previous_url": None
            if step == version.first_step
            else reverse(
                "troubleshooter:previous", kwargs={"visit_id": VISIT_ID_STAND_IN, "number": number}
            ),
            "page_title": f"{progress}: {step.title} — {version.title}",
            "announcement": str(progress),
            "tried": version.numbered(tried) if tried else None,
            "reasons": Feedback.Reason.choices,
        }

    screen = ("troubleshooter/step.html", number, tried)
    return version_screen(request, version, visit_id, screen, preview, context)


def fixed_screen(
    request: HtmxHttpRequest,
    version: CompiledVersion,
    visit_id: uuid.UUID,
    step_key: str,
    preview: bool,
) -> HttpResponse:
    def context() -> dict:
        return {
            "fixed_by": version.step(step_key),
            "page_title": f"Fixed — {version.title}",
            "announcement": "Problem fixed",
        }

    screen = ("troubleshooter/fixed.html", step_key)
    return version_screen(request, version, visit_id, screen, preview, context)


def destination_url(visit: Visit, version: CompiledVersion) -> str:
    if visit.state in (flow.FIXED.value, flow.FALLBACK.value):
        return reverse(flow.STORED_STATES[visit.state].url_name, kwargs={"visit_id": visit.id})
    return step_url(visit.id, version.resume(visit.current_step_key).number)


def feedback_screen(
    request: HtmxHttpRequest, visit: Visit, step: flow.Step, form: FeedbackForm | None
) -> HttpResponse:
    """The question again with its error, or the thanks that replace it (htmx)."""
    context = {
        "tried": step,
        "form": form,
        "thanked": form is None,
        "reasons": Feedback.Reason.choices,
        **visit_urls(visit.id),
    }
    return render(request, "troubleshooter/_feedback.html#question", context)


def answer_screen(request: HtmxHttpRequest, visit: Visit, version: CompiledVersion) -> HttpResponse:
    """After a POST: a 303 to where the visit now is, or with htmx that screen itself.
    After "didn't fix it", that screen asks what happened on the step just tried."""
    url = destination_url(visit, version)
    if not request.htmx:
        return HttpResponseSeeOther(url)
    if visit.state == Visit.State.FIXED:
        response = fixed_screen(
            request, version, visit.id, visit.current_step_key, visit.is_preview
        )
    elif visit.state == Visit.State.FALLBACK:
        response = more_help_screen(request, visit, version)
    else:
        number = version.resume(visit.current_step_key).number
        tried = visit.asked_step(version)
        response = step_screen(
            request, version, visit.id, number, visit.is_preview, tried.number if tried else None
        )
    return push_url(response, url)


def more_help_screen(
    request: HtmxHttpRequest, visit: Visit, version: CompiledVersion
) -> HttpResponse:
    """The fallback page, whose summary is a card the visitor can print or show at the desk."""
    given, feedback = Answer.objects.given_with_feedback(visit.id)
    walked = [
        (step, choice, feedback.get(step.key, {}))
        for step, choice in version.walked(given, visit.current_step_key)
    ]
    # By reference code: the card names neither the admin's address nor the visit's id.
    staff_url = request.build_absolute_uri(
        reverse("troubleshooter:desk", kwargs={"reference": visit.reference})
    )
    context = {
        **visit_page_meta(version),
        "visit": visit,
        "version": version,
        "preview": visit.is_preview,
        "walked": walked,
        # The fallback page asks about the step that sent the visitor here.
        "tried": version.step(visit.asked_step_key) if visit.asked_step_key else None,
        "reasons": Feedback.Reason.choices,
        "qr_svg": qr_svg(staff_url),
        "page_title": f"{version.fallback_title} — {version.title}",
        "announcement": version.fallback_title,
        **visit_urls(visit.id),
    }
    return render_screen(request, "troubleshooter/more_help.html", context)


def visit_full_screen(
    request: HtmxHttpRequest, visit: Visit, version: CompiledVersion
) -> HttpResponse:
    """An answer or start-over refused: the visit holds all of them it can."""
    context = {
        "most": Visit.most_moves(version),
        "guide_url": guide_url(version, visit.is_preview),
        "visit_url": visit.get_absolute_url(),
        "page_title": f"This visit is full — {version.title}",
        "announcement": "This visit is full",
    }
    template = "troubleshooter/visit_full.html"
    if is_fragment(request):
        return render(request, f"{template}#main", {**context, "fragment": True}, status=409)
    return render(request, template, context, status=409)
