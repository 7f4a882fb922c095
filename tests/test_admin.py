"""Support staff in the Django admin."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from tests.admin_forms import change_form_data
from tests.helpers import answer_url, not_fixed
from troubleshooter.models import Guide, Step


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_editors_can_edit_guides_steps_and_answers(editor):
    for model in ["guide", "step", "choice"]:
        for action in ["add", "change", "delete", "view"]:
            assert editor.has_perm(f"troubleshooter.{action}_{model}")


def test_editors_can_only_view_visits(editor):
    assert editor.has_perm("troubleshooter.view_visit")
    assert editor.has_perm("troubleshooter.view_answer")
    assert not editor.has_perm("troubleshooter.change_visit")
    assert not editor.has_perm("troubleshooter.delete_visit")
    assert not editor.has_perm("troubleshooter.change_answer")


@pytest.mark.parametrize(
    "path", ["/admin/auth/user/", "/admin/auth/group/", "/admin/auth/user/add/"]
)
def test_editors_cannot_manage_users_or_groups(editor_client, path):
    assert editor_client.get(path).status_code == 403


def test_guide_list_shows_step_count_and_state(editor_client, guide):
    response = editor_client.get(reverse("admin:troubleshooter_guide_changelist"))
    assertContains(response, guide.title.replace("'", "&#x27;"))
    assertContains(response, '<td class="field-step_count">7</td>')
    assertContains(response, '<td class="field-state">Live (version 1)</td>')


def test_guide_page_has_steps_inline_in_order_and_view_on_site(editor_client, guide):
    response = editor_client.get(reverse("admin:troubleshooter_guide_change", args=[guide.id]))
    formset = response.context["inline_admin_formsets"][0].formset
    assert [form.instance.position for form in formset.forms] == [1, 2, 3, 4, 5, 6, 7]
    assert formset.extra == 0
    assertContains(response, "Markdown:")
    assertContains(response, f'href="{guide.get_absolute_url()}" class="viewsitelink"')


def test_editors_can_swap_two_steps_in_one_save(editor_client, guide):
    url = reverse("admin:troubleshooter_guide_change", args=[guide.id])
    data = change_form_data(editor_client.get(url))
    data["steps-0-position"], data["steps-1-position"] = "2", "1"
    data["steps-2-title"] = "Check how much iCloud storage is left"
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    titles = list(guide.steps.values_list("title", flat=True))
    assert titles[:3] == [
        "Make sure your iPhone is online",
        "Check your Apple ID and the iCloud Photos switch",
        "Check how much iCloud storage is left",
    ]


def test_two_steps_in_one_place_is_a_form_error(editor_client, guide):
    url = reverse("admin:troubleshooter_guide_change", args=[guide.id])
    data = change_form_data(editor_client.get(url))
    data["steps-1-position"] = "1"
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assertContains(response, "Please correct the duplicate data for position.")
    assert list(guide.steps.values_list("position", flat=True)) == [1, 2, 3, 4, 5, 6, 7]


def test_deleting_a_step_and_reusing_its_place(editor_client, guide):
    url = reverse("admin:troubleshooter_guide_change", args=[guide.id])
    data = change_form_data(editor_client.get(url))
    data["steps-0-DELETE"] = "on"
    data["steps-1-position"] = "1"
    response = editor_client.post(url, data)
    assert response.status_code == 302
    assert guide.steps.first().title == "Make sure your iPhone is online"
    assert guide.steps.count() == 6


def test_a_new_step_gets_rendered_markdown_and_both_answers(editor_client, guide):
    response = editor_client.post(
        reverse("admin:troubleshooter_step_add"),
        {
            "guide": guide.id,
            "position": 8,
            "title": "Sign out of iCloud",
            "where_to_tap": "",
            "body": "Sign out, then **sign back in**. <script>alert(1)</script>",
            "choices-TOTAL_FORMS": 0,
            "choices-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302
    step = Step.objects.get(title="Sign out of iCloud")
    assert "<strong>sign back in</strong>" in step.body_html
    assert "<script>" not in step.body_html
    assert [c.outcome for c in step.choices.all()] == ["resolved", "next"]


def test_a_step_keeps_at_least_one_answer(editor_client, guide):
    step = guide.steps.first()
    url = reverse("admin:troubleshooter_step_change", args=[step.id])
    data = change_form_data(editor_client.get(url))
    data["choices-1-DELETE"] = "on"
    assert editor_client.post(url, data).status_code == 302
    assert step.choices.count() == 1
    data = change_form_data(editor_client.get(url))
    data["choices-0-DELETE"] = "on"
    response = editor_client.post(url, data)
    assertContains(response, "Give the step at least one answer button")
    assert step.choices.count() == 1


def test_editors_can_add_an_answer_that_escalates(editor_client, guide):
    step = guide.steps.first()
    url = reverse("admin:troubleshooter_step_change", args=[step.id])
    data = change_form_data(editor_client.get(url))
    data.update(
        {
            "choices-TOTAL_FORMS": 3,
            "choices-2-position": 3,
            "choices-2-label": "My iPhone is damaged",
            "choices-2-outcome": "escalate",
            "choices-2-step": step.id,
        }
    )
    assert editor_client.post(url, data).status_code == 302
    outcomes = [c["outcome"] for c in guide.draft_content()["steps"][0]["choices"]]
    assert outcomes == ["resolved", "next", "escalate"]


def test_fallback_links_must_have_text_and_an_address(editor_client, guide):
    url = reverse("admin:troubleshooter_guide_change", args=[guide.id])
    data = change_form_data(editor_client.get(url))
    data["fallback_links"] = "https://example.com/no-label\nLabel only"
    response = editor_client.post(url, data)
    assertContains(response, "needs button text, then an address")
    guide.refresh_from_db()
    assert "geniusbar" in guide.fallback_links


@pytest.fixture
def escalated_visit(client, visit, steps):
    for step in steps:
        client.post(answer_url(visit), not_fixed(step))
    visit.refresh_from_db()
    return visit


@pytest.mark.parametrize("typed", ["exact", "lower, no dash"])
def test_visits_are_found_by_reference_code(editor_client, escalated_visit, typed):
    code = escalated_visit.reference
    query = code if typed == "exact" else code.replace("-", "").lower()
    response = editor_client.get(reverse("admin:troubleshooter_visit_changelist"), {"q": query})
    assertContains(response, code)
    assert response.context["cl"].result_count == 1


def test_visit_page_is_read_only_and_lists_answers_in_order(editor_client, escalated_visit, steps):
    url = reverse("admin:troubleshooter_visit_change", args=[escalated_visit.id])
    response = editor_client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    content = content[content.index('id="answers-group"') :]
    positions = [content.index(step.title.replace("'", "&#x27;")) for step in steps]
    assert positions == sorted(positions)
    assertNotContains(response, 'name="_save"')
    assert editor_client.post(url, {}).status_code == 403


def test_editors_cannot_add_visits(editor_client, db):
    assert editor_client.get(reverse("admin:troubleshooter_visit_add")).status_code == 403


def test_length_limits_are_shown_and_longer_text_is_refused_not_cut(editor_client, guide):
    url = reverse("admin:troubleshooter_guide_change", args=[guide.id])
    page = editor_client.get(url)
    assertNotContains(page, 'maxlength="200"')
    assertContains(page, "Up to 200 characters.")
    data = change_form_data(page)
    data["title"] = "x" * 5000
    response = editor_client.post(url, data)
    assertContains(response, "Ensure this value has at most 200 characters (it has 5000).")
    assert Guide.objects.get(pk=guide.pk).title == guide.title
