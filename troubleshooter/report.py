"""The per-guide report: what visitors reached, where it got fixed and where they
left, counted from visits and their answers.

Visits are counted once into totals (`VisitTotal`, `StepTotal`: per version, and
for all versions together) by when they started: a day once it is over, and each
hour of the day in progress once that hour is over. A period is over 30 minutes
after it ends, when its unfinished visits have been idle long enough to count as
left. Counted periods are marked by `ReportPeriod`, and their figures stay when old
visits are pruned. Only the visits started since the last counted hour are counted
live, so a report takes the same few queries whatever its range, and counts afresh
no more than the last hour or two of visits.
"""

import datetime
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import IntegrityError, connections, transaction
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils import timezone

from troubleshooter import flow
from troubleshooter.models import (
    Answer,
    Feedback,
    GuideVersion,
    ReportPeriod,
    StepTotal,
    Visit,
    VisitTotal,
)

STEP_COUNTS = ("reached", "answered", "fixed", "went_on", "fallback", "left")
VISIT_COUNTS = ("started", "fixed", "fallback", "left", "in_progress")
OUTCOME_COUNT = {flow.RESOLVED: "fixed", flow.NEXT: "went_on", flow.ESCALATE: "fallback"}
HOUR = datetime.timedelta(hours=1)
to_uuid = GuideVersion._meta.pk.to_python


@dataclass
class StepFigures:
    key: str
    number: int
    title: str
    reached: int = 0
    answered: int = 0
    fixed: int = 0
    went_on: int = 0
    fallback: int = 0
    left: int = 0
    seconds: Counter = field(default_factory=Counter)  # answers by whole seconds, as text
    reasons: Counter = field(default_factory=Counter)

    def counts(self) -> dict:
        return {name: getattr(self, name) for name in STEP_COUNTS}

    def add(self, counts: dict, seconds: dict, reasons: dict) -> None:
        for name in STEP_COUNTS:
            setattr(self, name, getattr(self, name) + counts[name])
        self.seconds.update(seconds)  # JSON keys are text, hence seconds as text
        self.reasons.update(reasons)

    @property
    def fix_rate(self) -> int | None:
        """Of the visitors who answered here, the percentage it fixed."""
        return round(100 * self.fixed / self.answered) if self.answered else None

    @property
    def median_seconds(self) -> int | None:
        """The median of the answers' seconds, read off their counts."""
        total = self.seconds.total()
        if not total:
            return None
        middle = [(total - 1) // 2, total // 2]  # positions in the sorted values
        found, seen = [], 0
        for value, count in sorted((int(seconds), n) for seconds, n in self.seconds.items()):
            seen += count
            while middle and middle[0] < seen:
                found.append(value)
                middle.pop(0)
            if not middle:
                break
        return round(sum(found) / 2)

    @property
    def reason_rows(self) -> list[tuple[str, int]]:
        labels = dict(Feedback.Reason.choices)
        return [(labels.get(reason, reason), n) for reason, n in self.reasons.most_common()]


class Totals:
    """Figures of some visits added up. Across versions a step is matched by its key
    and named as in the newest version that has it."""

    def __init__(self):
        self.visits = Counter()
        self.steps: dict[str, StepFigures] = {}
        self.named_by: dict[str, int] = {}  # step key -> the version its name comes from

    def step(self, key: str, number: int, title: str, version_number: int) -> StepFigures:
        if key not in self.steps:
            self.steps[key] = StepFigures(key, number, title)
        if version_number >= self.named_by.get(key, 0):
            figures = self.steps[key]
            figures.number, figures.title, self.named_by[key] = number, title, version_number
        return self.steps[key]

    def add(self, other: "Totals") -> None:
        self.visits.update(other.visits)
        for key, figures in other.steps.items():
            step = self.step(key, figures.number, figures.title, other.named_by[key])
            step.add(figures.counts(), figures.seconds, figures.reasons)

    def ordered(self) -> list[StepFigures]:
        return sorted(self.steps.values(), key=lambda step: (step.number, -self.named_by[step.key]))


def day_of(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def tally(visits: list[tuple], answers: list[tuple]) -> dict:
    """Count visits (`VISIT_FIELDS` rows) with their answers (`ANSWER_FIELDS` rows, in the
    order given) into `Totals` by version number."""
    by_visit = defaultdict(list)
    for answer in answers:
        by_visit[answer[0]].append(answer)
    counted: dict[int, Totals] = {}
    versions = {}  # version id as stored -> the compiled version and its totals
    entries = {}  # (version id as stored, step key) -> that step's figures, or None

    def entry(version_id, key: str) -> StepFigures | None:
        found = entries.get((version_id, key), False)
        if found is False:
            version, totals = versions[version_id]
            try:
                step = version.step(key)
            except flow.NotInVersion:
                found = None
            else:
                found = totals.step(key, step.number, step.title, version.number)
            entries[(version_id, key)] = found
        return found

    for visit_id, version_id, state, current_key, idle in visits:
        if version_id not in versions:
            version = GuideVersion.objects.compiled(to_uuid(version_id))
            versions[version_id] = version, counted.setdefault(version.number, Totals())
        ended = versions[version_id][1].visits
        ended["started"] += 1
        last = {}
        for answer in by_visit.get(visit_id, ()):
            last[answer[1]] = answer
            if found := entry(version_id, answer[1]):
                found.seconds[str(answer[3])] += 1
        for key in {*last, current_key}:
            if not (found := entry(version_id, key)):
                continue
            found.reached += 1
            if key in last:
                _, _, outcome, _, reason = last[key]
                found.answered += 1
                setattr(found, OUTCOME_COUNT[outcome], getattr(found, OUTCOME_COUNT[outcome]) + 1)
                if reason:
                    found.reasons[reason] += 1
        if state == Visit.State.RESOLVED:
            ended["fixed"] += 1
        elif state == Visit.State.ESCALATED:
            ended["fallback"] += 1
        elif idle:
            ended["left"] += 1
            if found := entry(version_id, current_key):
                found.left += 1
        else:
            ended["in_progress"] += 1
    return counted


VISIT_FIELDS = ("id", "version_id", "state", "current_step_key", "idle")
ANSWER_FIELDS = ("visit_id", "step_key", "outcome", "seconds", "feedback__reason")


def visits_between(guide_id: int, start: datetime.datetime, end: datetime.datetime, now):
    """Visitors' visits (never previews) started in [start, end), each with whether it
    has been idle long enough to count as left, and their answers.

    Rows come as the database gives them, without the ORM's per-value conversion,
    which took most of the time of a day's worth.
    """
    visits = Visit.objects.real().filter(
        guide_id=guide_id, started_at__gte=start, started_at__lt=end
    )
    answers = Answer.objects.filter(visit__in=visits).order_by("answered_at", "id")
    idle = ExpressionWrapper(Q(moved_at__lte=now - Visit.LEFT_AFTER), BooleanField())
    visits = visits.order_by().annotate(idle=idle).values_list(*VISIT_FIELDS)
    return raw_rows(visits), raw_rows(answers.values_list(*ANSWER_FIELDS))


def raw_rows(queryset) -> list[tuple]:
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def hour_start(day: datetime.date, hour: int) -> datetime.datetime:
    # Real hours from the day's start, so a day with a clock change has 23 or 25.
    return start_of(day).astimezone(datetime.timezone.utc) + hour * HOUR


def period_bounds(day: datetime.date, hour: int | None):
    if hour is None:
        return start_of(day), start_of(day + datetime.timedelta(days=1))
    return hour_start(day, hour), hour_start(day, hour + 1)


@dataclass
class Periods:
    """How a date range is counted at a given moment."""

    days: list[datetime.date]  # over: counted whole
    day_in_progress: datetime.date | None  # in the range and not over; its first hours are
    hours: int  # how many of its hours are over
    live_from: datetime.datetime  # visits started from here to live_to are counted live
    live_to: datetime.datetime

    @classmethod
    def of(cls, first: datetime.date, last: datetime.date, now: datetime.datetime) -> "Periods":
        over = now - Visit.LEFT_AFTER
        current = day_of(over)
        hours = int((over - start_of(current)) // HOUR)
        span = (min(last, current - datetime.timedelta(days=1)) - first).days + 1
        return cls(
            days=[first + datetime.timedelta(days=n) for n in range(span)],
            day_in_progress=current if first <= current <= last else None,
            hours=hours if first <= current <= last else 0,
            live_from=max(start_of(first), hour_start(current, hours)),
            live_to=start_of(last + datetime.timedelta(days=1)),
        )

    def wanted(self) -> list[tuple[datetime.date, int | None]]:
        hours = [(self.day_in_progress, hour) for hour in range(self.hours)]
        return [(day, None) for day in self.days] + hours

    def stored(self) -> Q:
        """The totals rows of the counted periods."""
        whole = (
            Q(day__range=(self.days[0], self.days[-1]), hour=None) if self.days else Q(pk__in=[])
        )
        if self.hours:
            return whole | Q(day=self.day_in_progress, hour__lt=self.hours)
        return whole


def total_rows(guide_id: int, day, hour, counted: dict) -> tuple[list, list]:
    """Rows of `VisitTotal` and `StepTotal` for one period: each version, and all together."""
    together = Totals()
    for totals in counted.values():
        together.add(totals)
    place = {"guide_id": guide_id, "day": day, "hour": hour}
    visit_rows, step_rows = [], []
    for number, totals, all_versions in [
        *((number, totals, False) for number, totals in counted.items()),
        *([(max(counted), together, True)] if counted else []),
    ]:
        visit_rows.append(
            VisitTotal(**place, version_number=number, all_versions=all_versions, **totals.visits)
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
        counted = tally(*visits_between(guide_id, start, end, now))
        visits, steps = total_rows(guide_id, day, hour, counted)
        visit_rows += visits
        step_rows += steps
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


def ensure_counted(guide_id: int, periods: Periods, now: datetime.datetime) -> None:
    """Count the periods of the range that are over and not counted yet."""
    wanted = periods.wanted()
    if not wanted:
        return
    done = set(
        ReportPeriod.objects.filter(
            guide_id=guide_id, day__range=(wanted[0][0], wanted[-1][0])
        ).values_list("day", "hour")
    )
    if missing := [period for period in wanted if period not in done]:
        count_periods(guide_id, missing, now)


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


def live_totals(guide_id: int, periods: Periods, now: datetime.datetime) -> dict[int, Totals]:
    """The figures of the visits started since the last counted period, by version."""
    if periods.live_from >= periods.live_to:
        return {}
    return tally(*visits_between(guide_id, periods.live_from, periods.live_to, now))


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
    periods = Periods.of(first, last, now)
    ensure_counted(guide.id, periods, now)
    stored = {"guide_id": guide.id, "all_versions": version is None}
    if version is not None:
        stored["version_number"] = version
    totals = Totals()
    for row in VisitTotal.objects.filter(periods.stored(), **stored).values(*VISIT_COUNTS):
        totals.visits.update(row)
    add_stored_steps(StepTotal.objects.filter(periods.stored(), **stored), lambda _: totals)
    for number, counted in live_totals(guide.id, periods, now).items():
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
        )
        .exclude(comment="")
        .order_by("-given_at")
        .values_list("answer__step_key", "comment", "given_at")[:100]
    )
    for key, comment, given_at in latest:
        if len(comments[key]) < 5:
            comments[key].append((comment, given_at))
    return Report(first, last, version, totals.visits, totals.ordered(), dict(comments))


def step_rows(guide, first: datetime.date, last: datetime.date) -> list[tuple[int, StepFigures]]:
    """One row per step reached per version, for the steps CSV: the same few queries
    whatever the number of versions."""
    now = timezone.now()
    periods = Periods.of(first, last, now)
    ensure_counted(guide.id, periods, now)
    by_version = defaultdict(Totals)
    stored = StepTotal.objects.filter(periods.stored(), guide_id=guide.id, all_versions=False)
    add_stored_steps(stored, by_version.__getitem__)
    for number, counted in live_totals(guide.id, periods, now).items():
        by_version[number].add(counted)
    return [
        (number, step)
        for number, totals in sorted(by_version.items())
        for step in totals.ordered()
        if step.reached
    ]


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
