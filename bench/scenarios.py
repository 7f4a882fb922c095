"""The load scenarios: what each visitor path is called, the visits they walk and the
request each sends."""

from pathlib import Path

SCENARIOS = {
    "fragment": "step fragment (htmx GET)",
    "page": "full step page",
    "answer": "answer POST (htmx)",
    "start": "Start POST (htmx)",
}


def write_visits(path: Path, count: int) -> None:
    from troubleshooter.models import Guide, GuideVersion, Visit

    guide = Guide.objects.get(slug="icloud-photos-not-syncing")
    version = GuideVersion.objects.compiled(guide.live_version_id)
    first = version.first_step
    by_outcome = {choice.outcome: choice.key for choice in first.choices}
    lines = []
    for _ in range(count):
        visit = Visit.objects.start(version, guide.id)
        lines.append(f"{visit.id} {first.key} {by_outcome['next']} {by_outcome['resolved']}")
    path.write_text("\n".join(lines) + "\n")


def request_for(scenario: str, visit_id: str, step: str, choice: str, token: str):
    form = {
        "Cookie": f"csrftoken={token}",
        "Content-Type": "application/x-www-form-urlencoded",
        "HX-Request": "true",
    }
    if scenario == "fragment":
        return "GET", f"/visits/{visit_id}/steps/3/", {"HX-Request": "true"}, None
    if scenario == "page":
        return "GET", f"/visits/{visit_id}/steps/3/", {}, None
    if scenario == "answer":
        body = f"csrfmiddlewaretoken={token}&step={step}&choice={choice}"
        return "POST", f"/visits/{visit_id}/answer/", form, body
    if scenario == "start":
        body = f"csrfmiddlewaretoken={token}"
        return "POST", "/guides/icloud-photos-not-syncing/start/", form, body
    return "GET", "/", {}, None
