"""The flow over a compiled version, the check before Publish and the comparison
of versions: plain functions on content, no database."""

from types import SimpleNamespace

import pytest

from troubleshooter import content, flow


def choice(key, outcome, label=None, target=""):
    labels = {"resolved": "Yes, it's fixed", "next": "No, still not working"}
    return SimpleNamespace(
        key=key,
        label=label or labels.get(outcome, "Send me on"),
        outcome=outcome,
        target_key=target,
    )


def step(key, title, choices=None, body="Do it.", takes_a_while=False):
    return SimpleNamespace(
        key=key,
        title=title,
        body=body,
        body_html=f"<p>{body}</p>",
        where_to_tap="Settings > Photos",
        takes_a_while=takes_a_while,
        choice_list=choices
        if choices is not None
        else [choice(f"{key}-yes", "resolved"), choice(f"{key}-no", "next")],
    )


GUIDE = SimpleNamespace(
    title="Guide",
    slug="guide",
    summary="A guide.",
    fallback_title="Get help",
    fallback_text="Call us.",
    fallback_html="<p>Call us.</p>",
)


def build(*steps, links="Call us https://example.com/call", guide=GUIDE):
    """Content of these steps, with fallback buttons given one a line: text, then address."""
    buttons = [line.rpartition(" ") for line in links.splitlines()]
    return content.build(guide, list(steps), [{"label": t, "url": u} for t, _, u in buttons])


THREE = (step("a", "First"), step("b", "Second"), step("c", "Third"))
TWO_LINKS = "Call us https://example.com/call\nWrite to us https://example.com/write"


def test_building_compiles_go_on_to_the_next_step_or_the_fallback():
    built = build(*THREE)
    outcomes = [[(c["outcome"], c["next_step"]) for c in s["choices"]] for s in built["steps"]]
    assert outcomes == [
        [("resolved", None), ("next", "b")],
        [("resolved", None), ("next", "c")],
        [("resolved", None), ("escalate", None)],
    ]
    assert built["fallback"]["links"] == [{"label": "Call us", "url": "https://example.com/call"}]


def test_a_version_numbers_its_steps_and_finds_them_by_key():
    version = flow.Version(build(*THREE))
    assert [s.number for s in version.steps] == [1, 2, 3]
    assert version.step("b").title == "Second"
    assert version.resume("b") == version.step("b")
    assert version.numbered(1).key == "a"
    assert version.numbered(3).key == "c"
    assert version.first_step.key == "a"
    assert version.steps[0].tap_path == ("Settings", "Photos")
    with pytest.raises(flow.NotInVersion):
        version.step("gone")
    for number in (0, 4):
        with pytest.raises(flow.NotInVersion):
            version.numbered(number)


def test_a_version_carries_the_guides_words_and_its_fallback_page():
    version = flow.Version(build(*THREE))
    assert (version.title, version.slug, version.summary) == ("Guide", "guide", "A guide.")
    assert version.first_step.body_html == "<p>Do it.</p>"
    assert version.fallback_title == "Get help"
    assert version.fallback_html == "<p>Call us.</p>"
    assert version.fallback_links == (("Call us", "https://example.com/call"),)


def test_what_comes_after_each_answer():
    version = flow.Version(build(*THREE))
    assert version.after("a", "a-no") == flow.Move(flow.NEXT, version.step("b"))
    assert version.after("b", "b-yes") == flow.Move(flow.RESOLVED, version.step("b"))
    assert version.after("c", "c-no") == flow.Move(flow.ESCALATE, version.step("c"))
    with pytest.raises(flow.NotInVersion):
        version.after("a", "b-no")  # an answer of another step


def test_previous_and_progress_in_a_straight_guide():
    version = flow.Version(build(*THREE))
    walked = {"a": "a-no", "b": "b-no"}
    assert version.previous(version.step("a"), walked) is None
    assert version.previous(version.step("c"), walked).key == "b"
    assert [str(version.progress(s)) for s in version.steps] == [
        "Step 1 of 3",
        "Step 2 of 3",
        "Step 3 of 3",
    ]


def test_a_step_after_one_that_always_ends_is_unreachable_and_a_warning():
    ends = step("a", "First", [choice("a-yes", "resolved"), choice("a-esc", "escalate")])
    built = build(ends, step("b", "Second"))
    assert flow.Version(built).reachable() == {"a"}
    problems = content.problems(built)
    assert [str(p) for p in problems] == [
        "Step 2 “Second”: no answer on an earlier step leads here, so visitors never see it."
    ]
    assert not problems[0].is_error


def test_the_check_names_each_problem_and_its_step():
    built = build(
        step("a", "First", [choice("a-no", "next")]),
        step("b", "Second", []),
        links="Old link http://example.com/",
    )
    assert [str(p) for p in content.problems(built)] == [
        "Step 2 “Second”: it has no answers. Add at least one, e.g. “Yes, it's fixed”.",
        "No answer a visitor can reach says the problem is fixed, so no visitor could ever "
        "finish the guide happily. Give at least one answer the destination “fixed”.",
        "The fallback button “Old link” needs an address starting with https://.",
    ]
    assert all(p.is_error for p in content.problems(built))
    assert content.stuck_problems(build()) == [
        content.Problem("The guide has no steps. Add at least one step before publishing.")
    ]


def test_a_sound_guide_has_no_problems():
    assert content.problems(build(*THREE)) == []


def test_word_diff_marks_only_the_changed_words():
    words = content.word_diff("Open the Settings app now", "Open the Photos app now")
    assert [(w.change, w.text) for w in words if w.change != "same"] == [
        ("removed", "Settings "),
        ("added", "Photos "),
    ]
    assert "".join(w.text for w in words if w.change != "removed") == "Open the Photos app now"


def test_word_diff_of_a_removed_word_adds_nothing():
    words = content.word_diff("Open the Settings app now", "Open the app now")
    assert [(w.change, w.text) for w in words] == [
        ("same", "Open the "),
        ("removed", "Settings "),
        ("same", "app now"),
    ]


def marked(words: list[content.Word]) -> str:
    """A word diff as text: [-removed-] and {+added+}."""
    marks = {"same": "{}", "removed": "[-{}-]", "added": "{{+{}+}}"}
    return "".join(marks[w.change].format(w.text) for w in words)


def test_compare_reports_added_removed_moved_and_changed_steps():
    old = build(*THREE)
    new = build(THREE[1], step("a", "First", body="Do that."), step("d", "Fourth"))
    comparison = content.compare(old, new)
    summary = [(s.status, s.title, s.old_number, s.new_number) for s in comparison.steps]
    # Second moved above First; First keeps its place among the steps both sides have.
    assert summary == [
        ("moved", "Second", 2, 1),
        ("changed", "First", 1, 2),
        ("added", "Fourth", None, 3),
        ("removed", "Third", 3, None),
    ]
    assert [s.is_moved for s in comparison.steps] == [True, False, False, False]
    assert comparison.steps[0].fields == []
    assert [(f.name, marked(f.words)) for f in comparison.steps[1].fields] == [
        ("Instructions", "Do [-it.-]{+that.+}")
    ]
    assert comparison.has_changes


def test_two_steps_trading_places_is_one_move():
    swapped = build(THREE[1], THREE[0], THREE[2])
    statuses = [s.status for s in content.compare(build(*THREE), swapped).steps]
    assert sorted(statuses) == ["moved", "same", "same"]


def test_inserting_a_step_moves_nothing_else():
    old = build(*THREE)
    new = build(THREE[0], step("x", "Inserted"), THREE[1], THREE[2])
    statuses = [(s.status, s.title) for s in content.compare(old, new).steps]
    assert statuses == [
        ("same", "First"),
        ("added", "Inserted"),
        ("same", "Second"),
        ("same", "Third"),
    ]


def test_removing_a_step_between_two_moves_neither():
    old = build(THREE[2], THREE[0], step("r", "Removed"), THREE[1])
    moved = [(s.title, s.is_moved) for s in content.compare(old, build(*THREE)).steps]
    assert moved == [("First", False), ("Second", False), ("Third", True), ("Removed", False)]


def test_compare_sees_guide_fields_and_answers_that_lead_elsewhere():
    old = build(*THREE, links=TWO_LINKS)
    reworded = SimpleNamespace(
        **{
            **vars(GUIDE),
            "title": "Better guide",
            "summary": "A better guide.",
            "fallback_title": "Get more help",
            "fallback_text": "Call us today.",
        }
    )
    new = build(
        THREE[0],
        step(
            "b",
            "Second",
            [choice("b-yes", "resolved"), choice("b-no", "escalate", "No, still not working")],
        ),
        THREE[2],
        links=TWO_LINKS.replace("/call", "/phone"),
        guide=reworded,
    )
    comparison = content.compare(old, new)
    assert [(f.name, marked(f.words)) for f in comparison.fields] == [
        ("Title", "[-Guide-]{+Better guide+}"),
        ("Summary", "A {+better +}guide."),
        ("Fallback heading", "Get {+more +}help"),
        ("Fallback text", "Call [-us.-]{+us today.+}"),
        (
            "Fallback links",
            "Call us [-https://example.com/call\n-]{+https://example.com/phone\n+}"
            "Write to us https://example.com/write",
        ),
    ]
    assert [s.status for s in comparison.steps] == ["same", "changed", "same"]
    assert [(f.name, marked(f.words)) for f in comparison.steps[1].fields] == [
        (
            "Answers",
            "Yes, it's fixed → fixed\nNo, still not working → the [-next step-]{+fallback page+}",
        )
    ]
    assert not content.compare(old, build(*THREE, links=TWO_LINKS)).has_changes


# "What happened?" and the end states


def test_the_question_is_open_about_the_step_just_tried_while_the_visitor_is_elsewhere():
    version = flow.Version(build(*THREE))
    assert flow.asked_step(version, "b", "a").title == "First"


def test_no_question_is_open_once_answered_or_while_back_on_that_step():
    version = flow.Version(build(*THREE))
    assert flow.asked_step(version, "b", "") is None  # answered, or never asked
    assert flow.asked_step(version, "a", "a") is None  # Previous took the visitor back there


def test_no_question_about_a_step_the_version_does_not_have():
    version = flow.Version(build(*THREE))
    assert flow.asked_step(version, "b", "gone") is None


def test_each_answer_outcome_ends_the_visit_in_one_named_state():
    assert flow.STATE_AFTER[flow.RESOLVED] is flow.FIXED
    assert flow.STATE_AFTER[flow.ESCALATE] is flow.FALLBACK
    assert flow.STATE_AFTER[flow.NEXT] is flow.IN_PROGRESS
    assert [(end.label, end.column) for end in flow.END_STATES] == [
        ("Fixed", "fixed"),
        ("Fallback", "fallback"),
        ("Left", "left"),
        ("In progress", "in_progress"),
    ]
    # Stored values stay as visits already hold them; "left" is worked out, never stored.
    assert flow.STORED_STATES == {
        "in_progress": flow.IN_PROGRESS,
        "resolved": flow.FIXED,
        "escalated": flow.FALLBACK,
    }


def test_the_walk_reaches_every_key_from_any_start_once_even_round_a_loop():
    leads = {"a": ["b"], "b": ["c", "a"], "c": [], "d": ["c"], "e": ["e"]}
    followed = []

    def leads_to(key):
        followed.append(key)
        return leads[key]

    assert flow.reach(["a"], leads_to) == {"a", "b", "c"}
    assert sorted(followed) == ["a", "b", "c"]  # each key followed once, the loop too
    assert flow.reach(["d", "e"], leads.__getitem__) == {"c", "d", "e"}
    assert flow.reach([], leads.__getitem__) == set()


def test_a_step_takes_a_while_only_when_its_version_says_so():
    record = build(step("a", "Restart", takes_a_while=True), step("b", "Check"))
    assert [s.takes_a_while for s in flow.Version(record).steps] == [True, False]
    del record["steps"][0]["takes_a_while"]  # published before steps had it
    assert flow.Version(record).steps[0].takes_a_while is False


# Starting at a symptom


def with_symptoms(record: dict, *symptoms: tuple[str, str, str]) -> dict:
    """The record with these symptoms (key, text, step key), as Publish writes them."""
    record["symptoms"] = [{"key": k, "text": t, "step": s} for k, t, s in symptoms]
    return record


FOUR = (*THREE, step("d", "Fourth"))
STORAGE = ("full", "iCloud storage is full", "b")
PAUSED = ("paused", "Syncing paused", "c")


def test_a_version_lists_its_symptoms_in_order_and_finds_them_by_key():
    version = flow.Version(with_symptoms(build(*FOUR), PAUSED, STORAGE))
    assert version.symptoms == (
        flow.Symptom("paused", "Syncing paused", "c"),
        flow.Symptom("full", "iCloud storage is full", "b"),
    )
    assert version.symptom("full").text == "iCloud storage is full"
    with pytest.raises(flow.NotInVersion):
        version.symptom("gone")


def test_a_version_published_before_symptoms_has_none():
    version = flow.Version(build(*FOUR))
    assert version.symptoms == ()
    with pytest.raises(flow.NotInVersion):
        version.symptom("full")


def test_a_visit_starts_at_its_symptoms_step_or_else_the_first():
    version = flow.Version(with_symptoms(build(*FOUR), STORAGE, PAUSED))
    assert version.start_step() == version.step("a")
    assert version.start_step("") == version.step("a")
    assert version.start_step("paused") == version.step("c")
    with pytest.raises(flow.NotInVersion):
        version.start_step("gone")


def test_progress_counts_from_the_step_the_visit_started_at():
    version = flow.Version(build(*FOUR))
    started = version.step("b")
    assert [str(version.progress(s, started)) for s in version.steps[1:]] == [
        "Step 1 of 3",
        "Step 2 of 3",
        "Step 3 of 3",
    ]
    assert version.progress(version.step("d"), started) == flow.Progress(3, 3, True)
    # Without a start, or from the first step, it counts from step 1.
    assert str(version.progress(version.step("c"))) == "Step 3 of 4"
    assert str(version.progress(version.step("c"), version.first_step)) == "Step 3 of 4"
    # A step above the start, reached by its address, counts from step 1 too.
    assert str(version.progress(version.step("a"), version.step("c"))) == "Step 1 of 4"


def test_a_visit_sees_each_step_numbered_as_its_progress_counts():
    version = flow.Version(build(*FOUR))
    started = version.step("c")
    assert [version.seen_number(s, started) for s in version.steps[2:]] == [1, 2]
    # Without a start, or from the first step, the guide's own numbers.
    assert [version.seen_number(s) for s in version.steps] == [1, 2, 3, 4]
    assert version.seen_number(version.step("d"), version.first_step) == 4
    # A step above the start, reached by its address, as its page counted it.
    assert version.seen_number(version.step("b"), started) == 2


def test_progress_from_a_start_keeps_at_most_where_the_path_ahead_branches():
    jump = choice("b-far", "next", label="Skip", target="d")
    version = flow.Version(
        build(step("a", "First"), step("b", "Second", [*step("b", "Second").choice_list, jump]),
              step("c", "Third"), step("d", "Fourth"))
    )  # fmt: skip
    started = version.step("b")
    assert str(version.progress(started, started)) == "Step 1 of at most 3"
    assert str(version.progress(version.step("d"), started)) == "Step 3 of 3"


def test_previous_and_the_path_start_at_the_step_the_visit_started_at():
    version = flow.Version(build(*FOUR))
    started = version.step("b")
    answers = {"a": "a-no", "b": "b-no", "c": "c-no"}
    assert version.previous(started, answers, started) is None
    assert version.previous(version.step("c"), answers, started) == started
    assert version.previous(version.step("d"), answers, started).key == "c"
    path = [(s.key, c.key if c else None) for s, c in version.path(answers, started)]
    assert path == [("b", "b-no"), ("c", "c-no"), ("d", None)]


def test_previous_off_the_path_from_a_start_goes_back_to_that_start():
    version = flow.Version(build(*FOUR))
    started = version.step("b")
    # Started at step 2 and went straight to step 4 by its address.
    assert version.previous(version.step("d"), {}, started) == started
    # Step 1 by its address, above the start: nothing before it.
    assert version.previous(version.step("a"), {}, started) is None


def test_the_steps_walked_from_a_start_leave_out_the_steps_above_it():
    version = flow.Version(build(*FOUR))
    answers = {"a": "a-no", "c": "c-no", "d": "d-no"}
    walked = version.walked(answers, "d", version.step("c"))
    assert [(s.key, c.key) for s, c in walked] == [("c", "c-no"), ("d", "d-no")]
    # From the first step the same answers break off at step 2, never answered.
    assert [s.key for s, _ in version.walked(answers, "d")] == ["a", "d"]
