"""The iCloud Photos guide in Spanish, as migration 0036 puts it in every database: its
Spanish translation published as Spanish version 1 over version 3, every string in
Spain's Spanish with Apple's Spanish names, walked and found by Spanish visitors."""

import re
from importlib import import_module

import pytest
from django.urls import reverse
from django.utils.html import escape
from pytest_django.asserts import assertContains

from tests.helpers import HTMX, ICLOUD_SLUG, answer_url, not_fixed, step_url
from tests.test_search_languages import found_titles, search
from troubleshooter import content, flow, translation
from troubleshooter.admin.translation_forms import limit
from troubleshooter.markdown import render_markdown
from troubleshooter.models import GuideVersion, SearchEntry, Translation, Visit

in_spanish = import_module("troubleshooter.migrations.0036_icloud_guide_in_spanish")

GUIDE = f"/guides/{ICLOUD_SLUG}/"
SPANISH_TITLE = "Fotos en iCloud no se sincroniza en mi iPhone"
# What a visitor's page carries whatever its language: where each answer leads.
WHERE_ANSWERS_LEAD = re.compile(r'data-outcome="[^"]*"|data-leads-to="[^"]*"')


@pytest.fixture
def spanish(guide) -> Translation:
    return Translation.objects.with_versions().get(guide=guide, language="es")


def all_text(record: dict) -> str:
    """Every string of a content record a visitor reads, each run of whitespace one space."""
    return " ".join(" ".join(translation.strings(record).values()).split())


def start(client, prefix: str = "") -> Visit:
    response = client.post(f"{prefix}{GUIDE}start/", {"symptom": ""})
    assert response.status_code == 303
    return Visit.objects.latest("started_at")


# What the migration publishes


def test_spanish_version_one_is_live_and_follows_version_three(guide, spanish):
    version = spanish.live_version
    assert (version.language, version.number, version.note) == ("es", 1, in_spanish.NOTE)
    assert spanish.follows_version == guide.live_version
    assert guide.live_version.number == 3
    assert version.content["source"] == {"language": "en", "number": 3}
    assert version.warnings == []
    assert spanish.state(guide.live_version) == "Spanish: live, up to date with version 3"


def test_its_texts_begin_its_history_so_a_second_editor_merges(spanish):
    (first,) = spanish.revisions.all()
    assert (first.texts, first.stamp) == (spanish.texts, spanish.stamp())


def test_the_version_is_built_as_publish_builds_it(guide, spanish):
    assert spanish.live_version.content == spanish.draft_content(guide.live_version)
    assert spanish.is_unchanged(guide.live_version)


def test_every_string_is_translated_and_the_check_before_publish_passes(guide, spanish):
    source = guide.live_version.content
    assert translation.missing(source, spanish.texts) == []
    assert spanish.problems(guide.live_version) == []
    assert content.problems(spanish.live_version.content) == []
    assert spanish.texts.keys() == translation.strings(source).keys()
    left_in_english = [
        key for key, text in translation.strings(source).items() if spanish.texts[key] == text
    ]
    assert left_in_english == []


def test_each_string_fits_the_translation_pages_limit(spanish):
    too_long = [key for key, text in spanish.texts.items() if len(text) > (limit(key) or 10**6)]
    assert too_long == []


def test_the_markdown_is_rendered_as_the_app_renders_it(spanish):
    record = spanish.live_version.content
    for step in record["steps"]:
        assert step["body_html"] == render_markdown(step["body"])
        assert step["body_html"].startswith("<p>")
    assert record["fallback"]["html"] == render_markdown(record["fallback"]["text"])


def test_structure_and_addresses_are_the_sources(guide, spanish):
    source, record = guide.live_version.content, spanish.live_version.content
    assert [(s["key"], s["takes_a_while"]) for s in record["steps"]] == [
        (s["key"], s["takes_a_while"]) for s in source["steps"]
    ]
    assert [
        [(c["key"], c["outcome"], c["next_step"]) for c in s["choices"]] for s in record["steps"]
    ] == [[(c["key"], c["outcome"], c["next_step"]) for c in s["choices"]] for s in source["steps"]]
    assert [(s["key"], s["step"]) for s in record["symptoms"]] == [
        (s["key"], s["step"]) for s in source["symptoms"]
    ]
    assert [link["url"] for link in record["fallback"]["links"]] == [
        link["url"] for link in source["fallback"]["links"]
    ]


# The Spanish as a Spanish support page reads


def test_the_wording_uses_apples_spanish_names(spanish):
    text = all_text(spanish.live_version.content)
    for name in [
        "Ajustes > Batería",
        "Modo de bajo consumo",
        "Modo de datos reducidos",
        "Ajustes > Datos móviles > Opciones de datos móviles",
        "Cuenta de Apple",
        "Fotos en iCloud",
        "Sincronizar este iPhone",
        "Sincronizar ahora",
        "Ajustes > General > Actualización de software",
        "Estado del sistema",
    ]:
        assert name in text, name
    # Apple's older or Latin American names, and the formal register.
    for old in ["ID de Apple", "Apple ID", "Configuración", "celular", "usted"]:
        assert old not in text, old


def test_where_to_tap_paths_are_spanish_settings_rows(spanish):
    for step in spanish.live_version.content["steps"]:
        parts = flow.tap_path(step["where_to_tap"])
        assert parts in [(), ("Fotos",)] or parts[0] == "Ajustes", step["title"]
        assert " > ".join(parts) == step["where_to_tap"]


def test_every_step_answers_in_spanish(spanish):
    for step in spanish.live_version.content["steps"]:
        assert [c["label"] for c in step["choices"]] == [
            "Sí, se ha solucionado",
            "No, sigue sin funcionar",
        ]


def test_the_fallback_page_sends_the_visitor_to_the_genius_bar(spanish):
    fallback = spanish.live_version.content["fallback"]
    assert "Genius Bar" in fallback["title"]
    assert "Pide cita en el <strong>Genius Bar</strong>" in fallback["html"]
    assert "contraseña de tu Cuenta de Apple" in " ".join(fallback["text"].split())
    assert [link["label"] for link in fallback["links"]] == [
        "Pedir cita en el Genius Bar",
        "Contactar con el Soporte técnico de Apple",
    ]


# A Spanish visitor


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_the_spanish_guide_page_reads_in_spanish(client, spanish, headers):
    response = client.get(f"/es{GUIDE}", headers=headers)
    assertContains(response, SPANISH_TITLE)
    assertContains(response, "El almacenamiento de iCloud está lleno")
    assertContains(response, "¿Qué ves?")


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_a_spanish_visitor_walks_the_guide_in_spanish(client, spanish, headers):
    visit = start(client, "/es")
    assert (visit.version_id, visit.language) == (spanish.live_version_id, "es")
    steps = GuideVersion.objects.compiled(visit.version_id).steps
    response = client.get(step_url(visit, 1), headers=headers)
    assertContains(response, "Paso 1 de 9")
    assertContains(response, "Lee la línea de estado al final de Fotos")
    assertContains(response, "Sí, se ha solucionado")
    for step in steps:
        client.post(answer_url(visit), not_fixed(step))
    more_help = reverse("troubleshooter:more_help", kwargs={"visit_id": visit.id})
    response = client.get(more_help, headers=headers)
    assertContains(response, escape("Pide ayuda en el Genius Bar"))
    assertContains(response, "Pedir cita en el Genius Bar")
    # The card names the guide's version the desk and the report know it by.
    assertContains(response, "(versión 3)")


def test_spanish_and_english_steps_lead_the_same_way(client, spanish):
    english, spanish_visit = start(client), start(client, "/es")
    for number in range(1, len(spanish.live_version.content["steps"]) + 1):
        pages = [
            client.get(step_url(visit, number)).content.decode()
            for visit in (english, spanish_visit)
        ]
        assert WHERE_ANSWERS_LEAD.findall(pages[0]) == WHERE_ANSWERS_LEAD.findall(pages[1])
        assert WHERE_ANSWERS_LEAD.findall(pages[0])
        assert f"Step {number} of 9" in pages[0]
        assert f"Paso {number} de 9" in pages[1]


# Search


def test_the_spanish_entry_is_indexed(guide, spanish):
    entry = SearchEntry.objects.get(guide=guide, language="es")
    assert (entry.version_id, entry.is_source, entry.title) == (
        spanish.live_version_id,
        False,
        SPANISH_TITLE,
    )


def test_a_spanish_search_finds_the_guide_in_spanish(client, spanish):
    assert found_titles(search(client, "fotos icloud", "es")) == [SPANISH_TITLE]
    assert found_titles(search(client, "modo de datos reducidos", "es")) == [SPANISH_TITLE]
    response = search(client, "almacenamiento lleno", "es")
    assertContains(response, "El almacenamiento de iCloud está lleno")
    # English pages still find the English.
    english = "iCloud Photos isn't syncing on my iPhone"
    assert found_titles(search(client, "photos icloud")) == [english]


def test_the_guides_topic_reads_in_spanish_on_the_spanish_pages(client, guide):
    home = client.get("/es/")
    assertContains(home, "iCloud y Fotos")
    topic = client.get("/es/topics/icloud-and-photos/")
    assertContains(topic, "<title>iCloud y Fotos")
    assertContains(topic, in_spanish.TOPIC_IN_SPANISH["description"])
    assertContains(client.get("/topics/icloud-and-photos/"), "iCloud and Photos")
