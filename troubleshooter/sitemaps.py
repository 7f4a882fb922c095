"""/sitemap.xml: the home page, every live guide and every topic with a live guide, for
search engines, each in every site language.

Each address lists its page in every language and English's as `x-default`, as the
page's own `hreflang` links do (screens.languages.alternates). A guide is listed in
Spanish whether or not it has a Spanish translation: its Spanish page is the one a
Spanish reader is served, in Spanish with a note while the guide is not yet translated,
and the address stays the same when a translation is published.
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from troubleshooter.models import Guide, Topic


class EveryLanguage(Sitemap):
    """Each item once per site language (Django's `i18n`), with its alternates."""

    i18n = True
    alternates = True

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page, site, protocol)
        # Django's own x_default takes "/en/" out of the address, which English's
        # unprefixed addresses do not have: it would cut a slug "en" instead.
        for url in urls:
            default = next(
                alternate["location"]
                for alternate in url["alternates"]
                if alternate["lang_code"] == settings.LANGUAGE_CODE
            )
            url["alternates"].append({"location": default, "lang_code": "x-default"})
        return urls


class HomeSitemap(EveryLanguage):
    def items(self):
        return ["troubleshooter:guide_list"]

    def location(self, item):
        return reverse(item)


class GuideSitemap(EveryLanguage):
    """Each live guide's `lastmod` in a language is when the version read in it was
    published: its translation's, else its own."""

    def items(self):
        return list(Guide.objects.published_by_language().items())

    def location(self, guide):
        slug, _ = guide
        return reverse("troubleshooter:guide", kwargs={"slug": slug})

    def lastmod(self, guide):
        # Django calls it without the language: the guide's latest in any, for the
        # sitemap's own latest; get_urls gives each address its language's.
        _, published = guide
        return max(published.values())

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page, site, protocol)
        for url in urls:
            (_, published), language = url["item"]
            url["lastmod"] = published[language]
        return urls


class TopicSitemap(EveryLanguage):
    def items(self):
        return Topic.objects.filter(guides__live_version__isnull=False).distinct().order_by("slug")


SITEMAPS = {"home": HomeSitemap, "guides": GuideSitemap, "topics": TopicSitemap}
