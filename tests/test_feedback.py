""" "What happened?" after a step didn't work, and the fallback page's handoff card."""

import pytest
import segno
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from tests.factories import draft_guide, live_steps, published_guide, start_visit
from tests.helpers import HTMX, answer_data, answer_url, not_fixed, step_url
from troubleshooter.models import Feedback, GuideVersion, Visit


@pytest.fixture
def guide(db):
    return published_guide("Restart", "Check storage", "Call us")


@pytest.fixture
def visit(guide):
    return start_visit(guide)


@pytest.fixture
def steps(guide):
    return live_steps(guide)


def feedback_url(visit):
    return reverse("troubleshooter:feedback", kwargs={"visit_id": visit.id})


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_the_next_step_asks_what_happened(client, visit, steps, headers):
    response = client.post(answer_url(visit), not_fixed(steps[0]), headers=headers)
    if not headers:
        assertRedirects(response, step_url(visit, 2), status_code=303)  # the address is unchanged
        response = client.get(step_url(visit, 2))
    assertContains(response, "What happened at step 1?")
    assertContains(response, f'action="{feedback_url(visit)}"')
    assertContains(response, f'name="tried_step" value="{steps[0].key}"')
    for reason in Feedback.Reason.labels:
        assertContains(response, reason.replace("'", "&#x27;"))
    assertContains(response, "Check storage")  # the next step is right there
    # The step comes first; the question is a closed line after it, reasons not
    # styled as the answer buttons.
    html = response.content.decode()
    question, answers = html.index("What happened"), html.index('class="answers"')
    assert html.index("Check storage</h1>") < question < answers
    assertContains(response, '<details class="feedback-ask">')
    assertContains(response, 'class="chip"', count=len(Feedback.Reason.labels) + 1)


def test_no_question_after_fixed_or_before_any_answer(client, visit, steps):
    assertNotContains(client.get(step_url(visit, 1)), "What happened")
    client.post(answer_url(visit), answer_data(steps[0], "resolved"), follow=True)
    response = client.get(visit.get_absolute_url(), follow=True)
    assertNotContains(response, "What happened")


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_one_tap_records_the_reason(client, visit, steps, headers):
    client.post(answer_url(visit), not_fixed(steps[0]))
    data = {"tried_step": steps[0].key, "reason": "not_found", "comment": "  No such switch  "}
    response = client.post(feedback_url(visit), data, headers=headers)
    if headers:
        assert response.status_code == 200
        assertContains(response, "Thanks")
        assertNotContains(response, "<html")
    else:
        thanked = f"{step_url(visit, 2)}?said=1"
        assertRedirects(response, thanked, status_code=303, fetch_redirect_response=False)
        page = client.get(thanked)
        assertContains(page, '<p class="notice">Thanks: that helps us improve step 1.</p>')
    feedback = Feedback.objects.get()
    assert (feedback.reason, feedback.comment) == ("not_found", "No such switch")
    assert feedback.answer.step_key == steps[0].key
    # Answered, the question is no longer offered.
    assertNotContains(client.get(step_url(visit, 2)), "What happened")


@pytest.mark.parametrize(
    "said", ["", "0", "4", "-1", "x", "01", "²", "\u0661", "99999999999999999999", "9" * 5000]
)
def test_a_step_page_thanks_only_for_a_step_the_guide_has(client, visit, steps, said):
    client.post(answer_url(visit), not_fixed(steps[0]))
    page = client.get(step_url(visit, 2), {"said": said})
    assert page.status_code == 200
    assertNotContains(page, "Thanks: that helps us")


def test_the_fallback_page_thanks_for_what_was_said_without_javascript(client, visit, steps):
    for step in steps:
        client.post(answer_url(visit), not_fixed(step))
    data = {"tried_step": steps[2].key, "reason": "no_change"}
    response = client.post(feedback_url(visit), data)
    more_help = reverse("troubleshooter:more_help", kwargs={"visit_id": visit.id})
    assert response["Location"] == f"{more_help}?said=3"
    assertContains(client.get(response["Location"]), "Thanks: that helps us improve step 3.")


def test_answering_twice_counts_once(client, visit, steps):
    client.post(answer_url(visit), not_fixed(steps[0]))
    for reason in ["not_found", "no_change"]:
        client.post(feedback_url(visit), {"tried_step": steps[0].key, "reason": reason})
    assert Feedback.objects.count() == 1
    assert Feedback.objects.get().reason == "no_change"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reason": "because"}, "Choose one of the reasons offered"),
        ({"comment": "x" * 501}, "Keep the comment to 500 characters or fewer; it has 501."),
        ({}, "Choose a reason or write a comment"),
    ],
    ids=["unknown-reason", "overlong", "empty"],
)
def test_bad_feedback_is_refused_in_plain_words(client, visit, steps, data, message):
    client.post(answer_url(visit), not_fixed(steps[0]))
    response = client.post(feedback_url(visit), {"tried_step": steps[0].key, **data})
    assert response.status_code == 400
    assertContains(response, message, status_code=400)
    htmx = client.post(feedback_url(visit), {"tried_step": steps[0].key, **data}, headers=HTMX)
    assertContains(htmx, message)  # the question again, open, with the message
    assertContains(htmx, '<details class="feedback-ask" open>')
    assert not Feedback.objects.exists()


def test_feedback_for_a_step_not_answered_in_this_visit_is_404(client, guide, visit, steps):
    other = start_visit(guide)
    client.post(answer_url(other), not_fixed(steps[0]))
    response = client.post(feedback_url(visit), {"tried_step": steps[0].key, "reason": "no_change"})
    assert response.status_code == 404
    assert not Feedback.objects.exists()


def test_comments_are_escaped(client, visit, steps, editor):
    client.post(answer_url(visit), not_fixed(steps[0]))
    client.post(
        feedback_url(visit), {"tried_step": steps[0].key, "comment": "<script>x()</script>"}
    )
    client.force_login(editor)
    page = client.get(reverse("admin:troubleshooter_visit_change", args=[visit.id]))
    assertContains(page, "&lt;script&gt;x()&lt;/script&gt;")
    assertNotContains(page, "<script>x()")


def walk_to_fallback(client, visit, steps):
    for step in steps:
        client.post(answer_url(visit), not_fixed(step))
    client.post(feedback_url(visit), {"tried_step": steps[2].key, "reason": "different"})
    return client.get(reverse("troubleshooter:more_help", kwargs={"visit_id": visit.id}))


def test_the_fallback_card_has_code_version_steps_reasons_date_and_qr(client, visit, steps):
    response = walk_to_fallback(client, visit, steps)
    visit.refresh_from_db()
    assertContains(response, visit.reference)
    assertContains(response, "(version 1)")
    assertContains(response, "Call us")
    assertContains(response, "The steps don&#x27;t match my iPhone")
    assertContains(response, visit.finished_at.strftime("%-d %B %Y"))
    assertContains(response, "Print or save as PDF")
    staff_url = f"http://testserver/desk/{visit.reference}/"
    expected = segno.make(staff_url, error="m").svg_inline(
        scale=4, omitsize=True, svgclass="qr-code", lineclass="qr-line", title="QR code"
    )
    assertContains(response, expected)


def test_the_staff_page_replays_the_visit(client, visit, steps, editor):
    walk_to_fallback(client, visit, steps)
    client.force_login(editor)
    page = client.get(reverse("admin:troubleshooter_visit_change", args=[visit.id]))
    assertContains(page, "Replayed on version 1, as the visitor saw it")
    for step in steps:
        assertContains(page, step.title)
    assertContains(page, "The steps don&#x27;t match my iPhone")
    assertContains(page, "Ended on the fallback page")


def test_the_staff_page_lists_every_answer_with_those_off_the_path(client, visit, steps, editor):
    client.post(answer_url(visit), not_fixed(steps[0]))
    client.post(answer_url(visit), not_fixed(steps[1]))
    client.post(answer_url(visit), answer_data(steps[0], "resolved"))  # back on step 1
    client.force_login(editor)
    page = client.get(reverse("admin:troubleshooter_visit_change", args=[visit.id]))
    replay, answers = page.content.decode().split('id="answers-group"')
    assert steps[1].title not in replay  # the path that stands ends at step 1
    assert answers.count('<td class="field-step_title">') == 3
    assert steps[1].title in answers
    columns = {
        "answered_at": "Answered at", "step_of_the_guide": "Step of the guide",
        "step_title": "Step title", "choice_label": "Choice label", "led_to": "Led to",
    }  # fmt: skip
    cells = "".join(f'<th scope="col" class="column-{k}">{v}</th>' for k, v in columns.items())
    assertContains(page, f"<thead><tr>{cells}</tr></thead>", html=True)  # no empty header


def visit_page(client, visit):
    return client.get(reverse("admin:troubleshooter_visit_change", args=[visit.id]))


def test_the_staff_page_of_a_visit_says_a_visitor_walked_it(client, visit, editor):
    client.force_login(editor)
    page = visit_page(client, visit)
    assertContains(page, '<div class="readonly">Visitor&#x27;s visit</div>', html=True)
    text = page.content.decode().lower()
    assert "preview" not in text
    assert "draft" not in text


def test_the_staff_page_of_a_preview_says_staff_walked_the_draft(client, guide, editor):
    draft = GuideVersion.objects.compiled(guide.preview_version().id)
    preview = Visit.objects.start(draft, guide.id, is_preview=True)
    client.force_login(editor)
    page = visit_page(client, preview)
    assertContains(page, "Staff preview of the draft, replayed")
    readonly = "Staff preview of the draft: never counted in the report"
    assertContains(page, f'<div class="readonly">{readonly}</div>', html=True)
    assertNotContains(page, "Replayed on version")


def test_each_replayed_step_has_the_instructions_of_its_version_collapsed(client, editor, db):
    guide = draft_guide("Restart", "Call us")
    first = guide.steps.get(position=1)
    first.body, first.where_to_tap = "Hold the **side button**.", "Settings > General"
    first.save()
    guide.publish()
    visit = start_visit(guide)
    client.post(answer_url(visit), not_fixed(live_steps(guide)[0]))
    first.body = "Newer wording"
    first.save()
    guide.publish()
    client.force_login(editor)
    page = visit_page(client, visit)
    instructions = """<details><summary>Instructions shown at step 1</summary>
        <p class="replay-tap-path">Where to tap: Settings &rsaquo; General</p>
        <div class="replay-body"><p>Hold the <strong>side button</strong>.</p></div></details>"""
    assertContains(page, instructions, html=True)  # the HTML stored in version 1, closed
    assertContains(page, "<summary>Instructions shown at step 2</summary>", html=True)
    assertNotContains(page, "Newer wording")


def test_explaining_an_earlier_step_leaves_the_open_question(client, visit, steps):
    client.post(answer_url(visit), not_fixed(steps[0]))
    client.post(answer_url(visit), not_fixed(steps[1]))
    client.post(feedback_url(visit), {"tried_step": steps[0].key, "reason": "no_change"})
    assertContains(client.get(step_url(visit, 3)), "What happened at step 2?")
