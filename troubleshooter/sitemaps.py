"""/sitemap.xml: the home page, every live guide and every topic with a live guide, for
search engines."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from troubleshooter.models import Guide, Topic


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


class TopicSitemap(Sitemap):
    def items(self):
        return Topic.objects.filter(guides__live_version__isnull=False).distinct().order_by("slug")


SITEMAPS = {"home": HomeSitemap, "guides": GuideSitemap, "topics": TopicSitemap}
