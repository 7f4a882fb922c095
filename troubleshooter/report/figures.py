"""Figures of visits added up: per step and how visits ended, and the count of
some visits with their answers into them."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from troubleshooter import flow
from troubleshooter.models import (
    CompiledVersion,
    Feedback,
    GuideVersion,
)

STEP_COUNTS = ("reached", "answered", "fixed", "went_on", "fallback", "left")
VISIT_COUNTS = ("started", *(end.column for end in flow.END_STATES))
OUTCOME_COUNT = {
    flow.RESOLVED: flow.FIXED.column,
    flow.NEXT: "went_on",
    flow.ESCALATE: flow.FALLBACK.column,
}
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
    def in_progress(self) -> int:
        """Visits on this step now, unfinished and not idle: every other visit that reached
        it is fixed, went on, fallback or left here. Never below 0, for totals stored
        before `tally` counted a visit back on a step it had answered once there."""
        return max(0, self.reached - self.fixed - self.went_on - self.fallback - self.left)

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


@dataclass
class SymptomFigures:
    """How the visits started at one symptom ended; the key "" is visits started at
    step 1 with none."""

    key: str
    text: str
    started: int = 0
    fixed: int = 0
    fallback: int = 0
    left: int = 0
    in_progress: int = 0


class Totals:
    """Figures of some visits added up. Across versions a step or a symptom is matched
    by its key and named as in the newest version that has it."""

    def __init__(self):
        self.visits = Counter()
        self.steps: dict[str, StepFigures] = {}
        self.named_by: dict[str, int] = {}  # step key -> the version its name comes from
        self.symptoms: dict[str, Counter] = {}  # symptom key ("" none) -> VISIT_COUNTS
        self.symptom_texts: dict[str, tuple[int, str]] = {}  # key -> (version, its text)

    def symptom(self, key: str, text: str, version_number: int) -> Counter:
        """The counts of the visits started at this symptom, named by the newest version."""
        if version_number >= self.symptom_texts.get(key, (0, ""))[0]:
            self.symptom_texts[key] = (version_number, text)
        return self.symptoms.setdefault(key, Counter())

    def step(self, key: str, number: int, title: str, version_number: int) -> StepFigures:
        if key not in self.steps:
            self.steps[key] = StepFigures(key, number, title)
        if version_number >= self.named_by.get(key, 0):
            figures = self.steps[key]
            figures.number, figures.title, self.named_by[key] = number, title, version_number
        return self.steps[key]

    def add(self, other: "Totals") -> None:
        self.visits.update(other.visits)
        for key, counts in other.symptoms.items():
            self.symptom(key, other.symptom_texts[key][1], other.symptom_texts[key][0]).update(
                counts
            )
        for key, figures in other.steps.items():
            step = self.step(key, figures.number, figures.title, other.named_by[key])
            step.add(figures.counts(), figures.seconds, figures.reasons)

    def ordered(self) -> list[StepFigures]:
        return sorted(self.steps.values(), key=lambda step: (step.number, -self.named_by[step.key]))

    def by_symptom(self, live: CompiledVersion | None, version: int | None) -> list[SymptomFigures]:
        """A row per symptom, named and ordered as in the live version, then any it no
        longer has, then visits started with none. The live version's symptoms are
        listed without visits too, when the report covers it."""
        live_symptoms = live.symptoms if live is not None else ()
        covers_live = live is not None and version in (None, live.number)
        texts = {key: text for key, (_, text) in self.symptom_texts.items()}
        for symptom in live_symptoms:
            if covers_live or symptom.key in texts:
                texts[symptom.key] = symptom.text
        order = [symptom.key for symptom in live_symptoms]
        keys = sorted(
            texts.keys() - {""},
            key=lambda key: (order.index(key) if key in order else len(order), texts[key]),
        )
        if not keys:
            return []
        counts = {key: self.symptoms.get(key, Counter()) for key in [*keys, ""]}
        return [
            SymptomFigures(key, texts.get(key, ""), **{c: n[c] for c in VISIT_COUNTS})
            for key, n in counts.items()
        ]


def tally(visits: list[tuple], answers: list[tuple]) -> dict:
    """Count visits (rows of `counting.VISIT_FIELDS`) with their answers (rows of
    `counting.ANSWER_FIELDS`, in the order given) into `Totals` by version number."""
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
                found = totals.step(key, step.number, step.title, version.counted_as)
            entries[(version_id, key)] = found
        return found

    for visit_id, version_id, state, current_key, idle, symptom_key in visits:
        if version_id not in versions:
            version = GuideVersion.objects.compiled(to_uuid(version_id))
            versions[version_id] = version, counted.setdefault(version.counted_as, Totals())
        version, totals = versions[version_id]
        ended = totals.visits
        ended["started"] += 1
        text = version.symptom(symptom_key).text if symptom_key else ""
        by_symptom = totals.symptom(symptom_key, text, version.counted_as)
        by_symptom["started"] += 1
        last = {}
        for answer in by_visit.get(visit_id, ()):
            last[answer[1]] = answer
            if found := entry(version_id, answer[1]):
                found.seconds[str(answer[3])] += 1
        end = flow.STORED_STATES[state]
        if end == flow.IN_PROGRESS and idle:
            end = flow.LEFT
        # An unfinished visit stands on its current step, and counts there as left or in
        # progress even if it answered there before (Previous, Start over): once a row.
        standing = current_key if end in (flow.LEFT, flow.IN_PROGRESS) else None
        for key in {*last, current_key}:
            if not (found := entry(version_id, key)):
                continue
            found.reached += 1
            if key in last and (reason := last[key][4]):
                found.reasons[reason] += 1
            if key == standing:
                if end == flow.LEFT:
                    found.left += 1
            elif key in last:
                found.answered += 1
                counted_as = OUTCOME_COUNT[last[key][2]]
                setattr(found, counted_as, getattr(found, counted_as) + 1)
        ended[end.column] += 1
        by_symptom[end.column] += 1
    return counted


@dataclass
class Report:
    first: datetime.date
    last: datetime.date
    version: int | None
    visits: Counter
    steps: list[StepFigures]
    comments: dict  # step key -> latest comments
    symptoms: list[SymptomFigures]  # empty for a guide that never had symptoms

    @property
    def ended(self) -> list[tuple[str, int, int]]:
        """How visits ended: name, count, percentage of visits started."""
        started = self.visits["started"] or 1
        return [
            (end.label, self.visits[end.column], round(100 * self.visits[end.column] / started))
            for end in flow.END_STATES
        ]
