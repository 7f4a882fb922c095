"""Visitors read guides in their language: the guide page and Start pick a guide's
published translation in the language spoken, else its source with a note; a visit
stays in its version and language; lists and topics are translated; staff read a
translated visit beside its source."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains

from tests.helpers import (
    HISTORY_RESTORE,
    HTMX,
    ICLOUD_SLUG,
    BrowserClient,
    answer_data,
    answer_url,
    step_url,
    without_translations,
)
from troubleshooter import flow, translation
from troubleshooter.models import Guide, GuideVersion, Topic, Translation, Visit

GUIDE = f"/guides/{ICLOUD_SLUG}/"
NOT_YET = "Esta guía aún no está en español: se muestra en inglés."
SAME_EVERYWHERE = re.compile(
    r'data-outcome="[^"]*"|data-leads-to="[^"]*"|class="reference-code">[^<]*'
)


def shown(text: str) -> str:
    return str(escape(text))


def spanish_texts(version: GuideVersion) -> dict[str, str]:
    """Every string of the version, "translated" by a prefix."""
    return {key: f"ES {text}" for key, text in translation.strings(version.content).items()}


@pytest.fixture
def guide(guide):
    """The iCloud guide without the Spanish the migrations give it: these tests
    translate it themselves."""
    return without_translations(guide)


@pytest.fixture
def spanish(guide) -> GuideVersion:
    """The iCloud guide's Spanish translation, published."""
    texts = spanish_texts(guide.live_version)
    item = Translation.objects.create(guide=guide, language="es", texts=texts)
    return item.publish(note="Primera")


def start(client, prefix: str = "", **extra) -> Visit:
    response = client.post(f"{prefix}{GUIDE}start/", {"symptom": ""}, **extra)
    assert response.status_code == 303
    return Visit.objects.latest("started_at")


def main_of(response) -> str:
    return response.content.decode().partition("<main")[2].partition("</main>")[0]


# The version a visitor sees


def test_a_translated_version_records_its_source(guide, spanish):
    source = guide.live_version
    assert spanish.content["source"] == {"language": "en", "number": source.number}


def test_the_version_for_each_language_is_one_query(guide, spanish, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert Guide.objects.visitor_version(ICLOUD_SLUG, "es") == (guide.id, spanish.id)
    with django_assert_num_queries(1):
        found = Guide.objects.visitor_version(ICLOUD_SLUG, "en")
    assert found == (guide.id, guide.live_version_id)


def test_an_unpublished_translation_is_not_shown(guide):
    Translation.objects.create(guide=guide, language="es", texts={"title": "ES"})
    found = Guide.objects.visitor_version(ICLOUD_SLUG, "es")
    assert found == (guide.id, guide.live_version_id)


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_the_spanish_guide_page_shows_the_translation(client, guide, spanish, headers):
    response = client.get(f"/es{GUIDE}", headers=headers)
    assertContains(response, shown(f"ES {guide.live_version.content['title']}"))
    assertContains(response, shown(f"ES {guide.live_version.content['steps'][0]['title']}"))
    assertNotContains(response, NOT_YET)
    assertContains(response, "¿Qué ves?")


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_a_guide_not_yet_in_spanish_says_so(client, guide, headers):
    response = client.get(f"/es{GUIDE}", headers=headers)
    assertContains(response, NOT_YET)
    assertContains(response, f'lang="en">{shown(guide.live_version.content["title"])}')


def test_the_english_guide_page_stays_english(client, guide, spanish):
    response = client.get(GUIDE)
    assertContains(response, shown(guide.live_version.content["title"]))
    assertNotContains(response, "ES ")
    assertNotContains(response, "is not yet in")


def test_the_guide_page_is_as_many_queries_in_spanish(
    client, guide, spanish, django_assert_num_queries
):
    client.get(f"/es{GUIDE}")
    with django_assert_num_queries(1):
        client.get(f"/es{GUIDE}")
    with django_assert_num_queries(1):
        client.get(GUIDE)


# A visit in Spanish


def test_start_in_spanish_pins_the_spanish_version_and_language(client, guide, spanish):
    visit = start(client, "/es")
    assert (visit.version_id, visit.language) == (spanish.id, "es")
    english = start(client)
    assert (english.version_id, english.language) == (guide.live_version_id, "en")


def test_start_in_spanish_without_a_translation_pins_the_source(client, guide):
    visit = start(client, "/es")
    assert (visit.version_id, visit.language) == (guide.live_version_id, "es")


def test_a_spanish_visit_stays_spanish_in_an_english_browser(client, guide, spanish):
    visit = start(client, "/es")
    other = BrowserClient(HTTP_ACCEPT_LANGUAGE="en")
    steps = list(GuideVersion.objects.compiled(spanish.id).steps)
    for path in [step_url(visit, 1), f"/visits/{visit.id}/steps/1/"]:
        response = other.get(path)
        assertContains(response, f"Paso 1 de {len(steps)}")
        assertContains(response, shown(steps[0].title))
        assert steps[0].title.startswith("ES ")
    for step in steps[:-1]:
        other.post(f"/visits/{visit.id}/answer/", answer_data(step, flow.NEXT))
    other.post(f"/visits/{visit.id}/answer/", answer_data(steps[-1], flow.ESCALATE))
    card = other.get(f"/visits/{visit.id}/more-help/")
    assertContains(card, "Resumen de lo que has probado")
    assertContains(card, shown(spanish.content["fallback"]["title"]))


def test_a_translated_visit_carries_the_same_outcomes_and_code(client, guide, spanish):
    english, spanish_visit = start(client), start(client, "/es")
    assert spanish_visit.version_id == spanish.id
    for number in range(1, len(spanish.content["steps"]) + 1):
        pages = [
            client.get(step_url(visit, number)).content.decode()
            for visit in (english, spanish_visit)
        ]
        assert SAME_EVERYWHERE.findall(pages[0]) == SAME_EVERYWHERE.findall(pages[1])
        assert SAME_EVERYWHERE.findall(pages[0])


@pytest.mark.parametrize(
    "headers", [{}, HTMX, HISTORY_RESTORE], ids=["page", "htmx", "history-restore"]
)
def test_a_spanish_step_page_is_one_query_as_an_english_one(
    client, spanish, headers, django_assert_num_queries
):
    """Under /es/ and on the translation: the visit's language comes in the one query
    that reads the visit."""
    english, spanish_visit = start(client), start(client, "/es")
    with django_assert_num_queries(1):
        client.get(step_url(english, 4), headers=headers)
    with django_assert_num_queries(1):
        response = client.get(f"/es{step_url(spanish_visit, 4)}", headers=headers)
    assertContains(response, shown(spanish.content["steps"][3]["title"]))


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_a_spanish_answer_post_is_four_queries_as_an_english_one(
    client, spanish, headers, django_assert_num_queries
):
    english, spanish_visit = start(client), start(client, "/es")
    steps = list(GuideVersion.objects.compiled(spanish.id).steps)
    with django_assert_num_queries(4):
        client.post(answer_url(english), answer_data(steps[0], flow.NEXT), headers=headers)
    with django_assert_num_queries(4):
        client.post(
            f"/es{answer_url(spanish_visit)}", answer_data(steps[0], flow.NEXT), headers=headers
        )
    spanish_visit.refresh_from_db()
    assert spanish_visit.current_step_key == steps[1].key


# The home page and topics


@pytest.fixture
def topic(guide) -> Topic:
    """The migrations' first topic, with the iCloud guide, named in Spanish too."""
    topic = Topic.objects.get(slug="icloud-and-photos")
    topic.translations = {
        "es": {"name": "iCloud y Fotos", "description": "Fotos que no se sincronizan."}
    }
    topic.save()
    topic.guides.set([guide])
    return topic


def test_the_home_page_lists_translated_titles_and_topics(client, guide, spanish, topic):
    title = shown(guide.live_version.content["title"])
    spanish_page = main_of(client.get("/es/"))
    assert f"ES {title}" in spanish_page
    assert "iCloud y Fotos" in spanish_page
    english_page = main_of(client.get("/"))
    assert f"ES {title}" not in english_page
    assert "iCloud and Photos" in english_page


def test_a_topic_page_in_spanish(client, guide, spanish, topic):
    response = client.get("/es/topics/icloud-and-photos/")
    assertContains(response, "iCloud y Fotos")
    assertContains(response, "Fotos que no se sincronizan.")
    assertContains(response, shown(f"ES {guide.live_version.content['summary']}"))


def test_a_topic_with_no_spanish_reads_english(client, guide, topic):
    topic.translations = {}
    topic.save()
    page = main_of(client.get("/es/"))
    assert "iCloud and Photos" in page
    assert shown(guide.live_version.content["title"]) in page


def test_publishing_a_translation_shows_on_the_home_page(client, guide, topic):
    title = shown(guide.live_version.content["title"])
    assert f"ES {title}" not in main_of(client.get("/es/"))
    item = Translation.objects.create(
        guide=guide, language="es", texts=spanish_texts(guide.live_version)
    )
    item.publish()
    assert f"ES {title}" in main_of(client.get("/es/"))


def test_each_language_is_built_once_then_one_query(
    client, guide, spanish, topic, django_assert_num_queries
):
    # Built afresh: the stamp, the guides in the language, the topics, the links.
    with django_assert_num_queries(4):
        client.get("/es/")
    with django_assert_num_queries(1):
        client.get("/es/")
    with django_assert_num_queries(4):
        client.get("/")
    with django_assert_num_queries(1):
        client.get("/es/")


def test_staff_write_a_topics_spanish_name(admin_client, topic):
    data = {
        "name": topic.name,
        "slug": topic.slug,
        "description": topic.description,
        "order": 0,
        "name_es": "Fotos de iCloud",
        "description_es": "",
    }
    page = admin_client.get(f"/admin/troubleshooter/topic/{topic.pk}/change/")
    assertContains(page, "Name in Spanish")
    assertContains(page, 'value="iCloud y Fotos"')
    response = admin_client.post(f"/admin/troubleshooter/topic/{topic.pk}/change/", data)
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.translations == {"es": {"name": "Fotos de iCloud"}}
    assert topic.translated("description", "es") == topic.description


# The staff's page of a visit


def test_the_staff_page_of_a_spanish_visit_shows_the_source_beside(
    client, admin_client, guide, spanish
):
    visit = start(client, "/es")
    steps = list(GuideVersion.objects.compiled(spanish.id).steps)
    client.post(f"/visits/{visit.id}/answer/", answer_data(steps[0], flow.NEXT))
    url = f"/admin/troubleshooter/visit/{visit.pk}/change/"
    response = admin_client.get(url)
    assertContains(response, '<div class="readonly">Spanish</div>', html=False)
    source = shown(guide.live_version.content["steps"][0]["title"])
    assertContains(response, f"ES {source}")
    assertContains(response, f'English: <span lang="en">{source}</span>')
    assertContains(response, "As the visitor read it")
    number = guide.live_version.number
    assertContains(response, f"Spanish version 1, translating version {number}")
    replayed = f"Replayed on Spanish version 1, translating version {number}, as the visitor"
    assertContains(response, replayed)
    english = start(client)
    english_page = admin_client.get(f"/admin/troubleshooter/visit/{english.pk}/change/")
    assertNotContains(english_page, "As the visitor read it")
    assertContains(english_page, "English")


def test_the_source_beside_is_one_more_query(client, admin_client, spanish):
    english, spanish_visit = start(client), start(client, "/es")
    counts = []
    for visit in (english, spanish_visit):
        url = f"/admin/troubleshooter/visit/{visit.pk}/change/"
        admin_client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[1] == counts[0] + 1
