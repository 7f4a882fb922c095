"""/sitemap.xml: the home page and every live guide, for search engines."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from troubleshooter.models import Guide


class HomeSitemap(Sitemap):
    def items(self):
        return ["troubleshooter:guide_list"]

    def location(self, item):
        return reverse(item)


class GuideSitemap(Sitemap):
    def items(self):
        return Guide.objects.live().select_related("live_version").order_by("slug")

    def lastmod(self, guide):
        return guide.live_version.created_at


SITEMAPS = {"home": HomeSitemap, "guides": GuideSitemap}
