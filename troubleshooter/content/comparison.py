"""Comparing two content records (two versions, or a version and the draft), step by
step, steps matched by their keys. No database in here."""

import difflib
import re
from dataclasses import dataclass, field

from troubleshooter.content.check import step_numbers
from troubleshooter.content.record import (
    FALLBACK_FIELDS,
    GUIDE_FIELDS,
    STEP_FIELDS,
    comparable,
    symptoms,
    takes_a_while,
)
from troubleshooter.flow import ESCALATE, RESOLVED


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
class SymptomChange:
    status: str  # "added", "removed", "moved" or "changed"
    text: str
    fields: list[FieldChange] = field(default_factory=list)
    is_moved: bool = False  # its order among the symptoms both sides have changed


@dataclass
class Comparison:
    fields: list[FieldChange]
    steps: list[StepChange]
    symptoms: list[SymptomChange] = field(default_factory=list)  # only those that changed

    @property
    def has_changes(self) -> bool:
        return (
            bool(self.fields)
            or bool(self.symptoms)
            or any(step.status != "same" for step in self.steps)
        )


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


def symptom_step(symptom: dict, record: dict) -> str | None:
    """The key of the step a symptom leads to, or None if the record has no such step."""
    return symptom["step"] if symptom["step"] in step_numbers(record) else None


def leads_text(symptom: dict, record: dict) -> str:
    """Where a symptom leads, by the step's title: moving steps changes no symptom."""
    titles = {step["key"]: step["title"] for step in record["steps"]}
    if symptom["step"] not in titles:
        return "a step that no longer exists"
    return f"“{titles[symptom['step']]}”"


def symptom_changes(old: dict, new: dict) -> list[SymptomChange]:
    """The symptoms added, removed, moved or changed (their text or their step), in the
    new order, the removed ones last; symptoms matched by their keys."""
    old_symptoms = {symptom["key"]: symptom for symptom in symptoms(old)}
    moved = moved_keys([s["key"] for s in symptoms(old)], [s["key"] for s in symptoms(new)])
    changes = []
    for symptom in symptoms(new):
        before = old_symptoms.get(symptom["key"])
        if before is None:
            changes.append(SymptomChange("added", symptom["text"]))
            continue
        fields = changed_fields(before, symptom, {"text": "Text"})
        if symptom_step(before, old) != symptom_step(symptom, new):
            words = word_diff(leads_text(before, old), leads_text(symptom, new))
            fields.append(FieldChange("Leads to", words))
        is_moved = symptom["key"] in moved
        if fields or is_moved:
            status = "changed" if fields else "moved"
            changes.append(SymptomChange(status, symptom["text"], fields, is_moved))
    new_keys = {symptom["key"] for symptom in symptoms(new)}
    changes += [
        SymptomChange("removed", symptom["text"])
        for symptom in symptoms(old)
        if symptom["key"] not in new_keys
    ]
    return changes


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
    return Comparison(fields, steps, symptom_changes(old, new))
