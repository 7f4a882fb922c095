"""Counting visits into totals once per period that is over, and reading them back."""

import datetime
from collections.abc import Callable

from django.db import IntegrityError, connections, transaction
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils import timezone

from troubleshooter.models import (
    Answer,
    ReportPeriod,
    StepTotal,
    Visit,
    VisitTotal,
)
from troubleshooter.report.figures import STEP_COUNTS, VISIT_COUNTS, Totals, tally
from troubleshooter.report.periods import Periods, day_of, period_bounds

VISIT_FIELDS = ("id", "version_id", "state", "current_step_key", "idle", "symptom_key")
# What counting reads of each visit: those, and the language it was made in, last.
COUNTED_FIELDS = (*VISIT_FIELDS, "language")
ANSWER_FIELDS = ("visit_id", "step_key", "outcome", "seconds", "feedback__reason")


def visits_between(
    guide_id: int, start: datetime.datetime, end: datetime.datetime, now, language: str = ""
):
    """Visitors' visits (never previews) started in [start, end), in `language` if
    given, each with whether it has been idle long enough to count as left, and their
    answers.

    Rows come as the database gives them, without the ORM's per-value conversion,
    which took most of the time of a day's worth.
    """
    visits = Visit.objects.real().filter(
        guide_id=guide_id, started_at__gte=start, started_at__lt=end
    )
    if language:
        visits = visits.filter(language=language)
    answers = Answer.objects.filter(visit__in=visits).order_by("answered_at", "id")
    idle = ExpressionWrapper(Q(moved_at__lte=now - Visit.LEFT_AFTER), BooleanField())
    visits = visits.order_by().annotate(idle=idle).values_list(*COUNTED_FIELDS)
    return raw_rows(visits), raw_rows(answers.values_list(*ANSWER_FIELDS))


def raw_rows(queryset) -> list[tuple]:
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def by_language(visits: list[tuple], answers: list[tuple]) -> dict:
    """Visits (rows of COUNTED_FIELDS) and their answers apart for each language visits
    were made in, ready for `tally`: rows of VISIT_FIELDS and ANSWER_FIELDS."""
    apart: dict[str, tuple[list, list]] = {}
    languages = {}
    for *visit, language in visits:
        languages[visit[0]] = language
        apart.setdefault(language, ([], []))[0].append(tuple(visit))
    for answer in answers:
        apart[languages[answer[0]]][1].append(answer)
    return apart


def total_rows(guide_id: int, day, hour, counted: dict, language: str = "en") -> tuple[list, list]:
    """Rows of `VisitTotal` and `StepTotal` for one period and language: each version,
    and all together; a `VisitTotal` row for each symptom visits started at (and one for
    none)."""
    together = Totals()
    for totals in counted.values():
        together.add(totals)
    place = {"guide_id": guide_id, "day": day, "hour": hour, "language": language}
    visit_rows, step_rows = [], []
    for number, totals, all_versions in [
        *((number, totals, False) for number, totals in counted.items()),
        *([(max(counted), together, True)] if counted else []),
    ]:
        visit_rows.extend(
            VisitTotal(
                **place,
                version_number=number,
                all_versions=all_versions,
                symptom_key=key,
                symptom_text=totals.symptom_texts[key][1],
                **{column: counts[column] for column in VISIT_COUNTS},
            )
            for key, counts in totals.symptoms.items()
        )
        step_rows.extend(
            StepTotal(
                **place,
                all_versions=all_versions,
                version_number=totals.named_by[key],
                step_key=key,
                step_number=figures.number,
                step_title=figures.title,
                seconds=dict(figures.seconds),
                reasons=dict(figures.reasons),
                **figures.counts(),
            )
            for key, figures in totals.steps.items()
        )
    return visit_rows, step_rows


def count_periods(guide_id: int, periods: list, now: datetime.datetime) -> None:
    """Count these periods (all over) into totals, once; a whole day replaces its hours."""
    visit_rows, step_rows = [], []
    first_visit = (
        Visit.objects.real()
        .filter(guide_id=guide_id)
        .order_by("started_at")
        .values_list("started_at", flat=True)
        .first()
    )
    for day, hour in periods:
        start, end = period_bounds(day, hour)
        if first_visit is None or end <= first_visit:
            continue  # before the guide's first visit: nothing to count
        visits, answers = visits_between(guide_id, start, end, now)
        for language, (own, theirs) in by_language(visits, answers).items():
            made = total_rows(guide_id, day, hour, tally(own, theirs), language)
            visit_rows += made[0]
            step_rows += made[1]
    whole_days = [day for day, hour in periods if hour is None]
    try:
        with transaction.atomic():
            # Marked first: a report counting the same periods at the same time stops here.
            ReportPeriod.objects.bulk_create(
                ReportPeriod(guide_id=guide_id, day=day, hour=hour) for day, hour in periods
            )
            VisitTotal.objects.bulk_create(visit_rows)
            StepTotal.objects.bulk_create(step_rows)
            if whole_days:
                hours = {"guide_id": guide_id, "day__in": whole_days, "hour__isnull": False}
                for model in (ReportPeriod, VisitTotal, StepTotal):
                    model.objects.filter(**hours).delete()
    except IntegrityError:
        pass  # that other report counted them


def ensure_counted(guide_id: int, periods: Periods, now: datetime.datetime) -> int:
    """Count the periods of the range that are over and not counted yet; how many."""
    wanted = periods.wanted()
    if not wanted:
        return 0
    done = set(
        ReportPeriod.objects.filter(
            guide_id=guide_id, day__range=(wanted[0][0], wanted[-1][0])
        ).values_list("day", "hour")
    )
    if missing := [period for period in wanted if period not in done]:
        count_periods(guide_id, missing, now)
    return len(missing)


def count_before(guide, day: datetime.date, now: datetime.datetime | None = None) -> int:
    """Count into totals every period of the guide before `day` that is over and not
    counted yet, from the day it was created (or of its first visit kept, if earlier);
    how many periods. Afterwards a report within those days counts nothing itself."""
    now = now or timezone.now()
    first_visit = (
        Visit.objects.real()
        .filter(guide_id=guide.id)
        .order_by("started_at")
        .values_list("started_at", flat=True)
        .first()
    )
    first = min(day_of(guide.created_at), day_of(first_visit or guide.created_at))
    last = day - datetime.timedelta(days=1)
    if first > last:
        return 0
    return ensure_counted(guide.id, Periods.of(first, last, now), now)


def add_stored_steps(rows, totals_of: Callable[[int], Totals]) -> None:
    """Add `StepTotal` rows to the totals `totals_of` gives for each row's version number."""
    for row in rows.values(
        "version_number", "step_key", "step_number", "step_title", "seconds", "reasons",
        *STEP_COUNTS,
    ):  # fmt: skip
        number = row["version_number"]
        step = totals_of(number).step(
            row["step_key"], row["step_number"], row["step_title"], number
        )
        step.add(row, row["seconds"], row["reasons"])


def live_totals(
    guide_id: int, periods: Periods, now: datetime.datetime, language: str = ""
) -> dict[int, Totals]:
    """The figures of the visits started since the last counted period, in `language` if
    given, by version."""
    if periods.live_from >= periods.live_to:
        return {}
    visits, answers = visits_between(guide_id, periods.live_from, periods.live_to, now, language)
    return tally([visit[:-1] for visit in visits], answers)
