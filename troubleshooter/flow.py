"""How a visit moves through a published version: no database, no HTTP.

A version's content is the JSON record written at Publish (see
`troubleshooter.content`). `Version` is that record compiled for walking:
steps numbered in order, looked up by their stable keys, each answer button
knowing where it leads. Views and models ask this module what comes next,
where a visit resumes, what Previous is and how far along a visitor is; they
store and show the results.

A visit starts at the first step, or at the step a symptom leads to ("iCloud
storage is full"): its path, Previous and progress then count from that step.

An answer leads to a step further down the guide, or ends the visit (fixed or
the fallback page). The check before Publish refuses anything else, so every
walk moves forward and ends.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace

from django.utils.translation import gettext

# Where an answer leads. The names are the `data-outcome` values on the buttons.
RESOLVED = "resolved"
NEXT = "next"
ESCALATE = "escalate"


@dataclass(frozen=True)
class EndState:
    """How a visit stands, named once for the code, the admin, the report, the map
    and both CSVs. Visitors never read these names: they see the step, “Great, it's
    fixed” or the guide's own fallback heading."""

    value: str  # in `Visit.state`; never stored for "left", which is worked out
    label: str  # what staff read
    column: str  # the report's figure and the word in the CSVs
    url_name: str  # the visitor's page for a visit in this state


IN_PROGRESS = EndState("in_progress", "In progress", "in_progress", "troubleshooter:step")
FIXED = EndState("resolved", "Fixed", "fixed", "troubleshooter:fixed")
FALLBACK = EndState("escalated", "Fallback", "fallback", "troubleshooter:more_help")
# Unfinished, with no answer for 30 minutes: counted as left where it stands.
LEFT = EndState("left", "Left", "left", "troubleshooter:step")
END_STATES = (FIXED, FALLBACK, LEFT, IN_PROGRESS)
STORED_STATES = {state.value: state for state in (IN_PROGRESS, FIXED, FALLBACK)}
# The state an answer's outcome puts the visit in.
STATE_AFTER = {NEXT: IN_PROGRESS, RESOLVED: FIXED, ESCALATE: FALLBACK}


class NotInVersion(LookupError):
    """The step or answer asked for is not part of this version."""


@dataclass(frozen=True)
class Choice:
    key: str
    label: str
    outcome: str
    next_step: str | None  # the step's key when outcome is NEXT
    leads_to: int | None = None  # that step's number, for `data-leads-to`


@dataclass(frozen=True)
class Step:
    key: str
    number: int
    title: str
    body_html: str
    tap_path: tuple[str, ...]
    choices: tuple[Choice, ...]
    takes_a_while: bool = False  # a restart, an update: the visitor may come back later

    def choice(self, key: str) -> Choice:
        for choice in self.choices:
            if choice.key == key:
                return choice
        raise NotInVersion(key)


@dataclass(frozen=True)
class Symptom:
    """What a visitor sees or says ("Syncing paused"), leading to the step for it."""

    key: str
    text: str
    step_key: str


@dataclass(frozen=True)
class Move:
    """Where a visit stands after an answer: a step to show, or an end state."""

    outcome: str
    step: Step  # the step to show next, or the step the visit ended on


@dataclass(frozen=True)
class Progress:
    """ "Step N of M", or "Step N of at most M" where the path ahead depends on answers.

    M is the highest step number a visitor on this step could still reach.
    """

    number: int
    total: int
    exact: bool = True

    def __str__(self) -> str:
        numbers = {"number": self.number, "total": self.total}
        if self.exact:
            return gettext("Step %(number)d of %(total)d") % numbers
        return gettext("Step %(number)d of at most %(total)d") % numbers


def reach(starts: Iterable[str], leads_to: Callable[[str], Iterable[str]]) -> set[str]:
    """Every key a walk from one of `starts` can reach, `leads_to` giving where each key
    leads: the walk through a guide's steps that the flow and the check share."""
    seen: set[str] = set()
    todo = list(starts)
    while todo:
        key = todo.pop()
        if key in seen:
            continue
        seen.add(key)
        todo.extend(leads_to(key))
    return seen


def tap_path(where_to_tap: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in where_to_tap.split(">") if part.strip())


class Version:
    """A published version, compiled once and then only read."""

    def __init__(self, content: dict):
        self.title: str = content["title"]
        self.slug: str = content["slug"]
        self.summary: str = content["summary"]
        # A translated version's source: {"language": "en", "number": 3}; else None.
        self.source: dict | None = content.get("source")
        fallback = content["fallback"]
        self.fallback_title: str = fallback["title"]
        self.fallback_html: str = fallback["html"]
        self.fallback_links: tuple[tuple[str, str], ...] = tuple(
            (link["label"], link["url"]) for link in fallback["links"]
        )
        numbers = {step["key"]: number for number, step in enumerate(content["steps"], start=1)}
        self.steps: tuple[Step, ...] = tuple(
            Step(
                key=step["key"],
                number=numbers[step["key"]],
                title=step["title"],
                body_html=step["body_html"],
                tap_path=tap_path(step["where_to_tap"]),
                # Missing from versions published before steps had it.
                takes_a_while=step.get("takes_a_while", False),
                choices=tuple(
                    Choice(**choice, leads_to=numbers.get(choice["next_step"]))
                    for choice in step["choices"]
                ),
            )
            for step in content["steps"]
        )
        self._by_key = {step.key: step for step in self.steps}
        # Missing from versions published before guides had symptoms.
        self.symptoms: tuple[Symptom, ...] = tuple(
            Symptom(symptom["key"], symptom["text"], symptom["step"])
            for symptom in content.get("symptoms", [])
        )
        self._symptoms = {symptom.key: symptom for symptom in self.symptoms}
        self._progress = {step.key: self._work_out_progress(step) for step in self.steps}

    def __len__(self) -> int:
        return len(self.steps)

    @property
    def first_step(self) -> Step:
        return self.steps[0]

    def step(self, key: str) -> Step:
        try:
            return self._by_key[key]
        except KeyError:
            raise NotInVersion(key) from None

    def symptom(self, key: str) -> Symptom:
        try:
            return self._symptoms[key]
        except KeyError:
            raise NotInVersion(key) from None

    def start_step(self, symptom_key: str = "") -> Step:
        """Where a visit starts: the step its symptom leads to, or without one the first."""
        if not symptom_key:
            return self.first_step
        return self.step(self.symptom(symptom_key).step_key)

    def counted_from(self, step: Step, start: Step | None) -> Step:
        """The step a visit on `step` counts from, and Previous there leaves the walk:
        where it started, or the first step when it started there or went by address
        to a step above its start."""
        if start is None or start.number > step.number:
            return self.first_step
        return start

    def numbered(self, number: int) -> Step:
        if not 1 <= number <= len(self.steps):
            raise NotInVersion(number)
        return self.steps[number - 1]

    def next_steps(self, step: Step) -> list[Step]:
        """The steps this step's answers lead to, each once, in the answers' order."""
        keys = dict.fromkeys(c.next_step for c in step.choices if c.outcome == NEXT)
        return [self._by_key[key] for key in keys if key in self._by_key]

    def after(self, step_key: str, choice_key: str) -> Move:
        """Where the visit goes when the visitor presses this answer on this step."""
        step = self.step(step_key)
        choice = step.choice(choice_key)
        if choice.outcome == NEXT:
            return Move(NEXT, self.step(choice.next_step))
        return Move(choice.outcome, step)

    def resume(self, current_step_key: str) -> Step:
        """The step an unfinished visit shows now."""
        return self.step(current_step_key)

    def path(
        self, answers: Mapping[str, str], start: Step | None = None
    ) -> list[tuple[Step, Choice | None]]:
        """The visitor's own path: from the step the visit started at (the first step
        unless given), each step with the answer last given on it, following those
        answers while they lead to another step.

        `answers` maps a step's key to the answer last given on it: `dict()` of the
        visit's (step key, answer key) pairs in the order they were given.
        Answers on steps the path no longer reaches are history, not part of it.
        """
        walked: list[tuple[Step, Choice | None]] = []
        step: Step | None = start or (self.first_step if self.steps else None)
        seen: set[str] = set()
        while step is not None and step.key not in seen:
            seen.add(step.key)
            choice = self._given(step, answers)
            walked.append((step, choice))
            if choice is None or choice.outcome != NEXT:
                break
            step = self._by_key.get(choice.next_step)
        return walked

    def walked(
        self, answers: Mapping[str, str], end_key: str, start: Step | None = None
    ) -> list[tuple[Step, Choice]]:
        """The steps a visit answered on its way from its start to the step it ended on,
        in order, each with its answer: the fallback page's summary."""
        path = self.path(answers, start)
        keys = [step.key for step, _ in path]
        if end_key in keys:
            path = path[: keys.index(end_key) + 1]
        else:  # the visitor reached it by its address
            end = self.step(end_key)
            path.append((end, self._given(end, answers)))
        return [(step, choice) for step, choice in path if choice is not None]

    def _given(self, step: Step, answers: Mapping[str, str]) -> Choice | None:
        try:
            return step.choice(answers[step.key])
        except (KeyError, NotInVersion):
            return None

    def previous(
        self, step: Step, answers: Mapping[str, str], start: Step | None = None
    ) -> Step | None:
        """The step before this one on the visitor's own path; None on the step the visit
        started at (the first step unless given).

        A step off the path (reached by its address) goes back to the last step on
        the path with an answer leading to it, or else to the step the path starts at.
        """
        start = self.counted_from(step, start)
        if step == start:
            return None
        path = [walked for walked, _ in self.path(answers, start)]
        if step in path:
            return path[path.index(step) - 1]
        leading_here = [s for s in path if step in self.next_steps(s)]
        return leading_here[-1] if leading_here else start

    def progress(self, step: Step, start: Step | None = None) -> Progress:
        """How far along a visit on this step is, counted from the step it started at:
        started at step S, step N is "Step N-S+1 of M-S+1". Answers only lead down the
        guide, so every step a visit reaches from its start is numbered after it."""
        progress = self._progress[step.key]
        before = self.counted_from(step, start).number - 1
        return replace(progress, number=progress.number - before, total=progress.total - before)

    def seen_number(self, step: Step, start: Step | None = None) -> int:
        """The number a visit's screens give this step: its progress's, counted from
        the step the visit started at. Addresses and `data-leads-to` keep the guide's
        own numbers, which staff read too."""
        return self.progress(step, start).number

    def _work_out_progress(self, step: Step) -> Progress:
        ahead = self.reachable(step)
        highest = max(self._by_key[key].number for key in ahead)
        # The path ahead is fixed when no step on it offers two different next steps.
        exact = all(len(self.next_steps(self._by_key[key])) <= 1 for key in ahead)
        return Progress(step.number, highest, exact)

    def reachable(self, start: Step | None = None) -> set[str]:
        """Keys of the steps some walk from `start` (the first step) can reach."""
        if not self.steps:
            return set()
        start = start or self.first_step
        return reach([start.key], lambda key: [s.key for s in self.next_steps(self.step(key))])


def asked_step(version: Version, current_step_key: str, asked_step_key: str) -> Step | None:
    """The step whose "what happened?" a visit's current screen offers: the step the
    visitor just said didn't work, while the question about it is still open and they
    are not on it (Previous took them back there)."""
    if not asked_step_key or asked_step_key == current_step_key:
        return None
    try:
        return version.step(asked_step_key)
    except NotInVersion:
        return None
