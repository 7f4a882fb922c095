"""Translations in the database: texts saved as a draft with the stale-save check,
published as versions in their language, and behind when the source changes."""

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError

from tests.factories import published_guide
from troubleshooter import content, translation
from troubleshooter.models import (
    DraftChanged,
    Guide,
    PublishedMeanwhile,
    PublishRefused,
    Step,
    TextsChanged,
    Translation,
)


def full_texts(guide: Guide) -> dict[str, str]:
    """Every string of the guide's live version, "translated" by a prefix."""
    return {
        key: f"ES {text}" for key, text in translation.strings(guide.live_version.content).items()
    }


@pytest.fixture
def spanish(db) -> Translation:
    guide = published_guide("Restart", "Forget the network")
    return Translation.objects.create(
        guide=guide, language="es", follows_version=guide.live_version
    )


def test_publishing_freezes_a_version_in_the_language_numbered_apart(spanish):
    guide = spanish.guide
    spanish.texts = full_texts(guide)
    spanish.save()
    version = spanish.publish(note="Primera")
    assert (version.language, version.number, version.note) == ("es", 1, "Primera")
    assert version.content["steps"][0]["title"] == "ES Restart"
    assert version.content["steps"][0]["body_html"] == "<p>ES Do the thing, then check.</p>\n"
    html = version.content["fallback"]["html"]
    assert html == "<p>ES Call us on <strong>0800 000 000</strong>.</p>\n"
    spanish.refresh_from_db()
    assert (spanish.live_version, spanish.follows_version) == (version, guide.live_version)
    # The source goes on numbering its own versions.
    Step.objects.filter(guide=guide, title="Restart").update(title="Restart your iPhone")
    assert guide.publish().number == 2
    assert guide.live_version.language == "en"
    assert list(guide.source_versions().published().values_list("number", flat=True)) == [2, 1]


def test_a_missing_string_refuses_publishing_naming_its_step(spanish):
    texts = full_texts(spanish.guide)
    del texts[f"step.{spanish.guide.draft_steps()[1].key}.title"]
    spanish.texts = texts
    spanish.save()
    with pytest.raises(PublishRefused) as refused:
        spanish.publish()
    assert [str(problem) for problem in refused.value.problems] == [
        "Step 2 “Forget the network”: the title is not translated."
    ]
    assert spanish.guide.versions.filter(language="es").count() == 0


def test_two_symptoms_translated_alike_are_refused(spanish):
    guide = spanish.guide
    steps = guide.draft_steps()
    guide.symptoms.create(key="y1", text="No Wi-Fi", step_key=steps[0].key)
    guide.symptoms.create(key="y2", text="Slow Wi-Fi", step_key=steps[1].key)
    guide.publish()
    texts = full_texts(guide)
    texts["symptom.y1.text"] = texts["symptom.y2.text"] = "Wifi lento"
    spanish.texts = texts
    spanish.save()
    with pytest.raises(PublishRefused, match="Two symptoms read “Wifi lento”"):
        spanish.publish()


def test_publishing_needs_the_guide_published(spanish):
    spanish.guide.unpublish()
    with pytest.raises(PublishRefused, match="The guide is not published: publish it first"):
        spanish.publish()


def test_publishing_checks_what_the_editor_reviewed(spanish):
    guide = spanish.guide
    spanish.texts = full_texts(guide)
    spanish.save()
    record = spanish.draft_content(guide.live_version)
    reviewed = content.fingerprint(record)
    with pytest.raises(DraftChanged):
        spanish.publish(reviewed="0" * 16, source_when_reviewed=1)
    with pytest.raises(PublishedMeanwhile):
        spanish.publish(reviewed=reviewed, source_when_reviewed=7)
    assert spanish.publish(reviewed=reviewed, source_when_reviewed=1).number == 1


def test_the_source_changing_lists_what_needs_translation_and_keeps_the_live_version(spanish):
    guide = spanish.guide
    spanish.texts = full_texts(guide)
    spanish.save()
    first = spanish.publish()
    assert spanish.state(guide.live_version) == "Spanish: live, up to date with version 1"
    step = Step.objects.get(guide=guide, title="Restart")
    step.title = "Restart your iPhone"
    step.save()
    guide.publish()
    guide.refresh_from_db()
    spanish = Translation.objects.with_versions().get(pk=spanish.pk)
    assert spanish.needs_translation(guide.live_version) == [
        translation.Behind(f"step.{step.key}.title", "Restart", "Restart your iPhone")
    ]
    assert spanish.state(guide.live_version) == "Spanish: live, 1 string behind version 2"
    assert spanish.live_version == first
    assert not spanish.is_unchanged(guide.live_version)  # the new version is to follow
    # Published again, even with the same words, it follows version 2.
    spanish.publish()
    assert spanish.needs_translation(guide.live_version) == []
    assert spanish.is_unchanged(guide.live_version)


def test_a_translation_never_published_is_a_draft(spanish):
    assert spanish.state(spanish.guide.live_version) == "Spanish: draft, not published"
    assert str(spanish) == f"{spanish.guide_id}: Spanish"


def test_saving_texts_over_a_newer_save_is_refused(spanish):
    alex = User.objects.create_user("alex")
    seen = spanish.stamp()
    spanish.save_texts({"title": "Uno"}, alex, seen)
    other = Translation.objects.get(pk=spanish.pk)
    with pytest.raises(TextsChanged, match="alex saved this translation at"):
        other.save_texts({"title": "Dos"}, None, seen)
    assert Translation.objects.get(pk=spanish.pk).texts == {"title": "Uno"}
    other.save_texts({"title": "Dos"}, None, other.stamp())
    assert Translation.objects.get(pk=spanish.pk).texts == {"title": "Dos"}


def test_one_translation_per_guide_and_language(spanish):
    with pytest.raises(IntegrityError):
        Translation.objects.create(guide=spanish.guide, language="es")
