"""What Compare says about where each answer leads: plain content, no database.

An answer that goes on to the step below says "the next step", so inserting or
moving steps changes no answers; an answer that jumps names its step.
"""

from tests.test_branching import jump
from tests.test_flow import THREE, build, choice, marked, step
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


# Text as staff typed it: line ends and the spaces before them are no change


def test_every_kind_of_line_end_is_saved_as_lf():
    assert content.normalise_line_ends("one\r\ntwo\rthree\nfour") == "one\ntwo\nthree\nfour"
    assert content.normalise_line_ends("\r\n\r\n") == "\n\n"


def test_comparisons_drop_spaces_at_line_ends_but_keep_the_rest():
    assert content.comparable("  Hold it.  \r\nThen  slide. \n") == "  Hold it.\nThen  slide.\n"
    assert content.comparable("a\tb\t") == "a\tb"


def test_the_fingerprint_changes_with_any_word_staff_read_and_nothing_else():
    base = build(*THREE)
    base["steps"][0]["body"] = "Hold the button.\nThen slide."
    same = build(*THREE)
    same["steps"][0]["body"] = "Hold the button.  \r\nThen slide."
    same["steps"][0]["body_html"] = "<p>rendered differently</p>"
    same["fallback"]["html"] = "<p>also</p>"
    assert content.fingerprint(base) == content.fingerprint(same)
    assert len(content.fingerprint(base)) == 16
    for change in [
        lambda c: c.update(title="Other"),
        lambda c: c["steps"][1].update(title="Other"),
        lambda c: c["steps"][2]["choices"][0].update(label="Other"),
        lambda c: c["fallback"]["links"].append({"label": "Call", "url": "https://x.example"}),
        lambda c: c["steps"].reverse(),
        lambda c: c["steps"][0]["choices"][1].update(next_step=None),
        lambda c: c["fallback"].update(text="Ünïcödé"),
    ]:
        changed = build(*THREE)
        changed["steps"][0]["body"] = base["steps"][0]["body"]
        change(changed)
        assert content.fingerprint(changed) != content.fingerprint(base)


def test_the_fingerprint_does_not_depend_on_the_order_of_keys():
    # PostgreSQL's jsonb hands a stored version back with its keys in another order.
    record = build(*THREE)
    reordered = {key: record[key] for key in reversed(list(record))}
    reordered["steps"] = [{k: s[k] for k in reversed(list(s))} for s in record["steps"]]
    assert list(reordered) != list(record)
    assert content.fingerprint(reordered) == content.fingerprint(record)


# "Takes a while": a step the visitor waits on


def test_takes_a_while_is_in_the_record_and_compare_shows_it():
    old = build(FIRST, SECOND)
    new = build(FIRST, step("b", "Second", takes_a_while=True))
    assert [s["takes_a_while"] for s in new["steps"]] == [False, True]
    second = content.compare(old, new).steps[1]
    assert second.status == "changed"
    assert [(f.name, marked(f.words)) for f in second.fields] == [
        ("Takes a while", "[-No-]{+Yes+}")
    ]
    assert content.fingerprint(old) != content.fingerprint(new)


def test_a_record_from_before_takes_a_while_reads_as_one_with_it_off():
    new = build(FIRST, SECOND)
    old = build(FIRST, SECOND)
    for step_ in old["steps"]:
        del step_["takes_a_while"]
    assert content.fingerprint(old) == content.fingerprint(new)
    assert not content.compare(old, new).has_changes
    assert [content.takes_a_while(s) for s in old["steps"]] == [False, False]
