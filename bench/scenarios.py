"""The load scenarios, written once for both load tools: what each visitor path is called,
the visits they walk and the requests each sends."""

from typing import NamedTuple

from bench.catalogue import SEARCH_PATH

SCENARIOS = {
    "fragment": "step fragment (htmx GET)",
    "fragment-es": "Spanish step fragment (htmx GET)",
    "page": "full step page",
    "answer": "answer POST (htmx)",
    "answer-es": "Spanish answer POST (htmx)",
    "start": "Start POST (htmx)",
    "home": "home page (1,000 guides)",
    "search": "search results page (~20 guides)",
}
# A Spanish scenario sends its English twin's requests under /es/, on visits started in
# Spanish on the guide's Spanish translation, as a Spanish visitor's pages send them.
SPANISH_TWINS = {"fragment-es": "fragment", "answer-es": "answer"}


class StartedVisit(NamedTuple):
    """A visit started on the version visitors reading its language see: its language,
    its id, step 1's key and that step's "not fixed" and "fixed" choices."""

    language: str
    visit_id: str
    step: str
    next_choice: str
    resolved_choice: str


class Request(NamedTuple):
    method: str
    path: str
    headers: dict[str, str]
    body: str | None


def language_of(scenario: str) -> str:
    return "es" if scenario in SPANISH_TWINS else "en"


def start_visits(count: int, language: str = "en") -> list[StartedVisit]:
    from troubleshooter.models import Guide, GuideVersion, Visit

    guide_id, version_id = Guide.objects.visitor_version("icloud-photos-not-syncing", language)
    version = GuideVersion.objects.compiled(version_id)
    first = version.first_step
    by_outcome = {choice.outcome: choice.key for choice in first.choices}
    return [
        StartedVisit(
            language,
            str(Visit.objects.start(version, guide_id, language=language).id),
            first.key,
            by_outcome["next"],
            by_outcome["resolved"],
        )
        for _ in range(count)
    ]


def request_for(scenario: str, visit: StartedVisit, choice: str, token: str) -> Request:
    if scenario in SPANISH_TWINS:
        request = request_for(SPANISH_TWINS[scenario], visit, choice, token)
        return request._replace(path=f"/es{request.path}")
    form = {
        "Cookie": f"csrftoken={token}",
        "Content-Type": "application/x-www-form-urlencoded",
        "HX-Request": "true",
    }
    if scenario == "fragment":
        return Request("GET", f"/visits/{visit.visit_id}/steps/3/", {"HX-Request": "true"}, None)
    if scenario == "page":
        return Request("GET", f"/visits/{visit.visit_id}/steps/3/", {}, None)
    if scenario == "answer":
        body = f"csrfmiddlewaretoken={token}&step={visit.step}&choice={choice}"
        return Request("POST", f"/visits/{visit.visit_id}/answer/", form, body)
    if scenario == "search":
        return Request("GET", SEARCH_PATH, {}, None)
    if scenario == "start":
        body = f"csrfmiddlewaretoken={token}"
        return Request("POST", "/guides/icloud-photos-not-syncing/start/", form, body)
    if scenario == "home":
        return Request("GET", "/", {}, None)
    # "bare": the one view of bench/bare.py and bench/stack.py.
    return Request("GET", "/", {}, None)


def streams(
    scenario: str, visits: list[StartedVisit], token: str, count: int
) -> list[list[Request]]:
    """`count` request sequences for `scenario`, one for each wrk thread or Python connection,
    each to be sent in order and round again. Each takes every count-th visit in the
    scenario's language, so no two share one, and goes through its visits twice, answering
    "not fixed" and then "fixed" on step 1, so that every answer POST is a new answer, never
    a repeat. One request in a hundred closes its connection: with keep-alive alone, all of
    the load's connections can stick to one gunicorn worker and halve the figure."""
    sequences = []
    in_language = visits_for(scenario, visits)
    for index in range(count):
        mine = in_language[index::count]
        sequence = [request_for(scenario, visit, visit.next_choice, token) for visit in mine]
        sequence += [request_for(scenario, visit, visit.resolved_choice, token) for visit in mine]
        for position in range(99, len(sequence), 100):
            request = sequence[position]
            sequence[position] = request._replace(
                headers={**request.headers, "Connection": "close"}
            )
        sequences.append(sequence)
    return sequences


def visits_for(scenario: str, visits: list[StartedVisit]) -> list[StartedVisit]:
    """The visits in the scenario's language."""
    return [visit for visit in visits if visit.language == language_of(scenario)]
