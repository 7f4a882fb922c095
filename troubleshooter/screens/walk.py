"""The screens of a visit, rendered from a compiled version.

A step screen depends only on its version, its number, the symptom the visit
started at (progress counts from its step), whether it is an htmx swap and
whether the visit is a staff preview; the fixed screen likewise, on the step
that fixed it. Each is rendered from the template once per process with
stand-ins for the visit's id and CSRF token, then each request fills those in.

A visitor's screens number the steps as the step pages count them, from the
step the visit started at; addresses keep the guide's numbers.
"""

import re
import secrets
import uuid
import weakref
from collections.abc import Callable

import segno
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django_htmx.http import push_url

from troubleshooter import flow
from troubleshooter.forms import FeedbackForm
from troubleshooter.models import Answer, CompiledVersion, Feedback, Visit
from troubleshooter.screens.common import (
    HtmxHttpRequest,
    HttpResponseSeeOther,
    guide_url,
    is_fragment,
    render_screen,
    step_url,
)
from troubleshooter.screens.languages import switcher

# Stand-ins no staff text can contain by chance: new in every process.
VISIT_ID_STAND_IN = uuid.uuid4()
VISIT_ID_STAND_IN_TEXT = str(VISIT_ID_STAND_IN)
CSRF_TOKEN_STAND_IN = secrets.token_hex(32)

# Each compiled version's rendered screens, kept while the version stays in the
# process's compiled-version cache and dropped with it.
rendered_screens: weakref.WeakKeyDictionary[CompiledVersion, dict] = weakref.WeakKeyDictionary()


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
        scale=4, omitsize=True, svgclass="qr-code", lineclass="qr-line", title=gettext("QR code")
    )


def visit_page_meta(version: CompiledVersion, preview: bool) -> dict:
    """A visit's pages are one visitor's: described as the guide, pointing search
    engines at the guide's page and kept out of their index. A visit stays in its
    language, so the switcher leads to the guide's page in the other."""
    return {
        "meta_description": version.summary,
        "canonical_url": guide_url(version, preview=False),
        "not_for_search": True,
        "language_links": switcher(guide_url(version, preview)),
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
    `context` gives the template's context, when the screen is first rendered, in
    the language spoken (the visit's).
    """
    fragment = is_fragment(request)
    key = (*screen, fragment, preview, translation.get_language())
    screens = rendered_screens.setdefault(version, {})
    html = screens.get(key)
    if html is None:
        template = screen[0]
        html = screens[key] = render_to_string(
            f"{template}#main" if fragment else template,
            {
                **context(),
                **visit_page_meta(version, preview),
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
    symptom_key: str = "",
) -> HttpResponse:
    """A step; with `tried`, topped by "what happened?" about that step. Progress
    counts from the step the visit started at; there, instead of Previous, the
    guide's page with the visit's symptom chosen."""

    def context() -> dict:
        step = version.numbered(number)
        start = version.start_step(symptom_key)
        progress = version.progress(step, start)
        return {
            "step": step,
            "progress": progress,
            "guide_url": guide_url(version, preview),
            "about_url": guide_url(version, preview, symptom_key),
            "previous_url": None
            if step == version.counted_from(step, start)
            else reverse(
                "troubleshooter:previous", kwargs={"visit_id": VISIT_ID_STAND_IN, "number": number}
            ),
            "page_title": f"{progress}: {step.title} — {version.title}",
            "announcement": str(progress),
            **tried_context(version, version.numbered(tried) if tried else None, start),
            "reasons": Feedback.Reason.choices,
        }

    screen = ("troubleshooter/step.html", number, tried, symptom_key)
    return version_screen(request, version, visit_id, screen, preview, context)


def fixed_screen(
    request: HtmxHttpRequest,
    version: CompiledVersion,
    visit_id: uuid.UUID,
    step_key: str,
    preview: bool,
    symptom_key: str = "",
) -> HttpResponse:
    """The fixed page, numbering the step that fixed it as the visitor's step pages did:
    counted from the step the visit started at, where Start over goes back to."""

    def context() -> dict:
        fixed_by = version.step(step_key)
        start = version.start_step(symptom_key)
        return {
            "fixed_by": fixed_by,
            "fixed_by_number": version.seen_number(fixed_by, start),
            "start": start,
            "symptom": version.symptom(symptom_key) if symptom_key else None,
            "page_title": gettext("Fixed — %(guide)s") % {"guide": version.title},
            "announcement": gettext("Problem fixed"),
        }

    screen = ("troubleshooter/fixed.html", step_key, symptom_key)
    return version_screen(request, version, visit_id, screen, preview, context)


def destination_url(visit: Visit, version: CompiledVersion) -> str:
    if visit.state in (flow.FIXED.value, flow.FALLBACK.value):
        return reverse(flow.STORED_STATES[visit.state].url_name, kwargs={"visit_id": visit.id})
    return step_url(visit.id, version.resume(visit.current_step_key).number)


def thanked_url(visit: Visit, version: CompiledVersion, step: flow.Step) -> str:
    """Where "what happened?" sent without JavaScript returns: the visit's page, asked to
    thank the visitor for what they said about `step`, numbered as they saw it."""
    number = version.seen_number(step, visit.start_step(version))
    return f"{destination_url(visit, version)}?said={number}"


# A step's number as "what happened?" returns it: no guide has 10,000 steps.
SAID = re.compile(r"[1-9][0-9]{0,3}")

# The page's empty notice line (base.html), which a request's own line fills.
EMPTY_NOTICE = b'<div id="notice" class="site-notice" role="alert"></div>'


def with_thanks(request: HtmxHttpRequest, version: CompiledVersion, response: HttpResponse):
    """The page "what happened?" returned to without JavaScript, thanking the visitor in
    its notice line, as the htmx answer does in place; any other `said` is ignored."""
    said = request.GET.get("said", "")
    if is_fragment(request) or not SAID.fullmatch(said) or int(said) > len(version):
        return response
    thanks = gettext("Thanks: that helps us improve step %(number)s.") % {"number": int(said)}
    notice = render_to_string("_notice.html", {"notice": thanks}).strip().encode()
    response.content = response.content.replace(
        EMPTY_NOTICE, EMPTY_NOTICE.replace(b"></div>", b">" + notice + b"</div>"), 1
    )
    return response


def tried_context(version: CompiledVersion, tried: flow.Step | None, start: flow.Step) -> dict:
    """The step "what happened?" asks about, and its number as the visitor saw it."""
    return {"tried": tried, "tried_number": version.seen_number(tried, start) if tried else None}


def feedback_screen(
    request: HtmxHttpRequest,
    visit: Visit,
    version: CompiledVersion,
    step: flow.Step,
    form: FeedbackForm | None,
) -> HttpResponse:
    """The question again with its error, or the thanks that replace it (htmx)."""
    context = {
        **tried_context(version, step, visit.start_step(version)),
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
            request,
            version,
            visit.id,
            visit.current_step_key,
            visit.is_preview,
            visit.symptom_key,
        )
    elif visit.state == Visit.State.FALLBACK:
        response = more_help_screen(request, visit, version)
    else:
        number = version.resume(visit.current_step_key).number
        tried = visit.asked_step(version)
        response = step_screen(
            request,
            version,
            visit.id,
            number,
            visit.is_preview,
            tried.number if tried else None,
            visit.symptom_key,
        )
    return push_url(response, url)


def more_help_screen(
    request: HtmxHttpRequest, visit: Visit, version: CompiledVersion
) -> HttpResponse:
    """The fallback page, whose summary is a card the visitor can print or show at the desk."""
    given, feedback = Answer.objects.given_with_feedback(visit.id)
    start = visit.start_step(version)
    walked = [
        (step, version.seen_number(step, start), choice, feedback.get(step.key, {}))
        for step, choice in version.walked(given, visit.current_step_key, start)
    ]
    # By reference code: the card names neither the admin's address nor the visit's id.
    staff_url = request.build_absolute_uri(
        reverse("troubleshooter:desk", kwargs={"reference": visit.reference})
    )
    context = {
        **visit_page_meta(version, visit.is_preview),
        "visit": visit,
        "version": version,
        "preview": visit.is_preview,
        "walked": walked,
        "symptom": version.symptom(visit.symptom_key) if visit.symptom_key else None,
        # The fallback page asks about the step that sent the visitor here.
        **tried_context(
            version, version.step(visit.asked_step_key) if visit.asked_step_key else None, start
        ),
        "reasons": Feedback.Reason.choices,
        "qr_svg": qr_svg(staff_url),
        "page_title": f"{version.fallback_title} — {version.title}",
        "announcement": version.fallback_title,
        **visit_urls(visit.id),
    }
    return render_screen(request, "troubleshooter/more_help.html", context)
