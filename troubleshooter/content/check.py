"""The check before Publish: what stops a content record from being published, and
what deserves a look. No database in here."""

from collections import defaultdict
from dataclasses import dataclass

from troubleshooter.content.record import symptoms
from troubleshooter.flow import NEXT, RESOLVED, reach


@dataclass(frozen=True)
class Problem:
    message: str
    step_number: int | None = None
    step_title: str = ""
    is_error: bool = True
    choice_key: str = ""  # the answer it concerns, if one

    def __str__(self) -> str:
        if self.step_number is None:
            return self.message
        return f"Step {self.step_number} “{self.step_title}”: {self.message}"


def step_numbers(content: dict) -> dict[str, int]:
    return {step["key"]: number for number, step in enumerate(content["steps"], start=1)}


def next_keys(step: dict, numbers: dict[str, int]) -> list[str]:
    """The keys of the existing steps this step's answers lead to."""
    keys = (c["next_step"] for c in step["choices"] if c["outcome"] == NEXT)
    return [key for key in dict.fromkeys(keys) if key in numbers]


def reachable_from(content: dict, *starts: str) -> set[str]:
    steps = {step["key"]: step for step in content["steps"]}
    numbers = step_numbers(content)
    return reach(list(starts), lambda key: next_keys(steps[key], numbers))


def stuck_problems(content: dict) -> list[Problem]:
    """Problems that would leave a visitor with nothing to press or nowhere to go:
    even a preview can't start."""
    steps = content["steps"]
    if not steps:
        return [Problem("The guide has no steps. Add at least one step before publishing.")]
    numbers = step_numbers(content)
    found = []
    for number, step in enumerate(steps, start=1):
        if not step["choices"]:
            found.append(
                Problem(
                    "it has no answers. Add at least one, e.g. “Yes, it's fixed”.",
                    number,
                    step["title"],
                )
            )
        for choice in step["choices"]:
            if choice["outcome"] == NEXT and choice["next_step"] not in numbers:
                found.append(
                    Problem(
                        f"the answer “{choice['label']}” leads to a step that no longer "
                        "exists. Choose where it should lead.",
                        number,
                        step["title"],
                        choice_key=choice["key"],
                    )
                )
    return found


def backward_problems(content: dict) -> list[Problem]:
    """Answers must lead further down the guide: a visitor's progress never goes back,
    and no visitor can go round in a loop."""
    numbers = step_numbers(content)
    found = []
    for number, step in enumerate(content["steps"], start=1):
        for choice in step["choices"]:
            target = choice["next_step"]
            if choice["outcome"] != NEXT or numbers.get(target, number + 1) > number:
                continue
            target_number = numbers[target]
            target_title = content["steps"][target_number - 1]["title"]
            if step["key"] in reachable_from(content, target):
                message = (
                    f"the answer “{choice['label']}” leads back to step {target_number} "
                    f"“{target_title}”, which leads here again: a loop visitors could go "
                    "round forever. Choose a later step, “fixed” or the fallback page."
                )
                if target == step["key"]:
                    message = (
                        f"the answer “{choice['label']}” leads to this same step: a loop. "
                        "Choose a later step, “fixed” or the fallback page."
                    )
            else:
                message = (
                    f"the answer “{choice['label']}” leads back to step {target_number} "
                    f"“{target_title}”. Answers lead further down the guide, so visitors "
                    f"never go backwards: drag step {target_number} below this step, or "
                    "choose a later one."
                )
            found.append(Problem(message, number, step["title"], choice_key=choice["key"]))
    return found


def dead_end_problems(content: dict) -> list[Problem]:
    """Steps from which no walk reaches "fixed" or the fallback page."""
    steps = content["steps"]
    numbers = step_numbers(content)
    # A step without answers has its own problem; the steps before it are not dead ends.
    ending = [
        step["key"]
        for step in steps
        if not step["choices"] or any(c["outcome"] != NEXT for c in step["choices"])
    ]
    leading_here = defaultdict(list)  # a step's key -> the steps with an answer to it
    for step in steps:
        for key in next_keys(step, numbers):
            leading_here[key].append(step["key"])
    can_end = reach(ending, leading_here.__getitem__)
    return [
        Problem(
            "visitors who reach this step can never get to “fixed” or the fallback page. "
            "Give one of its answers, or of the steps it leads to, another destination.",
            number,
            step["title"],
        )
        for number, step in enumerate(steps, start=1)
        if step["choices"] and step["key"] not in can_end
    ]


def symptom_problems(content: dict) -> list[Problem]:
    """Symptoms a visitor could not choose between, or that lead nowhere."""
    numbers = step_numbers(content)
    found, texts = [], set()
    for number, symptom in enumerate(symptoms(content), start=1):
        text = " ".join(symptom["text"].split())
        name = f"The symptom “{text}”" if text else f"Symptom {number}"
        if not text:
            found.append(Problem(f"{name} has no text. Write what the visitor sees, or delete it."))
        elif text.casefold() in texts:
            found.append(
                Problem(
                    f"Two symptoms read “{text}”, so visitors can't tell them apart. "
                    "Reword one, or delete it."
                )
            )
        texts.add(text.casefold())
        if symptom["step"] not in numbers:
            found.append(
                Problem(
                    f"{name} leads to a step that no longer exists. Choose the step it leads to."
                )
            )
    return found


def problems(content: dict) -> list[Problem]:
    """What stops this content from being published (errors) or deserves a look (warnings)."""
    found = stuck_problems(content)
    if not content["steps"]:
        return found
    steps = content["steps"]
    found += backward_problems(content) + dead_end_problems(content)
    found += symptom_problems(content)
    reachable = reachable_from(content, steps[0]["key"])
    if not any(
        c["outcome"] == RESOLVED
        for step in steps
        if step["key"] in reachable
        for c in step["choices"]
    ):
        found.append(
            Problem(
                "No answer a visitor can reach says the problem is fixed, so no visitor could "
                "ever finish the guide happily. Give at least one answer the destination "
                "“fixed”."
            )
        )
    for link in content["fallback"]["links"]:
        if not link["url"].startswith("https://"):
            found.append(
                Problem(
                    f"The fallback button “{link['label']}” needs an address starting with "
                    "https://."
                )
            )
    # A step no answer leads to is still seen by visitors who start at it from a symptom.
    numbers = step_numbers(content)
    starts = [symptom["step"] for symptom in symptoms(content) if symptom["step"] in numbers]
    seen = reachable_from(content, steps[0]["key"], *starts)
    for number, step in enumerate(steps, start=1):
        if step["key"] not in seen:
            found.append(
                Problem(
                    "no answer on an earlier step leads here, so visitors never see it.",
                    number,
                    step["title"],
                    is_error=False,
                )
            )
    return found
