"""Adding an editor's changes, made on an older draft, to the draft as another editor
saved it since: pure, on content records."""

from types import SimpleNamespace

from tests.test_branching import jump
from tests.test_flow import GUIDE, THREE, build, choice, step
from tests.test_symptoms_content import built, symptom
from troubleshooter.merge import Collision, merge


def titles(record: dict) -> list[str]:
    return [s["title"] for s in record["steps"]]


def leads(record: dict) -> list[list[tuple]]:
    return [[(c["outcome"], c["next_step"]) for c in s["choices"]] for s in record["steps"]]


def retitled(title: str, key: str = "a", **changes):
    return step(key, title, **changes)


BASE = build(*THREE)


def test_changes_to_different_steps_are_both_kept():
    mine = build(retitled("First, restart"), THREE[1], THREE[2])
    theirs = build(THREE[0], THREE[1], step("c", "Third, update"))
    merged = merge(BASE, mine, theirs)
    assert titles(merged.content) == ["First, restart", "Second", "Third, update"]
    assert merged.collisions == []


def test_changes_to_different_fields_of_one_step_are_both_kept():
    mine = build(step("a", "First", body="Hold the button."), *THREE[1:])
    theirs = build(step("a", "First, restart"), *THREE[1:])
    first = merge(BASE, mine, theirs).content["steps"][0]
    assert (first["title"], first["body"]) == ("First, restart", "Hold the button.")


def test_the_same_change_on_both_sides_is_no_collision():
    both = build(retitled("First, restart"), *THREE[1:])
    merged = merge(BASE, both, both)
    assert titles(merged.content)[0] == "First, restart"
    assert merged.collisions == []


def test_a_field_both_changed_keeps_the_saved_draft_and_lists_the_collision():
    mine = build(retitled("Restart now"), *THREE[1:])
    theirs = build(retitled("Restart your iPhone"), *THREE[1:])
    merged = merge(BASE, mine, theirs)
    assert titles(merged.content)[0] == "Restart your iPhone"
    assert merged.collisions == [
        Collision("Step “Restart your iPhone”", "Title", "Restart now", "Restart your iPhone")
    ]


def test_whitespace_at_line_ends_is_no_change():
    mine = build(step("a", "First", body="Do it.  \r\n"), *THREE[1:])
    theirs = build(step("a", "First", body="Do it now."), *THREE[1:])
    merged = merge(build(step("a", "First", body="Do it.\n"), *THREE[1:]), mine, theirs)
    assert merged.content["steps"][0]["body"] == "Do it now."
    assert merged.collisions == []


def test_steps_added_on_both_sides_are_both_kept_in_place_and_the_flow_goes_through_them():
    mine = build(THREE[0], step("m", "Mine"), *THREE[1:])
    theirs = build(THREE[0], step("t", "Theirs"), *THREE[1:])
    merged = merge(BASE, mine, theirs).content
    assert titles(merged) == ["First", "Mine", "Theirs", "Second", "Third"]
    assert [s[1] for s in leads(merged)] == [
        ("next", "m"),
        ("next", "t"),
        ("next", "b"),
        ("next", "c"),
        ("escalate", None),
    ]


def test_a_step_added_first_goes_first():
    mine = build(step("m", "Mine"), *THREE)
    merged = merge(BASE, mine, build(*THREE[:2], step("c", "Third, update"))).content
    assert titles(merged) == ["Mine", "First", "Second", "Third, update"]


def test_a_step_deleted_on_one_side_and_left_alone_on_the_other_is_deleted():
    mine = build(THREE[0], THREE[2])
    theirs = build(retitled("First, restart"), *THREE[1:])
    merged = merge(BASE, mine, theirs)
    assert titles(merged.content) == ["First, restart", "Third"]
    assert leads(merged.content)[0][1] == ("next", "c")
    assert merge(BASE, theirs, mine).content == merged.content


def test_a_step_deleted_meanwhile_that_the_editor_changed_stays_deleted_and_is_listed():
    mine = build(THREE[0], step("b", "Second, clearer"), THREE[2])
    theirs = build(THREE[0], THREE[2])
    merged = merge(BASE, mine, theirs)
    assert titles(merged.content) == ["First", "Third"]
    assert merged.collisions == [
        Collision("Step “Second, clearer”", "Step", "You changed it.", "Deleted")
    ]


def test_a_step_the_editor_deleted_that_was_changed_meanwhile_is_kept_and_listed():
    mine = build(THREE[0], THREE[2])
    theirs = build(THREE[0], step("b", "Second, clearer"), THREE[2])
    merged = merge(BASE, mine, theirs)
    assert titles(merged.content) == ["First", "Second, clearer", "Third"]
    assert merged.collisions == [
        Collision("Step “Second, clearer”", "Step", "You deleted it.", "Kept, as changed")
    ]


def test_a_reorder_on_one_side_is_kept_with_the_other_sides_edits():
    mine = build(THREE[2], THREE[0], THREE[1])
    theirs = build(retitled("First, restart"), THREE[1], THREE[2], step("t", "Theirs"))
    merged = merge(BASE, mine, theirs)
    # Theirs was added after Third, and stays after it.
    assert titles(merged.content) == ["Third", "Theirs", "First, restart", "Second"]
    assert merged.collisions == []


def test_two_different_reorders_keep_the_saved_order_and_list_both():
    mine = build(THREE[2], THREE[0], THREE[1])
    theirs = build(THREE[1], THREE[0], THREE[2])
    merged = merge(BASE, mine, theirs)
    assert titles(merged.content) == ["Second", "First", "Third"]
    assert merged.collisions == [
        Collision(
            "The guide", "Order of the steps", "Third · First · Second", "Second · First · Third"
        )
    ]


def test_where_an_answer_leads_merges_and_collides_like_text():
    to_third = build(step("a", "First", [choice("a-no", "next", "No", target="c")]), *THREE[1:])
    to_fixed = build(step("a", "First", [choice("a-no", "resolved", "No")]), *THREE[1:])
    relabelled = build(step("a", "First", [choice("a-no", "next", "Not yet")]), *THREE[1:])
    base = build(step("a", "First", [choice("a-no", "next", "No")]), *THREE[1:])

    both = merge(base, relabelled, to_third)
    assert both.content["steps"][0]["choices"][0] == {
        "key": "a-no",
        "label": "Not yet",
        "outcome": "next",
        "next_step": "c",
    }
    collided = merge(base, to_fixed, to_third)
    assert leads(collided.content)[0] == [("next", "c")]
    assert collided.collisions == [
        Collision("Step “First”", "Where “No” leads", "fixed", "“Third”")
    ]


def test_answers_added_and_deleted_on_either_side_are_merged():
    base = build(step("a", "First"), *THREE[1:])
    added = [*step("a", "First").choice_list, choice("a-x", "escalate", "Call us")]
    mine = build(step("a", "First", added), *THREE[1:])
    theirs = build(step("a", "First", [choice("a-yes", "resolved")]), *THREE[1:])
    labels = [c["label"] for c in merge(base, mine, theirs).content["steps"][0]["choices"]]
    assert labels == ["Yes, it's fixed", "Call us"]


def test_answers_reordered_on_both_sides_are_listed():
    swapped = list(reversed(step("a", "First").choice_list))
    relabelled = [choice("a-yes", "resolved"), choice("a-no", "next"), choice("a-x", "escalate")]
    merged = merge(BASE, build(step("a", "First", swapped), *THREE[1:]), BASE)
    assert leads(merged.content)[0] == [("next", "b"), ("resolved", None)]
    both = merge(
        build(step("a", "First", relabelled), *THREE[1:]),
        build(step("a", "First", [relabelled[2], *relabelled[:2]]), *THREE[1:]),
        build(step("a", "First", [relabelled[1], relabelled[0], relabelled[2]]), *THREE[1:]),
    )
    assert [c.what for c in both.collisions] == ["Order of the answers"]


def test_a_jump_to_a_step_stays_a_jump_when_steps_are_inserted_before_it():
    base = build(step("a", "First", [jump("a-no", "c")]), *THREE[1:])
    mine = build(step("a", "First", [jump("a-no", "c")]), step("m", "Mine"), *THREE[1:])
    merged = merge(base, mine, base).content
    assert leads(merged)[0] == [("next", "c")]


def test_the_last_steps_go_on_leads_to_the_new_last_step_when_one_is_added_after_it():
    mine = build(*THREE, step("m", "Mine"))
    theirs = build(THREE[0], THREE[1], step("c", "Third, update"))
    merged = merge(BASE, mine, theirs).content
    assert leads(merged)[2][1] == ("next", "m")
    assert leads(merged)[3][1] == ("escalate", None)


def test_guide_and_fallback_fields_merge_and_collide():
    renamed = SimpleNamespace(**{**vars(GUIDE), "title": "Photos not syncing"})
    mine = build(*THREE, guide=renamed, links="Book a visit https://example.com/book")
    theirs = build(*THREE, links="Call Apple https://example.com/call")
    merged = merge(BASE, mine, theirs)
    assert merged.content["title"] == "Photos not syncing"
    assert merged.collisions == [
        Collision(
            "The fallback page",
            "Fallback links",
            "Book a visit https://example.com/book",
            "Call Apple https://example.com/call",
        )
    ]


def test_takes_a_while_ticked_on_one_side_merges_with_the_others_edits():
    mine = build(step("a", "First", takes_a_while=True), *THREE[1:])
    theirs = build(retitled("First, restart"), *THREE[1:])
    old_base = {**BASE, "steps": [{**s} for s in BASE["steps"]]}
    for step_ in old_base["steps"]:
        del step_["takes_a_while"]  # as saved before steps had it
    for base in (BASE, old_base):
        merged = merge(base, mine, theirs)
        first = merged.content["steps"][0]
        assert (first["title"], first["takes_a_while"]) == ("First, restart", True)
        assert merged.collisions == []
    untouched = merge(old_base, build(*THREE), theirs).content["steps"][0]
    assert untouched["takes_a_while"] is False


# Symptoms merge as steps do: by their keys, the newer save kept on a collision.

FULL = symptom("s-full", "iCloud storage is full", "b")
PAUSED = symptom("s-paused", "Syncing paused", "a")


def texts(record: dict) -> list[str]:
    return [s["text"] for s in record["symptoms"]]


def test_symptoms_added_on_both_sides_are_both_kept():
    base = built(FULL)
    merged = merge(base, built(FULL, PAUSED), built(symptom("s-t", "Photos missing", "c"), FULL))
    assert texts(merged.content) == ["Photos missing", "iCloud storage is full", "Syncing paused"]
    assert merged.collisions == []


def test_a_symptoms_text_and_step_changed_on_different_sides_are_both_kept():
    reworded = symptom("s-full", "Storage full", "b")
    elsewhere = symptom("s-full", "iCloud storage is full", "c")
    merged = merge(built(FULL), built(reworded), built(elsewhere))
    assert merged.content["symptoms"] == [{"key": "s-full", "text": "Storage full", "step": "c"}]
    assert merged.collisions == []


def test_a_symptom_both_changed_keeps_the_newer_save_and_lists_the_collision():
    mine = built(symptom("s-full", "Storage full", "a"))
    theirs = built(symptom("s-full", "No iCloud space left", "c"))
    merged = merge(built(FULL), mine, theirs)
    assert merged.content["symptoms"] == [
        {"key": "s-full", "text": "No iCloud space left", "step": "c"}
    ]
    assert merged.collisions == [
        Collision("Symptom “No iCloud space left”", "Text", "Storage full", "No iCloud space left"),
        Collision("Symptom “No iCloud space left”", "Leads to", "“First”", "“Third”"),
    ]


def test_a_symptom_leading_to_a_step_no_side_has_names_a_deleted_step():
    mine = built(symptom("s-full", "iCloud storage is full", "gone"))
    theirs = built(symptom("s-full", "iCloud storage is full", "c"))
    merged = merge(built(FULL), mine, theirs)
    assert merged.collisions == [
        Collision("Symptom “iCloud storage is full”", "Leads to", "“a deleted step”", "“Third”")
    ]


def test_a_symptom_deleted_on_one_side_and_left_alone_on_the_other_is_deleted():
    base = built(FULL, PAUSED)
    assert texts(merge(base, built(PAUSED), base).content) == ["Syncing paused"]
    assert texts(merge(base, base, built(FULL)).content) == ["iCloud storage is full"]


def test_a_symptom_deleted_meanwhile_that_the_editor_changed_is_listed():
    base = built(FULL, PAUSED)
    merged = merge(base, built(FULL, symptom("s-paused", "Sync paused", "a")), built(FULL))
    assert texts(merged.content) == ["iCloud storage is full"]
    assert merged.collisions == [
        Collision("Symptom “Sync paused”", "Symptom", "You changed it.", "Deleted")
    ]


def test_symptoms_reordered_on_both_sides_keep_the_saved_order_and_list_both():
    third = symptom("s-third", "Photos missing", "c")
    base = built(FULL, PAUSED, third)
    merged = merge(base, built(third, FULL, PAUSED), built(PAUSED, FULL, third))
    assert texts(merged.content) == ["Syncing paused", "iCloud storage is full", "Photos missing"]
    assert merged.collisions == [
        Collision(
            "The guide",
            "Order of the symptoms",
            "Photos missing · iCloud storage is full · Syncing paused",
            "Syncing paused · iCloud storage is full · Photos missing",
        )
    ]


def test_symptoms_added_to_a_draft_saved_before_guides_had_them_are_kept():
    base, theirs = built(), built()
    for record in (base, theirs):
        del record["symptoms"]
    merged = merge(base, built(FULL), theirs)
    assert texts(merged.content) == ["iCloud storage is full"]
    assert merged.collisions == []
