"""The handoff card's QR code opens /desk/<reference>/: staff signed in are sent to
the visit's page, everyone else to the staff sign-in. The card names neither the
admin's address nor the visit's id."""

import re

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from troubleshooter.models import Visit
from troubleshooter.models.visits import REFERENCE_ALPHABET

REFERENCE = re.compile(rf"^([{REFERENCE_ALPHABET}]{{3}})-?([{REFERENCE_ALPHABET}]{{3}})$")


def desk_url(reference: str) -> str:
    return reverse("troubleshooter:desk", kwargs={"reference": reference})


@require_GET
@never_cache
def lookup(request: HttpRequest, reference: str) -> HttpResponse:
    found = REFERENCE.match(reference.upper())
    if found is None:
        raise Http404("That is not a reference code.")
    reference = "-".join(found.groups())
    if not request.user.has_perm("troubleshooter.view_visit"):
        # Whether the code exists is for staff only.
        return redirect_to_login(desk_url(reference), reverse("admin:login"))
    visit_id = Visit.objects.filter(reference=reference).values_list("id", flat=True).first()
    if visit_id is None:
        raise Http404("No visit has that reference code.")
    return redirect("admin:troubleshooter_visit_change", visit_id)
