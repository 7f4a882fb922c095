"""Translations of a guide: every string a visitor reads, keyed so that the key stays
the same while the source is edited, and the translated content record built from
the source's structure and a translation's texts. No database and no HTTP in here.

Keys, in the order a visitor meets the strings:

    title, summary
    symptom.<symptom key>.text
    step.<step key>.title, step.<step key>.where_to_tap, step.<step key>.body
    step.<step key>.choice.<answer key>.label
    fallback.title, fallback.text, fallback.link.<n>.label

Fallback buttons have no keys of their own, so theirs is their place on the page,
counted from 1: a button moved in the source is then a string whose source changed,
listed under "needs translation" for the translator to look at. A string whose
source is empty (a step with no "where to tap") has nothing to translate and no key.

Only text is translated. Structure (steps, their order, where answers lead, which
step a symptom starts at) and addresses (slug, fallback buttons' links) always
come from the source.
"""

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from troubleshooter.content.check import Problem
from troubleshooter.content.record import comparable, normalise_line_ends, symptoms

# A step's strings, as a problem names them.
STEP_FIELDS = {
    "title": "the title is",
    "where_to_tap": "“where to tap” is",
    "body": "the instructions are",
}


class Row(NamedTuple):
    """One string to translate, with what the translation page says of it."""

    key: str
    label: str  # e.g. "Instructions", "Answer “Yes, it's fixed”"
    source: str
    multiline: bool


@dataclass(frozen=True)
class Section:
    heading: str  # e.g. "Step 2 “Restart”"
    rows: list[Row]


class Behind(NamedTuple):
    """A string whose source changed (or appeared) since the version a translation
    follows: "needs translation". `old` is empty for a string that is new."""

    key: str
    old: str
    new: str


class Collision(NamedTuple):
    """A string two editors both changed, differently, since the texts one of them
    loaded: `kept` is what the other saved first, `yours` what this one typed."""

    key: str
    kept: str
    yours: str


def merge(base: dict[str, str], yours: dict[str, str], theirs: dict[str, str]):
    """The texts saved since `base` was loaded (`theirs`) with the changes typed over
    `base` (`yours`) added: a string only one side changed takes that side's text; where
    both changed it differently, theirs is kept and a Collision lists both. An empty
    string is no string. Returns the merged texts and the collisions."""
    merged, collisions = dict(theirs), []
    for key in dict.fromkeys([*yours, *base]):
        was, mine, kept = base.get(key, ""), yours.get(key, ""), theirs.get(key, "")
        if mine in (was, kept):
            continue
        if kept != was:
            collisions.append(Collision(key, kept, mine))
        elif mine:
            merged[key] = mine
        else:
            del merged[key]
    return merged, collisions


def sections(content: dict) -> list[Section]:
    """Every visitor-facing string of a source content record, grouped as the
    translation page shows them: the guide, its symptoms, each step, the fallback page."""
    guide = [
        Row("title", "Title", content["title"], False),
        Row("summary", "Summary", content["summary"], False),
    ]
    found = [Section("The guide", guide)]
    symptom_rows = [
        Row(f"symptom.{symptom['key']}.text", f"Symptom {number}", symptom["text"], False)
        for number, symptom in enumerate(symptoms(content), start=1)
    ]
    if symptom_rows:
        found.append(Section("What the visitor sees", symptom_rows))
    for number, step in enumerate(content["steps"], start=1):
        prefix = f"step.{step['key']}"
        rows = [
            Row(f"{prefix}.title", "Title", step["title"], False),
            Row(f"{prefix}.where_to_tap", "Where to tap", step["where_to_tap"], False),
            Row(f"{prefix}.body", "Instructions", step["body"], True),
        ]
        rows += [
            Row(f"{prefix}.choice.{choice['key']}.label", "Answer button", choice["label"], False)
            for choice in step["choices"]
        ]
        found.append(Section(f"Step {number} “{step['title']}”", rows))
    fallback = content["fallback"]
    rows = [
        Row("fallback.title", "Heading", fallback["title"], False),
        Row("fallback.text", "Text", fallback["text"], True),
    ]
    rows += [
        Row(f"fallback.link.{number}.label", "Button", link["label"], False)
        for number, link in enumerate(fallback["links"], start=1)
    ]
    found.append(Section("When nothing works", rows))
    return [
        Section(section.heading, kept)
        for section in found
        if (kept := [row for row in section.rows if row.source])
    ]


def strings(content: dict) -> dict[str, str]:
    """Every visitor-facing string of a source content record, by its key, in the
    order a visitor meets them."""
    return {row.key: row.source for section in sections(content) for row in section.rows}


def text_for(texts: dict[str, str], key: str, source: str) -> str:
    """The translation of one string, or its source while it has none."""
    text = texts.get(key, "")
    return text if text.strip() else source


def translated(content: dict, texts: dict[str, str], render: Callable[[str], str]) -> dict:
    """The source's content record with its strings replaced by their translations
    (the source's own text where one is missing), and its HTML rendered by `render`
    from the translated Markdown. Structure, keys and addresses are the source's."""
    record = copy.deepcopy(content)
    record["title"] = text_for(texts, "title", content["title"])
    record["summary"] = text_for(texts, "summary", content["summary"])
    for symptom in symptoms(record):
        symptom["text"] = text_for(texts, f"symptom.{symptom['key']}.text", symptom["text"])
    for step in record["steps"]:
        prefix = f"step.{step['key']}"
        for field in ("title", "where_to_tap"):
            step[field] = text_for(texts, f"{prefix}.{field}", step[field])
        step["body"] = normalise_line_ends(text_for(texts, f"{prefix}.body", step["body"]))
        step["body_html"] = render(step["body"])
        for choice in step["choices"]:
            key = f"{prefix}.choice.{choice['key']}.label"
            choice["label"] = text_for(texts, key, choice["label"])
    fallback = record["fallback"]
    fallback["title"] = text_for(texts, "fallback.title", fallback["title"])
    fallback["text"] = normalise_line_ends(text_for(texts, "fallback.text", fallback["text"]))
    fallback["html"] = render(fallback["text"])
    for number, link in enumerate(fallback["links"], start=1):
        link["label"] = text_for(texts, f"fallback.link.{number}.label", link["label"])
    return record


def missing(content: dict, texts: dict[str, str]) -> list[Problem]:
    """A problem for each string of the source that the translation leaves empty,
    naming the step it is on."""
    steps = {step["key"]: (number, step) for number, step in enumerate(content["steps"], 1)}
    found = []
    for key, source in strings(content).items():
        if texts.get(key, "").strip():
            continue
        parts = key.split(".")
        if parts[0] == "step":
            number, step = steps[parts[1]]
            what = f"the answer “{source}” is" if parts[2] == "choice" else STEP_FIELDS[parts[2]]
            found.append(Problem(f"{what} not translated.", number, step["title"]))
        elif parts[0] == "symptom":
            found.append(Problem(f"The symptom “{source}” is not translated."))
        elif key == "fallback.title":
            found.append(Problem("The fallback page's heading is not translated."))
        elif key == "fallback.text":
            found.append(Problem("The fallback page's text is not translated."))
        elif parts[0] == "fallback":
            found.append(Problem(f"The fallback button “{source}” is not translated."))
        else:
            found.append(Problem(f"The guide's {key} is not translated."))
    return found


def behind(old_source: dict, new_source: dict) -> list[Behind]:
    """The strings of `new_source` whose text changed or that are new since
    `old_source`, the source version a translation follows: what needs translating
    again. Whitespace at the end of a line is no change, as in Compare."""
    old = strings(old_source)
    found = []
    for key, text in strings(new_source).items():
        was = old.get(key, "")
        if comparable(was) != comparable(text):
            found.append(Behind(key, was, text))
    return found


def places(content: dict) -> dict[str, str]:
    """Where each key's string is, for a file or a message: "Step 2 “Restart”: instructions"."""
    return {
        row.key: f"{section.heading}: {row.label.lower()}"
        for section in sections(content)
        for row in section.rows
    }


def where(content: dict, key: str) -> str:
    return places(content).get(key, key)
