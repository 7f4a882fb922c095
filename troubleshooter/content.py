"""A guide's content as one JSON record: built from the draft, checked before
Publish, and compared between versions. No database in here: the functions take
plain objects and dicts.

The record, as a published version stores it:

    {"title", "slug", "summary",
     "fallback": {"title", "text", "html", "links": [{"label", "url"}]},
     "steps": [{"key", "title", "body", "body_html", "where_to_tap", "takes_a_while",
                "choices": [{"key", "label", "outcome", "next_step"}]}]}

`takes_a_while` is missing from records written before steps had it, and reads
as False there; so that such a record and one of the same content written since
compare the same, a False `takes_a_while` reads as missing everywhere.

A choice's `outcome` is where it leads in this version: "next" (to the step
whose key is `next_step`), "resolved" or "escalate". In the draft, "next" goes
to the step chosen for the answer, or else to the step below; "go on" on the
last step is stored as "escalate", the fallback page.
"""

import difflib
import hashlib
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field

from troubleshooter.flow import ESCALATE, NEXT, RESOLVED, reach

GUIDE_FIELDS = {"title": "Title", "summary": "Summary"}
FALLBACK_FIELDS = {"title": "Fallback heading", "text": "Fallback text", "links": "Fallback links"}
STEP_FIELDS = {"title": "Title", "where_to_tap": "Where to tap", "body": "Instructions"}


def normalise_line_ends(text: str) -> str:
    """Staff text with every line end as "\n", whether a browser (CR LF), a file or the
    seed wrote it."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def comparable(text: str) -> str:
    """Text as comparisons read it: whitespace at the end of a line is no change."""
    return "\n".join(line.rstrip() for line in normalise_line_ends(text).split("\n"))


def takes_a_while(step: dict) -> bool:
    """Whether a step of a record is one the visitor waits on (a restart, an update)."""
    return step.get("takes_a_while", False)


def readable(value):
    """A record, or part of one, as staff read it: text comparable, rendered HTML left out,
    a step's False `takes_a_while` as if missing (as in records written before it)."""
    if isinstance(value, dict):
        return {
            k: readable(v)
            for k, v in value.items()
            if k not in ("html", "body_html") and not (k == "takes_a_while" and v is False)
        }
    if isinstance(value, list):
        return [readable(item) for item in value]
    return comparable(value) if isinstance(value, str) else value


def fingerprint(record: dict) -> str:
    """A short hash of a content record as comparisons read it: two records with the
    same fingerprint show no change to staff."""
    text = json.dumps(readable(record), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def build(guide, steps, links: list[dict]) -> dict:
    """The record for a guide, its steps in order (each with its `choice_list`) and its
    fallback buttons (`{"label", "url"}`)."""
    content_steps = []
    for index, step in enumerate(steps):
        following = steps[index + 1].key if index + 1 < len(steps) else None
        choices = []
        for choice in step.choice_list:
            outcome, next_step = choice.outcome, None
            if outcome == NEXT and choice.target_key:
                next_step = choice.target_key
            elif outcome == NEXT:
                outcome, next_step = (NEXT, following) if following else (ESCALATE, None)
            choices.append(
                {
                    "key": choice.key,
                    "label": choice.label,
                    "outcome": outcome,
                    "next_step": next_step,
                }
            )
        content_steps.append(
            {
                "key": step.key,
                "title": step.title,
                "body": step.body,
                "body_html": step.body_html,
                "where_to_tap": step.where_to_tap,
                "takes_a_while": step.takes_a_while,
                "choices": choices,
            }
        )
    return {
        "title": guide.title,
        "slug": guide.slug,
        "summary": guide.summary,
        "fallback": {
            "title": guide.fallback_title,
            "text": guide.fallback_text,
            "html": guide.fallback_html,
            "links": links,
        },
        "steps": content_steps,
    }


# The check before Publish


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


def reachable_from(content: dict, start: str) -> set[str]:
    steps = {step["key"]: step for step in content["steps"]}
    numbers = step_numbers(content)
    return reach([start], lambda key: next_keys(steps[key], numbers))


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


def problems(content: dict) -> list[Problem]:
    """What stops this content from being published (errors) or deserves a look (warnings)."""
    found = stuck_problems(content)
    if not content["steps"]:
        return found
    steps = content["steps"]
    found += backward_problems(content) + dead_end_problems(content)
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
    for number, step in enumerate(steps, start=1):
        if step["key"] not in reachable:
            found.append(
                Problem(
                    "no answer on an earlier step leads here, so visitors never see it.",
                    number,
                    step["title"],
                    is_error=False,
                )
            )
    return found


# Comparing two versions, or a version and the draft


@dataclass(frozen=True)
class Word:
    text: str
    change: str  # "same", "removed" or "added"


@dataclass(frozen=True)
class FieldChange:
    name: str
    words: list[Word]


@dataclass
class StepChange:
    status: str  # "added", "removed", "moved", "changed" or "same"
    title: str
    old_number: int | None = None
    new_number: int | None = None
    fields: list[FieldChange] = field(default_factory=list)
    is_moved: bool = False  # its order among the steps both sides have changed


@dataclass
class Comparison:
    fields: list[FieldChange]
    steps: list[StepChange]

    @property
    def has_changes(self) -> bool:
        return bool(self.fields) or any(step.status != "same" for step in self.steps)


# Each word with the space after it: changed runs of words read as phrases.
WORDS = re.compile(r"\S+\s*|\s+")


def word_diff(old: str, new: str) -> list[Word]:
    old_words, new_words = WORDS.findall(comparable(old)), WORDS.findall(comparable(new))
    words = []
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            words.append(Word("".join(old_words[i1:i2]), "same"))
            continue
        if i2 > i1:
            words.append(Word("".join(old_words[i1:i2]), "removed"))
        if j2 > j1:
            words.append(Word("".join(new_words[j1:j2]), "added"))
    return words


def changed_fields(old: dict, new: dict, names: dict[str, str]) -> list[FieldChange]:
    return [
        FieldChange(label, word_diff(old[name], new[name]))
        for name, label in names.items()
        if comparable(old[name]) != comparable(new[name])
    ]


def answers_text(step: dict, content: dict) -> str:
    """A step's answers as one line each, with where they lead, for comparing.

    The step below is "the next step", so inserting or moving steps changes no answers.
    """
    numbers = step_numbers(content)
    steps = content["steps"]

    def leads(choice: dict) -> str:
        if choice["outcome"] == RESOLVED:
            return "fixed"
        if choice["outcome"] == ESCALATE:
            return "the fallback page"
        number = numbers.get(choice["next_step"])
        if number is None:
            return "a step that no longer exists"
        if number == numbers[step["key"]] + 1:
            return "the next step"
        return f"“{steps[number - 1]['title']}”"

    return "\n".join(f"{c['label']} → {leads(c)}" for c in step["choices"])


def links_text(links: list[dict]) -> str:
    return "\n".join(f"{link['label']} {link['url']}" for link in links)


def moved_keys(old_keys: list[str], new_keys: list[str]) -> set[str]:
    """Keys on both sides whose order changed: all but the longest run kept in order.

    A step inserted or removed shifts the numbers after it; that alone is no move.
    """
    common = set(old_keys) & set(new_keys)
    old_order = [key for key in old_keys if key in common]
    new_order = [key for key in new_keys if key in common]
    matcher = difflib.SequenceMatcher(None, old_order, new_order, autojunk=False)
    kept = {
        key
        for block in matcher.get_matching_blocks()
        for key in old_order[block.a : block.a + block.size]
    }
    return common - kept


def compare(old: dict, new: dict) -> Comparison:
    """What changed from old to new, step by step, steps matched by their keys."""
    old_fallback = {**old["fallback"], "links": links_text(old["fallback"]["links"])}
    new_fallback = {**new["fallback"], "links": links_text(new["fallback"]["links"])}
    fields = changed_fields(old, new, GUIDE_FIELDS) + changed_fields(
        old_fallback, new_fallback, FALLBACK_FIELDS
    )
    old_steps = {step["key"]: (n, step) for n, step in enumerate(old["steps"], start=1)}
    moved = moved_keys([s["key"] for s in old["steps"]], [s["key"] for s in new["steps"]])
    steps = []
    for number, step in enumerate(new["steps"], start=1):
        if step["key"] not in old_steps:
            steps.append(StepChange("added", step["title"], new_number=number))
            continue
        old_number, old_step = old_steps[step["key"]]
        step_fields = changed_fields(old_step, step, STEP_FIELDS)
        if takes_a_while(old_step) != takes_a_while(step):
            flags = ["Yes" if takes_a_while(side) else "No" for side in (old_step, step)]
            step_fields.append(FieldChange("Takes a while", word_diff(*flags)))
        old_answers, new_answers = answers_text(old_step, old), answers_text(step, new)
        if old_answers != new_answers:
            step_fields.append(FieldChange("Answers", word_diff(old_answers, new_answers)))
        is_moved = step["key"] in moved
        status = "changed" if step_fields else "moved" if is_moved else "same"
        steps.append(StepChange(status, step["title"], old_number, number, step_fields, is_moved))
    new_keys = {step["key"] for step in new["steps"]}
    for key, (number, step) in old_steps.items():
        if key not in new_keys:
            steps.append(StepChange("removed", step["title"], old_number=number))
    return Comparison(fields, steps)
