"""The search page, with and without htmx, on whichever database the suite runs on
(`make test` SQLite, `make test-postgres` PostgreSQL): the same guides, in the same
order, on both."""

import datetime
import html
import re
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import published_guide
from tests.helpers import HTMX, ICLOUD_SLUG
from troubleshooter.models import GuideVersion, SearchEntry, SearchMiss

ICLOUD_TITLE = "iCloud Photos isn't syncing on my iPhone"
ICLOUD_HTML = "iCloud Photos isn&#x27;t syncing on my iPhone"
TYPING = {**HTMX, "HX-Trigger": "search-q-page", "HX-Target": "search-results"}
SUBMITTED = {**HTMX, "HX-Trigger": "search-form-page", "HX-Target": "search-results"}
FROM_HEADER = {**HTMX, "HX-Trigger": "search-q-header", "HX-Target": "main"}


def search(client, query: str, headers=None):
    return client.get(
        f"{reverse('troubleshooter:search')}?{urlencode({'q': query})}", headers=headers or {}
    )


def found_titles(response) -> list[str]:
    """The titles of the guides found, in the page's order."""
    cards = re.findall(r'<span class="guide-card-title">(.*?)</span>', response.text)
    return [html.unescape(title) for title in cards]


def with_symptoms(guide, symptoms: list[dict]):
    """Make live a version of the guide carrying symptoms, as Publish will once drafts
    have them: `content["symptoms"]`, each with its key, text and step."""
    live = guide.live_version
    version = GuideVersion.objects.create(
        guide=guide, number=live.number + 1, content={**live.content, "symptoms": symptoms}
    )
    guide.live_version = version
    guide.save(update_fields=["live_version"])
    SearchEntry.objects.index_version(version)
    return version


@pytest.fixture
def three_guides(db):
    """A guide matching "bluetooth" in its title, one in its summary and one in a step."""
    return [
        published_guide("Check the screen", title="Zebra: Bluetooth drops"),
        published_guide("Check the screen", title="Apple Watch won't pair", summary="Bluetooth?"),
        published_guide("Turn Bluetooth off and on", title="Apps crash on start"),
    ]


# What is found


def test_a_misspelt_search_finds_the_icloud_guide(client, guide):
    response = search(client, "iclod photos not synching")
    assert response.status_code == 200
    assert found_titles(response) == [ICLOUD_TITLE]
    assert "Showing results for <strong>icloud photos syncing</strong>" in response.text
    assert f'href="/guides/{ICLOUD_SLUG}/"' in response.text


def test_the_iclouds_guide_live_from_the_migrations_is_in_the_index(guide):
    entry = SearchEntry.objects.get(guide=guide, language="en")
    assert entry.version_id == guide.live_version_id
    assert entry.title == ICLOUD_TITLE


def test_titles_come_first_then_summaries_then_steps(client, three_guides):
    response = search(client, "bluetooth")
    assert found_titles(response) == [
        "Zebra: Bluetooth drops",
        "Apple Watch won't pair",
        "Apps crash on start",
    ]
    assert "Found in step 1: Turn Bluetooth off and on" in response.text


def test_guides_alike_come_in_a_readers_order(client, db):
    for title in ["Écran noir sur l'iPhone", "iPhone écran noir", "Another écran guide"]:
        published_guide(title=title)
    assert found_titles(search(client, "ecran")) == [
        "Another écran guide",
        "Écran noir sur l'iPhone",
        "iPhone écran noir",
    ]


def test_every_word_must_be_in_the_guide(client, three_guides):
    assert found_titles(search(client, "bluetooth screen")) == [
        "Zebra: Bluetooth drops",
        "Apple Watch won't pair",
    ]


def test_a_matching_symptom_is_listed_with_its_guide_and_leads_to_it(client, guide):
    with_symptoms(
        guide,
        [
            {"key": "full", "text": "iCloud storage is full", "step": "s1"},
            {"key": "paused", "text": "Syncing is paused", "step": "s2"},
        ],
    )
    response = search(client, "storage ful")  # "ful" typed in part: "full"
    assert found_titles(response) == [ICLOUD_TITLE]
    response = search(client, "icloud storage full")
    assert found_titles(response) == [ICLOUD_TITLE]
    link = f'href="/guides/{ICLOUD_SLUG}/?symptom=full"'
    assert link in response.text
    assert f"iCloud storage is full</span> — in <em>{ICLOUD_HTML}</em>" in response.text
    assert "?symptom=paused" not in response.text
    # "full" is in the other symptom, not in this one or the title: this one is not named.
    response = search(client, "icloud syncing full")
    assert "?symptom=full" in response.text
    assert "?symptom=paused" not in response.text


def test_a_symptom_ranks_its_guide_with_the_titles(client, db):
    in_steps = published_guide("Restart the modem", title="Apps are slow")
    has_symptom = published_guide(title="Mail won't send")
    with_symptoms(has_symptom, [{"key": "k", "text": "The modem light blinks", "step": "x"}])
    assert [in_steps.title, has_symptom.title] == ["Apps are slow", "Mail won't send"]
    assert found_titles(search(client, "modem")) == ["Mail won't send", "Apps are slow"]


# Publish and Unpublish


def test_a_published_guide_is_found_and_unpublished_is_not(client, db):
    guide = published_guide(title="Bluetooth headphones won't connect")
    assert found_titles(search(client, "bluetooth")) == [guide.title]
    guide.unpublish()
    assert found_titles(search(client, "bluetooth")) == []
    assert not SearchEntry.objects.filter(guide=guide).exists()


def test_search_follows_the_newly_published_version_not_the_draft(client, db):
    guide = published_guide(title="Bluetooth headphones won't connect")
    guide.title = "AirPods won't connect"
    guide.save()
    assert found_titles(search(client, "airpods")) == []
    guide.publish()
    assert found_titles(search(client, "airpods")) == ["AirPods won't connect"]
    assert found_titles(search(client, "bluetooth")) == []


def test_a_deleted_guide_leaves_the_index(client, db):
    from modelsearch.models import IndexEntry

    guide = published_guide(title="Bluetooth headphones won't connect")
    before = IndexEntry.objects.count()
    guide.delete()
    assert IndexEntry.objects.count() == before - 1


def test_a_draft_is_not_found(client, draft_guide):
    assert found_titles(search(client, "wifi dropping")) == []


# Nothing found


def test_nothing_found_says_so_lists_the_topics_and_is_counted(client, guide):
    response = search(client, "  Printer JAMMED  ")
    assert response.status_code == 200
    assert "No guide matched “  Printer JAMMED  ”." in response.text
    assert '<a href="/topics/icloud-and-photos/">iCloud and Photos</a>' in response.text
    assert "Did you mean" not in response.text
    miss = SearchMiss.objects.get()
    assert (miss.words, miss.count, miss.day) == ("printer jammed", 1, timezone.localdate())
    search(client, "printer jammed")
    assert SearchMiss.objects.get().count == 2


def test_did_you_mean_links_to_a_search_for_the_close_title(client, guide):
    response = search(client, "iclod photos frobnicate")
    assert found_titles(response) == []
    href = "/search/?q=iCloud%20Photos%20isn%27t%20syncing%20on%20my%20iPhone"
    assert f'Did you mean <a href="{href}">{ICLOUD_HTML}</a>?' in response.text
    assert SearchMiss.objects.get().words == "iclod photos frobnicate"


def test_searches_made_while_typing_are_not_counted(client, guide):
    for typed in ["pri", "prin", "printer"]:
        search(client, typed, TYPING)
    search(client, "printer", FROM_HEADER)
    assert not SearchMiss.objects.exists()
    search(client, "printer", SUBMITTED)
    assert SearchMiss.objects.get().count == 1


@pytest.mark.parametrize("query", ["%", "* *", '"'])
def test_a_search_with_no_words_is_not_counted(client, guide, query):
    response = search(client, query)
    assert "No guide matched" in response.text
    assert not SearchMiss.objects.exists()


# A refused count rolls its transaction back: the test needs its own.
@pytest.mark.django_db(transaction=True)
def test_misses_are_counted_up_to_the_addresses_limit(client, guide, settings):
    settings.VISITOR_WRITES_PER_MINUTE = {"search": 2}
    for _ in range(4):
        assert search(client, "printer").status_code == 200
    assert SearchMiss.objects.get().count == 2


def test_misses_are_counted_per_day_and_listed_most_frequent_first(db):
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    SearchMiss.objects.create(day=yesterday, words="printer", count=2)
    SearchMiss.objects.create(day=today, words="printer", count=1)
    SearchMiss.objects.create(day=today, words="fax", count=2)
    SearchMiss.objects.create(day=today - datetime.timedelta(days=40), words="fax", count=9)
    listed = SearchMiss.objects.most_frequent(today - datetime.timedelta(days=29), today)
    assert [(row["words"], row["searches"]) for row in listed] == [("printer", 3), ("fax", 2)]


# The page, with and without htmx


def test_an_empty_search_shows_the_box_and_a_prompt(client, db):
    response = search(client, "   ")
    assert response.status_code == 200
    assert "Type what's wrong" in response.text
    assert 'id="search-q-page"' in response.text
    assert not SearchMiss.objects.exists()


def test_the_search_page_is_kept_out_of_search_engines(client, guide):
    assert '<meta name="robots" content="noindex">' in search(client, "icloud").text


def test_every_page_has_the_search_box_in_its_header(client, guide):
    for path in ["/", f"/guides/{ICLOUD_SLUG}/", "/no-such-page/"]:
        text = client.get(path).text
        assert 'id="search-form-header"' in text
        assert 'action="/search/"' in text


def test_the_home_page_has_its_own_box_with_room_for_results(client, guide):
    text = client.get("/").text
    assert 'id="search-q-home"' in text
    assert '<div id="search-results" class="search-results" aria-live="polite">' in text


def test_the_search_box_keeps_the_words_searched(client, guide):
    response = search(client, "photos <b>")
    assert 'value="photos &lt;b&gt;"' in response.text


def test_a_search_too_long_is_refused_in_plain_words_keeping_them(client, db):
    words = "photos " * 40
    response = search(client, words)
    assert response.status_code == 400
    assert f"That search is {len(words)} characters long. Use 200 or fewer" in response.text
    assert f'value="{words}"' in response.text


def test_a_search_too_long_with_htmx_is_swapped_in_with_its_message(client, db):
    response = search(client, "photos " * 40, TYPING)
    assert response.status_code == 200
    assert "Use 200 or fewer" in response.text
    assert "<html" not in response.text


def test_typing_with_htmx_swaps_in_the_results_alone_and_replaces_the_address(client, guide):
    headers = {**TYPING, "HX-Current-URL": "http://testserver/search/?q=icl"}
    response = search(client, "icloud photos", headers)
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "<h1" not in response.text
    assert ICLOUD_HTML in response.text
    assert response["HX-Replace-Url"] == "/search/?q=icloud+photos"
    assert "HX-Push-Url" not in response


def test_typing_on_the_home_page_adds_the_search_to_the_history(client, guide):
    headers = {**TYPING, "HX-Current-URL": "http://testserver/"}
    response = search(client, "icloud", headers)
    assert response["HX-Push-Url"] == "/search/?q=icloud"


def test_a_search_asked_for_with_htmx_adds_to_the_history(client, guide):
    headers = {**SUBMITTED, "HX-Current-URL": "http://testserver/search/?q=icl"}
    assert search(client, "icloud", headers)["HX-Push-Url"] == "/search/?q=icloud"


def test_enter_after_typing_adds_no_second_history_entry_for_the_same_search(client, guide):
    headers = {**SUBMITTED, "HX-Current-URL": "http://testserver/search/?q=icloud"}
    response = search(client, "icloud", headers)
    assert response["HX-Replace-Url"] == "/search/?q=icloud"
    assert "HX-Push-Url" not in response


def test_emptying_the_box_on_the_search_page_takes_the_words_out_of_the_address(client, guide):
    headers = {**TYPING, "HX-Current-URL": "http://testserver/search/?q=icloud"}
    response = search(client, "", headers)
    assert response["HX-Replace-Url"] == "/search/"
    assert ICLOUD_HTML not in response.text


def test_emptying_the_box_on_the_home_page_leaves_the_address(client, guide):
    headers = {**TYPING, "HX-Current-URL": "http://testserver/"}
    response = search(client, "", headers)
    assert "HX-Replace-Url" not in response
    assert "HX-Push-Url" not in response


def test_typing_in_the_header_swaps_in_the_search_pages_content(client, guide):
    response = search(client, "icloud", FROM_HEADER)
    assert "<html" not in response.text
    assert "<title>icloud — Search — Helpdesk</title>" in response.text
    assert '<div id="announcer" hx-swap-oob="innerHTML">1 guide found</div>' in response.text
    assert 'id="search-q-page"' in response.text
    assert "HX-Push-Url" in response


def test_without_htmx_the_whole_page_comes(client, guide):
    response = search(client, "icloud")
    assert "<html" in response.text
    assert '<h1 tabindex="-1">Search the guides</h1>' in response.text
    assert "HX-Push-Url" not in response


def test_a_search_reads_the_index_in_a_fixed_number_of_queries(
    client, three_guides, django_assert_num_queries
):
    search(client, "bluetooth")  # reads the words of the guides once, for this process
    # The index's stamp, the search, the steps of the one guide found by its steps.
    with django_assert_num_queries(3):
        search(client, "bluetooth")
    with django_assert_num_queries(2):
        search(client, "zebra")


def test_a_search_that_matches_too_many_shows_the_first_and_asks_for_another_word(
    client, db, monkeypatch
):
    from troubleshooter.models import search as search_module

    monkeypatch.setattr(search_module, "RESULTS_SHOWN", 2)
    for letter in "cab":
        published_guide(title=f"{letter} printer")
    response = search(client, "printer")
    assert found_titles(response) == ["a printer", "b printer"]
    assert "2+ guides found. Add a word to narrow the search." in response.text


@pytest.mark.parametrize("headers", [{}, FROM_HEADER], ids=["page", "htmx"])
def test_the_words_are_shown_as_typed_and_never_as_markup(client, guide, headers):
    response = search(client, '"><b>bold</b> & more', headers)
    assert "<b>bold</b>" not in response.text
    shown = "&quot;&gt;&lt;b&gt;bold&lt;/b&gt; &amp; more"
    assert f'value="{shown}"' in response.text
    assert f"<title>{shown} — Search — Helpdesk</title>" in response.text
