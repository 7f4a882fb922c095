from uuid import UUID

from django.core.exceptions import BadRequest
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import push_url
from django_htmx.middleware import HtmxDetails

from troubleshooter.forms import AnswerForm
from troubleshooter.models import Answer, Choice, Guide, Step, Visit, tried_steps


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


class HttpResponseSeeOther(HttpResponseRedirect):
    status_code = 303


FRAGMENT_HEAD = '<title>{}</title>\n<div id="announcer" hx-swap-oob="innerHTML">{}</div>\n'


def render_screen(request: HtmxHttpRequest, template_name: str, context: dict) -> HttpResponse:
    """A whole page, or for an htmx swap only what goes inside <main>.

    The swapped-in content brings the page's new title and tells screen readers
    where they are. A history restore gets the whole page: htmx puts it back as
    the body.
    """
    if request.htmx and not request.htmx.history_restore_request:
        head = format_html(FRAGMENT_HEAD, context["page_title"], context["announcement"])
        content = render_to_string(f"{template_name}#main", {**context, "fragment": True}, request)
        return HttpResponse(head + content)
    return render(request, template_name, context)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    message = str(exception) or "The request could not be understood."
    return render(request, "400.html", {"message": message}, status=400)


@require_GET
def guide_list(request: HtmxHttpRequest) -> HttpResponse:
    guides = Guide.objects.published().with_step_count().filter(step_count__gt=0)
    return render(request, "troubleshooter/guide_list.html", {"guides": guides})


@require_GET
@vary_on_headers("HX-Request")
def guide_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    guide = get_object_or_404(Guide.objects.visible_to(request.user), slug=slug)
    steps = list(guide.steps.only("title", "position"))
    context = {
        "guide": guide,
        "steps": steps,
        "page_title": guide.title,
        "announcement": guide.title,
    }
    return render_screen(request, "troubleshooter/guide_detail.html", context)


@require_POST
def start(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    guide = get_object_or_404(Guide.objects.visible_to(request.user), slug=slug)
    steps = Choice.objects.steps_of(guide.id)
    if not steps:
        raise Http404("This guide has no steps yet.")
    visit = Visit.objects.start(guide, first_step=steps[0])
    return answer_screen(request, visit, steps, answers=[])


def get_visit(request: HtmxHttpRequest, visit_id: UUID) -> Visit:
    visit = get_object_or_404(Visit.objects.select_related("guide", "last_answer"), pk=visit_id)
    check_visible(request, visit.guide)
    return visit


def check_visible(request: HtmxHttpRequest, guide: Guide) -> None:
    if not guide.is_published and not request.user.is_staff:
        raise Http404("No such guide.")


def lock_visit(request: HtmxHttpRequest, visit_id: UUID) -> tuple[Visit, list[Answer]]:
    """The visit, locked until the transaction ends, and its answers as they are now.

    Two answers to one visit take turns, so each sees the other's result. The
    answers are read after the lock is held: joined to the locked row, PostgreSQL
    would hand back the last answer as it was before waiting for the lock.
    """
    visits = Visit.objects.select_related("guide").select_for_update(of=("self",))
    visit = get_object_or_404(visits, pk=visit_id)
    check_visible(request, visit.guide)
    answers = list(visit.answers.all())
    visit.last_answer = next((a for a in answers if a.id == visit.last_answer_id), None)
    return visit, answers


@require_GET
def visit_detail(request: HtmxHttpRequest, visit_id: UUID) -> HttpResponse:
    visit = get_visit(request, visit_id)
    steps = Choice.objects.steps_of(visit.guide_id)
    return redirect(destination_url(visit, steps))


def destination_url(visit: Visit, steps: list[Step]) -> str:
    if visit.state == Visit.State.RESOLVED:
        return reverse("troubleshooter:fixed", kwargs={"visit_id": visit.id})
    if visit.state == Visit.State.ESCALATED or not steps:
        return reverse("troubleshooter:more_help", kwargs={"visit_id": visit.id})
    return step_url(visit.id, visit.resume_number(steps))


def step_url(visit_id: UUID, number: int) -> str:
    return reverse("troubleshooter:step", kwargs={"visit_id": visit_id, "number": number})


def start_over_url(visit_id: UUID) -> str:
    return reverse("troubleshooter:start_over", kwargs={"visit_id": visit_id})


@require_GET
@vary_on_headers("HX-Request")
def step_detail(request: HtmxHttpRequest, visit_id: UUID, number: int) -> HttpResponse:
    # The page needs the visit's guide, not the visit row: one query for both.
    steps = Choice.objects.steps_of_visit(visit_id)
    if not steps:
        raise Http404("No such visit.")
    check_visible(request, steps[0].guide)
    if not 1 <= number <= len(steps):
        raise Http404("This guide has no such step.")
    return step_screen(request, visit_id, steps[0].guide, steps, number)


def step_screen(
    request: HtmxHttpRequest, visit_id: UUID, guide: Guide, steps: list[Step], number: int
) -> HttpResponse:
    step = steps[number - 1]
    is_last_step = number == len(steps)
    progress = f"Step {number} of {len(steps)}"
    context = {
        "guide": guide,
        "guide_url": guide.get_absolute_url(),
        "step": step,
        "number": number,
        "total": len(steps),
        "progress": progress,
        "answers": [(choice, choice.leads_to(is_last_step)) for choice in step.choice_list],
        "answer_url": reverse("troubleshooter:answer", kwargs={"visit_id": visit_id}),
        "start_over_url": start_over_url(visit_id),
        "previous_url": step_url(visit_id, number - 1) if number > 1 else None,
        "page_title": f"{progress}: {step.title} — {guide.title}",
        "announcement": progress,
    }
    return render_screen(request, "troubleshooter/step.html", context)


@require_POST
def answer(request: HtmxHttpRequest, visit_id: UUID) -> HttpResponse:
    form = AnswerForm(request.POST)
    if not form.is_valid():
        raise BadRequest("Choose one of the answer buttons to say whether the step helped.")
    with transaction.atomic(savepoint=False):
        visit, answers = lock_visit(request, visit_id)
        steps = Choice.objects.steps_of(visit.guide_id)
        step = next((s for s in steps if s.id == form.cleaned_data["step"]), None)
        if step is None:
            # Staff removed this step while the visitor was reading it.
            return answer_screen(request, visit, steps, answers)
        choice = next((c for c in step.choice_list if c.id == form.cleaned_data["choice"]), None)
        if choice is None:
            raise Http404("That answer is not one of this step's answers.")
        if not visit.is_repeat_of_last_answer(step, choice):
            answers.append(visit.record_answer(steps, step, choice))
    return answer_screen(request, visit, steps, answers)


@require_POST
def start_over(request: HtmxHttpRequest, visit_id: UUID) -> HttpResponse:
    with transaction.atomic(savepoint=False):
        visit, answers = lock_visit(request, visit_id)
        steps = Choice.objects.steps_of(visit.guide_id)
        visit.start_over(steps)
    return answer_screen(request, visit, steps, answers)


def answer_screen(
    request: HtmxHttpRequest, visit: Visit, steps: list[Step], answers: list[Answer]
) -> HttpResponse:
    """After a POST: a 303 to where the visit now is, or with htmx that screen itself."""
    url = destination_url(visit, steps)
    if not request.htmx:
        return HttpResponseSeeOther(url)
    if visit.state == Visit.State.RESOLVED:
        response = fixed_screen(request, visit)
    elif visit.state == Visit.State.ESCALATED or not steps:
        response = more_help_screen(request, visit, answers)
    else:
        number = visit.resume_number(steps)
        response = step_screen(request, visit.id, visit.guide, steps, number)
    return push_url(response, url)


@require_GET
@vary_on_headers("HX-Request")
def fixed(request: HtmxHttpRequest, visit_id: UUID) -> HttpResponse:
    visit = get_visit(request, visit_id)
    if visit.state != Visit.State.RESOLVED:
        return redirect(visit)
    return fixed_screen(request, visit)


def fixed_screen(request: HtmxHttpRequest, visit: Visit) -> HttpResponse:
    context = {
        "visit": visit,
        "guide": visit.guide,
        "fixed_by": visit.last_answer,
        "start_over_url": start_over_url(visit.id),
        "page_title": f"Fixed — {visit.guide.title}",
        "announcement": "Problem fixed",
    }
    return render_screen(request, "troubleshooter/fixed.html", context)


@require_GET
@vary_on_headers("HX-Request")
def more_help(request: HtmxHttpRequest, visit_id: UUID) -> HttpResponse:
    visit = get_visit(request, visit_id)
    if visit.state != Visit.State.ESCALATED:
        return redirect(visit)
    return more_help_screen(request, visit, list(visit.answers.all()))


def more_help_screen(request: HtmxHttpRequest, visit: Visit, answers: list[Answer]) -> HttpResponse:
    guide = visit.guide
    context = {
        "visit": visit,
        "guide": guide,
        "tried": tried_steps(answers),
        "start_over_url": start_over_url(visit.id),
        "page_title": f"{guide.fallback_title} — {guide.title}",
        "announcement": guide.fallback_title,
    }
    return render_screen(request, "troubleshooter/more_help.html", context)
