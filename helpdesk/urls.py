from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from helpdesk.views import favicon, healthz
from troubleshooter.sitemaps import SITEMAPS
from troubleshooter.views import choose_language

admin.site.site_header = "Helpdesk administration"
# The front page lists guides waiting for review above the models.
admin.site.index_template = "admin/helpdesk_index.html"
admin.site.site_title = "Helpdesk admin"
admin.site.index_title = "Guides and visits"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("language/<str:code>/", choose_language, name="choose_language"),
    # Every English address as it always was; Spanish's under /es/.
    *i18n_patterns(path("", include("troubleshooter.urls")), prefix_default_language=False),
]

handler400 = "troubleshooter.views.bad_request"
handler500 = "troubleshooter.views.server_error"
