"""The report and the CSVs' rows, from the stored totals and the visits counted live."""

import datetime
from collections import defaultdict

from django.db.models import Q
from django.utils import timezone

from troubleshooter import flow
from troubleshooter.models import (
    Answer,
    Feedback,
    GuideVersion,
    StepTotal,
    Visit,
    VisitTotal,
)
from troubleshooter.report.counting import add_stored_steps, ensure_counted, live_totals
from troubleshooter.report.figures import VISIT_COUNTS, Report, StepFigures, Totals
from troubleshooter.report.periods import Periods, start_of

REASONS = dict(Feedback.Reason.choices)
# What the visits CSV reads of each answer: enough to walk the visit, and what was said.
CSV_ANSWER_FIELDS = (
    "visit_id", "step_key", "choice_key", "step_number", "feedback__reason", "feedback__comment",
)  # fmt: skip


def build(
    guide,
    first: datetime.date,
    last: datetime.date,
    version: int | None,
    now=None,
    language: str = "",
):
    """The report on visits started from `first` to `last` (dates, inclusive), made in
    `language` if given: each language's totals added up, steps matched by key."""
    now = now or timezone.now()
    periods = Periods.of(first, last, now)
    ensure_counted(guide.id, periods, now)
    stored = {"guide_id": guide.id, "all_versions": version is None}
    if version is not None:
        stored["version_number"] = version
    if language:
        stored["language"] = language
    totals = Totals()
    for row in VisitTotal.objects.filter(periods.stored(), **stored).values(
        "version_number", "symptom_key", "symptom_text", *VISIT_COUNTS
    ):
        counts = {column: row[column] for column in VISIT_COUNTS}
        totals.visits.update(counts)
        totals.symptom(row["symptom_key"], row["symptom_text"], row["version_number"]).update(
            counts
        )
    add_stored_steps(StepTotal.objects.filter(periods.stored(), **stored), lambda _: totals)
    for number, counted in live_totals(guide.id, periods, now, language).items():
        if version in (None, number):
            totals.add(counted)
    comments = defaultdict(list)
    # Comments given in the range, newest first: found by when they were given.
    latest = (
        Feedback.objects.filter(
            given_at__gte=start_of(first),
            given_at__lt=start_of(last + datetime.timedelta(days=2)),
            answer__visit__guide_id=guide.id,
            answer__visit__is_preview=False,
            **({"answer__visit__language": language} if language else {}),
        )
        .exclude(comment="")
        .order_by("-given_at")
        .values_list("answer__step_key", "comment", "given_at")[:100]
    )
    for key, comment, given_at in latest:
        if len(comments[key]) < 5:
            comments[key].append((comment, given_at))
    # Symptoms are named as the live version words them (its compiled form is cached).
    live = GuideVersion.objects.compiled(guide.live_version_id) if guide.live_version_id else None
    symptoms = totals.by_symptom(live, version)
    return Report(first, last, version, totals.visits, totals.ordered(), dict(comments), symptoms)


def step_rows(
    guide, first: datetime.date, last: datetime.date, language: str = ""
) -> list[tuple[int, StepFigures]]:
    """One row per step reached per version, for the steps CSV, of the visits made in
    `language` if given (each language's totals added up, steps matched by key, as the
    report does): the same few queries whatever the number of versions."""
    now = timezone.now()
    periods = Periods.of(first, last, now)
    ensure_counted(guide.id, periods, now)
    by_version = defaultdict(Totals)
    stored = StepTotal.objects.filter(periods.stored(), guide_id=guide.id, all_versions=False)
    if language:
        stored = stored.filter(language=language)
    add_stored_steps(stored, by_version.__getitem__)
    for number, counted in live_totals(guide.id, periods, now, language).items():
        by_version[number].add(counted)
    return [
        (number, step)
        for number, totals in sorted(by_version.items())
        for step in totals.ordered()
        if step.reached
    ]


def said_about(step_number: int, reason: str, comment: str) -> str:
    """A visitor's "what happened?" about a step, for the visits CSV, in their words."""
    said = [str(REASONS.get(reason, reason)), comment]
    return f"Step {step_number}: " + " — ".join(part for part in said if part)


def visit_rows(
    guide, first: datetime.date, last: datetime.date, version: int | None, language: str = ""
):
    """The visits CSV: one row a visit still kept (pruned visits are in the totals only),
    made in `language` if given, of the guide's version `version` if given (a
    translation's visits under the version it translates, as the report counts them),
    ending with the symptom it started at, as its version
    words it, and its language. Each answer's "what happened?" comes with it, in the one
    query for the answers."""
    visits = Visit.objects.real().filter(
        guide_id=guide.id,
        started_at__gte=start_of(first),
        started_at__lt=start_of(last + datetime.timedelta(days=1)),
    )
    if version is not None:
        # A translation's visits count as the guide's version it translates, as on the
        # report's page.
        visits = visits.filter(
            Q(version__language=guide.source_language, version__number=version)
            | Q(version__content__source__number=version)
        )
    if language:
        visits = visits.filter(language=language)
    given, said = defaultdict(dict), defaultdict(list)
    for visit_id, step_key, choice_key, step_number, reason, comment in (
        Answer.objects.filter(visit__in=visits)
        .order_by("answered_at", "id")
        .values_list(*CSV_ANSWER_FIELDS)
    ):
        given[visit_id][step_key] = choice_key
        if reason or comment:
            said[visit_id].append(said_about(step_number, reason, comment))
    now = timezone.now()
    for visit in visits.order_by("started_at").iterator():
        compiled = GuideVersion.objects.compiled(visit.version_id)
        start = visit.start_step(compiled)
        walked = compiled.walked(given[visit.id], visit.current_step_key, start)
        end = visit.end_state(now)
        last_step = compiled.step(visit.current_step_key)
        yield [
            visit.reference, guide.slug, compiled.counted_as, visit.started_at.isoformat(),
            visit.finished_at.isoformat() if visit.finished_at else "", end.column, len(walked),
            last_step.number if end == flow.FIXED else "", last_step.number, last_step.title,
            "; ".join(said[visit.id]),
            compiled.symptom(visit.symptom_key).text if visit.symptom_key else "",
            visit.language,
        ]  # fmt: skip
