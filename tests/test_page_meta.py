"""What search engines and link previews read: a description and a canonical link on
every public page, visits kept out of the index, a sitemap in every language; and the
guides in the order a reader expects."""

import re
from datetime import datetime, timezone
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from tests.factories import draft_guide, published_guide, start_visit
from tests.helpers import step_url, without_translations
from tests.test_search_languages import spanish_texts
from troubleshooter.models import Guide, GuideVersion, Topic, Translation

SITEMAP_NAMES = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "x": "http://www.w3.org/1999/xhtml",
}


def meta(response, name: str) -> str | None:
    found = re.search(rf'<meta name="{name}" content="([^"]*)">', response.content.decode())
    return found.group(1) if found else None


def canonical(response) -> str | None:
    found = re.search(r'<link rel="canonical" href="([^"]*)">', response.content.decode())
    return found.group(1) if found else None


def test_the_home_page_has_the_sites_description_and_its_own_address(client, guide):
    response = client.get("/")
    assert meta(response, "description").startswith("Step-by-step fixes")
    assert canonical(response) == "http://testserver/"
    assert meta(response, "robots") is None


def test_a_guides_page_is_described_by_its_summary(client, guide):
    response = client.get(guide.get_absolute_url())
    assert meta(response, "description") == guide.summary.replace("'", "&#x27;")
    assert canonical(response) == f"http://testserver{guide.get_absolute_url()}"


def test_a_topics_page_is_described_by_its_description(client, guide):
    topic = Topic.objects.get(slug="icloud-and-photos")
    response = client.get(topic.get_absolute_url())
    assert meta(response, "description") == topic.description.replace("'", "&#x27;")
    assert canonical(response) == "http://testserver/topics/icloud-and-photos/"
    assert meta(response, "robots") is None


def test_every_public_list_page_has_a_description_and_its_own_address(client, guide):
    published_guide("Restart", title="In no topic")
    for path in ["/", "/topics/icloud-and-photos/", reverse("troubleshooter:other_guides")]:
        response = client.get(path)
        assert response.status_code == 200
        assert meta(response, "description"), path
        assert canonical(response) == f"http://testserver{path}"


def test_a_visits_pages_point_at_the_guide_and_stay_out_of_search(client, guide, visit):
    for url in [step_url(visit, 1), step_url(visit, 3)]:
        response = client.get(url)
        assert canonical(response) == guide.get_absolute_url()
        assert meta(response, "robots") == "noindex"
        assert meta(response, "description") == guide.summary.replace("'", "&#x27;")


def test_the_sitemap_lists_the_home_page_and_live_guides_only(client, guide, draft_guide):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<loc>http://testserver/</loc>" in body
    assert f"<loc>http://testserver{guide.get_absolute_url()}</loc>" in body
    assert draft_guide.slug not in body
    assert "<lastmod>" in body


def test_the_sitemap_lists_topics_with_live_guides_once_each(client, guide):
    Topic.objects.get(slug="icloud-and-photos").guides.add(published_guide("Restart"))
    Topic.objects.create(name="Screens", slug="screens", description="Screens.").guides.add(
        draft_guide("Restart")
    )
    body = client.get("/sitemap.xml").content.decode()
    assert body.count("<loc>http://testserver/topics/icloud-and-photos/</loc>") == 1
    assert "/topics/screens/" not in body


def sitemap(client) -> dict[str, dict]:
    """Each address the sitemap lists: its lastmod and its alternates by hreflang."""
    root = ElementTree.fromstring(client.get("/sitemap.xml").content)
    return {
        url.findtext("s:loc", namespaces=SITEMAP_NAMES): {
            "lastmod": url.findtext("s:lastmod", namespaces=SITEMAP_NAMES),
            "alternates": {
                link.get("hreflang"): link.get("href")
                for link in url.findall("x:link", SITEMAP_NAMES)
            },
        }
        for url in root.findall("s:url", SITEMAP_NAMES)
    }


@pytest.fixture
def english_guide(guide) -> Guide:
    """The iCloud guide before its Spanish translation, for tests that translate it."""
    return without_translations(guide)


def published_on(version: GuideVersion, day: str) -> None:
    created_at = datetime.fromisoformat(day).replace(tzinfo=timezone.utc)
    GuideVersion.objects.filter(pk=version.pk).update(created_at=created_at)


def test_the_sitemap_lists_every_page_in_every_language_with_its_alternates(client, guide):
    listed = sitemap(client)
    for path in ["/", guide.get_absolute_url(), "/topics/icloud-and-photos/"]:
        english, spanish = f"http://testserver{path}", f"http://testserver/es{path}"
        alternates = {"en": english, "es": spanish, "x-default": english}
        assert listed[english]["alternates"] == alternates
        assert listed[spanish]["alternates"] == alternates
    assert len(listed) == 6


def test_a_topic_whose_slug_is_a_language_code_keeps_it_in_every_alternate(client, guide):
    Topic.objects.create(name="En", slug="en", description="A topic.").guides.add(guide)
    listed = sitemap(client)["http://testserver/es/topics/en/"]
    assert listed["alternates"]["x-default"] == "http://testserver/topics/en/"


def test_a_guide_not_translated_is_listed_in_spanish_dated_by_its_own_version(
    client, english_guide
):
    guide = english_guide
    published_on(guide.live_version, "2025-02-05")
    # A translation never published is not what Spanish readers are served.
    Translation.objects.create(guide=guide, language="es", texts=spanish_texts(guide))
    listed = sitemap(client)
    assert listed[f"http://testserver{guide.get_absolute_url()}"]["lastmod"] == "2025-02-05"
    assert listed[f"http://testserver/es{guide.get_absolute_url()}"]["lastmod"] == "2025-02-05"


def test_a_translated_guide_is_dated_in_each_language_by_its_version_in_it(client, english_guide):
    guide = english_guide
    spanish = Translation.objects.create(guide=guide, language="es", texts=spanish_texts(guide))
    published_on(spanish.publish(), "2025-03-20")
    published_on(guide.live_version, "2025-01-10")
    other = published_guide("Restart", title="Screen stays black")
    published_on(other.live_version, "2025-02-05")
    listed = sitemap(client)
    assert listed[f"http://testserver{guide.get_absolute_url()}"]["lastmod"] == "2025-01-10"
    assert listed[f"http://testserver/es{guide.get_absolute_url()}"]["lastmod"] == "2025-03-20"
    assert listed[f"http://testserver/es{other.get_absolute_url()}"]["lastmod"] == "2025-02-05"


def test_the_sitemap_is_two_queries_however_many_guides_and_languages(
    client, english_guide, django_assert_num_queries
):
    guide = english_guide
    Translation.objects.create(guide=guide, language="es", texts=spanish_texts(guide)).publish()
    topic = Topic.objects.get(slug="icloud-and-photos")
    for title in ["Screen stays black", "No sound on calls", "Wi-Fi keeps dropping"]:
        topic.guides.add(published_guide("Restart", title=title))
    # The guides with their versions' dates in every language, and the topics.
    with django_assert_num_queries(2):
        assert len(sitemap(client)) == 2 * (1 + 4 + 1)


def test_guides_are_listed_in_a_readers_order_whatever_their_case_or_accents(client, db):
    for title in ["No sound on calls", "iPhone won't charge", "Écran noir", "iCloud Photos"]:
        start_visit(published_guide("Restart", title=title))
    # They have no topic: the home page lists them together, after the topics.
    page = client.get("/").content.decode().partition('<h2 id="other-guides"')[2]
    positions = [page.index(title) for title in ["Écran", "iCloud", "iPhone", "No sound"]]
    assert positions == sorted(positions)


def test_favicon_ico_leads_to_the_sites_icon_for_pages_that_name_none(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert re.fullmatch(r"/static/favicon(\.[0-9a-f]+)?\.svg", response["Location"])
    assert "max-age=86400" in response["Cache-Control"]
