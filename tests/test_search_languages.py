"""Search per language, on whichever database the suite runs on: a Spanish search
looks over the Spanish translations and, for guides not translated into Spanish,
their English; typos are mended and misses counted per language."""

import html
import re
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils.translation import override

from tests.factories import published_guide
from tests.helpers import HTMX, ICLOUD_SLUG, without_translations
from troubleshooter import translation
from troubleshooter.models import SearchEntry, SearchMiss, Translation

ICLOUD_TITLE = "iCloud Photos isn't syncing on my iPhone"
SPANISH_TITLE = "Las fotos de iCloud no se sincronizan en el iPhone"


def search(client, query: str, language: str = "en"):
    with override(language):
        path = reverse("troubleshooter:search")
    return client.get(f"{path}?{urlencode({'q': query})}")


def found_titles(response) -> list[str]:
    cards = re.findall(r'<span class="guide-card-title"[^>]*>(.*?)</span>', response.text)
    return [html.unescape(title) for title in cards]


def spanish_texts(guide) -> dict[str, str]:
    """Every string of the guide's live version in "Spanish": numbered, with a Spanish
    title and first symptom."""
    keys = translation.strings(guide.live_version.content)
    texts = {key: f"texto {number}" for number, key in enumerate(keys)}
    texts["title"] = SPANISH_TITLE
    first = next(key for key in texts if key.startswith("symptom."))
    texts[first] = "El almacenamiento de iCloud está lleno"
    return texts


@pytest.fixture
def guide(guide):
    """The iCloud guide without the Spanish the migrations give it: these tests
    translate it themselves."""
    return without_translations(guide)


@pytest.fixture
def in_spanish(guide) -> Translation:
    """The iCloud guide translated into Spanish and published."""
    spanish = Translation.objects.create(guide=guide, language="es", texts=spanish_texts(guide))
    spanish.publish()
    return spanish


def test_publishing_a_translation_indexes_the_guide_in_its_language(in_spanish):
    entries = SearchEntry.objects.filter(guide=in_spanish.guide).order_by("language")
    assert [(e.language, e.is_source) for e in entries] == [("en", True), ("es", False)]
    assert entries[1].version_id == in_spanish.live_version_id
    assert entries[1].title == SPANISH_TITLE


def test_a_spanish_search_finds_the_spanish_title_and_symptom(client, in_spanish):
    response = search(client, "fotos sincronizan", "es")
    assert found_titles(response) == [SPANISH_TITLE]
    assert f'href="/es/guides/{ICLOUD_SLUG}/"' in response.text
    response = search(client, "almacenamiento lleno", "es")
    assert "El almacenamiento de iCloud está lleno" in html.unescape(response.text)
    assert f'href="/es/guides/{ICLOUD_SLUG}/?symptom=' in response.text


def test_a_spanish_search_does_not_find_a_translated_guide_by_its_english_words(client, in_spanish):
    assert found_titles(search(client, "photos syncing", "es")) == []
    # English pages still search the English.
    assert found_titles(search(client, "photos syncing")) == [ICLOUD_TITLE]
    assert found_titles(search(client, "fotos sincronizan")) == []


def test_a_guide_not_translated_is_found_in_its_source_language_and_marked(client, in_spanish):
    published_guide("Restart the router", title="Printer jams on every page")
    response = search(client, "printer jams", "es")
    assert found_titles(response) == ["Printer jams on every page"]
    assert 'lang="en"' in response.text
    assert "Aún sin traducir" in response.text
    # A translated guide is not marked.
    assert "Aún sin traducir" not in search(client, "fotos", "es").text


def test_a_spanish_search_leaves_out_spanish_words_that_say_nothing(client, in_spanish):
    assert found_titles(search(client, "mis fotos no se sincronizan", "es")) == [SPANISH_TITLE]


def test_typos_in_spanish_are_mended_from_the_spanish_words(client, in_spanish):
    response = search(client, "fotso sincronizn", "es")
    assert found_titles(response) == [SPANISH_TITLE]
    assert "<strong>fotos sincronizan</strong>" in response.text


def test_did_you_mean_offers_a_spanish_title(client, in_spanish):
    response = search(client, "las fotos de icloud no se sincronizan en el ipad zzzz", "es")
    assert found_titles(response) == []
    assert SPANISH_TITLE in html.unescape(response.text)


def test_misses_are_counted_with_their_language(client, in_spanish):
    search(client, "impresora atascada", "es")
    search(client, "printer jammed")
    assert set(SearchMiss.objects.values_list("words", "language", "count")) == {
        ("impresora atascada", "es", 1),
        ("printer jammed", "en", 1),
    }


def test_unpublishing_the_guide_drops_it_in_every_language(client, in_spanish):
    in_spanish.guide.unpublish()
    assert not SearchEntry.objects.filter(guide=in_spanish.guide).exists()
    assert found_titles(search(client, "fotos", "es")) == []


def test_publishing_the_guide_again_brings_back_its_live_translation(client, in_spanish):
    guide = in_spanish.guide
    guide.unpublish()
    guide.publish()
    assert found_titles(search(client, "fotos sincronizan", "es")) == [SPANISH_TITLE]


def test_a_spanish_search_reads_the_index_in_a_fixed_number_of_queries(
    client, in_spanish, django_assert_num_queries
):
    search(client, "fotos", "es")  # the Spanish catalogue is read once
    # The index's stamp, and the entries found.
    with django_assert_num_queries(2):
        assert found_titles(search(client, "fotos sincronizan", "es")) == [SPANISH_TITLE]


def test_typing_a_spanish_search_with_htmx_swaps_in_the_spanish_results(client, in_spanish):
    with override("es"):
        path = reverse("troubleshooter:search")
    response = client.get(
        f"{path}?{urlencode({'q': 'fotos'})}",
        headers={
            **HTMX,
            "HX-Trigger": "search-q-page",
            "HX-Target": "search-results",
            "HX-Current-URL": "http://testserver/es/search/?q=foto",
        },
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    assert found_titles(response) == [SPANISH_TITLE]
    assert response["HX-Replace-Url"] == "/es/search/?q=fotos"
