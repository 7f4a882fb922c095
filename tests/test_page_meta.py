"""What search engines and link previews read: a description and a canonical link on
every public page, visits kept out of the index, a sitemap; and the guides in the
order a reader expects."""

import re

from tests.factories import published_guide, start_visit
from tests.helpers import step_url


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


def test_guides_are_listed_in_a_readers_order_whatever_their_case_or_accents(client, db):
    for title in ["No sound on calls", "iPhone won't charge", "Écran noir", "iCloud Photos"]:
        start_visit(published_guide("Restart", title=title))
    page = client.get("/").content.decode().partition("<main")[2]
    positions = [page.index(title) for title in ["Écran", "iCloud", "iPhone", "No sound"]]
    assert positions == sorted(positions)
