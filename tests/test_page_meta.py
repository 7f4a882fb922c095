"""What search engines and link previews read: a description and a canonical link on
every public page, visits kept out of the index, a sitemap; and the guides in the
order a reader expects."""

import re

from django.urls import reverse

from tests.factories import draft_guide, published_guide, start_visit
from tests.helpers import step_url
from troubleshooter.models import Topic


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


def test_guides_are_listed_in_a_readers_order_whatever_their_case_or_accents(client, db):
    for title in ["No sound on calls", "iPhone won't charge", "Écran noir", "iCloud Photos"]:
        start_visit(published_guide("Restart", title=title))
    # They have no topic: the home page lists them together, after the topics.
    page = client.get("/").content.decode().partition('<h2 id="other-guides"')[2]
    positions = [page.index(title) for title in ["Écran", "iCloud", "iPhone", "No sound"]]
    assert positions == sorted(positions)
