"""How a visit moves through a published version: no database, no HTTP.

A version's content is the JSON record written at Publish (see
`troubleshooter.content`). `Version` is that record compiled for walking:
steps numbered in order, looked up by their stable keys, each answer button
knowing where it leads. Views and models ask this module what comes next,
where a visit resumes, what Previous is and how far along a visitor is; they
store and show the results.
"""

from dataclasses import dataclass

# Where an answer leads. The names are the `data-outcome` values on the buttons.
RESOLVED = "resolved"
NEXT = "next"
ESCALATE = "escalate"
OUTCOMES = (RESOLVED, NEXT, ESCALATE)


class NotInVersion(LookupError):
    """The step or answer asked for is not part of this version."""


@dataclass(frozen=True)
class Choice:
    key: str
    label: str
    outcome: str
    next_step: str | None  # the step's key when outcome is NEXT


@dataclass(frozen=True)
class Step:
    key: str
    number: int
    title: str
    body_html: str
    tap_path: tuple[str, ...]
    choices: tuple[Choice, ...]

    def choice(self, key: str) -> Choice:
        for choice in self.choices:
            if choice.key == key:
                return choice
        raise NotInVersion(key)


@dataclass(frozen=True)
class Move:
    """Where a visit stands after an answer: a step to show, or an end state."""

    outcome: str
    step: Step  # the step to show next, or the step the visit ended on


@dataclass(frozen=True)
class Progress:
    number: int
    total: int

    def __str__(self) -> str:
        return f"Step {self.number} of {self.total}"


def tap_path(where_to_tap: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in where_to_tap.split(">") if part.strip())


class Version:
    """A published version, compiled once and then only read."""

    def __init__(self, content: dict):
        self.title: str = content["title"]
        self.slug: str = content["slug"]
        self.summary: str = content["summary"]
        fallback = content["fallback"]
        self.fallback_title: str = fallback["title"]
        self.fallback_html: str = fallback["html"]
        self.fallback_links: tuple[tuple[str, str], ...] = tuple(
            (link["label"], link["url"]) for link in fallback["links"]
        )
        self.steps: tuple[Step, ...] = tuple(
            Step(
                key=step["key"],
                number=number,
                title=step["title"],
                body_html=step["body_html"],
                tap_path=tap_path(step["where_to_tap"]),
                choices=tuple(Choice(**choice) for choice in step["choices"]),
            )
            for number, step in enumerate(content["steps"], start=1)
        )
        self._by_key = {step.key: step for step in self.steps}

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

    def numbered(self, number: int) -> Step:
        if not 1 <= number <= len(self.steps):
            raise NotInVersion(number)
        return self.steps[number - 1]

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

    def previous(self, step: Step) -> Step | None:
        return self.steps[step.number - 2] if step.number > 1 else None

    def progress(self, step: Step) -> Progress:
        return Progress(step.number, len(self.steps))

    def reachable(self) -> set[str]:
        """Keys of the steps some walk from the first step can reach."""
        seen: set[str] = set()
        todo = [self.first_step.key] if self.steps else []
        while todo:
            key = todo.pop()
            if key in seen:
                continue
            seen.add(key)
            todo.extend(c.next_step for c in self._by_key[key].choices if c.outcome == NEXT)
        return seen
