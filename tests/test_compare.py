"""What Compare says about where each answer leads: plain content, no database.

An answer that goes on to the step below says "the next step", so inserting or
moving steps changes no answers; an answer that jumps names its step.
"""

from tests.test_branching import jump
from tests.test_flow import build, choice, marked, step
from troubleshooter import content

FIRST = step(
    "a",
    "First",
    [
        choice("a-yes", "resolved"),
        choice("a-no", "next"),
        choice("a-help", "escalate", "Talk to someone"),
        jump("a-wifi", "d"),
    ],
)
SECOND, THIRD, FOURTH = step("b", "Second"), step("c", "Third"), step("d", "Fourth")


def answers(built: dict, key: str) -> list[str]:
    """The lines Compare shows for the answers of the step with this key."""
    step_ = next(s for s in built["steps"] if s["key"] == key)
    return content.answers_text(step_, built).split("\n")


def test_each_answer_says_where_it_leads():
    built = build(FIRST, SECOND, THIRD, FOURTH)
    assert answers(built, "a") == [
        "Yes, it's fixed → fixed",
        "No, still not working → the next step",
        "Talk to someone → the fallback page",
        "No Wi-Fi at all → “Fourth”",
    ]
    assert answers(built, "d") == [
        "Yes, it's fixed → fixed",
        "No, still not working → the fallback page",
    ]


def test_an_answer_chosen_to_lead_to_the_step_below_says_the_next_step():
    built = build(step("a", "First", [jump("a-on", "b")]), SECOND)
    assert answers(built, "a") == ["No Wi-Fi at all → the next step"]


def test_an_answer_to_a_deleted_step_says_so():
    old = build(FIRST, SECOND, THIRD, FOURTH)
    new = build(FIRST, SECOND, THIRD)
    assert answers(new, "a")[3] == "No Wi-Fi at all → a step that no longer exists"
    first = content.compare(old, new).steps[0]
    assert [(f.name, marked(f.words)) for f in first.fields] == [
        (
            "Answers",
            "Yes, it's fixed → fixed\n"
            "No, still not working → the next step\n"
            "Talk to someone → the fallback page\n"
            "No Wi-Fi at all → [-“Fourth”-]{+a step that no longer exists+}",
        )
    ]


def test_inserting_steps_changes_no_answers():
    old = build(FIRST, SECOND, THIRD, FOURTH)
    new = build(FIRST, step("x", "Inserted"), SECOND, step("y", "Also inserted"), THIRD, FOURTH)
    comparison = content.compare(old, new)
    assert [(s.status, s.title, s.fields) for s in comparison.steps] == [
        ("same", "First", []),
        ("added", "Inserted", []),
        ("same", "Second", []),
        ("added", "Also inserted", []),
        ("same", "Third", []),
        ("same", "Fourth", []),
    ]


def test_moving_steps_changes_no_answers():
    old = build(FIRST, SECOND, THIRD, FOURTH)
    new = build(FIRST, THIRD, SECOND, FOURTH)
    comparison = content.compare(old, new)
    assert [(s.status, s.title, s.fields) for s in comparison.steps] == [
        ("same", "First", []),
        ("moved", "Third", []),
        ("same", "Second", []),
        ("same", "Fourth", []),
    ]
