from importlib import import_module
from urllib.parse import urlencode

from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import Client
from django.test.client import MULTIPART_CONTENT
from django.urls import reverse

from troubleshooter import flow
from troubleshooter.models import Guide, SearchEntry, Visit

ICLOUD_SLUG = "icloud-photos-not-syncing"
seed = import_module("troubleshooter.migrations.0002_icloud_photos_guide")
for_ios_18 = import_module("troubleshooter.migrations.0017_icloud_guide_for_ios_18")
search_entries = import_module("troubleshooter.migrations.0032_search_per_language")
with_symptoms = import_module("troubleshooter.migrations.0027_icloud_guide_symptoms")
in_spanish = import_module("troubleshooter.migrations.0036_icloud_guide_in_spanish")
HTMX = {"HX-Request": "true"}
HISTORY_RESTORE = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
FORM = "application/x-www-form-urlencoded"


class BrowserClient(Client):
    """Django's test client, posting a form as a browser does: URL-encoded, or multipart
    when it holds a file (Django's client sends every form as multipart, which visitors'
    pages refuse)."""

    def post(self, path, data=None, content_type=None, **kwargs):
        if content_type is None:
            data = {} if data is None else data
            if isinstance(data, dict) and not any(hasattr(v, "read") for v in data.values()):
                data, content_type = urlencode(data, doseq=True), FORM
            else:
                content_type = MULTIPART_CONTENT
        return super().post(path, data, content_type, **kwargs)


def step_url(visit: Visit, number: int) -> str:
    return reverse("troubleshooter:step", kwargs={"visit_id": visit.id, "number": number})


def answer_url(visit: Visit) -> str:
    return reverse("troubleshooter:answer", kwargs={"visit_id": visit.id})


def choice_for(step: flow.Step, outcome: str) -> flow.Choice:
    return next(c for c in step.choices if c.outcome == outcome)


def answer_data(step: flow.Step, outcome: str) -> dict:
    """The POST a visitor's browser sends when pressing one of the step's buttons."""
    return {"step": step.key, "choice": choice_for(step, outcome).key}


def not_fixed(step: flow.Step) -> dict:
    """ "No, still not working": on to the next step, or the fallback after the last."""
    return {"step": step.key, "choice": step.choices[-1].key}


def write_icloud_guide() -> None:
    """The iCloud Photos guide written again by the migrations' own code, as they leave
    it in every database (transactional tests flush it away)."""
    # Today's models as the migrations see them: no Step.save adding answers.
    apps = MigrationLoader(connection).project_state().apps
    seed.write_guide(apps)
    # Version 1 as the migrations published it, before steps could take a while.
    for_ios_18.publish(apps, apps.get_model("troubleshooter", "Guide").objects.get(), "")
    for_ios_18.forwards(apps, None)
    with_symptoms.forwards(apps, None)
    search_entries.index_live_guides(apps, None)
    in_spanish.forwards(apps, None)


def without_translations(guide: Guide) -> Guide:
    """The guide as if it had never been translated: no translations, no versions in
    another language, no search entries in one (each deleted alone, so that it leaves
    the index too)."""
    for entry in SearchEntry.objects.filter(guide=guide, is_source=False):
        entry.delete()
    guide.translations.all().delete()
    guide.versions.exclude(language=guide.source_language).delete()
    return guide
