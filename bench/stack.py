"""The second ceiling for `make bench`: helpdesk's own settings, middleware and
all, serving one view that reads no database. Settings and URLconf in one."""

from django.http import HttpResponse
from django.urls import path

from helpdesk.settings import *  # noqa: F403

ROOT_URLCONF = "bench.stack"


def index(request):
    return HttpResponse("<!doctype html><title>Ceiling</title><p>One view, helpdesk settings.</p>")


urlpatterns = [path("", index)]
