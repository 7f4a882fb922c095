"""The report's symptoms: how many visits started at each symptom and how they
ended, matched across versions by the symptom's key, and the visits CSV's column."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import published_guide, start_visit
from tests.symptom_versions import list_symptoms, publish_with_symptoms, symptom_key
from tests.test_report import figures, press, read_csv
from troubleshooter.models import GuideVersion, Visit, VisitTotal

STORAGE = "iCloud storage is full"
PAUSED = "Syncing paused"
ENDS = ("started", "fixed", "fallback", "left", "in_progress")


def start_at(guide, key: str = "", **kwargs) -> Visit:
    version = GuideVersion.objects.compiled(guide.live_version_id)
    return Visit.objects.start(version, guide.id, symptom_key=key, **kwargs)


@pytest.fixture
def visits(db):
    """Visits at each symptom of version 1, then version 2: the storage symptom gone,
    "Syncing paused" reworded under the same key and a new symptom no one chose yet."""
    guide = publish_with_symptoms((STORAGE, 2), (PAUSED, 3))
    storage, paused = symptom_key(guide, STORAGE), symptom_key(guide, PAUSED)
    steps = GuideVersion.objects.compiled(guide.live_version_id).steps
    press(start_at(guide, storage), steps[1], "resolved")
    to_fallback = start_at(guide, storage)
    for step in steps[1:4]:
        press(to_fallback, step, "next")
    press(to_fallback, steps[4], "escalate")
    left = start_at(guide, paused)
    Visit.objects.filter(pk=left.pk).update(moved_at=timezone.now() - datetime.timedelta(hours=1))
    start_at(guide, paused)  # just started: in progress
    press(start_at(guide, ""), steps[0], "resolved")
    press(start_at(guide, paused, is_preview=True), steps[2], "resolved")  # never counted
    guide.publish()
    guide = list_symptoms(
        guide, (paused, "Syncing is paused", 3), ("0a0a0a0a0a", "Photos stuck on Uploading", 4)
    )
    press(start_at(guide, paused), GuideVersion.objects.compiled(guide.live_version_id).steps[2],
          "resolved")  # fmt: skip
    return guide


def rows(built):
    return [
        (s.text if s.key else "None", *(getattr(s, end) for end in ENDS)) for s in built.symptoms
    ]


ALL_VERSIONS = [
    ("Syncing is paused", 3, 1, 0, 1, 1),
    ("Photos stuck on Uploading", 0, 0, 0, 0, 0),
    (STORAGE, 2, 1, 1, 0, 0),
    ("None", 1, 1, 0, 0, 0),
]


def test_each_symptom_counts_the_visits_started_there_and_how_they_ended(visits):
    built = figures(visits)
    assert rows(built) == ALL_VERSIONS
    assert built.visits["started"] == sum(row[1] for row in ALL_VERSIONS) == 6


def test_one_version_lists_only_the_symptoms_its_visits_started_at(visits):
    assert rows(figures(visits, version=1)) == [
        ("Syncing is paused", 2, 0, 0, 1, 1),  # named as the live version words it
        (STORAGE, 2, 1, 1, 0, 0),
        ("None", 1, 1, 0, 0, 0),
    ]
    assert rows(figures(visits, version=2)) == [
        ("Syncing is paused", 1, 1, 0, 0, 0),
        ("Photos stuck on Uploading", 0, 0, 0, 0, 0),
        ("None", 0, 0, 0, 0, 0),
    ]


def test_a_guide_that_never_had_symptoms_shows_no_symptom_rows(db):
    guide = published_guide("One", "Two")
    start_visit(guide)
    assert figures(guide).symptoms == []


def test_counted_days_keep_the_symptom_figures_after_pruning(visits):
    Visit.objects.update(started_at=timezone.now() - datetime.timedelta(days=4))
    assert rows(figures(visits)) == ALL_VERSIONS
    counted = VisitTotal.objects.filter(all_versions=True)
    assert sorted(counted.values_list("symptom_text", "started")) == [
        ("", 1),
        ("Syncing is paused", 3),
        (STORAGE, 2),
    ]
    call_command("prune_visits", "--older-than", "2d", stdout=io.StringIO())
    assert not Visit.objects.exists()
    assert rows(figures(visits)) == ALL_VERSIONS


@pytest.mark.parametrize("days_ago", [0, 4], ids=["counted-live", "counted-into-totals"])
def test_the_report_with_symptoms_is_still_six_queries(visits, days_ago, django_assert_num_queries):
    Visit.objects.update(started_at=timezone.now() - datetime.timedelta(days=days_ago))
    figures(visits)  # the first report stores the days that are over
    with django_assert_num_queries(6):
        assert rows(figures(visits)) == ALL_VERSIONS


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_the_report_page_has_a_table_of_symptoms(editor_client, visits):
    response = editor_client.get(reverse("admin:guide_report", args=[visits.id]))
    assertContains(response, '<h2 id="symptoms-heading">Where visits started</h2>')
    row = (
        '<tr><th scope="row">Syncing is paused</th><td>3</td><td>1</td><td>0</td><td>1</td>'
        "<td>1</td></tr>"
    )
    assertContains(response, row, html=True)
    none = '<tr><th scope="row">None: started at step 1</th><td>1</td><td>1</td><td>0</td>'
    assertContains(response, none + "<td>0</td><td>0</td></tr>", html=True)


def test_the_report_page_of_a_guide_without_symptoms_has_no_such_table(editor_client, db):
    guide = published_guide("One", "Two")
    response = editor_client.get(reverse("admin:guide_report", args=[guide.id]))
    assertNotContains(response, "Where visits started")


def test_the_visits_csv_names_the_symptom_as_the_visits_version_words_it(editor_client, visits):
    url = reverse("admin:guide_report_visits_csv", args=[visits.id])
    csv_rows = read_csv(editor_client.get(url))
    assert list(csv_rows[0])[-2:] == ["symptom", "language"]
    by_version = sorted((r["version"], r["symptom"], r["state"]) for r in csv_rows)
    assert by_version == [
        ("1", "", "fixed"),
        ("1", PAUSED, "in_progress"),
        ("1", PAUSED, "left"),
        ("1", STORAGE, "fallback"),
        ("1", STORAGE, "fixed"),
        ("2", "Syncing is paused", "fixed"),
    ]
    walked = {r["state"]: r["steps_walked"] for r in csv_rows if r["symptom"] == STORAGE}
    assert walked == {"fixed": "1", "fallback": "4"}  # counted from the symptom's step
