"""The report: figures from a known set of visits, the CSVs, and pruning."""

import csv
import datetime
import io
import statistics
from collections import Counter

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from pytest_django.asserts import assertContains

from tests.factories import live_steps, published_guide, start_visit
from troubleshooter import report
from troubleshooter.models import (
    Answer,
    Feedback,
    Guide,
    GuideVersion,
    ReportPeriod,
    StepTotal,
    Visit,
    VisitTotal,
)


def press(visit, step, outcome, reason=""):
    """Answer as the answer POST does, then say what happened."""
    version = GuideVersion.objects.compiled(visit.version_id)
    locked = Visit.objects.lock(visit.id)
    choice = next(c for c in step.choices if c.outcome == outcome)
    locked.answer(version, step.key, choice.key)
    if reason:
        Feedback.objects.create(answer=Answer.objects.filter(visit=visit).last(), reason=reason)


@pytest.fixture
def visits(db):
    """Known visits on a three-step guide, then a version 2."""
    guide = published_guide("Restart", "Check storage", "Call us")
    one, two, three = live_steps(guide)
    fixed_at_two = start_visit(guide)
    press(fixed_at_two, one, "next", "not_found")
    press(fixed_at_two, two, "resolved")
    to_fallback = start_visit(guide)
    for step in (one, two):
        press(to_fallback, step, "next")
    press(to_fallback, three, "escalate", "no_change")
    left = start_visit(guide)
    press(left, one, "next", "not_found")
    Visit.objects.filter(pk=left.pk).update(moved_at=timezone.now() - datetime.timedelta(hours=1))
    start_visit(guide)  # just started: in progress
    changed_mind = start_visit(guide)
    press(changed_mind, one, "next")
    press(changed_mind, one, "resolved")  # back on step 1, it was fixed after all
    live = GuideVersion.objects.compiled(guide.live_version_id)
    preview = Visit.objects.start(live, guide.id, is_preview=True)
    press(preview, one, "resolved")
    guide.steps.filter(title="Call us").update(title="Call us now")
    guide.publish()
    on_v2 = start_visit(guide)
    press(on_v2, live_steps(guide)[0], "resolved")
    return guide


def figures(guide, version=None, now=None):
    today = timezone.localdate()
    return report.build(guide, today - datetime.timedelta(days=29), today, version, now)


def table(built):
    return {
        s.number: (s.reached, s.answered, s.fixed, s.went_on, s.fallback, s.left)
        for s in built.steps
    }


def test_the_figures_of_known_visits(visits):
    built = figures(visits)
    assert dict(built.visits) == {
        "started": 6, "fixed": 3, "fallback": 1, "left": 1, "in_progress": 1,
    }  # fmt: skip
    assert table(built) == {
        1: (6, 5, 2, 3, 0, 0),
        2: (3, 2, 1, 1, 0, 1),
        3: (1, 1, 0, 0, 1, 0),
    }
    first = built.steps[0]
    assert first.fix_rate == 40
    assert first.reason_rows == [("I couldn't find that setting", 2)]
    assert built.steps[2].title == "Call us"  # as the visitors who reached it saw it


def columns(step):
    """A step's row from Reached to In progress, the columns that add up."""
    return (step.reached, step.fixed, step.went_on, step.fallback, step.left, step.in_progress)


def test_each_step_row_adds_up_with_visits_back_on_a_step_they_answered(db):
    guide = published_guide("Restart", "Check storage", "Call us")
    one, two, three = live_steps(guide)
    started_over = start_visit(guide)
    for step in (one, two):
        press(started_over, step, "next")
    press(started_over, three, "escalate")
    Visit.objects.lock(started_over.id).start_over(
        GuideVersion.objects.compiled(guide.live_version_id)
    )
    Visit.objects.filter(pk=started_over.pk).update(
        moved_at=timezone.now() - datetime.timedelta(hours=1)
    )  # then left on step 1
    went_back = start_visit(guide)
    press(went_back, one, "next")
    press(went_back, two, "next")
    press(went_back, one, "next")  # back to step 1 by Previous, the same answer: on step 2
    built = figures(guide)
    assert dict(built.visits) == {"started": 2, "left": 1, "in_progress": 1}
    assert {step.number: columns(step) for step in built.steps} == {
        1: (2, 0, 1, 0, 1, 0),
        2: (2, 0, 1, 0, 0, 1),
        3: (1, 0, 0, 1, 0, 0),
    }
    for step in built.steps:
        assert step.reached == sum(columns(step)[1:])
        assert step.answered == step.fixed + step.went_on + step.fallback


def test_a_visit_still_going_when_its_hour_is_counted_stays_in_progress_in_its_row(db):
    guide = published_guide("Restart", "Check storage")
    one, _ = live_steps(guide)
    today = timezone.localdate()
    noon = report.start_of(today) + datetime.timedelta(hours=12)
    visit = start_visit(guide)
    press(visit, one, "next")
    Visit.objects.filter(pk=visit.pk).update(
        started_at=noon - datetime.timedelta(hours=3),
        moved_at=noon - datetime.timedelta(minutes=10),
    )
    built = report.build(guide, today, today, None, noon)
    assert StepTotal.objects.filter(guide=guide, day=today, hour__isnull=False).exists()
    assert built.visits["in_progress"] == 1
    assert {step.number: columns(step) for step in built.steps} == {
        1: (1, 0, 1, 0, 0, 0),
        2: (1, 0, 0, 0, 0, 1),
    }


def test_in_progress_is_never_below_zero_for_a_visit_counted_in_two_columns():
    # Totals stored before rows added up: answered on a step, then back on it and left.
    step = report.StepFigures("k", 1, "Step")
    counts = {**dict.fromkeys(report.STEP_COUNTS, 0), "reached": 1, "answered": 1}
    step.add({**counts, "went_on": 1, "left": 1}, Counter(), Counter())
    assert step.in_progress == 0


def test_one_version_alone(visits):
    assert dict(figures(visits, version=2).visits) == {"started": 1, "fixed": 1}
    assert figures(visits, version=1).visits["started"] == 5


def move_visits(by: datetime.timedelta) -> None:
    for visit in Visit.objects.all():
        Visit.objects.filter(pk=visit.pk).update(
            started_at=visit.started_at + by, moved_at=visit.moved_at + by
        )


# The known visits once they are all over: the one that had just started has left.
OVER = {
    1: (6, 5, 2, 3, 0, 1),
    2: (3, 2, 1, 1, 0, 1),
    3: (1, 1, 0, 0, 1, 0),
}


def test_stored_days_give_the_same_figures_and_pruning_keeps_them(visits):
    # Every visit four days ago: those days are over, so they are counted and stored.
    move_visits(-datetime.timedelta(days=4))
    stored = figures(visits)
    expected = OVER
    assert table(stored) == expected
    assert stored.visits["left"] == 2
    call_command("prune_visits", "--older-than", "2d", stdout=io.StringIO())
    assert not Visit.objects.exists()
    again = figures(visits)
    assert table(again) == expected
    assert again.visits == stored.visits
    assert again.steps[0].reason_rows == [("I couldn't find that setting", 2)]


def test_hours_of_the_day_in_progress_are_counted_then_replaced_by_the_day(visits):
    today = timezone.localdate()
    noon = report.start_of(today) + datetime.timedelta(hours=12)
    first = Visit.objects.order_by("started_at").first().started_at
    move_visits(noon - datetime.timedelta(hours=3) - first)  # from 9:00 on
    at_noon = figures(visits, now=noon)
    assert table(at_noon) == OVER
    assert at_noon.visits == Counter(started=6, fixed=3, fallback=1, left=2)
    hours = ReportPeriod.objects.filter(guide=visits, day=today)
    assert sorted(hours.values_list("hour", flat=True)) == list(range(11))  # to 11:00
    assert VisitTotal.objects.filter(day=today, hour=9, all_versions=True).get().started == 6
    assert table(figures(visits, version=1, now=noon))[1] == (5, 4, 1, 3, 0, 1)
    # A new visit at 11:45 is counted live, on top of the counted hours.
    late = start_visit(visits)
    Visit.objects.filter(pk=late.pk).update(
        started_at=noon - datetime.timedelta(minutes=15),
        moved_at=noon - datetime.timedelta(minutes=15),
    )
    assert figures(visits, now=noon).visits["in_progress"] == 1
    # Tomorrow the day is over: counted whole, its hours gone, the figures unchanged.
    tomorrow = noon + datetime.timedelta(days=1)
    built = report.build(visits, today, today, None, tomorrow)
    assert table(built) == {**OVER, 1: (7, 5, 2, 3, 0, 2)}  # the late visit left too
    assert built.visits == at_noon.visits + Counter(started=1, left=1)
    assert list(ReportPeriod.objects.filter(day=today).values_list("hour", flat=True)) == [None]
    assert not StepTotal.objects.filter(day=today, hour__isnull=False).exists()


def test_counted_ahead_by_the_command_the_first_report_counts_nothing(
    visits, django_assert_num_queries
):
    # A guide in use for two months, whose visits all started four days ago. Days are
    # over from LEFT_AFTER past midnight, so two months before that moment, whatever
    # the time of day.
    Guide.objects.filter(pk=visits.pk).update(
        created_at=timezone.now() - Visit.LEFT_AFTER - datetime.timedelta(days=60)
    )
    move_visits(-datetime.timedelta(days=4))
    out = io.StringIO()
    call_command("count_report_totals", stdout=out)
    assert ReportPeriod.objects.filter(guide=visits, hour=None).count() == 60  # every day over
    with django_assert_num_queries(6):  # as many as a report that had counted before
        built = figures(visits)
    assert table(built) == OVER
    assert built.visits["left"] == 2
    call_command("count_report_totals", stdout=out)
    assert out.getvalue().splitlines()[-1].startswith("Counted 0 periods")


def test_a_period_counted_twice_at_once_is_stored_once(visits):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    move_visits(-datetime.timedelta(days=1))
    now = timezone.now()
    report.count_periods(visits.id, [(yesterday, None)], now)
    rows = StepTotal.objects.count()
    report.count_periods(visits.id, [(yesterday, None)], now)  # as a second report would
    assert StepTotal.objects.count() == rows
    assert VisitTotal.objects.filter(all_versions=True).get().started == 6


@given(st.lists(st.integers(min_value=0, max_value=3600), max_size=40))
def test_the_median_is_read_off_the_counts(seconds):
    step = report.StepFigures("k", 1, "Step")
    step.add(dict.fromkeys(report.STEP_COUNTS, 0), Counter(map(str, seconds)), {})
    expected = round(statistics.median(seconds)) if seconds else None
    assert step.median_seconds == expected


def test_prune_dry_run_deletes_nothing(visits):
    Visit.objects.update(started_at=timezone.now() - datetime.timedelta(days=200))
    out = io.StringIO()
    call_command("prune_visits", "--older-than", "180d", "--dry-run", stdout=out)
    assert "Would delete 7 visits" in out.getvalue()
    assert Visit.objects.count() == 7


def test_the_report_is_a_fixed_number_of_queries(visits, django_assert_num_queries):
    today = timezone.localdate()
    for days in [30, 365, 3000]:
        first = today - datetime.timedelta(days=days - 1)
        report.build(visits, first, today, None)  # the first report stores the days that are over
        with django_assert_num_queries(6):
            report.build(visits, first, today, None)
        with django_assert_num_queries(4):  # each version's steps, for the CSV
            report.step_rows(visits, first, today)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_the_report_page(editor_client, visits):
    url = reverse("admin:guide_report", args=[visits.id])
    response = editor_client.get(url)
    assertContains(response, "6 visits started")
    assertContains(response, '<svg class="funnel"')
    assertContains(response, "I couldn&#x27;t find that setting")
    bad = editor_client.get(url, {"start": "2026-13-40", "end": "yesterday", "version": "x"})
    assert bad.status_code == 200


def test_the_report_page_says_how_a_step_row_adds_up(editor_client, visits):
    response = editor_client.get(reverse("admin:guide_report", args=[visits.id]))
    headers = ["Reached", "Fixed", "Went on", "Fallback", "Left", "In progress", "Answered"]
    assertContains(response, "".join(f'<th scope="col">{name}</th>' for name in headers))
    first_row = (
        '<tr><th scope="row">1. Restart</th><td>6</td><td>2</td><td>3</td><td>0</td><td>0</td>'
        "<td>1</td><td>5</td><td>40 %</td><td>0 s</td></tr>"
    )
    assertContains(response, first_row, html=True)
    assertContains(response, 'aria-describedby="steps-add-up"')
    assertContains(response, '<p class="report-note" id="steps-add-up">Each visit that reached')
    assertContains(response, '<rect class="bar-in-progress"')  # the chart's bar adds up too


def test_the_report_page_defines_fix_rate(editor_client, visits):
    response = editor_client.get(reverse("admin:guide_report", args=[visits.id]))
    assertContains(response, '<th scope="col">Fix rate</th>')
    assertContains(response, '<dt><dfn id="fix-rate">Fix rate</dfn></dt>', html=True)
    assertContains(response, "Of the visits that answered a step, the share whose answer was")


def read_csv(response):
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_the_steps_csv(editor_client, visits):
    rows = read_csv(editor_client.get(reverse("admin:guide_report_steps_csv", args=[visits.id])))
    assert list(rows[0]) == [
        "guide_slug", "version", "step_key", "step_number", "step_title", "reached", "fixed",
        "went_on", "fallback", "left", "median_seconds", "in_progress",
    ]  # fmt: skip
    by_step = {(r["version"], r["step_number"]): r for r in rows}
    assert by_step[("1", "1")]["reached"] == "5"
    assert by_step[("1", "1")]["in_progress"] == "1"  # the visit that has just started
    assert by_step[("1", "3")]["fallback"] == "1"
    assert by_step[("2", "1")]["fixed"] == "1"


def test_the_visits_csv(editor_client, visits):
    rows = read_csv(editor_client.get(reverse("admin:guide_report_visits_csv", args=[visits.id])))
    assert len(rows) == 6  # no preview
    # The same words as the steps CSV's columns and the report's.
    states = sorted(r["state"] for r in rows)
    assert states == ["fallback", "fixed", "fixed", "fixed", "in_progress", "left"]
    fixed_at = sorted(r["fixed_at_step"] for r in rows if r["state"] == "fixed")
    assert fixed_at == ["1", "1", "2"]
    assert {r["fixed_at_step"] for r in rows if r["state"] != "fixed"} == {""}


def test_the_visits_csv_adds_the_last_step_and_what_visitors_said(editor_client, visits):
    rows = read_csv(editor_client.get(reverse("admin:guide_report_visits_csv", args=[visits.id])))
    assert list(rows[0])[:8] == [
        "reference", "guide_slug", "version", "started_at", "finished_at", "state",
        "steps_walked", "fixed_at_step",
    ]  # fmt: skip
    assert list(rows[0])[8:] == [
        "last_step", "last_step_title", "feedback", "symptom", "language",
    ]  # fmt: skip
    assert {r["language"] for r in rows} == {"en"}
    by_state = {r["state"]: r for r in rows}
    assert by_state["fallback"]["last_step"] == "3"
    assert by_state["fallback"]["last_step_title"] == "Call us"
    assert by_state["fallback"]["feedback"] == "Step 3: It didn't change anything"
    assert by_state["left"]["feedback"] == "Step 1: I couldn't find that setting"
    assert by_state["in_progress"]["last_step"] == "1"
    assert by_state["in_progress"]["feedback"] == ""


def test_every_reason_and_comment_a_visit_gave_is_in_the_visits_csv(db):
    guide = published_guide("Restart", "Check storage", "Call us")
    one, two, three = live_steps(guide)
    visit = start_visit(guide)
    press(visit, one, "next", "no_change")
    Feedback.objects.filter(answer__visit=visit).update(comment="Restarted twice;\nno luck")
    press(visit, two, "next")
    Feedback.objects.create(answer=Answer.objects.last(), comment="Storage is full")
    press(visit, three, "escalate", "different")
    today = timezone.localdate()
    (row,) = report.visit_rows(guide, today, today, None)
    assert row[8:] == [
        3,
        "Call us",
        "Step 1: It didn't change anything — Restarted twice;\nno luck; "
        "Step 2: Storage is full; Step 3: The steps don't match my iPhone",
        "",  # started at step 1, with no symptom
        "en",
    ]


def test_the_visits_csv_is_a_fixed_number_of_queries(visits, django_assert_num_queries):
    today = timezone.localdate()
    with django_assert_num_queries(2):  # the answers with what was said, then the visits
        rows = list(report.visit_rows(visits, today - datetime.timedelta(days=29), today, None))
    assert len(rows) == 6


def test_the_visits_list_shows_left_visits(editor_client, visits):
    response = editor_client.get(reverse("admin:troubleshooter_visit_changelist"))
    assertContains(response, '<td class="field-state_now">Left</td>', count=1)
    assertContains(response, '<td class="field-state_now">In progress</td>', count=1)
    # One word per ending, as in the report: never "Resolved" or "Sent to fallback".
    assertContains(response, '<td class="field-state_now">Fixed</td>', count=3)
    assertContains(response, '<td class="field-state_now">Fallback</td>', count=1)


def test_the_visits_list_filters_by_each_end_state_as_the_report_names_them(editor_client, visits):
    url = reverse("admin:troubleshooter_visit_changelist")
    counts = {}
    for end in ["fixed", "fallback", "left", "in_progress"]:
        page = editor_client.get(url, {"state": end})
        counts[end] = page.context["cl"].result_count
    assert counts == {"fixed": 3, "fallback": 1, "left": 1, "in_progress": 1}
    assertContains(editor_client.get(url), "?state=left")


def test_a_visits_page_says_left_and_where_each_answer_led_in_the_reports_words(
    editor_client, visits
):
    idle_since = timezone.now() - Visit.LEFT_AFTER
    left = Visit.objects.real().get(state="in_progress", moved_at__lt=idle_since)
    page = editor_client.get(reverse("admin:troubleshooter_visit_change", args=[left.pk]))
    assertContains(page, '<div class="readonly">Left</div>', html=True)
    assertContains(page, '<td class="field-led_to"><p>Went on</p></td>', html=True)


def test_dates_outside_what_the_report_can_show_are_a_form_error_not_a_500(editor_client, visits):
    url = reverse("admin:guide_report", args=[visits.id])
    for dates in [{"end": "9999-12-31"}, {"start": "0001-01-01"}]:
        response = editor_client.get(url, dates)
        assertContains(response, "between 1 January 2000 and today")
        assertContains(response, "6 visits started")  # the last 30 days, as by default
    for csv_name in ["admin:guide_report_steps_csv", "admin:guide_report_visits_csv"]:
        refused = editor_client.get(reverse(csv_name, args=[visits.id]), {"end": "9999-12-31"})
        assertContains(refused, "between 1 January 2000 and today", status_code=400)


def test_csv_cells_that_could_run_as_formulas_are_escaped(editor_client):
    escaped = {
        '=HYPERLINK("x")': '\'=HYPERLINK("x")',
        "+1": "'+1",
        "-2": "'-2",
        "@SUM(A1)": "'@SUM(A1)",
        "\tTab": "'\tTab",
        "\rReturn": "'\rReturn",
    }
    for title, written in escaped.items():
        guide = published_guide(title)
        start_visit(guide)
        rows = read_csv(editor_client.get(reverse("admin:guide_report_steps_csv", args=[guide.id])))
        assert [(row["step_title"], row["reached"]) for row in rows] == [(written, "1")]
