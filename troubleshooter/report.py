"""The per-guide report: what visitors reached, where it got fixed and where they
left, counted from visits and their answers.

Days that are over are counted once into daily totals (`DailyVisitTotal`,
`DailyStepTotal`, marked done by `ReportDay`), which stay when old visits are
pruned; the current day is counted live. A report adds the days it covers, so
it takes the same few queries whatever its range.
"""

import datetime
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import connections, transaction
from django.utils import timezone

from troubleshooter import flow
from troubleshooter.models import (
    Answer,
    DailyStepTotal,
    DailyVisitTotal,
    Feedback,
    GuideVersion,
    ReportDay,
    Visit,
)

STEP_COUNTS = ("reached", "answered", "fixed", "went_on", "fallback", "left")
VISIT_COUNTS = ("started", "fixed", "fallback", "left", "in_progress")
OUTCOME_COUNT = {flow.RESOLVED: "fixed", flow.NEXT: "went_on", flow.ESCALATE: "fallback"}


@dataclass
class StepFigures:
    key: str
    number: int
    title: str
    version: int | None = None  # None when several versions are added together
    reached: int = 0
    answered: int = 0
    fixed: int = 0
    went_on: int = 0
    fallback: int = 0
    left: int = 0
    seconds: Counter = field(default_factory=Counter)
    reasons: Counter = field(default_factory=Counter)

    def add(self, counts: dict, seconds: dict, reasons: dict) -> None:
        for name in STEP_COUNTS:
            setattr(self, name, getattr(self, name) + counts[name])
        self.seconds.update(seconds)  # by whole seconds, as text: JSON keys are text
        self.reasons.update(reasons)

    @property
    def fix_rate(self) -> int | None:
        """Of the visitors who answered here, the percentage it fixed."""
        return round(100 * self.fixed / self.answered) if self.answered else None

    @property
    def median_seconds(self) -> int | None:
        if not self.seconds:
            return None
        values = sorted(int(seconds) for seconds in self.seconds.elements())
        return round(statistics.median(values))

    @property
    def reason_rows(self) -> list[tuple[str, int]]:
        labels = dict(Feedback.Reason.choices)
        return [(labels.get(reason, reason), n) for reason, n in self.reasons.most_common()]


@dataclass
class Tally:
    """Counts of some visits: per (version, day) and per (version, day, step)."""

    visits: dict = field(default_factory=lambda: defaultdict(Counter))
    steps: dict = field(default_factory=dict)  # key -> (number, title, Counter, Counter, Counter)

    def step(self, version: int, day, step: flow.Step):
        key = (version, day, step.key)
        if key not in self.steps:
            self.steps[key] = (step.number, step.title, Counter(), Counter(), Counter())
        return self.steps[key]


def day_of(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def tally(visits: list[tuple], answers: list[tuple], now: datetime.datetime) -> Tally:
    """Count visits (`VISIT_FIELDS` rows) with their answers (`ANSWER_FIELDS` rows, in the
    order given). Rows are tuples: a day's worth of them is counted on every report."""
    by_visit = defaultdict(list)
    for answer in answers:
        by_visit[answer[0]].append(answer)
    counted = Tally()
    entries = {}  # (version id, day, step key) -> that step's counters, or None

    def entry(version, day, key):
        found = entries.get((version.id, day, key), False)
        if found is False:
            try:
                found = counted.step(version.number, day, version.step(key))
            except flow.NotInVersion:
                found = None
            entries[(version.id, day, key)] = found
        return found

    for visit_id, version_id, state, current_key, moved_at, started_at in visits:
        version = GuideVersion.objects.compiled(version_id)
        day = day_of(started_at)
        totals = counted.visits[(version.number, day)]
        totals["started"] += 1
        last = {}
        for answer in by_visit[visit_id]:
            last[answer[1]] = answer
            if found := entry(version, day, answer[1]):
                found[3][str(answer[3])] += 1
        for key in {*last, current_key}:
            if not (found := entry(version, day, key)):
                continue
            counts, reasons = found[2], found[4]
            counts["reached"] += 1
            if key in last:
                _, _, outcome, _, reason = last[key]
                counts["answered"] += 1
                counts[OUTCOME_COUNT[outcome]] += 1
                if reason:
                    reasons[reason] += 1
        if state == Visit.State.RESOLVED:
            totals["fixed"] += 1
        elif state == Visit.State.ESCALATED:
            totals["fallback"] += 1
        elif now - moved_at >= Visit.LEFT_AFTER:
            totals["left"] += 1
            if found := entry(version, day, current_key):
                found[2]["left"] += 1
        else:
            totals["in_progress"] += 1
    return counted


VISIT_FIELDS = ("id", "version_id", "state", "current_step_key", "moved_at", "started_at")
ANSWER_FIELDS = ("visit_id", "step_key", "outcome", "seconds", "feedback__reason")


def visits_between(guide_id: int, start: datetime.datetime, end: datetime.datetime):
    """Visitors' visits (never previews) started in [start, end), and their answers.

    The answers come as the database gives them, without the ORM's per-value
    conversion, which took most of the time of a day's worth; the visits' ids are
    put in the database's form to match them.
    """
    visits = Visit.objects.real().filter(
        guide_id=guide_id, started_at__gte=start, started_at__lt=end
    )
    answers = Answer.objects.filter(visit__in=visits).order_by("answered_at", "id")
    connection = connections[answers.db]
    sql, params = answers.values_list(*ANSWER_FIELDS).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        answer_rows = cursor.fetchall()
    as_stored = Visit._meta.pk.get_db_prep_value
    visit_rows = [
        (as_stored(visit_id, connection), *rest)
        for visit_id, *rest in visits.order_by().values_list(*VISIT_FIELDS)
    ]
    return visit_rows, answer_rows


def start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def last_final_day(now: datetime.datetime) -> datetime.date:
    """Days up to this one are over, and their visits idle long enough to count as left."""
    return day_of(now - Visit.LEFT_AFTER) - datetime.timedelta(days=1)


@transaction.atomic
def store_days(guide_id: int, days: list[datetime.date], now: datetime.datetime) -> None:
    """Count these days (all over) into daily totals, once."""
    visits, answers = visits_between(
        guide_id, start_of(min(days)), start_of(max(days) + datetime.timedelta(days=1))
    )
    wanted = set(days)
    visits = [visit for visit in visits if day_of(visit[-1]) in wanted]
    counted = tally(visits, answers, now)
    DailyVisitTotal.objects.bulk_create(
        DailyVisitTotal(guide_id=guide_id, version_number=version, day=day, **dict(counts))
        for (version, day), counts in counted.visits.items()
        if version is not None
    )
    DailyStepTotal.objects.bulk_create(
        DailyStepTotal(
            guide_id=guide_id,
            version_number=version,
            day=day,
            step_key=key,
            step_number=number,
            step_title=title,
            seconds=dict(seconds),
            reasons=dict(reasons),
            **{name: counts[name] for name in STEP_COUNTS},
        )
        for (version, day, key), (number, title, counts, seconds, reasons) in counted.steps.items()
        if version is not None
    )
    ReportDay.objects.bulk_create(ReportDay(guide_id=guide_id, day=day) for day in days)


def ensure_days(guide_id: int, first: datetime.date, last: datetime.date, now) -> None:
    """Store the daily totals of the days in [first, last] that are over and not stored."""
    last = min(last, last_final_day(now))
    if last < first:
        return
    done = set(
        ReportDay.objects.filter(guide_id=guide_id, day__range=(first, last)).values_list(
            "day", flat=True
        )
    )
    span = (last - first).days + 1
    missing = [first + datetime.timedelta(days=n) for n in range(span)]
    if missing := [day for day in missing if day not in done]:
        store_days(guide_id, missing, now)


@dataclass
class Report:
    first: datetime.date
    last: datetime.date
    version: int | None
    visits: Counter
    steps: list[StepFigures]
    comments: dict  # step key -> latest comments

    @property
    def ended(self) -> list[tuple[str, int, int]]:
        """How visits ended: name, count, percentage of visits started."""
        started = self.visits["started"] or 1
        names = [("Fixed", "fixed"), ("Fallback", "fallback"), ("Left", "left")]
        names.append(("Still in progress", "in_progress"))
        return [
            (label, self.visits[n], round(100 * self.visits[n] / started)) for label, n in names
        ]


def build(guide, first: datetime.date, last: datetime.date, version: int | None, now=None):
    """The report on visits started from `first` to `last` (dates, inclusive)."""
    now = now or timezone.now()
    ensure_days(guide.id, first, last, now)
    stored_visits = DailyVisitTotal.objects.filter(guide_id=guide.id, day__range=(first, last))
    stored_steps = DailyStepTotal.objects.filter(guide_id=guide.id, day__range=(first, last))
    if version is not None:
        stored_visits = stored_visits.filter(version_number=version)
        stored_steps = stored_steps.filter(version_number=version)
    visits = Counter()
    for row in stored_visits.values(*VISIT_COUNTS):
        visits.update(row)
    steps: dict[str, StepFigures] = {}
    named_by: dict[str, int] = {}  # the version each step's number and title come from

    def figures(key: str, number: int, title: str, row_version: int) -> StepFigures:
        # Across versions a step is matched by its key and named as in its newest version.
        if key not in steps:
            steps[key] = StepFigures(key, number, title, version)
        if row_version >= named_by.get(key, 0):
            steps[key].number, steps[key].title, named_by[key] = number, title, row_version
        return steps[key]

    for row in stored_steps.values(
        "version_number", "step_key", "step_number", "step_title", "seconds", "reasons",
        *STEP_COUNTS,
    ):  # fmt: skip
        figures(row["step_key"], row["step_number"], row["step_title"], row["version_number"]).add(
            row, row["seconds"], row["reasons"]
        )
    live_from = max(first, last_final_day(now) + datetime.timedelta(days=1))
    if live_from <= last:
        live_visits, live_answers = visits_between(
            guide.id, start_of(live_from), start_of(last + datetime.timedelta(days=1))
        )
        counted = tally(live_visits, live_answers, now)
        for (row_version, _), counts in counted.visits.items():
            if row_version is not None and version in (None, row_version):
                visits.update(counts)
        for (row_version, _, key), (
            number,
            title,
            counts,
            seconds,
            reasons,
        ) in counted.steps.items():
            if row_version is not None and version in (None, row_version):
                figures(key, number, title, row_version).add(counts, seconds, reasons)
    comments = defaultdict(list)
    # Comments given in the range, newest first: found by when they were given.
    latest = (
        Feedback.objects.filter(
            given_at__gte=start_of(first),
            given_at__lt=start_of(last + datetime.timedelta(days=2)),
            answer__visit__guide_id=guide.id,
            answer__visit__is_preview=False,
        )
        .exclude(comment="")
        .order_by("-given_at")
        .values_list("answer__step_key", "comment", "given_at")[:100]
    )
    for key, comment, given_at in latest:
        if len(comments[key]) < 5:
            comments[key].append((comment, given_at))
    ordered = sorted(steps.values(), key=lambda step: (step.number, -named_by[step.key]))
    return Report(first, last, version, visits, ordered, dict(comments))


def step_rows(guide, first: datetime.date, last: datetime.date):
    """One row per step per version, for the steps CSV."""
    rows = []
    versions = sorted(
        set(
            DailyVisitTotal.objects.filter(guide_id=guide.id, day__range=(first, last)).values_list(
                "version_number", flat=True
            )
        )
        | set(guide.versions.published().values_list("number", flat=True))
    )
    for number in versions:
        for step in build(guide, first, last, number).steps:
            if step.reached:
                rows.append((number, step))
    return rows


BAR_WIDTH, ROW_HEIGHT, LABEL_WIDTH = 420, 46, 250
SEGMENTS = [("fixed", "Fixed"), ("went_on", "Went on"), ("fallback", "Fallback"), ("left", "Left")]


@dataclass
class Bar:
    y: int
    label: str
    reached: int
    segments: list[tuple[str, int, int, str]]  # css, x, width, text


def funnel(steps: list[StepFigures], widest: int) -> dict:
    """The funnel chart's geometry: one bar a step, as long as the visits that reached
    it, cut into fixed, went on, fallback and left (in that order, each labelled)."""
    bars = []
    for row, step in enumerate(steps):
        x = LABEL_WIDTH
        segments = []
        for name, label in SEGMENTS:
            count = getattr(step, name)
            width = round(BAR_WIDTH * count / widest) if widest else 0
            if count:
                segments.append((f"bar-{name.replace('_', '-')}", x, width, f"{label} {count}"))
            x += width
        bars.append(
            Bar(12 + row * ROW_HEIGHT, f"{step.number}. {step.title}", step.reached, segments)
        )
    return {
        "bars": bars,
        "width": LABEL_WIDTH + BAR_WIDTH + 140,
        "height": 24 + len(steps) * ROW_HEIGHT,
        "label_width": LABEL_WIDTH - 10,
        "bar_end": LABEL_WIDTH + BAR_WIDTH + 8,
    }


def visit_rows(guide, first: datetime.date, last: datetime.date, version: int | None):
    """The visits CSV: one row a visit still kept (pruned visits are in the totals only)."""
    visits = Visit.objects.real().filter(
        guide_id=guide.id,
        started_at__gte=start_of(first),
        started_at__lt=start_of(last + datetime.timedelta(days=1)),
    )
    if version is not None:
        visits = visits.filter(version__number=version)
    given = defaultdict(dict)
    for visit_id, step_key, choice_key in (
        Answer.objects.filter(visit__in=visits)
        .order_by("answered_at", "id")
        .values_list("visit_id", "step_key", "choice_key")
    ):
        given[visit_id][step_key] = choice_key
    now = timezone.now()
    for visit in visits.order_by("started_at").iterator():
        compiled = GuideVersion.objects.compiled(visit.version_id)
        walked = compiled.walked(given[visit.id], visit.current_step_key)
        state = "left" if visit.has_left(now) else visit.state
        fixed_at = compiled.step(visit.current_step_key).number if state == "resolved" else ""
        yield [
            visit.reference, guide.slug, compiled.number, visit.started_at.isoformat(),
            visit.finished_at.isoformat() if visit.finished_at else "", state, len(walked),
            fixed_at,
        ]  # fmt: skip
