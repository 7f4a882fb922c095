from django.urls import reverse

from troubleshooter import flow
from troubleshooter.models import Visit

ICLOUD_SLUG = "icloud-photos-not-syncing"
HTMX = {"HX-Request": "true"}
HISTORY_RESTORE = {"HX-Request": "true", "HX-History-Restore-Request": "true"}


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
