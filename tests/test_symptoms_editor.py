"""Symptoms edited on the guide's page, published with its version, compared, merged
and restored with the draft."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from tests.admin_forms import change_form_data
from tests.factories import draft_guide, give_symptoms, published_guide
from tests.test_stale_saves import refused_save
from tests.test_team_editing import change_url
from troubleshooter.admin.forms import SymptomForm
from troubleshooter.models import Guide, PublishRefused


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def draft(db):
    return draft_guide("Restart", "Check storage", "Check Wi-Fi")


def step_keys(guide: Guide) -> list[str]:
    return [step.key for step in guide.draft_steps()]


def with_new_symptom(data: dict, text: str, leads_to: str) -> dict:
    """The form data with one more symptom row, added at the end."""
    index = int(data["symptoms-TOTAL_FORMS"])
    return {
        **data,
        "symptoms-TOTAL_FORMS": str(index + 1),
        f"symptoms-{index}-position": str(index),
        f"symptoms-{index}-text": text,
        f"symptoms-{index}-leads_to": leads_to,
    }


def symptoms_of(guide: Guide) -> list[tuple[str, str]]:
    return [(s.text, s.step_key) for s in Guide.objects.get(pk=guide.pk).symptoms.all()]


def test_symptoms_are_on_the_guide_page_with_the_drafts_steps_to_choose(editor_client, draft):
    give_symptoms(draft, ("Storage is full", 2))
    response = editor_client.get(change_url(draft))
    assertContains(response, "Symptoms: what the visitor sees")
    assertContains(response, "None of these: start at step 1")
    assertContains(response, "Up to 120 characters.")
    assertContains(response, 'value="Storage is full"')
    form = response.context["inline_admin_formsets"][2].formset.forms[0]
    key = step_keys(draft)[1]
    assert form["leads_to"].value() == key
    assertContains(response, f'<option value="{key}" selected>Step 2: Check storage</option>')
    assertContains(response, '<option value="">Choose a step</option>')


def test_a_symptom_added_on_the_page_is_saved_leading_to_the_chosen_step(editor_client, draft):
    data = change_form_data(editor_client.get(change_url(draft)))
    key = step_keys(draft)[2]
    response = editor_client.post(change_url(draft), with_new_symptom(data, "No Wi-Fi", key))
    assert response.status_code == 302
    assert symptoms_of(draft) == [("No Wi-Fi", key)]
    symptom = draft.symptoms.get()
    assert len(symptom.key) == 10
    expected = [{"key": symptom.key, "text": "No Wi-Fi", "step": key}]
    assert draft.draft_content()["symptoms"] == expected
    assert draft.latest_revision().content["symptoms"][0]["text"] == "No Wi-Fi"


def test_reordering_symptoms_saves_the_order_sent(editor_client, draft):
    give_symptoms(draft, ("First thing", 1), ("Second thing", 2), ("Third thing", 3))
    data = change_form_data(editor_client.get(change_url(draft)))
    data["symptoms-0-position"], data["symptoms-2-position"] = "2", "0"
    assert editor_client.post(change_url(draft), data).status_code == 302
    texts = [text for text, _ in symptoms_of(draft)]
    assert texts == ["Third thing", "Second thing", "First thing"]


def test_a_symptom_leading_to_a_step_that_no_longer_exists_is_refused_as_typed(
    editor_client, draft
):
    give_symptoms(draft, ("Storage is full", 2))
    draft.steps.filter(title="Check storage").delete()
    page = editor_client.get(change_url(draft))
    assertContains(page, "A deleted step</option>")
    data = change_form_data(page)
    data["symptoms-0-text"] = "iCloud storage is full"
    response = editor_client.post(change_url(draft), data)
    assert response.status_code == 200
    assertContains(response, SymptomForm.NO_SUCH_STEP)
    assertContains(response, 'value="iCloud storage is full"')
    assert symptoms_of(draft)[0][0] == "Storage is full"


def test_a_step_deleted_after_the_page_was_loaded_is_refused_for_a_new_symptom(
    editor_client, draft
):
    data = change_form_data(editor_client.get(change_url(draft)))
    key = step_keys(draft)[1]
    draft.steps.filter(key=key).delete()
    response = editor_client.post(change_url(draft), with_new_symptom(data, "Storage full", key))
    assert response.status_code == 200
    assertContains(response, SymptomForm.NO_SUCH_STEP)
    assert not draft.symptoms.exists()


def test_a_symptom_needs_a_step(editor_client, draft):
    data = change_form_data(editor_client.get(change_url(draft)))
    response = editor_client.post(change_url(draft), with_new_symptom(data, "Storage full", ""))
    assertContains(response, "Choose the step this symptom leads to.")
    assert not draft.symptoms.exists()


def test_too_long_text_is_refused_and_kept_as_typed(editor_client, draft):
    data = change_form_data(editor_client.get(change_url(draft)))
    text = "My photos " + "x" * 111
    response = editor_client.post(
        change_url(draft), with_new_symptom(data, text, step_keys(draft)[0])
    )
    assert response.status_code == 200
    assertContains(response, "Ensure this value has at most 120 characters (it has 121).")
    assertContains(response, f'value="{text}"')
    assertNotContains(response, 'maxlength="120"')
    assert not draft.symptoms.exists()


def test_two_symptoms_reading_the_same_are_refused(editor_client, draft):
    give_symptoms(draft, ("Storage is full", 2))
    data = change_form_data(editor_client.get(change_url(draft)))
    data = with_new_symptom(data, " storage IS full", step_keys(draft)[0])
    response = editor_client.post(change_url(draft), data)
    assert response.status_code == 200
    assertContains(response, "Another symptom reads the same")
    assert len(symptoms_of(draft)) == 1


def test_a_deleted_symptom_is_gone_from_the_draft(editor_client, draft):
    give_symptoms(draft, ("Storage is full", 2), ("No Wi-Fi", 3))
    data = change_form_data(editor_client.get(change_url(draft)))
    data["symptoms-0-DELETE"] = "on"
    assert editor_client.post(change_url(draft), data).status_code == 302
    assert [text for text, _ in symptoms_of(draft)] == ["No Wi-Fi"]


def test_a_live_symptom_shows_the_address_to_share_and_a_new_one_says_once_published(
    editor_client, guide
):
    give_symptoms(guide, ("Photos app crashes", 1))
    page = editor_client.get(change_url(guide))
    address = "http://testserver/guides/icloud-photos-not-syncing/?symptom=5f1c0e2a9b"
    assertContains(page, f'<a href="{address}">{address}</a>')
    not_yet = '<span class="column-label">Address to share</span>Once published'
    assertContains(page, not_yet, count=2)  # the new row, and the empty form for another


# Publishing, comparing, merging and restoring


def test_publish_freezes_the_symptoms_into_the_version(db):
    guide = draft_guide("Restart", "Check storage")
    [symptom] = give_symptoms(guide, ("Storage is full", 2))
    version = guide.publish()
    assert version.content["symptoms"] == [
        {"key": symptom.key, "text": "Storage is full", "step": step_keys(guide)[1]}
    ]
    assert guide.state == "Live (version 1)"
    give_symptoms(guide, ("No Wi-Fi", 1))
    assert guide.state == "Live (version 1), draft has unpublished changes"


def test_publish_refuses_a_symptom_leading_to_a_deleted_step(editor_client, draft):
    give_symptoms(draft, ("Storage is full", 2))
    draft.steps.filter(title="Check storage").delete()
    with pytest.raises(PublishRefused) as refused:
        draft.publish()
    assert [str(p) for p in refused.value.problems] == [
        "The symptom “Storage is full” leads to a step that no longer exists. Choose the step "
        "it leads to."
    ]
    page = editor_client.get(f"/admin/troubleshooter/guide/{draft.pk}/publish/")
    assertContains(page, "The symptom “Storage is full” leads to a step that no longer exists.")


def test_compare_shows_symptoms_added_changed_and_removed(editor_client, db):
    guide = published_guide("Restart", "Check storage")
    full, wifi = give_symptoms(guide, ("Storage is full", 2), ("No Wi-Fi", 1))
    guide.publish()
    full.text = "iCloud storage is full"
    full.save()
    wifi.delete()
    give_symptoms(guide, ("Photos missing", 1))
    page = editor_client.get(f"/admin/troubleshooter/guide/{guide.pk}/compare/?from=live&to=draft")
    assertContains(page, "<h2>Symptoms</h2>")
    assertContains(page, "Symptom “iCloud storage is full”</strong>")
    assertContains(page, "<del>Storage </del><ins>iCloud storage </ins>is full")
    status = '</strong>\n      <span class="step-status">'
    assertContains(page, f"Symptom “Photos missing”{status}added")
    assertContains(page, f"Symptom “No Wi-Fi”{status}removed")


def test_restoring_a_version_brings_back_its_symptoms_under_their_keys(editor_client, db):
    guide = published_guide("Restart", "Check storage")
    [full] = give_symptoms(guide, ("Storage is full", 2))
    guide.publish()
    guide.symptoms.all().delete()
    give_symptoms(guide, ("Something else", 1))
    editor_client.post(f"/admin/troubleshooter/guide/{guide.pk}/versions/2/restore/")
    assert [(s.key, s.text, s.position) for s in guide.symptoms.all()] == [
        (full.key, "Storage is full", 0)
    ]
    assert guide.draft_content() == guide.versions.get(number=2).content
    editor_client.post(f"/admin/troubleshooter/guide/{guide.pk}/versions/1/restore/")
    assert not guide.symptoms.exists()  # version 1 had none


def test_restoring_a_version_from_before_symptoms_leaves_none(guide):
    guide.restore_draft(guide.versions.get(number=2).content)
    assert not guide.symptoms.exists()
    guide.restore_draft(guide.live_version.content)
    assert guide.draft_content() == guide.live_version.content


def test_add_my_changes_keeps_a_symptom_the_other_editor_added(sam, alex):
    guide = published_guide("Restart", "Check storage")
    key = step_keys(guide)[1]
    refused = refused_save(
        sam,
        alex,
        guide,
        theirs=with_new_symptom({"symptoms-TOTAL_FORMS": "0"}, "Storage is full", key),
        mine={"steps-0-title": "Restart your iPhone"},
    )
    sam.post(change_url(guide), {**change_form_data(refused), "_merge": "1"})
    guide = Guide.objects.get(pk=guide.pk)
    assert [s.title for s in guide.draft_steps()] == ["Restart your iPhone", "Check storage"]
    assert symptoms_of(guide) == [("Storage is full", key)]
