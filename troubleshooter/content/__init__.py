"""A guide's content as one JSON record: built from the draft (`record`), checked
before Publish (`check`), and compared between versions (`comparison`). No database
in here: the functions take plain objects and dicts. Every public name is
re-exported here, so `content.X` keeps working."""

from troubleshooter.content.check import (
    Problem,
    backward_problems,
    dead_end_problems,
    next_keys,
    problems,
    reachable_from,
    step_numbers,
    stuck_problems,
)
from troubleshooter.content.comparison import (
    WORDS,
    Comparison,
    FieldChange,
    StepChange,
    Word,
    answers_text,
    changed_fields,
    compare,
    links_text,
    moved_keys,
    word_diff,
)
from troubleshooter.content.record import (
    FALLBACK_FIELDS,
    GUIDE_FIELDS,
    STEP_FIELDS,
    build,
    comparable,
    fingerprint,
    normalise_line_ends,
    readable,
    takes_a_while,
)

__all__ = [
    "FALLBACK_FIELDS",
    "GUIDE_FIELDS",
    "STEP_FIELDS",
    "WORDS",
    "Comparison",
    "FieldChange",
    "Problem",
    "StepChange",
    "Word",
    "answers_text",
    "backward_problems",
    "build",
    "changed_fields",
    "comparable",
    "compare",
    "dead_end_problems",
    "fingerprint",
    "links_text",
    "moved_keys",
    "next_keys",
    "normalise_line_ends",
    "problems",
    "reachable_from",
    "readable",
    "step_numbers",
    "stuck_problems",
    "takes_a_while",
    "word_diff",
]
