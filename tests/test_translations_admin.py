"""The translation pages in the admin: a guide's translations listed with their state,
strings edited beside the source's, saved with the stale-save check, published, and
exported and imported as files for a translator."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from tests.admin_forms import publish_form_data
from tests.factories import published_guide
from troubleshooter import translation
from troubleshooter.models import Guide, Step, Translation


def page_url(guide: Guide, name: str = "guide_translation", *extra) -> str:
    return reverse(f"admin:{name}", args=[guide.pk, "es", *extra])


def form_data(response, **typed) -> dict:
    """What the translation page sends back, with these strings typed over."""
    form = response.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    return {**data, **typed, "_action": "save"}


def spanish_for(guide: Guide) -> dict[str, str]:
    strings = translation.strings(Guide.objects.get(pk=guide.pk).live_version.content)
    return {key: f"ES {text}" for key, text in strings.items()}


@pytest.fixture
def guide(db) -> Guide:
    return published_guide("Restart", "Forget the network", title="Wi-Fi keeps dropping")


@pytest.fixture
def spanish(guide) -> Translation:
    return Translation.objects.create(
        guide=guide, language="es", follows_version=guide.live_version
    )


def test_a_translation_is_added_from_the_guides_page(sam, guide):
    page = sam.get(reverse("admin:troubleshooter_guide_change", args=[guide.pk]))
    assertContains(page, '<h2 id="translations-heading">Translations</h2>')
    assertContains(page, '<option value="es">Spanish</option>')
    assertNotContains(page, '<option value="en">')  # the guide's own language
    response = sam.post(reverse("admin:guide_translation_add", args=[guide.pk]), {"language": "es"})
    assertRedirects(response, page_url(guide))
    item = Translation.objects.get(guide=guide)
    assert (item.language, item.follows_version, item.texts) == ("es", guide.live_version, {})
    page = sam.get(reverse("admin:troubleshooter_guide_change", args=[guide.pk]))
    assertContains(page, "Spanish: draft, not published</a>")
    assertNotContains(page, '<option value="es">')
    response = sam.post(reverse("admin:guide_translation_add", args=[guide.pk]), {"language": "es"})
    assert response.status_code == 404


def test_the_page_shows_each_string_beside_its_translation_grouped_by_step(sam, spanish):
    page = sam.get(page_url(spanish.guide))
    assertContains(page, "<h2>Step 2 “Forget the network”</h2>", html=False)
    key = spanish.guide.draft_steps()[1].key
    assertContains(page, f'<div class="translation-source" id="source-step.{key}.title">')
    assertContains(page, '<p class="translation-text">Forget the network</p>')
    assertContains(page, f'<label for="id_step.{key}.title">Title in Spanish:</label>')
    assertContains(page, f'aria-describedby="source-step.{key}.title"')
    assertContains(page, 'lang="es"')
    assertContains(page, "Up to 200 characters.")
    assertContains(page, "Save and publish…")


def test_saving_keeps_the_texts_in_the_draft(sam, spanish):
    guide = spanish.guide
    page = sam.get(page_url(guide))
    typed = spanish_for(guide)
    typed["summary"] = "  "  # left empty: not kept
    response = sam.post(page_url(guide), form_data(page, **typed))
    assertRedirects(response, page_url(guide))
    spanish.refresh_from_db()
    del typed["summary"]
    assert spanish.texts == typed
    assert spanish.updated_by.username == "editor"
    assert guide.versions.filter(language="es").count() == 0  # nothing published


def test_a_string_over_its_limit_is_refused_with_a_message(sam, spanish):
    page = sam.get(page_url(spanish.guide))
    response = sam.post(page_url(spanish.guide), form_data(page, title="x" * 201))
    assertContains(response, "Ensure this value has at most 200 characters (it has 201).")
    spanish.refresh_from_db()
    assert spanish.texts == {}


def test_publish_is_refused_naming_the_step_of_a_missing_string(sam, spanish):
    guide = spanish.guide
    typed = spanish_for(guide)
    typed[f"step.{guide.draft_steps()[1].key}.title"] = ""
    page = sam.get(page_url(guide))
    response = sam.post(page_url(guide), {**form_data(page, **typed), "_action": "publish"})
    assertRedirects(response, page_url(guide, "guide_translation_publish"))
    page = sam.get(page_url(guide, "guide_translation_publish"))
    assertContains(page, "Step 2 “Forget the network”: the title is not translated.")
    assertNotContains(page, ">Publish</button>")
    sam.post(page_url(guide, "guide_translation_publish"), {"reviewed": "x", "live_number": 1})
    assert guide.versions.filter(language="es").count() == 0


def test_publishing_creates_a_version_in_the_language(sam, spanish):
    guide = spanish.guide
    spanish.save_texts(spanish_for(guide), None)
    page = sam.get(page_url(guide, "guide_translation_publish"))
    response = sam.post(
        page_url(guide, "guide_translation_publish"), publish_form_data(page, "Primera")
    )
    assertRedirects(response, page_url(guide))
    version = guide.versions.get(language="es")
    assert (version.number, version.note, version.created_by.username) == (1, "Primera", "editor")
    assert version.content["title"] == "ES Wi-Fi keeps dropping"
    spanish.refresh_from_db()
    assert spanish.live_version == version
    assertContains(sam.get(page_url(guide)), "Spanish: live, up to date with version 1")
    again = sam.get(page_url(guide, "guide_translation_publish"))
    assertContains(again, "there is nothing new to publish")


def test_a_publish_page_opened_before_a_save_publishes_nothing(sam, spanish):
    guide = spanish.guide
    spanish.save_texts(spanish_for(guide), None)
    page = sam.get(page_url(guide, "guide_translation_publish"))
    spanish.save_texts({**spanish_for(guide), "title": "Otro título"}, None)
    response = sam.post(page_url(guide, "guide_translation_publish"), publish_form_data(page))
    assertContains(response, "The translation changed after you opened this page")
    assert guide.versions.filter(language="es").count() == 0


def test_strings_changed_in_the_source_need_translation_and_the_list_says_so(sam, spanish):
    guide = spanish.guide
    spanish.save_texts(spanish_for(guide), None)
    spanish.publish()
    step = Step.objects.get(guide=guide, title="Restart")
    step.title = "Restart your iPhone"
    step.save()
    guide.publish()
    page = sam.get(page_url(guide))
    assertContains(page, "Spanish: live, 1 string behind version 2")
    assertContains(page, "1 string changed in the guide since version 1")
    assertContains(page, '<p class="translation-text">Restart your iPhone</p>')
    assertContains(page, "it read “Restart” when this translation was published.")
    assert page.content.decode().count("Needs translation:") == 1
    listing = sam.get(reverse("admin:troubleshooter_guide_changelist"))
    assertContains(listing, "Spanish: live, 1 string behind version 2")
    publish_page = sam.get(page_url(guide, "guide_translation_publish"))
    assertContains(publish_page, "Step 1 “Restart your iPhone”: title: “Restart” became")
    # Published again, it follows version 2: nothing is behind.
    sam.post(page_url(guide, "guide_translation_publish"), publish_form_data(publish_page))
    listing = sam.get(reverse("admin:troubleshooter_guide_changelist"))
    assertContains(listing, "Spanish: live, up to date with version 2")


def rows_of(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_a_csv_file_exported_translated_and_imported_fills_the_draft(sam, spanish):
    guide = spanish.guide
    response = sam.get(page_url(guide, "guide_translation_export", "csv"))
    assert response["Content-Disposition"] == f'attachment; filename="{guide.slug}.es.csv"'
    rows = rows_of(response)
    assert [row["key"] for row in rows] == list(translation.strings(guide.live_version.content))
    assert rows[0] == {"key": "title", "source": "Wi-Fi keeps dropping", "translation": ""}
    out = io.StringIO()
    writer = csv.DictWriter(out, ["key", "source", "translation"])
    writer.writeheader()
    writer.writerows({**row, "translation": f"ES {row['source']}"} for row in rows)
    upload = SimpleUploadedFile("es.csv", out.getvalue().encode())
    response = sam.post(page_url(guide, "guide_translation_import"), {"file": upload})
    assertRedirects(response, page_url(guide), fetch_redirect_response=False)
    assertContains(sam.get(page_url(guide)), f"Imported {len(rows)} of {len(rows)} strings")
    spanish.refresh_from_db()
    assert spanish.texts == spanish_for(guide)
    again = rows_of(sam.get(page_url(guide, "guide_translation_export", "csv")))
    assert again[0]["translation"] == "ES Wi-Fi keeps dropping"


def test_a_po_file_round_trips(sam, spanish):
    guide = spanish.guide
    spanish.save_texts(spanish_for(guide), None)
    po = sam.get(page_url(guide, "guide_translation_export", "po")).content.decode()
    assert 'msgctxt "title"\nmsgid "Wi-Fi keeps dropping"\nmsgstr "ES Wi-Fi keeps dropping"' in po
    spanish.save_texts({}, None)
    upload = SimpleUploadedFile("es.po", po.encode())
    sam.post(page_url(guide, "guide_translation_import"), {"file": upload})
    spanish.refresh_from_db()
    assert spanish.texts == spanish_for(guide)


def test_a_file_whose_keys_do_not_match_is_refused_keeping_the_texts(sam, spanish):
    guide = spanish.guide
    spanish.save_texts({"title": "El wifi"}, None)
    upload = SimpleUploadedFile(
        "es.csv", b"key,source,translation\ntitle,x,Nuevo\nstep.zz.title,y,z\n"
    )
    response = sam.post(page_url(guide, "guide_translation_import"), {"file": upload}, follow=True)
    assertContains(response, "The file&#x27;s strings do not match the guide&#x27;s")
    assertContains(response, "Missing: The guide: summary (summary)")
    assertContains(response, "Not in this guide: step.zz.title.")
    spanish.refresh_from_db()
    assert spanish.texts == {"title": "El wifi"}
    upload = SimpleUploadedFile("es.xlsx", b"x")
    response = sam.post(page_url(guide, "guide_translation_import"), {"file": upload}, follow=True)
    assertContains(response, "Nothing was imported. Upload a .csv or .po file")


def test_the_guide_list_reads_translations_and_their_reviews_in_two_queries(
    sam, django_assert_num_queries
):
    for n in range(3):
        guide = published_guide("Restart", title=f"Guide {n}")
        Translation.objects.create(guide=guide, language="es", follows_version=guide.live_version)
        Translation.objects.create(guide=guide, language="fr", follows_version=guide.live_version)
    url = reverse("admin:troubleshooter_guide_changelist")
    sam.get(url)
    # One query reads every guide's translations, with the versions their state needs,
    # and one the reviews waiting for them.
    with django_assert_num_queries(14):
        listing = sam.get(url)
    assert listing.content.decode().count("Spanish: draft, not published; French: draft") == 3
