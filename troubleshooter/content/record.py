"""A guide's content as one JSON record, built from the draft, and how staff read it:
its fingerprint. No database in here: the functions take plain objects and dicts.

The record, as a published version stores it:

    {"title", "slug", "summary",
     "fallback": {"title", "text", "html", "links": [{"label", "url"}]},
     "steps": [{"key", "title", "body", "body_html", "where_to_tap", "takes_a_while",
                "choices": [{"key", "label", "outcome", "next_step"}]}],
     "symptoms": [{"key", "text", "step"}]}

`takes_a_while` is missing from records written before steps had it, and reads
as False there; so that such a record and one of the same content written since
compare the same, a False `takes_a_while` reads as missing everywhere. In the same
way `symptoms` (what a visitor sees, each with the key of the step it leads to) is
missing from records written before guides had symptoms, and an empty list of them
reads as missing.

A choice's `outcome` is where it leads in this version: "next" (to the step
whose key is `next_step`), "resolved" or "escalate". In the draft, "next" goes
to the step chosen for the answer, or else to the step below; "go on" on the
last step is stored as "escalate", the fallback page.
"""

import hashlib
import json

from troubleshooter.flow import ESCALATE, NEXT

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


def symptoms(record: dict) -> list[dict]:
    """A record's symptoms, in order: none in records written before guides had them."""
    return record.get("symptoms", [])


def readable(value):
    """A record, or part of one, as staff read it: text comparable, rendered HTML left out,
    a step's False `takes_a_while` and a guide's empty `symptoms` as if missing (as in
    records written before them)."""
    if isinstance(value, dict):
        return {
            k: readable(v)
            for k, v in value.items()
            if k not in ("html", "body_html")
            and not (k == "takes_a_while" and v is False)
            and not (k == "symptoms" and v == [])
        }
    if isinstance(value, list):
        return [readable(item) for item in value]
    return comparable(value) if isinstance(value, str) else value


def fingerprint(record: dict) -> str:
    """A short hash of a content record as comparisons read it: two records with the
    same fingerprint show no change to staff."""
    text = json.dumps(readable(record), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def build(guide, steps, links: list[dict], symptom_rows=()) -> dict:
    """The record for a guide, its steps in order (each with its `choice_list`), its
    fallback buttons (`{"label", "url"}`) and its symptoms in order (each with its
    `key`, `text` and `step_key`)."""
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
        "symptoms": [
            {"key": symptom.key, "text": symptom.text, "step": symptom.step_key}
            for symptom in symptom_rows
        ],
    }
