"""Search's words, without a database: plain words, typos mended, "Did you mean" and
the order of what was found."""

from troubleshooter import search_words
from troubleshooter.search_words import Lexicon, mended

ICLOUD = "iCloud Photos isn't syncing on my iPhone"


def lexicon() -> Lexicon:
    phrases = [ICLOUD, "iCloud storage is full", "Wi-Fi keeps dropping", "Écran noir"]
    steps = search_words.plain("Restart your iPhone. Sign in with your Apple Account.")
    return Lexicon.of(phrases, [steps])


def test_words_are_lower_case_without_accents_or_punctuation():
    assert search_words.words("Écran NOIR, iOS 18.1!") == ["ecran", "noir", "ios", "18", "1"]


def test_a_hyphenated_word_is_its_parts_and_the_parts_run_together():
    assert search_words.plain("Wi-Fi drops") == "wi fi wifi drops"


def test_words_that_say_nothing_are_left_out_unless_that_is_all_there_is():
    assert search_words.query_words("My photos are NOT syncing, photos!") == ["photos", "syncing"]
    assert search_words.query_words("it is not") == ["it", "is", "not"]


def test_a_spanish_search_leaves_out_spanish_words_that_say_nothing():
    query = "Mis fotos NO se sincronizan también"
    assert search_words.query_words(query, "es") == ["fotos", "sincronizan"]
    assert search_words.query_words("no se", "es") == ["no", "se"]
    # English's words are words in Spanish: "me" stays, "photos" too.
    assert search_words.query_words("the photos", "es") == ["the", "photos"]


def test_a_language_without_its_own_list_leaves_out_englishs():
    assert search_words.query_words("my photos", "fr") == ["photos"]
    assert search_words.query_words("mis fotos", "fr") == ["mis", "fotos"]


def test_a_spanish_search_is_mended_without_its_words_that_say_nothing():
    spanish = Lexicon.of(["Las fotos de iCloud no se sincronizan"], [])
    found = mended("las fotso no se sincronizn", spanish, "es")
    assert found.typed == ["fotso", "sincronizn"]
    assert found.looked_for == ["fotos", "sincronizan"]
    # In English "las" is a word to look for.
    assert mended("las fotso", spanish).looked_for == ["las", "fotos"]


def test_a_misspelt_search_is_mended_word_by_word():
    found = mended("iclod photos not synching", lexicon())
    assert found.looked_for == ["icloud", "photos", "syncing"]
    assert found.changed
    assert found.unknown == []


def test_a_word_of_the_steps_is_mended_too_and_a_known_word_is_kept():
    found = mended("restrat iphone", lexicon())
    assert found.looked_for == ["restart", "iphone"]
    assert not mended("restart iphone", lexicon()).changed


def test_short_words_and_words_far_from_any_guide_are_not_mended():
    found = mended("ic zzzzzz", lexicon())
    assert found.unknown == ["ic", "zzzzzz"]
    assert found.looked_for == []


def test_a_title_word_is_preferred_to_another_word_as_close():
    # "synk" is one change from "sync" (a title's) and from "sink" (a step's).
    both = Lexicon.of(["Photos won't sync"], [search_words.plain("Rinse the sink")])
    assert both.mend("synk") == "sync"


def test_did_you_mean_offers_the_closest_title_or_symptom():
    assert lexicon().did_you_mean("iclod photos frobnicate") == ICLOUD
    assert lexicon().did_you_mean("storage ful") == "iCloud storage is full"


def test_did_you_mean_offers_nothing_when_nothing_is_close():
    assert lexicon().did_you_mean("printer jammed badly") is None
    assert lexicon().did_you_mean("!!!") is None


def test_rank_puts_title_and_symptom_first_then_summary_then_steps():
    title, summary = {"icloud", "photos"}, {"sync", "photos"}
    in_title = search_words.rank(["icloud", "photos"], title, summary)
    in_summary = search_words.rank(["sync", "photos"], title, summary)
    in_steps = search_words.rank(["restart", "photos"], title, summary)
    assert in_title > in_summary > in_steps


def test_a_symptom_matches_when_every_word_is_in_it_or_the_title():
    symptoms = [
        {"key": "a", "text": "iCloud storage is full", "words": "icloud storage is full"},
        {"key": "b", "text": "Sync is paused", "words": "sync is paused"},
    ]
    title = {"icloud", "photos"}
    assert search_words.matching_symptoms(["photos", "storage"], title, symptoms) == symptoms[:1]
    assert search_words.matching_symptoms(["photos"], title, symptoms) == []
    assert search_words.matching_symptoms(["storage", "paused"], title, symptoms) == []


def test_the_step_holding_most_of_the_words_is_named():
    steps = [
        {"number": 1, "title": "Check", "words": "check the status line"},
        {"number": 2, "title": "Restart", "words": "restart your iphone then check"},
    ]
    assert search_words.matching_step(["restart", "check"], steps) == steps[1]
    assert search_words.matching_step(["check"], steps) == steps[0]
    assert search_words.matching_step(["battery"], steps) is None


def test_a_version_without_symptoms_is_indexed_with_none():
    content = {
        "title": "Wi-Fi keeps dropping",
        "slug": "wifi",
        "summary": "When the connection drops.",
        "steps": [{"title": "Restart the router", "body": "Unplug it.", "where_to_tap": ""}],
    }
    indexed = search_words.indexed(content)
    assert indexed["symptoms"] == []
    assert indexed["symptom_words"] == ""
    assert indexed["title_words"] == "wi fi wifi keeps dropping"
    assert indexed["step_words"] == "restart the router unplug it"
    assert indexed["steps"] == [
        {"number": 1, "title": "Restart the router", "words": indexed["step_words"]}
    ]


def test_a_version_with_symptoms_keeps_their_keys_and_words():
    content = {
        "title": "t",
        "slug": "t",
        "summary": "s",
        "steps": [],
        "symptoms": [{"key": "k1", "text": "Storage is FULL", "step": "s1"}],
    }
    indexed = search_words.indexed(content)
    assert indexed["symptoms"] == [
        {"key": "k1", "text": "Storage is FULL", "words": "storage is full"}
    ]
    assert indexed["symptom_words"] == "storage is full"


def test_a_word_typed_in_part_is_the_shortest_word_it_begins():
    words = Lexicon.of(["Bluetooth won't pair", "Blue screen", "Account locked"], [])
    assert mended("blu", words).looked_for == ["blue"]
    assert mended("blue", words).looked_for == ["blue"]
    assert mended("bluet", words).looked_for == ["bluetooth"]
    assert mended("lock", words).looked_for == ["locked"]


def test_a_beginning_in_a_title_comes_before_one_in_the_steps():
    words = Lexicon.of(["Battery drains"], [search_words.plain("Check the batch number")])
    assert mended("bat", words).looked_for == ["battery"]
    assert mended("batc", words).looked_for == ["batch"]


def test_two_letters_are_not_taken_as_a_beginning():
    words = Lexicon.of(["Bluetooth won't pair"], [])
    assert mended("bl", words).unknown == ["bl"]


def test_a_word_typed_in_part_beats_a_close_typo():
    words = Lexicon.of(["Account locked", "Look up a device"], [])
    assert mended("lock", words).looked_for == ["locked"]
    assert mended("loo", words).looked_for == ["look"]


def test_the_shortest_beginning_is_taken_not_the_first_in_order():
    assert search_words.shortest_beginning_with("bat", ("batch", "batches", "bath")) == "bath"
    assert search_words.shortest_beginning_with("bat", ("apple", "bison")) is None


def test_typos_allowed_grow_with_the_words_length():
    lengths = range(search_words.SHORTEST_MENDED - 1, 8)
    allowed = [search_words.allowed_typos("x" * length) for length in lengths]
    assert allowed == [0] + [1] * (6 - search_words.SHORTEST_MENDED) + [2, 2]


def test_a_version_is_indexed_as_its_results_show_it_and_as_plain_words():
    content = {
        "slug": "wifi",
        "title": "Wi-Fi drops",
        "summary": "When the Wi-Fi connection keeps dropping.",
        "symptoms": [
            {"key": "k1", "text": "No Wi-Fi icon", "step": "s2"},
            {"key": "k2", "text": "Slow pages", "step": "s1"},
        ],
        "steps": [
            {"key": "s1", "title": "Restart", "where_to_tap": "Settings > General", "body": "Off."},
            {"key": "s2", "title": "Forget it", "body": "Forget the network."},
        ],
    }
    assert search_words.indexed(content) == {
        "slug": "wifi",
        "title": "Wi-Fi drops",
        "summary": "When the Wi-Fi connection keeps dropping.",
        "symptoms": [
            {"key": "k1", "text": "No Wi-Fi icon", "words": "no wi fi wifi icon"},
            {"key": "k2", "text": "Slow pages", "words": "slow pages"},
        ],
        "steps": [
            {"number": 1, "title": "Restart", "words": "restart settings general off"},
            {"number": 2, "title": "Forget it", "words": "forget it forget the network"},
        ],
        "title_words": "wi fi wifi drops",
        "symptom_words": "no wi fi wifi icon slow pages",
        "summary_words": "when the wi fi wifi connection keeps dropping",
        "step_words": "restart settings general off forget it forget the network",
    }


def test_a_version_published_before_symptoms_is_indexed_without_them():
    content = {"slug": "a", "title": "A", "summary": "B", "steps": []}
    indexed = search_words.indexed(content)
    assert (indexed["symptoms"], indexed["symptom_words"]) == ([], "")


def test_a_two_letter_word_of_a_guide_is_found_as_it_is():
    words = Lexicon.of(["Apple TV won't start"], [])
    assert mended("tv", words).looked_for == ["tv"]


def test_one_word_no_guide_has_finds_nothing_though_the_others_are_known():
    found = mended("icloud qqqqqqqq", lexicon())
    assert (found.looked_for, found.unknown) == ([], ["qqqqqqqq"])
