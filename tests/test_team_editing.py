"""Editors working on one guide together: Publish goes live only with the draft the
editor reviewed, and text from a browser (CR LF line ends) reads as no change."""

import datetime

from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from tests.admin_forms import change_form_data, publish_form_data
from tests.factories import published_guide, start_visit
from troubleshooter import content
from troubleshooter.models import DraftRevision, EditorPresence, Guide, Step


def publish_url(guide: Guide) -> str:
    return reverse("admin:guide_publish", args=[guide.pk])


def change_url(guide: Guide) -> str:
    return reverse("admin:troubleshooter_guide_change", args=[guide.pk])


def test_publish_refuses_a_draft_changed_after_the_page_was_opened(sam, db):
    guide = published_guide("Restart", "Update iOS")
    Step.objects.filter(guide=guide, title="Restart").update(title="Restart your iPhone")
    reviewed = sam.get(publish_url(guide))
    assertContains(reviewed, "<ins>Restart your iPhone</ins>")
    # Another editor changes step 2 while the first is reading the changes.
    later = Step.objects.get(guide=guide, title="Update iOS")
    later.title = "Update to iOS 26"
    later.save()

    refused = sam.post(publish_url(guide), publish_form_data(reviewed, "Clearer step 1"))
    assert refused.status_code == 200
    assertContains(refused, "The draft changed after you opened this page")
    assertContains(refused, "<ins>to iOS 26</ins>")  # the new change, to review now
    assert list(guide.versions.values_list("number", flat=True)) == [1]
    assert refused.context["form"]["note"].value() == "Clearer step 1"

    published = sam.post(publish_url(guide), publish_form_data(refused, "Clearer steps"))
    assertRedirects(published, change_url(guide))
    live = Guide.objects.get(pk=guide.pk).live_version
    assert [step["title"] for step in live.content["steps"]] == [
        "Restart your iPhone",
        "Update to iOS 26",
    ]


def test_two_editors_publishing_at_once_make_one_version_and_the_second_is_told(sam, alex):
    guide = published_guide("Restart", "Update iOS")
    Step.objects.filter(guide=guide, title="Restart").update(title="Restart your iPhone")
    sams_page, alexs_page = sam.get(publish_url(guide)), alex.get(publish_url(guide))

    sam.post(publish_url(guide), publish_form_data(sams_page, "Friendlier step 1"))
    refused = alex.post(publish_url(guide), publish_form_data(alexs_page, "Step 1 for iOS 26"))

    assert list(guide.versions.values_list("number", flat=True)) == [2, 1]
    assertContains(refused, "editor published version 2 at")
    assertContains(refused, "with the note “Friendlier step 1”")
    assertContains(refused, "Your note, “Step 1 for iOS 26”, is kept below.")
    assertContains(refused, "there is nothing new to publish")


def test_a_publish_without_what_was_reviewed_publishes_nothing(sam, db):
    guide = published_guide("Restart")
    Step.objects.filter(guide=guide).update(title="Restart your iPhone")
    refused = sam.post(publish_url(guide), {"note": "Sent by hand"})
    assertContains(refused, "The draft changed after you opened this page")
    assert guide.versions.count() == 1


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


# The draft's history


def save_title(client, guide: Guide, title: str):
    data = change_form_data(client.get(change_url(guide)))
    data["steps-0-title"] = title
    return client.post(change_url(guide), data)


def test_each_save_that_changes_the_draft_is_kept_with_who_saved_it(sam, alex):
    guide = published_guide("Restart", "Update iOS")
    save_title(sam, guide, "Restart your iPhone")
    save_title(alex, guide, "Restart your iPhone now")
    save_title(alex, guide, "Restart your iPhone now")  # no change: no new save
    saves = list(guide.revisions.order_by("created_at", "id"))
    assert [(r.created_by and r.created_by.username) for r in saves] == [None, "editor", "alex"]
    assert [r.content["steps"][0]["title"] for r in saves] == [
        "Restart",  # the draft as it stood when its page was first opened
        "Restart your iPhone",
        "Restart your iPhone now",
    ]


def test_the_history_lists_draft_saves_and_versions_newest_first(sam, db):
    guide = published_guide("Restart")
    save_title(sam, guide, "Restart your iPhone")
    history = sam.get(reverse("admin:troubleshooter_guide_history", args=[guide.pk]))
    rows = [entry["name"] for entry in history.context["entries"]]
    assert rows == ["Draft saved", "Draft saved", "Version 1"]
    assertContains(history, "Draft saves and published versions, newest first")
    assertContains(history, "<td>editor</td>", html=True)


def test_a_draft_save_can_be_compared_with_the_draft_and_restored(sam, db):
    guide = published_guide("Restart")
    save_title(sam, guide, "Restart your iPhone")
    first = guide.revisions.order_by("created_at", "id").first()
    compare = sam.get(reverse("admin:guide_compare", args=[guide.pk]), {"from": f"save-{first.pk}"})
    assertContains(compare, "<ins>Restart your iPhone</ins>")
    url = reverse("admin:guide_restore_save", args=[guide.pk, first.pk])
    assertContains(sam.get(url), "The draft will read exactly as the save of")
    assertRedirects(sam.post(url), change_url(guide))
    assert Step.objects.get(guide=guide).title == "Restart"
    assert guide.revisions.order_by("-created_at", "-id").first().created_by.username == "editor"


def test_an_unknown_save_is_a_404(sam, db):
    guide = published_guide("Restart")
    compare = reverse("admin:guide_compare", args=[guide.pk])
    assert sam.get(compare, {"from": "save-999"}).status_code == 404
    assert sam.get(compare, {"from": "save-x"}).status_code == 404


def test_saves_are_bounded_but_keep_the_one_the_live_version_came_from(db, monkeypatch):
    monkeypatch.setattr(DraftRevision, "KEEP", 2)
    guide = published_guide("Restart")
    step = guide.steps.get()
    guide.record_revision()
    published = guide.revisions.get()
    for title in ["Two", "Three", "Four"]:
        step.title = title
        step.save()
        guide.record_revision()
    titles = [r.content["steps"][0]["title"] for r in guide.revisions.order_by("created_at")]
    assert titles == ["Restart", "Three", "Four"]
    assert guide.revisions.filter(pk=published.pk).exists()


# Preview draft, Publish… and Changes since live act on what was typed


def press(client, guide: Guide, then: str, **changes):
    data = change_form_data(client.get(change_url(guide)))
    data.update(changes, _then=then)
    return client.post(change_url(guide), data)


def test_publish_saves_what_was_typed_then_opens_the_publish_page(sam, db):
    guide = published_guide("Restart")
    response = press(sam, guide, "publish", **{"steps-0-title": "Restart your iPhone"})
    assertRedirects(response, publish_url(guide))
    assertContains(sam.get(publish_url(guide)), "<ins>Restart your iPhone</ins>")


def test_preview_walks_what_was_typed(sam, db):
    guide = published_guide("Restart")
    response = press(sam, guide, "preview", **{"steps-0-title": "Restart your iPhone"})
    assert response.status_code == 302
    assertContains(sam.get(response["Location"]), "Restart your iPhone")


def test_changes_since_live_shows_what_was_typed(sam, db):
    guide = published_guide("Restart")
    response = press(sam, guide, "compare", **{"steps-0-title": "Restart your iPhone"})
    compare = reverse("admin:guide_compare", args=[guide.pk])
    assertRedirects(response, f"{compare}?from=live&to=draft")


def test_a_form_with_errors_stops_before_publish_with_the_errors_shown(sam, db):
    guide = published_guide("Restart")
    response = press(sam, guide, "publish", **{"steps-0-title": ""})
    assert response.status_code == 200
    assertContains(response, "This field is required.")
    assert Step.objects.get(guide=guide).title == "Restart"


# Who else is here


def test_each_editor_sees_who_else_has_the_guide_open(sam, alex):
    guide = published_guide("Restart")
    alex.get(change_url(guide))
    page = sam.get(change_url(guide))
    assertContains(page, "Also editing: alex, since")
    assertContains(page, 'hx-trigger="every 30s"')
    presence = reverse("admin:guide_presence", args=[guide.pk])
    refreshed = alex.post(presence, headers={"HX-Request": "true"})
    assertContains(refreshed, "Also editing: editor, since")
    assertNotContains(refreshed, "<html")


def test_an_editor_who_closed_the_page_is_no_longer_shown(sam, alex):
    guide = published_guide("Restart")
    alex.get(change_url(guide))
    EditorPresence.objects.filter(user__username="alex").update(
        seen_at=timezone.now() - datetime.timedelta(minutes=2)
    )
    assertNotContains(sam.get(change_url(guide)), "Also editing")


def test_the_presence_report_is_a_post(sam, db):
    guide = published_guide("Restart")
    assert sam.get(reverse("admin:guide_presence", args=[guide.pk])).status_code == 405


# Importing: limits in plain words


IMPORT_URL = "/admin/troubleshooter/guide/import/"


def test_a_paste_over_the_import_limit_says_so_plainly_and_keeps_the_text(sam, db):
    text = "# Title\n\n## Step\n\n" + "word " * 210_000  # over 1 MB, under the body limit
    response = sam.post(IMPORT_URL, {"text": text})
    assertContains(response, "The article is over 1 MB: paste a shorter one.")
    assert response.context["form"]["text"].value() == text
    assert not Guide.objects.filter(title="Title").exists()


def test_the_import_box_has_no_maxlength_that_would_cut_a_paste(sam, db):
    page = sam.get(IMPORT_URL)
    assertNotContains(page, "maxlength")
    assertContains(page, 'data-max-chars="1000000"')


def test_a_body_too_large_to_read_gets_plain_words_not_a_setting_name(sam, db, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = sam.post(IMPORT_URL, {"text": "x" * 5000})
    assert response.status_code == 400
    assertContains(response, "An article to import must be under 1 MB", status_code=400)
    assertNotContains(response, "DATA_UPLOAD_MAX_MEMORY_SIZE", status_code=400)


# Deleting a guide


def delete_url(guide: Guide) -> str:
    return reverse("admin:troubleshooter_guide_delete", args=[guide.pk])


def test_a_guide_visitors_walked_cannot_be_deleted_and_unpublish_is_offered(sam, db):
    guide = published_guide("Restart")
    start_visit(guide)
    page = sam.get(delete_url(guide))
    assertContains(page, "cannot be deleted")
    assertContains(page, "To take it off the site, unpublish it")
    assertContains(page, reverse("admin:guide_unpublish", args=[guide.pk]))
    assertNotContains(page, "permission")
    sam.post(delete_url(guide), {"post": "yes"})
    assert Guide.objects.filter(pk=guide.pk).exists()


def test_an_editor_can_delete_a_guide_only_staff_have_walked(sam, db):
    guide = published_guide("Restart")
    sam.get(change_url(guide))  # its history starts
    press(sam, guide, "preview")  # a staff preview, not a visitor's visit
    confirm = sam.get(delete_url(guide))
    assertContains(confirm, "Are you sure")
    assertRedirects(
        sam.post(delete_url(guide), {"post": "yes"}),
        reverse("admin:troubleshooter_guide_changelist"),
    )
    assert not Guide.objects.filter(pk=guide.pk).exists()
