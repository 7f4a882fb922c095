"""Branching guides in the flow and the check: plain content, no database.

The property tests walk random guides that pass the check, pressing random answers.
"""

from hypothesis import given
from hypothesis import strategies as st

from tests.test_flow import build, choice, step
from troubleshooter import content, flow


def jump(key, target, label="No Wi-Fi at all"):
    return choice(key, "next", label=label, target=target)


def four_with_a_jump():
    """1 → 3 when there is no Wi-Fi at all; otherwise 1 → 2 → 3 → 4."""
    return build(
        step(
            "a", "First", [choice("a-yes", "resolved"), jump("a-wifi", "c"), choice("a-no", "next")]
        ),
        step("b", "Second"),
        step("c", "Third"),
        step("d", "Fourth"),
    )


def test_an_answer_leads_to_the_step_chosen_for_it():
    version = flow.Version(four_with_a_jump())
    assert version.after("a", "a-wifi") == flow.Move(flow.NEXT, version.step("c"))
    assert version.after("a", "a-no") == flow.Move(flow.NEXT, version.step("b"))
    leads = [(c.outcome, c.leads_to) for c in version.step("a").choices]
    assert leads == [("resolved", None), ("next", 3), ("next", 2)]
    assert version.step("d").choices[1].outcome == flow.ESCALATE


def test_previous_goes_back_along_the_visitors_own_path():
    version = flow.Version(four_with_a_jump())
    skipped = {"a": "a-wifi", "c": "c-no"}
    assert version.previous(version.step("c"), skipped).key == "a"
    assert version.previous(version.step("d"), skipped).key == "c"
    walked_all = {"a": "a-no", "b": "b-no", "c": "c-no"}
    assert version.previous(version.step("c"), walked_all).key == "b"


def test_changing_an_earlier_answer_follows_the_new_path_and_keeps_the_old_as_history():
    version = flow.Version(four_with_a_jump())
    # Went 1 → 2 → 3, then back to 1 and took the Wi-Fi jump.
    answers = dict([("a", "a-no"), ("b", "b-no"), ("c", "c-no"), ("a", "a-wifi")])
    path = [(s.number, c.key if c else None) for s, c in version.path(answers)]
    assert path == [(1, "a-wifi"), (3, "c-no"), (4, None)]
    assert version.previous(version.step("c"), answers).key == "a"


def two_jumps_to_the_last_step():
    """Steps 1 and 2 each offer a jump to step 4; otherwise 1 → 2 → 3 → 4."""
    return build(
        step(
            "a", "First", [choice("a-yes", "resolved"), jump("a-far", "d"), choice("a-no", "next")]
        ),
        step(
            "b", "Second", [choice("b-yes", "resolved"), jump("b-far", "d"), choice("b-no", "next")]
        ),
        step("c", "Third"),
        step("d", "Fourth"),
    )


def test_a_step_reached_by_its_address_goes_back_to_the_last_step_leading_there():
    version = flow.Version(two_jumps_to_the_last_step())
    fixed_on_step_two = {"a": "a-no", "b": "b-yes"}  # the path is 1 → 2
    assert version.previous(version.step("d"), fixed_on_step_two).key == "b"
    assert version.previous(version.step("c"), fixed_on_step_two).key == "b"


def test_a_step_reached_by_its_address_that_nothing_on_the_path_leads_to_goes_back_to_step_one():
    version = flow.Version(two_jumps_to_the_last_step())
    jumped = {"a": "a-far"}  # the path is 1 → 4, and neither leads to step 3
    assert version.previous(version.step("c"), jumped).key == "a"


def test_progress_says_at_most_where_the_path_depends_on_answers():
    version = flow.Version(four_with_a_jump())
    assert [str(version.progress(s)) for s in version.steps] == [
        "Step 1 of at most 4",
        "Step 2 of 4",
        "Step 3 of 4",
        "Step 4 of 4",
    ]


def test_skipping_a_step_keeps_an_exact_count_when_only_one_path_is_left():
    version = flow.Version(
        build(
            step("a", "First", [choice("a-yes", "resolved"), jump("a-no", "c")]),
            step("b", "Second"),
            step("c", "Third"),
        )
    )
    assert str(version.progress(version.step("a"))) == "Step 1 of 3"


def test_progress_counts_to_the_highest_step_still_reachable():
    version = flow.Version(
        build(
            step(
                "a", "First", [choice("a-yes", "resolved"), jump("a-no", "b"), jump("a-far", "d")]
            ),
            step("b", "Second", [choice("b-yes", "resolved"), choice("b-end", "escalate")]),
            step("c", "Third"),
            step("d", "Fourth"),
        )
    )
    assert str(version.progress(version.step("a"))) == "Step 1 of at most 4"
    assert str(version.progress(version.step("b"))) == "Step 2 of 2"


def test_the_total_counts_every_step_still_reachable_where_branches_meet():
    # Step 1 leads to steps 2, 3 and 4; step 2 leads to step 3 as well.
    version = flow.Version(
        build(
            step(
                "a",
                "First",
                [
                    choice("a-yes", "resolved"),
                    jump("a-far", "d"),
                    jump("a-skip", "c"),
                    choice("a-no", "next"),
                ],
            ),
            step("b", "Second"),
            step("c", "Third", [choice("c-yes", "resolved"), choice("c-end", "escalate")]),
            step("d", "Fourth"),
        )
    )
    assert [str(version.progress(s)) for s in version.steps] == [
        "Step 1 of at most 4",
        "Step 2 of 3",
        "Step 3 of 3",
        "Step 4 of 4",
    ]


def test_the_path_through_a_previewed_draft_with_a_loop_shows_each_step_once():
    looped = build(
        step("a", "First"),
        step("b", "Second", [choice("b-yes", "resolved"), jump("b-again", "a", "Start again")]),
    )
    assert not content.stuck_problems(looped)  # the check refuses it at Publish, not preview
    version = flow.Version(looped)
    answers = {"a": "a-no", "b": "b-again"}
    assert [(s.key, c.key) for s, c in version.path(answers)] == [("a", "a-no"), ("b", "b-again")]


def test_the_fallback_summary_lists_the_answers_on_the_visitors_own_path():
    version = flow.Version(four_with_a_jump())
    # Went 1 → 2, then back to 1, took the Wi-Fi jump and nothing helped on 3 or 4.
    answers = dict([("a", "a-no"), ("b", "b-no"), ("a", "a-wifi"), ("c", "c-no"), ("d", "d-no")])
    walked = [(s.number, c.key) for s, c in version.walked(answers, "d")]
    assert walked == [(1, "a-wifi"), (3, "c-no"), (4, "d-no")]


def test_the_fallback_summary_adds_a_step_reached_by_its_address():
    version = flow.Version(four_with_a_jump())
    answers = {"a": "a-no", "d": "d-no"}  # step 4 opened by its address from step 2
    walked = [(s.number, c.key) for s, c in version.walked(answers, "d")]
    assert walked == [(1, "a-no"), (4, "d-no")]


def test_the_steps_walked_end_at_the_step_the_visit_is_on():
    version = flow.Version(four_with_a_jump())
    # Walked 1 → 2 → 3, started over and is back on step 2: step 3's answer is history.
    answers = {"a": "a-no", "b": "b-no", "c": "c-no"}
    walked = [(s.number, c.key) for s, c in version.walked(answers, "b")]
    assert walked == [(1, "a-no"), (2, "b-no")]


def messages(built):
    return [(str(p), p.is_error) for p in content.problems(built)]


def test_an_answer_leading_to_a_deleted_step_is_an_error_naming_the_step():
    built = build(
        step("a", "Check storage", [choice("a-yes", "resolved"), jump("a-no", "gone", "No")])
    )
    assert messages(built) == [
        (
            "Step 1 “Check storage”: the answer “No” leads to a step that no longer exists. "
            "Choose where it should lead.",
            True,
        )
    ]
    assert content.stuck_problems(built)  # nor can it be previewed


def test_a_loop_is_an_error():
    built = build(
        step("a", "First"),
        step("b", "Second", [choice("b-yes", "resolved"), jump("b-again", "a", "Start again")]),
    )
    assert messages(built) == [
        (
            "Step 2 “Second”: the answer “Start again” leads back to step 1 “First”, which "
            "leads here again: a loop visitors could go round forever. Choose a later step, "
            "“fixed” or the fallback page.",
            True,
        )
    ]


def test_an_answer_leading_to_its_own_step_is_a_loop():
    built = build(step("a", "First", [choice("a-yes", "resolved"), jump("a-again", "a", "Again")]))
    assert messages(built)[0] == (
        "Step 1 “First”: the answer “Again” leads to this same step: a loop. Choose a later "
        "step, “fixed” or the fallback page.",
        True,
    )


def test_leading_back_without_a_loop_is_an_error_that_says_how_to_fix_it():
    built = build(
        step("a", "First"),
        step("b", "Second", [choice("b-yes", "resolved"), choice("b-end", "escalate")]),
        step("c", "Third", [choice("c-yes", "resolved"), jump("c-back", "b", "Back")]),
    )
    assert (
        "Step 3 “Third”: the answer “Back” leads back to step 2 “Second”. Answers lead further "
        "down the guide, so visitors never go backwards: drag step 2 below this step, or choose "
        "a later one.",
        True,
    ) in messages(built)


def test_steps_that_can_never_finish_are_errors():
    built = build(
        step("a", "First", [choice("a-yes", "resolved"), jump("a-no", "b")]),
        step("b", "Second", [jump("b-on", "c", "On")]),
        step("c", "Third", [jump("c-back", "b", "Back")]),
    )
    dead_end = (
        "visitors who reach this step can never get to “fixed” or the fallback page. Give one "
        "of its answers, or of the steps it leads to, another destination."
    )
    assert [(m, error) for m, error in messages(built) if dead_end in m] == [
        (f"Step 2 “Second”: {dead_end}", True),
        (f"Step 3 “Third”: {dead_end}", True),
    ]


def test_a_problem_with_an_answer_names_the_answer_for_the_guide_map():
    built = build(
        step("a", "First", [choice("a-yes", "resolved"), jump("a-gone", "gone", "Gone")]),
        step("b", "Second", [choice("b-yes", "resolved"), jump("b-back", "a", "Back")]),
    )
    named = [(p.step_number, p.choice_key) for p in content.problems(built) if p.choice_key]
    assert named == [(1, "a-gone"), (2, "b-back")]


def test_no_reachable_fixed_answer_is_an_error():
    built = build(
        step("a", "First", [choice("a-end", "escalate")]),
        step("b", "Second", [choice("b-yes", "resolved")]),
    )
    assert any(m.startswith("No answer a visitor can reach") for m, _ in messages(built))


# Random sound guides


@st.composite
def guides(draw):
    count = draw(st.integers(min_value=1, max_value=8))
    keys = [f"s{i}" for i in range(count)]
    steps = []
    for index, key in enumerate(keys):
        later = keys[index + 1 :]
        destinations = st.one_of(
            st.sampled_from(["resolved", "escalate", "next"]),
            st.sampled_from(later) if later else st.nothing(),
        )
        picked = draw(st.lists(destinations, min_size=1, max_size=4))
        choices = [
            choice(f"{key}-{n}", where, target="")
            if where in ("resolved", "escalate", "next")
            else jump(f"{key}-{n}", where)
            for n, where in enumerate(picked)
        ]
        steps.append(step(key, f"Step {key}", choices))
    built = build(*steps)
    errors = [p for p in content.problems(built) if p.is_error]
    if errors:  # e.g. no reachable "fixed": add one to the first step
        built["steps"][0]["choices"].append(
            {"key": "fix", "label": "Fixed", "outcome": "resolved", "next_step": None}
        )
    assert not [p for p in content.problems(built) if p.is_error]
    return built


def walk(version, data, start=None):
    """A visitor pressing random answers from the first step (or `start`): the steps
    shown, the answers given and how the visit ended, or None if it still goes on after
    as many steps as the guide has."""
    shown, answers = [], {}
    step_now = start or version.first_step
    for _ in range(len(version)):
        shown.append(step_now)
        pressed = data.draw(st.sampled_from(step_now.choices))
        answers[step_now.key] = pressed.key
        move = version.after(step_now.key, pressed.key)
        if move.outcome != flow.NEXT:
            return shown, answers, move.outcome
        step_now = move.step
    return shown, answers, None


@given(guides(), st.data())
def test_every_walk_moves_forward_and_ends_at_fixed_or_the_fallback(built, data):
    shown, _, end = walk(flow.Version(built), data)
    numbers = [s.number for s in shown]
    assert numbers == sorted(set(numbers)), "each step is further down the guide"
    assert end in (flow.RESOLVED, flow.ESCALATE)


@given(guides(), st.data())
def test_progress_goes_forward_and_never_exceeds_an_earlier_at_most(built, data):
    version = flow.Version(built)
    shown, _, _ = walk(version, data)
    progress = [version.progress(s) for s in shown]
    assert [p.number for p in progress] == [s.number for s in shown]
    for index, now in enumerate(progress):
        assert now.number <= now.total
        for before in progress[:index]:
            assert before.number < now.number <= before.total


@given(guides(), st.data())
def test_previous_and_the_path_retrace_the_walk(built, data):
    version = flow.Version(built)
    shown, answers, _ = walk(version, data)
    assert [s for s, _ in version.path(answers)] == shown
    assert [version.previous(s, answers) for s in shown] == [None, *shown[:-1]]


@given(guides(), st.data())
def test_a_walk_from_any_start_counts_from_one_and_retraces_back_to_that_start(built, data):
    version = flow.Version(built)
    start = data.draw(st.sampled_from(version.steps))
    shown, answers, _ = walk(version, data, start)
    progress = [version.progress(s, start) for s in shown]
    assert [p.number for p in progress] == [s.number - start.number + 1 for s in shown]
    assert progress[0].number == 1
    for now in progress:
        assert now.number <= now.total <= len(version) - start.number + 1
    assert [s for s, _ in version.path(answers, start)] == shown
    assert [version.previous(s, answers, start) for s in shown] == [None, *shown[:-1]]


@given(guides())
def test_a_sound_guide_offers_every_step_an_end_and_names_real_steps(built):
    version = flow.Version(built)
    for s in version.steps:
        for c in s.choices:
            if c.outcome == flow.NEXT:
                assert c.leads_to > s.number
                assert version.numbered(c.leads_to).key == c.next_step
