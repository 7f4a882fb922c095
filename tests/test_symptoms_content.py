"""Symptoms in a version's content: built from the draft's rows, read as missing when
there are none, checked before Publish and compared. Plain content, no database."""

from types import SimpleNamespace

from tests.test_branching import jump
from tests.test_flow import GUIDE, THREE, choice, marked, step
from troubleshooter import content


def symptom(key: str, text: str, step_key: str):
    """A draft's symptom row, as content.build reads it."""
    return SimpleNamespace(key=key, text=text, step_key=step_key)


FULL = symptom("s-full", "iCloud storage is full", "b")
PAUSED = symptom("s-paused", "Syncing paused", "a")


def built(*symptoms, steps=THREE) -> dict:
    """The content of these steps (the three by default) and symptoms, in order."""
    links = [{"label": "Call us", "url": "https://example.com/call"}]
    return content.build(GUIDE, list(steps), links, list(symptoms))


def test_the_record_lists_symptoms_in_order_with_their_steps_key():
    record = built(FULL, PAUSED)
    assert record["symptoms"] == [
        {"key": "s-full", "text": "iCloud storage is full", "step": "b"},
        {"key": "s-paused", "text": "Syncing paused", "step": "a"},
    ]
    assert content.symptoms(record) == record["symptoms"]
    assert built()["symptoms"] == []


def test_a_record_written_before_symptoms_reads_as_having_none():
    record = built()
    del record["symptoms"]
    assert content.symptoms(record) == []
    assert content.fingerprint(record) == content.fingerprint(built())
    assert "symptoms" not in content.readable(built())
    assert content.compare(record, built()).has_changes is False


def test_a_symptom_changes_the_fingerprint():
    assert content.fingerprint(built(FULL)) != content.fingerprint(built())
    moved = symptom("s-full", "iCloud storage is full", "c")
    assert content.fingerprint(built(moved)) != content.fingerprint(built(FULL))


# The check before Publish


def messages(record: dict) -> list[str]:
    return [str(problem) for problem in content.problems(record)]


def test_sound_symptoms_are_no_problem():
    assert content.problems(built(FULL, PAUSED)) == []


def test_a_symptom_leading_to_a_step_not_in_the_version_is_an_error_naming_it():
    gone = symptom("s-gone", "Photos stuck on uploading", "gone")
    found = content.problems(built(FULL, gone))
    assert [(str(p), p.is_error) for p in found] == [
        (
            "The symptom “Photos stuck on uploading” leads to a step that no longer exists. "
            "Choose the step it leads to.",
            True,
        )
    ]


def test_a_symptom_without_text_is_an_error_naming_its_place():
    blank = symptom("s-blank", "  ", "a")
    assert messages(built(FULL, blank)) == [
        "Symptom 2 has no text. Write what the visitor sees, or delete it."
    ]
    nowhere = symptom("s-blank", "", "gone")
    assert messages(built(nowhere)) == [
        "Symptom 1 has no text. Write what the visitor sees, or delete it.",
        "Symptom 1 leads to a step that no longer exists. Choose the step it leads to.",
    ]


def test_two_symptoms_reading_the_same_are_an_error_whatever_their_case_and_spaces():
    again = symptom("s-again", "icloud  Storage is FULL ", "c")
    found = content.problems(built(FULL, PAUSED, again))
    assert [(str(p), p.is_error) for p in found] == [
        (
            "Two symptoms read “icloud Storage is FULL”, so visitors can't tell them apart. "
            "Reword one, or delete it.",
            True,
        )
    ]
    two_blanks = [symptom("s-1", "", "a"), symptom("s-2", "", "b")]
    assert not any("Two symptoms" in m for m in messages(built(*two_blanks)))


def test_a_step_only_a_symptom_leads_to_is_seen_so_no_warning():
    # "No" on the first step jumps over the second.
    steps = (step("a", "First", [choice("a-yes", "resolved"), jump("a-no", "c")]), *THREE[1:])
    warning = "Step 2 “Second”: no answer on an earlier step leads here, so visitors never see it."
    assert messages(built(steps=steps)) == [warning]
    assert messages(built(FULL, steps=steps)) == []
    assert messages(built(symptom("s-gone", "Gone", "gone"), steps=steps))[-1] == warning


def test_a_guide_without_steps_reports_that_alone():
    record = built(FULL, steps=())
    assert messages(record) == ["The guide has no steps. Add at least one step before publishing."]


# Comparing


def changes(old: dict, new: dict) -> list[tuple]:
    return [
        (c.status, c.text, [(f.name, marked(f.words)) for f in c.fields], c.is_moved)
        for c in content.compare(old, new).symptoms
    ]


def test_added_and_removed_symptoms_are_listed_removed_last():
    assert changes(built(FULL), built(PAUSED)) == [
        ("added", "Syncing paused", [], False),
        ("removed", "iCloud storage is full", [], False),
    ]
    assert content.compare(built(), built(FULL)).has_changes
    reworded = symptom("s-full", "Storage full", "b")
    assert [c.status for c in content.compare(built(FULL), built(PAUSED, reworded)).symptoms] == [
        "added",
        "changed",
    ]


def test_a_symptom_with_new_text_or_a_new_step_is_changed():
    reworded = symptom("s-full", "iCloud storage full", "b")
    assert changes(built(FULL), built(reworded)) == [
        ("changed", "iCloud storage full", [("Text", "iCloud storage [-is -]full")], False)
    ]
    elsewhere = symptom("s-full", "iCloud storage is full", "c")
    assert changes(built(FULL), built(elsewhere)) == [
        ("changed", "iCloud storage is full", [("Leads to", "[-“Second”-]{+“Third”+}")], False)
    ]


def test_a_symptoms_step_deleted_is_a_change_and_a_retitled_step_is_not():
    without_second = built(FULL, steps=(THREE[0], THREE[2]))
    assert changes(built(FULL), without_second) == [
        (
            "changed",
            "iCloud storage is full",
            [("Leads to", "[-“Second”-]{+a step that no longer exists+}")],
            False,
        )
    ]
    retitled = built(FULL, steps=(THREE[0], step("b", "Second, clearer"), THREE[2]))
    assert changes(built(FULL), retitled) == []
    moved_steps = built(FULL, steps=(THREE[1], THREE[0], THREE[2]))
    assert changes(built(FULL), moved_steps) == []


def test_reordered_symptoms_are_moved_and_unchanged_ones_are_left_out():
    third = symptom("s-third", "Photos stuck on uploading", "c")
    # The longest run kept in order stays; the rest moved.
    assert changes(built(FULL, PAUSED, third), built(PAUSED, FULL, third)) == [
        ("moved", "Syncing paused", [], True)
    ]
    reworded = symptom("s-paused", "Sync paused", "a")
    assert changes(built(FULL, PAUSED), built(reworded, FULL)) == [
        ("changed", "Sync paused", [("Text", "[-Syncing -]{+Sync +}paused")], True)
    ]
    comparison = content.compare(built(FULL, PAUSED), built(FULL, PAUSED))
    assert comparison.symptoms == []
    assert comparison.has_changes is False
