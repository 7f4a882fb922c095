"""How a visit moves through a guide, without HTTP."""

from troubleshooter.models import Answer, Choice, Visit, new_reference, tried_steps


def choice(step, outcome):
    return next(c for c in step.choice_list if c.outcome == outcome)


def test_a_new_visit_starts_on_step_one_with_a_reference(visit, steps):
    assert visit.state == Visit.State.IN_PROGRESS
    assert visit.current_step == steps[0]
    assert visit.resume_number(steps) == 1
    assert len(visit.reference) == 7
    assert visit.reference[3] == "-"


def test_references_avoid_look_alike_characters():
    codes = {new_reference() for _ in range(500)}
    assert len(codes) == 500
    assert not any(set(code) & set("01OIL") for code in codes)


def test_not_fixed_moves_to_the_next_step(visit, steps):
    visit.record_answer(steps, steps[0], choice(steps[0], "next"))
    assert visit.state == Visit.State.IN_PROGRESS
    assert visit.current_step == steps[1]
    assert visit.resume_number(steps) == 2
    assert visit.finished_at is None


def test_fixed_resolves_the_visit_and_remembers_the_step(visit, steps):
    visit.record_answer(steps, steps[0], choice(steps[0], "next"))
    visit.record_answer(steps, steps[1], choice(steps[1], "next"))
    visit.record_answer(steps, steps[2], choice(steps[2], "resolved"))
    visit.refresh_from_db()
    assert visit.state == Visit.State.RESOLVED
    assert visit.finished_at is not None
    assert visit.last_answer.step_title == steps[2].title
    assert visit.last_answer.step_number == 3


def test_not_fixed_on_the_last_step_escalates(visit, steps):
    last = steps[-1]
    assert choice(last, "next").leads_to(is_last_step=True) == Choice.Outcome.ESCALATE
    visit.record_answer(steps, last, choice(last, "next"))
    assert visit.state == Visit.State.ESCALATED
    assert visit.last_answer.outcome == Choice.Outcome.ESCALATE


def test_answers_are_appended_and_tried_steps_keep_the_latest(visit, steps):
    visit.record_answer(steps, steps[0], choice(steps[0], "next"))
    visit.record_answer(steps, steps[1], choice(steps[1], "next"))
    visit.record_answer(steps, steps[0], choice(steps[0], "next"))
    visit.record_answer(steps, steps[1], choice(steps[1], "resolved"))
    assert Answer.objects.filter(visit=visit).count() == 4
    tried = tried_steps(list(visit.answers.all()))
    assert [(a.step_number, a.outcome) for a in tried] == [(1, "next"), (2, "resolved")]


def test_same_answer_twice_in_a_row_is_a_repeat(visit, steps):
    no = choice(steps[0], "next")
    assert not visit.is_repeat_of_last_answer(steps[0], no)
    visit.record_answer(steps, steps[0], no)
    assert visit.is_repeat_of_last_answer(steps[0], no)
    assert not visit.is_repeat_of_last_answer(steps[0], choice(steps[0], "resolved"))


def test_start_over_reopens_a_finished_visit_and_keeps_answers(visit, steps):
    visit.record_answer(steps, steps[0], choice(steps[0], "resolved"))
    visit.start_over(steps)
    visit.refresh_from_db()
    assert visit.state == Visit.State.IN_PROGRESS
    assert visit.current_step == steps[0]
    assert visit.finished_at is None
    assert visit.last_answer is None
    assert visit.answers.count() == 1


def test_resume_falls_back_to_the_same_place_when_the_current_step_is_gone(visit, steps):
    visit.record_answer(steps, steps[0], choice(steps[0], "next"))
    visit.record_answer(steps, steps[1], choice(steps[1], "next"))
    steps[2].delete()
    visit.refresh_from_db()
    remaining = Choice.objects.steps_of(visit.guide_id)
    assert visit.current_step is None
    assert visit.resume_number(remaining) == 3
    assert remaining[2].title == "Turn on Optimize iPhone Storage"
