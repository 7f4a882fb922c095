"""A translation goes through the team's editing steps as a guide's own draft does: its
saves are its history, it can be compared and restored, an editor who may not publish
asks for a review, and staff walk its draft in its language before publishing."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from tests.admin_forms import publish_form_data
from tests.factories import StepFactory, published_guide
from tests.helpers import BrowserClient
from troubleshooter import translation
from troubleshooter.models import Guide, ReviewRequest, Step, Translation, Visit


def page_url(guide: Guide, name: str = "guide_translation", *extra) -> str:
    return reverse(f"admin:{name}", args=[guide.pk, "es", *extra])


def spanish_for(guide: Guide, mark: str = "ES") -> dict[str, str]:
    strings = translation.strings(Guide.objects.get(pk=guide.pk).live_version.content)
    return {key: f"{mark} {text}" for key, text in strings.items()}


def typed(client, guide: Guide, action: str = "save", **texts) -> dict:
    """What the translation page sends back, with these strings typed over."""
    form = client.get(page_url(guide)).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    return {**data, **texts, "_action": action}


def send(client, guide: Guide, action: str, note: str = ""):
    url = page_url(guide, "guide_translation_publish")
    page = client.get(url)
    return client.post(url, {**publish_form_data(page, note), "_action": action})


@pytest.fixture
def guide(db) -> Guide:
    return published_guide("Restart", "Forget the network", title="Wi-Fi keeps dropping")


@pytest.fixture
def spanish(guide) -> Translation:
    item = Translation.objects.create(
        guide=guide, language="es", follows_version=guide.live_version
    )
    item.save_texts(spanish_for(guide), None)
    return item


def test_each_save_that_changes_the_texts_is_kept_with_who_saved_it(sam, guide, spanish):
    assert spanish.revisions.count() == 1
    sam.post(page_url(guide), typed(sam, guide, title="Se cae el wifi"))
    sam.post(page_url(guide), typed(sam, guide))  # nothing changed
    saves = list(Translation.objects.get(pk=spanish.pk).revisions.all())
    assert [save.texts["title"] for save in saves] == ["Se cae el wifi", "ES Wi-Fi keeps dropping"]
    assert saves[0].created_by.username == "editor"


def test_saves_of_different_strings_over_a_newer_one_are_merged(sam, alex, guide, spanish):
    mine = typed(sam, guide, summary="Qué hacer si se cae el wifi")
    alex.post(page_url(guide), typed(alex, guide, title="Se cae el wifi"))
    response = sam.post(page_url(guide), mine)
    assertRedirects(response, page_url(guide))
    texts = Translation.objects.get(pk=spanish.pk).texts
    assert (texts["title"], texts["summary"]) == ("Se cae el wifi", "Qué hacer si se cae el wifi")
    said = [str(message) for message in get_messages(response.wsgi_request)]
    assert said[0] == "Your changes were added to alex's save."


def test_a_string_both_changed_keeps_the_newer_save_and_marks_yours(sam, alex, guide, spanish):
    mine = typed(sam, guide, title="El wifi de Sam", summary="Resumen de Sam")
    alex.post(page_url(guide), typed(alex, guide, title="El wifi de Alex"))
    response = sam.post(page_url(guide), {**mine, "_action": "publish"})
    assert response.status_code == 200  # the page again, to read what was kept
    texts = Translation.objects.get(pk=spanish.pk).texts
    assert (texts["title"], texts["summary"]) == ("El wifi de Alex", "Resumen de Sam")
    assertContains(response, "except where you both changed the same string")
    assertContains(response, 'value="El wifi de Alex"')
    assertContains(response, 'value="Resumen de Sam"')
    assertContains(response, "translation-collision", count=1)
    assertContains(response, '<p lang="es">El wifi de Sam</p>')
    history = Translation.objects.get(pk=spanish.pk).revisions.all()
    assert "El wifi de Sam" in [save.texts["title"] for save in history]
    # Saved from this page, taking their own title back, the texts need no second merge.
    form = response.context["form"]
    again = {name: form[name].value() or "" for name in form.fields}
    again.update(title="El wifi de Sam", _action="save")
    assertRedirects(sam.post(page_url(guide), again), page_url(guide))
    assert Translation.objects.get(pk=spanish.pk).texts["title"] == "El wifi de Sam"


def test_a_merge_without_collisions_is_one_save_in_the_history(sam, alex, guide, spanish):
    mine = typed(sam, guide, summary="Qué hacer si se cae el wifi")
    alex.post(page_url(guide), typed(alex, guide, title="Se cae el wifi"))
    sam.post(page_url(guide), mine)
    saves = [save.created_by.username for save in spanish.revisions.exclude(created_by=None)]
    assert saves == ["editor", "alex"]


def test_a_save_over_texts_no_longer_in_the_history_is_refused_keeping_what_was_typed(
    sam, alex, guide, spanish
):
    mine = typed(sam, guide, title="El wifi de Sam")
    spanish.revisions.all().delete()  # as if pruned
    alex.post(page_url(guide), typed(alex, guide, title="El wifi de Alex"))
    response = sam.post(page_url(guide), mine)
    assert response.status_code == 200
    assertContains(response, "alex saved this translation at")
    assertContains(response, "so your texts were not saved")
    assertContains(response, 'value="El wifi de Sam"')
    assert Translation.objects.get(pk=spanish.pk).texts["title"] == "El wifi de Alex"
    # Saved again from the refused page, the editor's texts replace the newer save.
    form = response.context["form"]
    again = {name: form[name].value() or "" for name in form.fields}
    assertRedirects(sam.post(page_url(guide), {**again, "_action": "save"}), page_url(guide))
    assert Translation.objects.get(pk=spanish.pk).texts["title"] == "El wifi de Sam"


def test_the_history_lists_saves_and_versions_newest_first(sam, guide, spanish):
    spanish.publish(note="Primera versión")
    sam.post(page_url(guide), typed(sam, guide, title="Se cae el wifi"))
    page = sam.get(page_url(guide, "guide_translation_history"))
    assertContains(page, "History of the Spanish translation of “Wi-Fi keeps dropping”")
    rows = page.context["entries"]
    assert [(row["name"], row["by"] and row["by"].username) for row in rows] == [
        ("Draft saved", "editor"),
        ("Version 1", None),
        ("Draft saved", None),
    ]
    assert rows[1]["live"]
    assert rows[1]["note"] == "Primera versión"
    assertContains(page, "of version 1")  # what the version translates
    assertContains(page, f"{page_url(guide, 'guide_translation_compare')}?from=1&amp;to=draft")


def test_compare_shows_what_the_draft_changes_from_the_live_version(sam, guide, spanish):
    spanish.publish()
    sam.post(page_url(guide), typed(sam, guide, title="Se cae el wifi"))
    page = sam.get(page_url(guide, "guide_translation_compare"), {"from": "live", "to": "draft"})
    assertContains(page, "Spanish translation: compare version 1 with the draft")
    assertContains(page, "<ins>Se cae el wifi</ins>")
    assertContains(page, "<del>ES Wi-Fi keeps dropping</del>")


def test_compare_with_an_earlier_save_and_unknown_ones_are_not_found(sam, guide, spanish):
    first = spanish.revisions.get()
    sam.post(page_url(guide), typed(sam, guide, title="Se cae el wifi"))
    url = page_url(guide, "guide_translation_compare")
    page = sam.get(url, {"from": f"save-{first.pk}", "to": "draft"})
    assertContains(page, "<ins>Se cae el wifi</ins>")
    for which in ["save-999999", "save-x", "7", "draft-ish"]:
        assert sam.get(url, {"from": which}).status_code == 404


def test_restoring_a_version_makes_the_draft_read_as_it_and_is_a_save(sam, guide, spanish):
    spanish.publish()
    sam.post(page_url(guide), typed(sam, guide, title="Se cae el wifi"))
    url = page_url(guide, "guide_translation_restore", 1)
    page = sam.get(url)
    assert page.context["title"] == "Restore version 1 into the Spanish translation's draft?"
    assertContains(page, "<del>Se cae el wifi</del>")
    assertRedirects(sam.post(url), page_url(guide))
    item = Translation.objects.get(pk=spanish.pk)
    assert item.texts["title"] == "ES Wi-Fi keeps dropping"
    assert item.revisions.first().created_by.username == "editor"
    assert item.live_version.number == 1  # nothing published


def test_restoring_a_version_of_an_older_guide_shows_only_its_words_coming_back(
    sam, guide, spanish
):
    spanish.publish()
    StepFactory(guide=guide, position=3, title="Update iOS")
    Guide.objects.get(pk=guide.pk).publish()  # version 2: a third step
    page = sam.get(page_url(guide, "guide_translation_restore", 1))
    # Spanish version 1 translates version 1; its words come back over version 2, whose
    # third step stays.
    assert page.status_code == 200
    html = page.content.decode()
    assert "removed" not in html
    assert "Update iOS" not in html


def test_restoring_an_earlier_save(sam, guide, spanish):
    first = spanish.revisions.get()
    sam.post(page_url(guide), typed(sam, guide, title="Se cae el wifi"))
    assertRedirects(
        sam.post(page_url(guide, "guide_translation_restore_save", first.pk)), page_url(guide)
    )
    assert Translation.objects.get(pk=spanish.pk).texts["title"] == "ES Wi-Fi keeps dropping"
    assert sam.get(page_url(guide, "guide_translation_restore_save", 999999)).status_code == 404


def test_an_editor_who_may_not_publish_asks_for_a_review_and_publishes_nothing(
    writer, guide, spanish
):
    page = writer.get(page_url(guide))
    assertNotContains(page, "Save and publish…")
    assertContains(page, "Save and ask for review…")
    publish_page = writer.get(page_url(guide, "guide_translation_publish"))
    assertContains(publish_page, "Ask for a review of the Spanish translation")
    assertContains(publish_page, "Note for the reviewer (optional)")
    assertNotContains(publish_page, 'value="publish"')
    response = send(writer, guide, "publish", "Revisad el paso 2")  # even if sent by hand
    assertRedirects(response, page_url(guide))
    assert Translation.objects.get(pk=spanish.pk).live_version is None
    review = ReviewRequest.objects.get()
    assert (review.translation, review.note, review.state, review.live_number) == (
        spanish,
        "Revisad el paso 2",
        "waiting",
        1,
    )
    assertContains(writer.get(page_url(guide)), "waiting for review (asked by robin")
    guide_page = writer.get(reverse("admin:troubleshooter_guide_change", args=[guide.pk]))
    assertContains(guide_page, "Spanish: draft, not published, waiting for review</a>")
    # The guide's own draft is not the one waiting.
    assert Guide.objects.get(pk=guide.pk).waiting_review() is None


def test_the_front_page_links_a_translations_review_to_its_publish_page(
    writer, publisher, guide, spanish
):
    send(writer, guide, "ask", "Revisad el paso 2")
    front = publisher.get(reverse("admin:index"))
    assertContains(front, f'href="{page_url(guide, "guide_translation_publish")}"')
    assertContains(front, "Wi-Fi keeps dropping (Spanish translation)")


def test_a_publisher_publishes_the_translation_asked_for(writer, publisher, guide, spanish):
    send(writer, guide, "ask", "Revisad el paso 2")
    page = publisher.get(page_url(guide, "guide_translation_publish"))
    assertContains(page, "Review asked for by robin")
    assertContains(page, "“Revisad el paso 2”")
    assertNotContains(page, "The translation changed after the review was asked for")
    send(publisher, guide, "publish", "Revisado")
    item = Translation.objects.get(pk=spanish.pk)
    assert (item.live_version.number, item.live_version.created_by.username) == (1, "kim")
    assert ReviewRequest.objects.get().state == "published"


def test_a_review_shows_what_changed_in_the_translation_after_it_was_asked_for(
    writer, publisher, guide, spanish
):
    send(writer, guide, "ask")
    spanish.save_texts({**spanish.texts, "title": "Se cae el wifi"}, None)
    page = publisher.get(page_url(guide, "guide_translation_publish"))
    assertContains(page, "The translation changed after the review was asked for")
    assertContains(page, "<ins>Se cae el wifi</ins>")


def test_a_publisher_sends_a_translation_back_with_a_note(writer, publisher, guide, spanish):
    send(writer, guide, "ask")
    send(publisher, guide, "send_back", "Usa «Ajustes», no «Configuración»")
    assert ReviewRequest.objects.get().state == "sent_back"
    assert Translation.objects.get(pk=spanish.pk).live_version is None
    page = writer.get(page_url(guide))
    assertContains(page, "Sent back by kim")
    assertContains(page, "Usa «Ajustes», no «Configuración»")
    assert send(writer, guide, "send_back", "No").status_code == 403


def test_asking_for_a_review_of_texts_changed_since_the_page_opened_sends_nothing(
    writer, guide, spanish
):
    url = page_url(guide, "guide_translation_publish")
    opened = publish_form_data(writer.get(url), "Revisad")
    spanish.save_texts({**spanish.texts, "title": "Se cae el wifi"}, None)
    page = writer.post(url, {**opened, "_action": "ask"})
    assertContains(page, "The translation changed after you opened this page")
    assert not ReviewRequest.objects.exists()
    assert page.context["form"]["note"].value() == "Revisad"


def test_the_publish_page_shows_what_changes_for_visitors(sam, guide, spanish):
    spanish.publish()
    spanish.save_texts({**spanish.texts, "title": "Se cae el wifi"}, None)
    page = sam.get(page_url(guide, "guide_translation_publish"))
    assertContains(page, "What changes for visitors")
    assertContains(page, "<ins>Se cae el wifi</ins>")


def test_save_and_preview_walks_the_draft_in_its_language(sam, guide, spanish):
    response = sam.post(page_url(guide), typed(sam, guide, "preview", title="Se cae el wifi"))
    visit = Visit.objects.get()
    assert (visit.is_preview, visit.language) == (True, "es")
    assertRedirects(response, f"/es/visits/{visit.id}/steps/1/", fetch_redirect_response=False)
    step = sam.get(response["Location"])
    assertContains(step, "ES Restart")
    assertContains(step, "Paso 1 de 2")
    assert visit.version.language == "es"
    assert visit.version.number is None
    assert Translation.objects.get(pk=spanish.pk).texts["title"] == "Se cae el wifi"
    staff_page = sam.get(reverse("admin:troubleshooter_visit_change", args=[visit.pk]))
    assertContains(staff_page, "A preview of the Spanish translation&#x27;s draft, over version 1")
    assertContains(staff_page, "Staff preview of the Spanish translation&#x27;s draft, replayed")


def test_a_preview_of_a_translation_is_not_shown_to_visitors(sam, guide, spanish):
    response = sam.post(page_url(guide), typed(sam, guide, "preview"))
    assert BrowserClient().get(response["Location"]).status_code == 404


def test_a_preview_reads_untranslated_strings_in_the_source(sam, guide, spanish):
    spanish.save_texts({**spanish.texts, "step." + first_step_key(guide) + ".title": ""}, None)
    response = sam.post(page_url(guide), typed(sam, guide, "preview"))
    step = sam.get(response["Location"]).content.decode()
    assert re.search(r"<h1[^>]*>Restart</h1>", step)
    assert "ES Restart" not in step


def first_step_key(guide: Guide) -> str:
    return Step.objects.filter(guide=guide).order_by("position").first().key


def test_a_live_translation_with_saved_changes_says_so_until_published(sam, guide, spanish):
    spanish.publish()
    assert "unpublished" not in Translation.objects.get(pk=spanish.pk).state(guide.live_version)
    sam.post(page_url(guide), typed(sam, guide, title="Se cae el wifi"))
    listing = sam.get(reverse("admin:troubleshooter_guide_changelist"))
    changed = "Spanish: live, up to date with version 1, draft has unpublished changes"
    assertContains(listing, changed)
    Translation.objects.get(pk=spanish.pk).publish()
    listing = sam.get(reverse("admin:troubleshooter_guide_changelist"))
    assertContains(listing, "Spanish: live, up to date with version 1<")


def test_the_guide_list_says_which_translations_wait_for_review(writer, guide, spanish):
    send(writer, guide, "ask")
    listing = writer.get(reverse("admin:troubleshooter_guide_changelist"))
    assertContains(listing, "Spanish: draft, not published, waiting for review")
