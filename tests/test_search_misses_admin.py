"""The admin's "Searches that found nothing": what visitors looked for in vain, most
searched first, for a range of days."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from troubleshooter.models import SearchMiss

MISSES = reverse("admin:troubleshooter_searchmiss_changelist")


@pytest.fixture
def misses(db):
    today = timezone.localdate()
    for days_ago, words, count in [
        (0, "printer jammed", 1),
        (3, "printer jammed", 2),
        (1, "fax", 4),
        (45, "fax", 10),
        (2, "apple tv", 1),
    ]:
        SearchMiss.objects.create(
            day=today - datetime.timedelta(days=days_ago), words=words, count=count
        )
    return today


def listed(response) -> list[tuple[str, int]]:
    return [(row["words"], row["searches"]) for row in response.context["rows"]]


def test_the_support_editors_find_it_on_the_admins_front_page(client, editor):
    client.force_login(editor)
    page = client.get(reverse("admin:index")).text
    assert f'<a href="{MISSES}">Searches that found nothing</a>' in page


def test_the_last_30_days_most_searched_first(client, editor, misses):
    client.force_login(editor)
    response = client.get(MISSES)
    assert response.status_code == 200
    assert listed(response) == [("fax", 4), ("printer jammed", 3), ("apple tv", 1)]
    assert '<th scope="row">printer jammed</th>' in response.text


def test_a_chosen_range_counts_only_its_days(client, editor, misses):
    client.force_login(editor)
    start = misses - datetime.timedelta(days=60)
    end = misses - datetime.timedelta(days=40)
    response = client.get(MISSES, {"start": start.isoformat(), "end": end.isoformat()})
    assert listed(response) == [("fax", 10)]


def test_bad_dates_are_a_form_error_listing_nothing(client, editor, misses):
    client.force_login(editor)
    response = client.get(MISSES, {"start": "2026-02-31"})
    assert response.status_code == 200
    assert "Enter a valid date." in response.text
    assert response.context["rows"] == []
    swapped = client.get(MISSES, {"start": misses.isoformat(), "end": "2000-01-01"})
    assert "“From” is after “To”: swap the dates." in swapped.text


@pytest.mark.parametrize("start", ["1999-12-31", "2999-01-01"])
def test_days_outside_2000_to_today_are_a_form_error(client, editor, misses, start):
    client.force_login(editor)
    response = client.get(MISSES, {"start": start})
    assert "Choose a “From” date between 1 January 2000 and today" in response.text
    assert response.context["rows"] == []


def test_staff_without_the_permission_are_refused(client, misses):
    other = User.objects.create_user("other", password="pw", is_staff=True)
    client.force_login(other)
    assert client.get(MISSES).status_code == 403


def test_nothing_can_be_added_or_changed(client, editor, misses):
    client.force_login(editor)
    miss = SearchMiss.objects.first()
    assert client.get(reverse("admin:troubleshooter_searchmiss_add")).status_code == 403
    change = reverse("admin:troubleshooter_searchmiss_change", args=[miss.pk])
    assert client.post(change, {"words": "changed", "count": 1, "day": misses}).status_code == 403


def test_misses_are_listed_with_their_language_and_can_be_narrowed_to_one(client, editor, misses):
    SearchMiss.objects.create(day=misses, words="impresora atascada", language="es", count=7)
    SearchMiss.objects.create(day=misses, words="fax", language="es", count=1)
    client.force_login(editor)
    response = client.get(MISSES)
    rows = [(row["words"], row["language"], row["searches"]) for row in response.context["rows"]]
    assert rows[:2] == [("impresora atascada", "es", 7), ("fax", "en", 4)]
    assert ("fax", "es", 1) in rows
    assert "<td>Spanish</td>" in response.text
    # Trying a Spanish search searches the Spanish pages.
    assert '<a href="/es/search/?q=impresora%20atascada">' in response.text
    spanish = client.get(MISSES, {"language": "es"})
    assert listed(spanish) == [("impresora atascada", 7), ("fax", 1)]


def test_an_unknown_language_is_a_form_error(client, editor, misses):
    client.force_login(editor)
    response = client.get(MISSES, {"language": "xx"})
    assert response.status_code == 200
    assert response.context["rows"] == []
    assert "Select a valid choice" in response.text
