"""The home page and the topic pages: the live guides grouped by topic.

What they list is read and arranged, and each page rendered, once per process for
each state of the topics and the live guides (`listing_stamp`, one small query a
request), so the pages cost the same with 1,000 guides as with 10. Like the step
screens, nothing on them depends on the visitor.
"""

from dataclasses import dataclass, field

from django.http import Http404, HttpResponse
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


def arrange(
    topics: list[Topic], guides: list[ListedGuide], links: list[tuple[int, int]]
) -> Catalogue:
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


# The latest catalogue this process built, with the stamp it was built at and the pages
# rendered from it, by their address (one per host name the site answers to). Read
# before the rows, the stamp can only be older than what they say: the next request
# then builds again.
latest: tuple[tuple, Catalogue, dict[str, str]] | None = None


def built() -> tuple[Catalogue, dict[str, str]]:
    global latest
    stamp = listing_stamp()
    known = latest
    if known is None or known[0] != stamp:
        catalogue = arrange(list(Topic.objects.all()), listed_guides(), topic_links())
        known = latest = (stamp, catalogue, {})
    return known[1], known[2]


def listing_page(
    request: HtmxHttpRequest, pages: dict[str, str], path: str, template: str, context: dict
) -> HttpResponse:
    canonical_url = request.build_absolute_uri(path)
    html = pages.get(canonical_url)
    if html is None:
        html = render_to_string(template, {**context, "canonical_url": canonical_url})
        pages[canonical_url] = html
    return HttpResponse(html)


def guide_list_screen(request: HtmxHttpRequest) -> HttpResponse:
    catalogue, pages = built()
    template = "troubleshooter/guide_list.html"
    return listing_page(request, pages, "/", template, {"catalogue": catalogue})


def section_screen(
    request: HtmxHttpRequest, pages: dict[str, str], section: Section
) -> HttpResponse:
    """A topic's page, or the page of guides in no topic: every guide, in title order."""
    context = {
        "section": section,
        "page_title": f"{section.name} — Helpdesk",
        "meta_description": section.description,
    }
    return listing_page(request, pages, section.url, "troubleshooter/topic_detail.html", context)


def topic_screen(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    catalogue, pages = built()
    section = catalogue.topics.get(slug)
    if section is None:
        raise Http404("No such topic.")
    return section_screen(request, pages, section)


def other_guides_screen(request: HtmxHttpRequest) -> HttpResponse:
    catalogue, pages = built()
    return section_screen(request, pages, catalogue.others)
