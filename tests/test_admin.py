"""Support staff in the Django admin."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from tests.admin_forms import change_form_data
from tests.helpers import answer_url, not_fixed
from troubleshooter.models import Guide


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_editors_can_edit_guides_steps_and_answers(editor):
    for model in ["guide", "step", "choice", "fallbacklink"]:
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
    assertContains(response, '<td class="field-step_count">9</td>')
    assertContains(response, '<td class="field-state">Live (version 3)</td>')


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
