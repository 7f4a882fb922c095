from contextlib import suppress
from functools import wraps
from uuid import UUID

from django.conf import settings
from django.core.exceptions import (
    BadRequest,
    DisallowedHost,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import push_url

from troubleshooter import flow
from troubleshooter.flow import NotInVersion
from troubleshooter.forms import AnswerForm, FeedbackForm, StartForm
from troubleshooter.limits import ANSWER, SEARCH, START, TooFast, counted_write
from troubleshooter.models import (
    QUERY_LIMIT,
    Answer,
    CompiledVersion,
    Guide,
    GuideVersion,
    SearchEntry,
    SearchMiss,
    Visit,
    VisitFull,
)
from troubleshooter.screens import (
    TOO_LARGE_FOR_STAFF,
    HtmxHttpRequest,
    HttpResponseSeeOther,
    answer_screen,
    bad_request_screen,
    destination_url,
    feedback_screen,
    fixed_screen,
    guide_list_screen,
    guide_screen,
    guide_url,
    is_fragment,
    more_help_screen,
    other_guides_screen,
    page_in,
    search_screen,
    server_error_screen,
    step_screen,
    step_url,
    thanked_url,
    too_fast_screen,
    topic_screen,
    visit_full_screen,
    was_submitted,
    with_thanks,
)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 400 page. Only the words of our own BadRequests are shown: Django's name
    settings and host names, which are for the log."""
    if isinstance(exception, RequestDataTooBig):
        return bad_request_screen(request, TOO_LARGE_FOR_STAFF)
    if isinstance(exception, DisallowedHost):
        return bad_request_screen(request, gettext("This site does not answer to that address."))
    if isinstance(exception, SuspiciousOperation):
        return bad_request_screen(request, "")
    return bad_request_screen(request, str(exception))


def server_error(request: HttpRequest) -> HttpResponse:
    return server_error_screen(request)


@require_GET
def choose_language(request: HttpRequest, code: str) -> HttpResponse:
    """The switcher: the page the visitor was on (`next`) in the language chosen, and
    the cookie that keeps the choice for addresses that name no language."""
    if code not in dict(settings.LANGUAGES):
        raise Http404("This site has no such language.")
    path = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(path, allowed_hosts=None) or not path.startswith("/"):
        path = "/"
    response = redirect(page_in(path, code))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


@require_GET
def guide_list(request: HtmxHttpRequest) -> HttpResponse:
    return guide_list_screen(request)


@require_GET
def topic_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    return topic_screen(request, slug)


@require_GET
def other_guides(request: HtmxHttpRequest) -> HttpResponse:
    return other_guides_screen(request)


@require_GET
@vary_on_headers("HX-Request", "HX-Target")
def search(request: HtmxHttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    if len(query) > QUERY_LIMIT:
        message = gettext(
            "That search is %(length)d characters long. Use %(limit)d or fewer: "
            "a few words about the problem find the most."
        ) % {"length": len(query), "limit": QUERY_LIMIT}
        return search_screen(request, query, None, message)
    if not query.strip():
        return search_screen(request, query, None)
    language = translation.get_language()
    outcome = SearchEntry.objects.look_for(query, language)
    # What visitors looked for and didn't find is what to write next; a search with no
    # words in it ("%", "*") says nothing of that. Over the address's limit the search
    # is answered as ever, just not counted.
    if not outcome.results and outcome.mended.typed and was_submitted(request):
        with suppress(TooFast), counted_write(request, SEARCH):
            SearchMiss.objects.count_miss(query, language)
    return search_screen(request, query, outcome)


def live_guide(slug: str) -> tuple[int, CompiledVersion]:
    """The live guide at `slug`, in the version for the language spoken: its published
    translation, else its own."""
    try:
        guide_id, version_id = Guide.objects.visitor_version(slug, translation.get_language())
    except Guide.DoesNotExist:
        raise Http404("No such guide.") from None
    return guide_id, GuideVersion.objects.compiled(version_id)


@require_GET
@vary_on_headers("HX-Request")
def guide_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    guide_id, version = live_guide(slug)
    # Staff see at a glance whether the draft has moved on from what visitors see.
    staff_state = (
        Guide.objects.with_draft().get(pk=guide_id).state if request.user.is_staff else None
    )
    # A symptom's shareable address: this page with the symptom chosen.
    return guide_screen(request, version, staff_state, request.GET.get("symptom", ""))


NOT_A_SYMPTOM = gettext_lazy(
    "That is not one of this guide's symptoms, so the guide was not started. Go back to "
    "the guide's page and choose what you see again."
)


def refused_when_too_fast(view):
    """A visitor's write over their address's limit gets the 429 screen, which leads back
    to the visit (or for Start, the guide)."""

    @wraps(view)
    def wrapped(request: HtmxHttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except TooFast as refusal:
            if "visit_id" in kwargs:
                back_url = reverse("troubleshooter:visit", kwargs={"visit_id": kwargs["visit_id"]})
            else:
                back_url = reverse("troubleshooter:guide", kwargs={"slug": kwargs["slug"]})
            return too_fast_screen(request, refusal.retry_after, back_url)

    return wrapped


@require_POST
@refused_when_too_fast
def start(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """A new visit, at the step of the symptom chosen on the guide's page, or step 1."""
    guide_id, version = live_guide(slug)
    form = StartForm(request.POST)
    if not form.is_valid():
        raise BadRequest(NOT_A_SYMPTOM)
    try:
        visit = Visit.objects.start(
            version,
            guide_id,
            symptom_key=form.cleaned_data["symptom"],
            language=translation.get_language(),
            write=lambda: counted_write(request, START),
        )
    except NotInVersion:
        raise BadRequest(NOT_A_SYMPTOM) from None
    return answer_screen(request, visit, version)


def check_preview(request: HtmxHttpRequest, is_preview: bool) -> None:
    """A staff preview of a draft is for staff only."""
    if is_preview and not request.user.is_staff:
        raise Http404("No such visit.")


def speak(language: str) -> None:
    """A visit's screens, and the addresses on them, are in the language it started in,
    whoever opens it and whatever the address's prefix, for the rest of the request."""
    translation.activate(language)


def get_visit(request: HtmxHttpRequest, visit_id: UUID) -> tuple[Visit, CompiledVersion]:
    visit = get_object_or_404(Visit, pk=visit_id)
    check_preview(request, visit.is_preview)
    speak(visit.language)
    return visit, GuideVersion.objects.compiled(visit.version_id)


@require_GET
def visit_detail(request: HtmxHttpRequest, visit_id: UUID) -> HttpResponse:
    visit, version = get_visit(request, visit_id)
    return redirect(destination_url(visit, version))


@require_GET
@vary_on_headers("HX-Request")
def step_detail(request: HtmxHttpRequest, visit_id: UUID, number: int) -> HttpResponse:
    # The hot path: one query by primary key; the content comes from the compiled version.
    row = Visit.objects.step_page(visit_id)
    if row is None:
        raise Http404("No such visit.")
    check_preview(request, row.is_preview)
    speak(row.language)
    version = GuideVersion.objects.compiled(row.version_id)
    if not 1 <= number <= len(version):
        raise Http404("This guide has no such step.")
    tried = None
    if version.numbered(number).key == row.current_step_key:
        tried = flow.asked_step(version, row.current_step_key, row.asked_step_key)
    screen = step_screen(
        request,
        version,
        visit_id,
        number,
        row.is_preview,
        tried.number if tried else None,
        row.symptom_key,
    )
    return with_thanks(request, version, screen)


@require_GET
@vary_on_headers("HX-Request")
def previous_step(request: HtmxHttpRequest, visit_id: UUID, number: int) -> HttpResponse:
    """Previous goes back along the visitor's own path, worked out when they press it,
    so each step's screen stays the same for every visit."""
    visit, version = get_visit(request, visit_id)
    if not 1 <= number <= len(version):
        raise Http404("This guide has no such step.")
    start = visit.start_step(version)
    previous = version.previous(version.numbered(number), Answer.objects.given(visit.id), start)
    if previous is None:
        return redirect(guide_url(version, visit.is_preview, visit.symptom_key))
    if not is_fragment(request):
        return redirect(step_url(visit.id, previous.number))
    response = step_screen(
        request, version, visit.id, previous.number, visit.is_preview, None, visit.symptom_key
    )
    return push_url(response, step_url(visit.id, previous.number))


def locked_visit(request: HtmxHttpRequest, visit_id: UUID) -> Visit:
    try:
        visit = Visit.objects.lock(visit_id)
    except Visit.DoesNotExist:
        raise Http404("No such visit.") from None
    check_preview(request, visit.is_preview)
    speak(visit.language)
    return visit


@require_POST
@refused_when_too_fast
def answer(request: HtmxHttpRequest, visit_id: UUID) -> HttpResponse:
    form = AnswerForm(request.POST)
    if not form.is_valid():
        raise BadRequest(
            gettext("Choose one of the answer buttons to say whether the step helped.")
        )
    # Only what must be atomic: lock the visit, record the answer, move the visit.
    try:
        with counted_write(request, ANSWER):
            visit = locked_visit(request, visit_id)
            version = GuideVersion.objects.compiled(visit.version_id)
            try:
                visit.answer(version, form.cleaned_data["step"], form.cleaned_data["choice"])
            except NotInVersion:
                raise Http404("That answer is not one of this step's answers.") from None
    except VisitFull:
        return visit_full_screen(request, visit, version)
    return answer_screen(request, visit, version)


@require_POST
@refused_when_too_fast
def feedback(request: HtmxHttpRequest, visit_id: UUID) -> HttpResponse:
    """ "What happened?" about a step that didn't fix it. Optional: the visitor may
    ignore it, and sending it again replaces the first."""
    visit, version = get_visit(request, visit_id)
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        try:
            step = version.step(form.data.get("tried_step", ""))
        except NotInVersion:
            step = None
        message = " ".join(error for errors in form.errors.values() for error in errors)
        if is_fragment(request) and step is not None:
            return feedback_screen(request, visit, version, step, form)
        raise BadRequest(message)
    try:
        step = version.step(form.cleaned_data["tried_step"])
        answer = visit.answer_to_explain(step.key)
    except (NotInVersion, Answer.DoesNotExist):
        raise Http404("This visit has no answer on that step to explain.") from None
    with counted_write(request, ANSWER):
        visit.record_feedback(answer, form.cleaned_data["reason"], form.cleaned_data["comment"])
    if not is_fragment(request):
        return HttpResponseSeeOther(thanked_url(visit, version, step))
    return feedback_screen(request, visit, version, step, None)


@require_POST
@refused_when_too_fast
def start_over(request: HtmxHttpRequest, visit_id: UUID) -> HttpResponse:
    try:
        with counted_write(request, ANSWER):
            visit = locked_visit(request, visit_id)
            version = GuideVersion.objects.compiled(visit.version_id)
            visit.start_over(version)
    except VisitFull:
        return visit_full_screen(request, visit, version)
    return answer_screen(request, visit, version)


@require_POST
@refused_when_too_fast
def not_fixed(request: HtmxHttpRequest, visit_id: UUID) -> HttpResponse:
    """ "Not fixed after all?" on the fixed page: back to the step that was said to fix
    it, and on from there. Sent again, or for a visit not fixed, it shows where the
    visit is."""
    with counted_write(request, ANSWER):
        visit = locked_visit(request, visit_id)
        version = GuideVersion.objects.compiled(visit.version_id)
        visit.not_fixed_after_all()
    return answer_screen(request, visit, version)


@require_GET
@vary_on_headers("HX-Request")
def fixed(request: HtmxHttpRequest, visit_id: UUID) -> HttpResponse:
    visit, version = get_visit(request, visit_id)
    if visit.state != Visit.State.FIXED:
        return redirect(destination_url(visit, version))
    return fixed_screen(
        request, version, visit.id, visit.current_step_key, visit.is_preview, visit.symptom_key
    )


@require_GET
@vary_on_headers("HX-Request")
def more_help(request: HtmxHttpRequest, visit_id: UUID) -> HttpResponse:
    visit, version = get_visit(request, visit_id)
    if visit.state != Visit.State.FALLBACK:
        return redirect(destination_url(visit, version))
    return with_thanks(request, version, more_help_screen(request, visit, version))
