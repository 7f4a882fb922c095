from django.urls import reverse

from troubleshooter.models import Choice, Visit

ICLOUD_SLUG = "icloud-photos-not-syncing"
HTMX = {"HX-Request": "true"}
HISTORY_RESTORE = {"HX-Request": "true", "HX-History-Restore-Request": "true"}


def step_url(visit: Visit, number: int) -> str:
    return reverse("troubleshooter:step", kwargs={"visit_id": visit.id, "number": number})


def answer_url(visit: Visit) -> str:
    return reverse("troubleshooter:answer", kwargs={"visit_id": visit.id})


def choice_for(step, outcome: str) -> Choice:
    return next(c for c in step.choice_list if c.outcome == outcome)


def answer_data(step, outcome: str) -> dict:
    """The POST a visitor's browser sends when pressing one of the step's buttons."""
    return {"step": step.id, "choice": choice_for(step, outcome).id}
