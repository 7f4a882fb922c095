"""The home page and the topic pages: the live guides grouped by topic.

What they list is read and arranged once per process for each state of the topics and
the live guides (`listing_stamp`, one small query a request), so the home page costs
the same with 1,000 guides as with 10.
"""

from dataclasses import dataclass, field

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse

from troubleshooter.models import ListedGuide, Topic, listed_guides, listing_stamp, topic_links
from troubleshooter.screens.common import HtmxHttpRequest
from troubleshooter.screens.guides import title_order

# Guides the home page shows under each topic; the rest are on the topic's page.
HOME_PAGE_GUIDES = 5


@dataclass(frozen=True)
class Section:
    """A heading of the home page and its page: its live guides in a reader's order."""

    name: str
    description: str
    url: str
    anchor: str
    guides: list[ListedGuide]
    all_label: str  # the link from the home page to the rest, when there are more
    shown: list[ListedGuide] = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "shown", self.guides[:HOME_PAGE_GUIDES])


@dataclass(frozen=True)
class Catalogue:
    topics: dict[str, Section]  # by slug, in the staff's order
    others: Section  # live guides in no topic

    @property
    def listed(self) -> list[Section]:
        """The topics with live guides: the home page leaves out the empty ones."""
        return [section for section in self.topics.values() if section.guides]


def arrange(topics: list[Topic], guides: list[ListedGuide], links: list[tuple[int, int]]):
    """Each topic with its guides, and the guides in no topic, all in title order."""
    guides = sorted(guides, key=lambda guide: title_order(guide.title))
    in_topic: dict[int, set[int]] = {}
    for topic_id, guide_id in links:
        in_topic.setdefault(topic_id, set()).add(guide_id)
    filed = set().union(*in_topic.values())
    sections = {}
    for topic in topics:
        mine = [guide for guide in guides if guide.id in in_topic.get(topic.id, ())]
        sections[topic.slug] = Section(
            name=topic.name,
            description=topic.description,
            url=topic.get_absolute_url(),
            anchor=f"topic-{topic.slug}",
            guides=mine,
            all_label=f"All {len(mine)} guides in {topic.name}",
        )
    others = [guide for guide in guides if guide.id not in filed]
    return Catalogue(
        sections,
        Section(
            name="Other guides",
            description="Guides not yet filed under a topic.",
            url=reverse("troubleshooter:other_guides"),
            anchor="other-guides",
            guides=others,
            all_label=f"All {len(others)} other guides",
        ),
    )


# The latest catalogue this process built, with the stamp it was built at and the home
# page rendered from it, by its address (one per host name the site answers to). Read
# before the rows, the stamp can only be older than what they say: the next request
# then builds again.
latest: tuple[tuple, Catalogue, dict[str, str]] | None = None


def built() -> tuple[tuple, Catalogue, dict[str, str]]:
    global latest
    stamp = listing_stamp()
    known = latest
    if known is None or known[0] != stamp:
        catalogue = arrange(list(Topic.objects.all()), listed_guides(), topic_links())
        known = latest = (stamp, catalogue, {})
    return known


def catalogue() -> Catalogue:
    return built()[1]


def guide_list_screen(request: HtmxHttpRequest) -> HttpResponse:
    """The home page, rendered once for each state of what it lists, as step screens
    are once per version: nothing on it depends on the visitor."""
    _, catalogue, pages = built()
    canonical_url = request.build_absolute_uri("/")
    html = pages.get(canonical_url)
    if html is None:
        context = {"catalogue": catalogue, "canonical_url": canonical_url}
        html = pages[canonical_url] = render_to_string("troubleshooter/guide_list.html", context)
    return HttpResponse(html)


def topic_screen(request: HtmxHttpRequest, section: Section | None) -> HttpResponse:
    """A topic's page, or the page of guides in no topic: every guide, in title order."""
    if section is None:
        raise Http404("No such topic.")
    context = {
        "section": section,
        "page_title": f"{section.name} — Helpdesk",
        "meta_description": section.description,
        "canonical_url": request.build_absolute_uri(section.url),
    }
    return render(request, "troubleshooter/topic_detail.html", context)
