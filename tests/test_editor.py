"""Editing a guide on one page: steps in the order they are dragged to, their answers
with where each leads, and the fallback buttons as rows."""

import pytest
from django.urls import NoReverseMatch, reverse
from pytest_django.asserts import assertContains, assertNotContains

from tests.admin_forms import change_form_data
from tests.factories import draft_guide
from troubleshooter.models import Choice, FallbackLink, Step


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def draft(db):
    return draft_guide("Restart", "Check storage", "Check Wi-Fi")


def change_url(guide):
    return reverse("admin:troubleshooter_guide_change", args=[guide.id])


def titles(guide):
    return [step.title for step in guide.draft_steps()]


def test_steps_and_their_answers_are_on_the_guide_page(editor_client, draft):
    response = editor_client.get(change_url(draft))
    formset = response.context["inline_admin_formsets"][0].formset
    assert [form.instance.title for form in formset.forms] == titles(draft)
    answers = formset.forms[0].nested_formsets[0]
    assert [form.instance.label for form in answers.forms] == [
        "Yes, it's fixed",
        "No, still not working",
    ]
    # Positions are set by dragging, never typed.
    assertContains(response, 'name="steps-0-position"')
    assertNotContains(response, 'type="number" name="steps-0-position"')
    assertContains(response, "djn-drag-handler")
    assertContains(response, "Step 3: Check Wi-Fi")


def step_heading(number: int, title: str) -> str:
    return f'<span class="step-number">{number}</span>:</b>&nbsp;<span class="inline_label">{title}'


def test_each_step_heading_shows_its_number(editor_client, draft):
    response = editor_client.get(change_url(draft))
    for number, title in enumerate(titles(draft), start=1):
        assertContains(response, step_heading(number, title))


def test_step_headings_follow_the_order_sent_when_a_save_is_refused(editor_client, draft):
    data = change_form_data(editor_client.get(change_url(draft)))
    data["steps-0-position"], data["steps-1-position"], data["steps-2-position"] = "2", "1", "0"
    data["steps-1-body"] = ""
    response = editor_client.post(change_url(draft), data)
    assert response.status_code == 200
    assertContains(response, step_heading(1, "Check Wi-Fi"))
    assertContains(response, step_heading(3, "Restart"))


def test_reordering_saves_the_order_sent(editor_client, draft):
    data = change_form_data(editor_client.get(change_url(draft)))
    data["steps-0-position"], data["steps-1-position"], data["steps-2-position"] = "2", "1", "0"
    response = editor_client.post(change_url(draft), data)
    assert response.status_code == 302, response.context["errors"]
    assert titles(draft) == ["Check Wi-Fi", "Check storage", "Restart"]


@pytest.mark.parametrize("positions", [("1", "1", "1"), ("x", "", "-3")])
def test_positions_repeated_or_not_numbers_keep_the_order_given(editor_client, draft, positions):
    data = change_form_data(editor_client.get(change_url(draft)))
    for index, position in enumerate(positions):
        data[f"steps-{index}-position"] = position
    response = editor_client.post(change_url(draft), data)
    assert response.status_code == 302
    assert titles(draft) == ["Restart", "Check storage", "Check Wi-Fi"]


NEW_STEP_NOTE = "Steps you add appear under “Leads to” once you save"


def test_on_a_new_guide_each_step_says_to_save_before_leading_to_it(editor_client):
    response = editor_client.get(reverse("admin:troubleshooter_guide_add"))
    formset = response.context["inline_admin_formsets"][0].formset
    # Only the blank step that "Add another Step" copies: no step is on the page yet.
    assert formset.forms == []
    assertContains(response, NEW_STEP_NOTE, count=1)


def add_step(data, title, position, answers=()):
    index = int(data["steps-TOTAL_FORMS"])
    prefix = f"steps-{index}"
    data.update(
        {
            "steps-TOTAL_FORMS": str(index + 1),
            f"{prefix}-position": str(position),
            f"{prefix}-title": title,
            f"{prefix}-where_to_tap": "",
            f"{prefix}-body": "Sign out, then **sign back in**.",
            f"{prefix}-choices-TOTAL_FORMS": str(len(answers)),
            f"{prefix}-choices-INITIAL_FORMS": "0",
        }
    )
    for n, (label, leads_to) in enumerate(answers):
        data[f"{prefix}-choices-{n}-position"] = str(n)
        data[f"{prefix}-choices-{n}-label"] = label
        data[f"{prefix}-choices-{n}-leads_to"] = leads_to


def test_inserting_a_step_between_two_needs_no_renumbering(editor_client, draft):
    data = change_form_data(editor_client.get(change_url(draft)))
    data["steps-1-position"], data["steps-2-position"] = "2", "3"
    add_step(data, "Sign out of iCloud", 1)
    response = editor_client.post(change_url(draft), data)
    assert response.status_code == 302, response.context["errors"]
    assert titles(draft) == ["Restart", "Sign out of iCloud", "Check storage", "Check Wi-Fi"]
    new = Step.objects.get(title="Sign out of iCloud")
    assert "<strong>sign back in</strong>" in new.body_html
    assert [(c.label, c.outcome) for c in new.choices.all()] == [
        ("Yes, it's fixed", "resolved"),
        ("No, still not working", "next"),
    ]


def test_a_new_step_sent_back_with_an_error_says_to_save_before_leading_to_it(editor_client, draft):
    page = editor_client.get(change_url(draft))
    assertContains(page, NEW_STEP_NOTE, count=1)  # in the blank step "Add another" copies
    data = change_form_data(page)
    add_step(data, "Sign out of iCloud", 3)
    data["steps-0-body"] = ""
    response = editor_client.post(change_url(draft), data)
    assert response.status_code == 200
    assertContains(response, NEW_STEP_NOTE, count=2)


def test_a_new_step_can_come_with_its_own_answers(editor_client, draft):
    data = change_form_data(editor_client.get(change_url(draft)))
    add_step(data, "Last resort", 3, [("It works now", "resolved"), ("Still broken", "escalate")])
    assert editor_client.post(change_url(draft), data).status_code == 302
    new = Step.objects.get(title="Last resort")
    assert [(c.label, c.outcome) for c in new.choices.all()] == [
        ("It works now", "resolved"),
        ("Still broken", "escalate"),
    ]


def test_an_answer_can_lead_to_any_step(editor_client, draft):
    third = draft.draft_steps()[2]
    data = change_form_data(editor_client.get(change_url(draft)))
    data["steps-0-choices-1-leads_to"] = f"step:{third.key}"
    data["steps-1-choices-1-leads_to"] = "escalate"
    assert editor_client.post(change_url(draft), data).status_code == 302
    steps = draft.draft_content()["steps"]
    assert (steps[0]["choices"][1]["outcome"], steps[0]["choices"][1]["next_step"]) == (
        "next",
        third.key,
    )
    assert steps[1]["choices"][1]["outcome"] == "escalate"
    page = editor_client.get(change_url(draft))
    assertContains(page, f'<option value="step:{third.key}" selected>Step 3: Check Wi-Fi</option>')


def test_an_answer_to_a_deleted_step_says_so_in_the_list(editor_client, draft):
    first, _, third = draft.draft_steps()
    first.choices.filter(outcome="next").update(target_key=third.key)
    third.delete()
    page = editor_client.get(change_url(draft))
    assertContains(page, f'<option value="step:{third.key}" selected>A deleted step</option>')


def test_an_unknown_destination_is_a_form_error(editor_client, draft):
    data = change_form_data(editor_client.get(change_url(draft)))
    data["steps-0-choices-1-leads_to"] = "step:nope"
    response = editor_client.post(change_url(draft), data)
    assert response.status_code == 200
    assertContains(response, "Select a valid choice.")


def test_a_step_keeps_at_least_one_answer(editor_client, draft):
    data = change_form_data(editor_client.get(change_url(draft)))
    data["steps-0-choices-0-DELETE"] = "on"
    data["steps-0-choices-1-DELETE"] = "on"
    response = editor_client.post(change_url(draft), data)
    assertContains(response, "Give the step at least one answer button")
    assert draft.draft_steps()[0].choices.count() == 2


def test_answers_are_renamed_reordered_and_added(editor_client, draft):
    data = change_form_data(editor_client.get(change_url(draft)))
    data["steps-0-choices-0-position"], data["steps-0-choices-1-position"] = "1", "0"
    data["steps-0-choices-1-label"] = "No, it's still stuck"
    data.update(
        {
            "steps-0-choices-TOTAL_FORMS": "3",
            "steps-0-choices-2-position": "2",
            "steps-0-choices-2-label": "My iPhone is damaged",
            "steps-0-choices-2-leads_to": "escalate",
        }
    )
    assert editor_client.post(change_url(draft), data).status_code == 302
    labels = [c["label"] for c in draft.draft_content()["steps"][0]["choices"]]
    assert labels == ["No, it's still stuck", "Yes, it's fixed", "My iPhone is damaged"]


def link_rows(data, *rows):
    data["links-TOTAL_FORMS"] = str(len(rows))
    data["links-INITIAL_FORMS"] = "0"
    for n, (label, url) in enumerate(rows):
        data.update(
            {f"links-{n}-position": str(n), f"links-{n}-label": label, f"links-{n}-url": url}
        )


@pytest.fixture
def no_links(db):
    return draft_guide("Restart", links=[])


def test_fallback_buttons_are_rows(editor_client, no_links):
    data = change_form_data(editor_client.get(change_url(no_links)))
    link_rows(data, ("Book a visit", "https://example.com/book"), ("Call", "https://example.com/c"))
    assert editor_client.post(change_url(no_links), data).status_code == 302
    assert no_links.draft_content()["fallback"]["links"] == [
        {"label": "Book a visit", "url": "https://example.com/book"},
        {"label": "Call", "url": "https://example.com/c"},
    ]


@pytest.mark.parametrize(
    "url", ["http://example.com/", "javascript:alert(1)", "example.com/book", "https://"]
)
def test_a_fallback_button_needs_an_https_address(editor_client, no_links, url):
    data = change_form_data(editor_client.get(change_url(no_links)))
    link_rows(data, ("Book a visit", url))
    response = editor_client.post(change_url(no_links), data)
    assert response.status_code == 200
    assertContains(response, "Enter a whole web address starting with https://")
    assert not FallbackLink.objects.filter(guide=no_links).exists()


def test_a_fallback_button_needs_its_text(editor_client, no_links):
    data = change_form_data(editor_client.get(change_url(no_links)))
    link_rows(data, ("", "https://example.com/book"))
    response = editor_client.post(change_url(no_links), data)
    assertContains(response, "This field is required.")


def test_a_taken_address_is_a_plain_error(editor_client, draft):
    other = draft_guide("One")
    data = change_form_data(editor_client.get(change_url(draft)))
    data["slug"] = other.slug
    response = editor_client.post(change_url(draft), data)
    assertContains(response, "Another guide already has this address. Choose another.")


def test_a_long_step_title_is_refused_with_its_limit(editor_client, draft):
    data = change_form_data(editor_client.get(change_url(draft)))
    data["steps-0-title"] = "x" * 5000
    response = editor_client.post(change_url(draft), data)
    assertContains(response, "Ensure this value has at most 200 characters (it has 5000).")
    assert titles(draft)[0] == "Restart"


def test_the_editor_page_has_no_step_admin_of_its_own(editor_client, draft):
    assert Choice.objects.filter(step__guide=draft).count() == 6
    with pytest.raises(NoReverseMatch):
        reverse("admin:troubleshooter_step_changelist")


def test_deleting_a_step_deletes_its_answers(editor_client, draft):
    deleted = draft.draft_steps()[1]
    data = change_form_data(editor_client.get(change_url(draft)))
    data["steps-1-DELETE"] = "on"
    assert editor_client.post(change_url(draft), data).status_code == 302
    assert titles(draft) == ["Restart", "Check Wi-Fi"]
    assert not Choice.objects.filter(step_id=deleted.id).exists()
