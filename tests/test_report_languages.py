"""The report by language: each language's visits counted apart into the totals, the
Language filter counting only its visits (steps matched across languages by key), the
steps CSV filtered alike, the visits CSV naming each visit's language, in the same
number of queries."""

import datetime

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from tests.factories import live_steps, published_guide
from tests.test_report import press, read_csv, table
from troubleshooter import report, translation
from troubleshooter.models import GuideVersion, StepTotal, Translation, Visit, VisitTotal


def visit_in(guide, language: str, version_id=None) -> Visit:
    version = GuideVersion.objects.compiled(version_id or guide.live_version_id)
    return Visit.objects.start(version, guide.id, language=language)


@pytest.fixture
def mixed(db):
    """Two English visits (fixed at step 2, left at step 1) and one Spanish visit on
    the Spanish translation, fixed at step 1."""
    guide = published_guide("Restart", "Check storage", "Call us")
    one, two, _ = live_steps(guide)
    fixed = visit_in(guide, "en")
    press(fixed, one, "next")
    press(fixed, two, "resolved")
    left = visit_in(guide, "en")
    press(left, one, "next")
    Visit.objects.filter(pk=left.pk).update(moved_at=timezone.now() - datetime.timedelta(hours=1))
    keys = translation.strings(guide.live_version.content)
    spanish = Translation.objects.create(
        guide=guide, language="es", texts={key: f"texto {n}" for n, key in enumerate(keys)}
    )
    in_spanish = spanish.publish()
    visit = visit_in(guide, "es", in_spanish.pk)
    press(visit, GuideVersion.objects.compiled(in_spanish.pk).steps[0], "resolved")
    return guide


def built(guide, language="", now=None):
    today = timezone.localdate()
    return report.build(guide, today, today, None, now, language=language)


def test_a_language_counts_only_its_visits_steps_matched_by_key(mixed):
    spanish = built(mixed, "es")
    assert spanish.visits["started"] == 1
    assert table(spanish) == {1: (1, 1, 1, 0, 0, 0)}
    english = built(mixed, "en")
    assert english.visits["started"] == 2
    assert table(english)[1] == (2, 2, 0, 2, 0, 0)
    # All languages: the Spanish visit's step 1 is the English visits' step 1.
    both = built(mixed)
    assert both.visits["started"] == 3
    assert table(both)[1] == (3, 3, 1, 2, 0, 0)


def test_totals_are_counted_per_language_and_read_back_the_same(mixed):
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    assert built(mixed, "es", tomorrow).visits["started"] == 1
    languages = set(VisitTotal.objects.values_list("language", flat=True))
    assert languages == {"en", "es"}
    assert set(StepTotal.objects.values_list("language", flat=True)) == {"en", "es"}
    assert built(mixed, "en", tomorrow).visits["started"] == 2
    assert built(mixed, "", tomorrow).visits["started"] == 3
    assert table(built(mixed, "", tomorrow))[1][:3] == (3, 3, 1)


def test_the_report_by_language_is_the_same_number_of_queries(mixed, django_assert_num_queries):
    # As test_report's pin: over 30 and 365 days, once the days over are stored, any
    # report reads the counted periods, the stored visits' and steps' totals, the live
    # visits and their answers, and the comments. The filter adds none.
    today = timezone.localdate()
    for days in [30, 365]:
        first = today - datetime.timedelta(days=days - 1)
        report.build(mixed, first, today, None)
        for language in ("es", "en", ""):
            with django_assert_num_queries(6):
                report.build(mixed, first, today, None, language=language)
            with django_assert_num_queries(4):  # as test_report's steps CSV
                report.step_rows(mixed, first, today, language)


def test_the_report_page_filters_by_language(client, editor, mixed):
    client.force_login(editor)
    url = reverse("admin:guide_report", args=[mixed.id])
    page = client.get(url, {"language": "es"})
    assert page.status_code == 200
    assert "1 visit started" in page.text
    assert ", in Spanish." in page.text
    assert '<option value="es" selected>Spanish</option>' in page.text
    assert "all languages (steps matched across languages)" in client.get(url).text


def test_an_unknown_language_is_a_form_error_not_a_500(client, editor, mixed):
    client.force_login(editor)
    url = reverse("admin:guide_report", args=[mixed.id])
    page = client.get(url, {"language": "xx"})
    assert page.status_code == 200
    assert "Select a valid choice" in page.text
    for csv_name in ["admin:guide_report_steps_csv", "admin:guide_report_visits_csv"]:
        csv_url = reverse(csv_name, args=[mixed.id])
        assert client.get(csv_url, {"language": "xx"}).status_code == 400


@pytest.mark.parametrize("counted", [False, True], ids=["live", "stored"])
def test_the_steps_csv_filters_by_language_steps_matched_by_key(client, editor, mixed, counted):
    if counted:
        # Started two days ago: their day is over, and counted into totals by language.
        Visit.objects.update(started_at=F("started_at") - datetime.timedelta(days=2))
    client.force_login(editor)
    url = reverse("admin:guide_report_steps_csv", args=[mixed.id])

    def steps(language: str) -> dict:
        rows = read_csv(client.get(url, {"language": language}))
        return {
            (row["version"], row["step_number"]): tuple(
                int(row[column]) for column in ["reached", "fixed", "went_on", "left"]
            )
            for row in rows
        }

    assert steps("es") == {("1", "1"): (1, 1, 0, 0)}
    assert steps("en") == {("1", "1"): (2, 0, 2, 0), ("1", "2"): (2, 1, 0, 1)}
    # All languages: the Spanish visit's step 1 is the English visits' step 1.
    assert steps("") == {("1", "1"): (3, 1, 2, 0), ("1", "2"): (2, 1, 0, 1)}


def test_the_visits_csv_names_each_visits_language_and_filters(client, editor, mixed):
    client.force_login(editor)
    url = reverse("admin:guide_report_visits_csv", args=[mixed.id])
    rows = read_csv(client.get(url))
    assert sorted(row["language"] for row in rows) == ["en", "en", "es"]
    assert [row["language"] for row in read_csv(client.get(url, {"language": "es"}))] == ["es"]


def test_a_csvs_name_says_its_dates_version_and_language(client, editor, mixed):
    client.force_login(editor)
    day = timezone.localdate().isoformat()
    for what in ["steps", "visits"]:
        url = reverse(f"admin:guide_report_{what}_csv", args=[mixed.id])
        for asked, name in [
            ({}, f"{mixed.slug}-{what}-{day}-{day}.csv"),
            ({"language": "es"}, f"{mixed.slug}-{what}-{day}-{day}-es.csv"),
            ({"version": 1, "language": "en"}, f"{mixed.slug}-{what}-{day}-{day}-v1-en.csv"),
        ]:
            response = client.get(url, {"start": day, "end": day, **asked})
            assert response["Content-Disposition"].endswith(f'filename="{name}"')


def test_a_translations_visits_count_as_the_source_version_it_translates(db):
    guide = published_guide("Restart", "Check storage")
    first = guide.steps.first()
    first.title = "Restart your iPhone"
    first.save()
    guide.publish()  # version 2; its Spanish translation is the Spanish version 1
    keys = translation.strings(guide.live_version.content)
    texts = {key: f"texto {n}" for n, key in enumerate(keys)}
    in_spanish = Translation.objects.create(guide=guide, language="es", texts=texts).publish()
    assert in_spanish.number == 1
    visit = visit_in(guide, "es", in_spanish.pk)
    press(visit, GuideVersion.objects.compiled(in_spanish.pk).steps[0], "resolved")
    today = timezone.localdate()
    assert report.build(guide, today, today, 2, None).visits["started"] == 1
    assert report.build(guide, today, today, 1, None).visits["started"] == 0


def test_the_csvs_file_a_translations_visits_under_the_version_it_translates(client, editor):
    guide = published_guide("Restart", "Check storage")
    first = guide.steps.first()
    first.title = "Restart your iPhone"
    first.save()
    guide.publish()  # version 2; its Spanish translation is the Spanish version 1
    keys = translation.strings(guide.live_version.content)
    texts = {key: f"texto {n}" for n, key in enumerate(keys)}
    in_spanish = Translation.objects.create(guide=guide, language="es", texts=texts).publish()
    press(visit_in(guide, "es", in_spanish.pk), live_steps(guide)[0], "resolved")
    english = visit_in(guide, "en", guide.source_versions().get(number=1).pk)
    press(english, GuideVersion.objects.compiled(english.version_id).steps[0], "resolved")
    client.force_login(editor)

    def csv_of(what: str, version: int) -> list[dict]:
        url = reverse(f"admin:guide_report_{what}_csv", args=[guide.id])
        return read_csv(client.get(url, {"version": version}))

    assert [(row["version"], row["language"]) for row in csv_of("visits", 2)] == [("2", "es")]
    assert [(row["version"], row["language"]) for row in csv_of("visits", 1)] == [("1", "en")]
    assert {row["version"] for row in csv_of("steps", 2)} == {"2"}
    assert {row["version"] for row in csv_of("steps", 1)} == {"1"}
