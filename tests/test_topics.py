"""Topics: the home page groups the live guides under them, each topic has its page,
and staff manage them in the admin."""

import re

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import draft_guide, published_guide
from troubleshooter.models import Guide, Topic
from troubleshooter.screens.topics import HOME_PAGE_GUIDES


def make_topic(name: str, *guides: Guide, order: int = 0) -> Topic:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    topic = Topic.objects.create(
        name=name, slug=slug, description=f"Guides about {name.lower()}.", order=order
    )
    topic.guides.set(guides)
    return topic


def main_of(response) -> str:
    return response.content.decode().partition("<main")[2].partition("</main>")[0]


def section_of(response, anchor: str) -> str:
    """One section of the home page, from its heading to the next section."""
    main = main_of(response)
    start = main.index(f'<h2 id="{anchor}"')
    return main[start:].partition("</section>")[0]


def in_order(page: str, texts: list[str]) -> bool:
    positions = [page.index(text) for text in texts]
    return positions == sorted(positions)


@pytest.fixture
def no_topics(db):
    """No topic and no guide but the ones a test makes."""
    Topic.objects.all().delete()
    Guide.objects.all().delete()


# The home page


def test_topics_are_listed_in_the_staffs_order_then_by_name(client, no_topics):
    guide = published_guide("One")
    make_topic("Zebra", guide, order=1)
    make_topic("Battery", guide, order=2)
    make_topic("Apple Watch", guide, order=2)
    index = main_of(client.get("/")).partition("</nav>")[0]
    assert in_order(index, ["Zebra", "Apple Watch", "Battery"])


def test_each_topics_guides_are_in_a_readers_order_whatever_their_case_or_accents(
    client, no_topics
):
    titles = ["No sound on calls", "iPhone won't charge", "Écran noir", "iCloud Photos"]
    make_topic("Everything", *(published_guide("Restart", title=title) for title in titles))
    section = section_of(client.get("/"), "topic-everything")
    assert in_order(section, ["Écran", "iCloud", "iPhone", "No sound"])


def test_guides_without_a_topic_come_after_the_topics(client, no_topics):
    make_topic("Battery", published_guide("Charge", title="Battery drains"))
    published_guide("Restart", title="Apps crash")
    main = main_of(client.get("/"))
    assert in_order(main, ['id="topic-battery"', "Battery drains", 'id="other-guides"'])
    assert in_order(main, ['id="other-guides"', "Apps crash"])


def test_the_index_links_to_each_topic_on_the_page_with_its_guide_count(client, no_topics):
    make_topic("Battery", published_guide("Charge"), published_guide("Restart"))
    published_guide("Restart", title="Apps crash")
    index = main_of(client.get("/")).partition("</nav>")[0]
    battery = '<a href="#topic-battery"><span>Battery <span class="topic-count">(2)</span>'
    others = '<a href="#other-guides"><span>Other guides <span class="topic-count">(1)</span>'
    assert battery in index
    assert others in index


def test_a_topic_shows_its_first_guides_and_links_to_the_rest(client, no_topics):
    guides = [published_guide("Fix", title=f"Guide {n:02}") for n in range(HOME_PAGE_GUIDES + 2)]
    make_topic("Battery", *guides)
    section = section_of(client.get("/"), "topic-battery")
    for guide in guides[:HOME_PAGE_GUIDES]:
        assert guide.title in section
    for guide in guides[HOME_PAGE_GUIDES:]:
        assert guide.title not in section
    assert f'<a href="/topics/battery/">All {len(guides)} guides in Battery</a>' in section


def test_a_topic_with_all_its_guides_shown_has_no_link_to_the_rest(client, no_topics):
    make_topic("Battery", *(published_guide("Fix") for _ in range(HOME_PAGE_GUIDES)))
    assert "All " not in section_of(client.get("/"), "topic-battery")


def test_topics_without_live_guides_are_left_off_the_home_page(client, no_topics):
    make_topic("Battery", published_guide("Fix"))
    make_topic("Screens", draft_guide("Fix"))
    main = main_of(client.get("/"))
    assert "Battery" in main
    assert "Screens" not in main


def test_guides_are_listed_with_their_live_title_and_summary_not_the_drafts(client, no_topics):
    guide = published_guide("One", title="Live title", summary="Live summary.")
    make_topic("Battery", guide)
    guide.title, guide.summary = "Draft title", "Draft summary."
    guide.save()
    main = main_of(client.get("/"))
    assert "Live title" in main
    assert "Live summary." in main
    assert "Draft" not in main


def test_the_first_guide_comes_filed_under_a_topic(client, guide):
    topic = Topic.objects.get(slug="icloud-and-photos")
    assert list(topic.guides.all()) == [guide]
    assertContains(client.get("/"), '<a href="#topic-icloud-and-photos">')


def test_with_no_live_guides_the_home_page_says_so(client, no_topics):
    draft_guide("Fix")
    assertContains(client.get("/"), "There are no guides yet.")


# What a visitor sees follows staff at once


def test_the_home_page_follows_every_change_to_topics_and_live_guides(client, no_topics):
    guide = published_guide("Fix", title="Battery drains")
    topic = make_topic("Battery", guide)

    def sections() -> str:
        return main_of(client.get("/")).partition("</nav>")[2]

    assert "Battery drains" in section_of(client.get("/"), "topic-battery")
    topic.name = "Power"
    topic.save()
    assert "Power" in sections()
    topic.guides.remove(guide)
    assert "Battery drains" in section_of(client.get("/"), "other-guides")
    topic.guides.add(guide)
    assert "Battery drains" in section_of(client.get("/"), "topic-battery")
    guide.steps.update(title="Charge it")
    guide.title = "Battery runs out"
    guide.save()
    guide.publish()
    assert "Battery runs out" in sections()
    guide.unpublish()
    assert "Battery runs out" not in sections()
    Topic.objects.all().delete()
    assert "Power" not in main_of(client.get("/"))


def test_the_home_page_makes_the_same_queries_for_3_or_30_guides(
    client, no_topics, django_assert_num_queries
):
    for count in [3, 30]:
        topic = make_topic(f"Topic {count}", *(published_guide("Fix") for _ in range(count)))
        topic.guides.add(*(published_guide("Fix") for _ in range(count)))
        # Built afresh after a change: the change's stamp, the topics, guides and links.
        with django_assert_num_queries(4):
            client.get("/")
        # Then one small query a request, to see that nothing changed.
        with django_assert_num_queries(1):
            client.get("/")


# A topic's page


def test_a_topics_page_lists_all_its_live_guides_in_a_readers_order(client, no_topics):
    guides = [published_guide("Fix", title=f"Guide {n:02}") for n in range(HOME_PAGE_GUIDES + 2)]
    topic = make_topic("Battery", *reversed(guides), draft_guide("Fix", title="Not yet live"))
    response = client.get(topic.get_absolute_url())
    assertContains(response, "<h1>Battery</h1>", html=False)
    assertContains(response, topic.description)
    assert in_order(main_of(response), [guide.title for guide in guides])
    assertNotContains(response, "Not yet live")


def test_a_topics_page_is_one_query_once_built(client, no_topics, django_assert_num_queries):
    topic = make_topic("Battery", *(published_guide("Fix") for _ in range(3)))
    client.get(topic.get_absolute_url())
    with django_assert_num_queries(1):
        response = client.get(topic.get_absolute_url())
    assert response.content.decode().count('class="guide-card"') == 3


def test_an_unknown_topic_is_a_404(client, db):
    response = client.get("/topics/no-such-topic/")
    assert response.status_code == 404
    assertContains(response, "We can't find that page", status_code=404)


def test_a_topic_without_live_guides_says_so(client, no_topics):
    topic = make_topic("Screens", draft_guide("Fix"))
    assertContains(client.get(topic.get_absolute_url()), "There are no guides in this topic yet.")


def test_the_other_guides_page_lists_every_guide_without_a_topic(client, no_topics):
    guides = [published_guide("Fix", title=f"Guide {n:02}") for n in range(HOME_PAGE_GUIDES + 2)]
    make_topic("Battery", guides[0])
    response = client.get(reverse("troubleshooter:other_guides"))
    assert in_order(main_of(response), [guide.title for guide in guides[1:]])
    assertNotContains(response, guides[0].title)
    section = section_of(client.get("/"), "other-guides")
    assert f'<a href="/other-guides/">All {len(guides) - 1} other guides</a>' in section
