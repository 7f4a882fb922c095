"""The guide's report in the admin, and its two CSV downloads."""

import csv
import datetime

from django.core.exceptions import BadRequest
from django.http import StreamingHttpResponse
from django.utils import timezone

from troubleshooter import flow, report
from troubleshooter.admin.forms import ReportForm
from troubleshooter.admin.pages import guide_page, viewable_guide
from troubleshooter.models import Guide
from troubleshooter.models.translations import language_name
from troubleshooter.spreadsheet import cell


def csv_response(filename: str, header: list[str], rows) -> StreamingHttpResponse:
    class Echo:
        def write(self, value):
            return value

    writer = csv.writer(Echo())
    lines = (writer.writerow([cell(value) for value in row]) for row in [header, *rows])
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_form(request, guide: Guide) -> ReportForm:
    """The report's dates for a download: a CSV of other dates than asked is refused."""
    form = ReportForm(request.GET, guide)
    if not form.is_valid():
        raise BadRequest(" ".join(error for errors in form.errors.values() for error in errors))
    return form


def report_form(request, guide: Guide) -> ReportForm:
    form = ReportForm(request.GET, guide)
    if not form.is_valid():
        form.cleaned_data = {**form.cleaned_data}
        today = timezone.localdate()
        form.cleaned_data.setdefault("start", today - datetime.timedelta(days=29))
        form.cleaned_data.setdefault("end", today)
        form.cleaned_data.setdefault("version", None)
        form.cleaned_data.setdefault("language", "")
        if form.cleaned_data["start"] > form.cleaned_data["end"]:
            form.cleaned_data["start"] = form.cleaned_data["end"]
    return form


def report_page(model_admin, request, guide_id: int):
    guide = viewable_guide(model_admin, request, guide_id)
    form = report_form(request, guide)
    data = form.cleaned_data
    figures = report.build(
        guide, data["start"], data["end"], data["version"], language=data["language"]
    )
    widest = max((step.reached for step in figures.steps), default=0)
    return guide_page(
        model_admin,
        request,
        guide,
        "report.html",
        f"Report on “{guide.title}”",
        form=form,
        report=figures,
        funnel=report.funnel(figures.steps, widest),
        ends={end.column: end.label for end in flow.END_STATES},
        query=request.GET.urlencode(),
        language_name=language_name(data["language"]) if data["language"] else "",
    )


def steps_csv(model_admin, request, guide_id: int):
    guide = viewable_guide(model_admin, request, guide_id)
    data = csv_form(request, guide).cleaned_data
    rows = (
        [
            guide.slug,
            version,
            step.key,
            step.number,
            step.title,
            step.reached,
            step.fixed,
            step.went_on,
            step.fallback,
            step.left,
            "" if step.median_seconds is None else step.median_seconds,
            step.in_progress,
        ]
        for version, step in report.step_rows(guide, data["start"], data["end"], data["language"])
        if data["version"] in (None, version)
    )
    header = [
        "guide_slug", "version", "step_key", "step_number", "step_title", "reached",
        "fixed", "went_on", "fallback", "left", "median_seconds", "in_progress",
    ]  # fmt: skip
    return csv_response(csv_name(guide, "steps", data), header, rows)


def visits_csv(model_admin, request, guide_id: int):
    guide = viewable_guide(model_admin, request, guide_id)
    data = csv_form(request, guide).cleaned_data
    header = [
        "reference", "guide_slug", "version", "started_at", "finished_at", "state",
        "steps_walked", "fixed_at_step", "last_step", "last_step_title", "feedback", "symptom",
        "language",
    ]  # fmt: skip
    rows = report.visit_rows(guide, data["start"], data["end"], data["version"], data["language"])
    return csv_response(csv_name(guide, "visits", data), header, rows)


def csv_name(guide: Guide, what: str, data: dict) -> str:
    """ "icloud-photos-steps-2026-11-01-2026-11-30.csv", with "-v3" and "-es" for the
    Version and Language filters, so that each download can be told apart."""
    parts = [guide.slug, what, data["start"].isoformat(), data["end"].isoformat()]
    if data["version"] is not None:
        parts.append(f"v{data['version']}")
    if data["language"]:
        parts.append(data["language"])
    return "-".join(parts) + ".csv"
