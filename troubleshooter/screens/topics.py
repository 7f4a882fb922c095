"""The home page and the topic pages: the live guides grouped by topic.

What they list is read and arranged, and each page rendered, once per process for
each state of the topics and the live guides (`listing_stamp`, one small query a
request), so the pages cost the same with 1,000 guides as with 10. Like the step
screens, nothing on them depends on the visitor but the language: each language's
catalogue is built once per state, with its translated titles and topic names.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy

from troubleshooter.models import ListedGuide, Topic, listed_guides, listing_stamp, topic_links
from troubleshooter.screens.common import HtmxHttpRequest
from troubleshooter.screens.guides import title_order
from troubleshooter.screens.languages import languages_context

# Guides the home page shows under each topic; the rest are on the topic's page.
HOME_PAGE_GUIDES = 5


@dataclass(frozen=True)
class Section:
    """A heading of the home page and its page: its live guides in a reader's order.

    Built once for every language: the words of the site's own (the guides in no
    topic) are translated when a page shows them, and the address is the page's in
    the language spoken."""

    name: str | Promise
    description: str | Promise
    slug: str  # the topic's; empty for the guides in no topic
    anchor: str
    guides: list[ListedGuide]
    shown: list[ListedGuide] = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "shown", self.guides[:HOME_PAGE_GUIDES])

    @property
    def url(self) -> str:
        if self.slug:
            return reverse("troubleshooter:topic", kwargs={"slug": self.slug})
        return reverse("troubleshooter:other_guides")


@dataclass(frozen=True)
class Catalogue:
    topics: dict[str, Section]  # by slug, in the staff's order
    others: Section  # live guides in no topic

    @property
    def listed(self) -> list[Section]:
        """The topics with live guides: the home page leaves out the empty ones."""
        return [section for section in self.topics.values() if section.guides]


def arrange(
    topics: list[Topic],
    guides: list[ListedGuide],
    links: list[tuple[int, int]],
    language: str = settings.LANGUAGE_CODE,
) -> Catalogue:
    """Each topic, named in `language`, with its guides, and the guides in no topic,
    all in title order."""
    guides = sorted(guides, key=lambda guide: title_order(guide.title))
    in_topic: dict[int, set[int]] = {}
    for topic_id, guide_id in links:
        in_topic.setdefault(topic_id, set()).add(guide_id)
    filed = set().union(*in_topic.values())
    sections = {}
    for topic in topics:
        mine = [guide for guide in guides if guide.id in in_topic.get(topic.id, ())]
        sections[topic.slug] = Section(
            name=topic.translated("name", language),
            description=topic.translated("description", language),
            slug=topic.slug,
            anchor=f"topic-{topic.slug}",
            guides=mine,
        )
    others = [guide for guide in guides if guide.id not in filed]
    return Catalogue(
        sections,
        Section(
            name=gettext_lazy("Other guides"),
            description=gettext_lazy("Guides not yet filed under a topic."),
            slug="",
            anchor="other-guides",
            guides=others,
        ),
    )


# The latest catalogues this process built, by language, with the stamp they were built
# at and the pages rendered from them, by language and address (one per host name the
# site answers to). Read before the rows, the stamp can only be older than what they
# say: the next request then builds again.
latest: tuple[tuple, dict[str, Catalogue], dict[tuple[str, str], str]] | None = None


def built() -> tuple[Catalogue, dict[tuple[str, str], str]]:
    """The catalogue in the language spoken: its guides' titles and summaries from
    their published translations in it, its topics' names and descriptions too."""
    global latest
    stamp = listing_stamp()
    known = latest
    if known is None or known[0] != stamp:
        known = latest = (stamp, {}, {})
    language = translation.get_language()
    catalogues = known[1]
    if language not in catalogues:
        guides = listed_guides(language)
        topics = list(Topic.objects.all())
        catalogues[language] = arrange(topics, guides, topic_links(), language)
    return catalogues[language], known[2]


def listing_page(
    request: HtmxHttpRequest,
    pages: dict[tuple[str, str], str],
    path: str,
    template: str,
    context: dict,
) -> HttpResponse:
    canonical_url = request.build_absolute_uri(path)
    key = (translation.get_language(), canonical_url)
    html = pages.get(key)
    if html is None:
        html = pages[key] = render_to_string(
            template,
            {**context, "canonical_url": canonical_url, **languages_context(request, path)},
        )
    return HttpResponse(html)


def guide_list_screen(request: HtmxHttpRequest) -> HttpResponse:
    catalogue, pages = built()
    template = "troubleshooter/guide_list.html"
    path = reverse("troubleshooter:guide_list")
    return listing_page(request, pages, path, template, {"catalogue": catalogue})


def section_screen(
    request: HtmxHttpRequest, pages: dict[tuple[str, str], str], section: Section
) -> HttpResponse:
    """A topic's page, or the page of guides in no topic: every guide, in title order."""
    context = {
        "section": section,
        "page_title": gettext("%(topic)s — Helpdesk") % {"topic": section.name},
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
