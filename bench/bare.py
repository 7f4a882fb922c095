"""The ceiling for `make bench`: Django with one view and nothing else."""

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-ceiling-app-serves-one-fixed-page-and-has-nothing-to-protect",
    ALLOWED_HOSTS=["127.0.0.1"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
)


def index(request):
    return HttpResponse("<!doctype html><title>Ceiling</title><p>One view, nothing else.</p>")


urlpatterns = [path("", index)]
application = get_wsgi_application()
