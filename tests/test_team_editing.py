"""Editors working on one guide together: text from a browser (CR LF line ends)
reads as no change."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from tests.admin_forms import change_form_data
from tests.factories import published_guide
from troubleshooter import content
from troubleshooter.models import Guide, Step


@pytest.fixture
def sam(client, editor):
    client.force_login(editor)
    return client


def publish_url(guide: Guide) -> str:
    return reverse("admin:guide_publish", args=[guide.pk])


def change_url(guide: Guide) -> str:
    return reverse("admin:troubleshooter_guide_change", args=[guide.pk])


def test_saving_browser_text_unchanged_leaves_nothing_to_publish(sam, db):
    guide = published_guide("Restart", "Update iOS")
    for step in guide.steps.all():
        step.body = "Hold the side button.\n\nThen slide."
        step.save()
    guide.publish(note="Two lines")
    data = change_form_data(sam.get(change_url(guide)))
    # Browsers send every line end of a text area as CR LF.
    for name, value in list(data.items()):
        if name.endswith("-body") or name == "fallback_text":
            data[name] = value.replace("\n", "\r\n")
    sam.post(change_url(guide), data)

    assert Step.objects.filter(guide=guide, body__contains="\r").count() == 0
    assert Guide.objects.get(pk=guide.pk).state == "Live (version 2)"
    assertContains(sam.get(publish_url(guide)), "there is nothing new to publish")
    compare = sam.get(reverse("admin:guide_compare", args=[guide.pk]))
    assertContains(compare, "No differences.")


def test_comparisons_see_no_change_in_line_ends_or_spaces_before_them():
    old = {"title": "T", "summary": "Two lines.\nHere."}
    new = {"title": "T", "summary": "Two lines.  \r\nHere."}
    assert content.changed_fields(old, new, content.GUIDE_FIELDS) == []
    changed = {"title": "T", "summary": "Two lines.\nThere."}
    [field] = content.changed_fields(old, changed, content.GUIDE_FIELDS)
    assert [(w.change, w.text) for w in field.words if w.change != "same"] == [
        ("removed", "Here."),
        ("added", "There."),
    ]


def test_the_fingerprint_follows_what_staff_read_not_line_ends_or_html():
    record = {"title": "T", "steps": [{"body": "a\nb", "body_html": "<p>a\nb</p>"}]}
    same = {"title": "T", "steps": [{"body": "a \r\nb", "body_html": "<p>a<br>b</p>"}]}
    other = {"title": "T", "steps": [{"body": "a\nc", "body_html": "<p>a\nb</p>"}]}
    assert content.fingerprint(record) == content.fingerprint(same)
    assert content.fingerprint(record) != content.fingerprint(other)
    assert content.normalise_line_ends("a\r\nb\rc\n") == "a\nb\nc\n"
