"""Search's words, free of the database and HTTP: text as the index holds it, a
visitor's words with their typos mended, and the order of what was found.

Guides' text and visitors' words are cut into the same plain words (lower case,
accents dropped, letters and digits only) before either database sees them, so
SQLite's FTS5 and PostgreSQL's full-text search split them alike and find the same
guides.
"""

import bisect
import itertools
import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils
from rapidfuzz.distance import OSA

WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")

# Words that say nothing about the problem, per language of the search: a search for
# "my photos are not syncing" asks for "photos syncing", and "mis fotos no se
# sincronizan" for "fotos sincronizan". Negations go too: "isn't" is cut into "isn"
# and "t". Spanish words are kept as plain words, without accents ("tambien").
ENGLISH_STOP_WORDS = frozenset({
    "a", "about", "after", "all", "am", "an", "and", "any", "are", "as", "at", "be", "been",
    "but", "by", "can", "cannot", "cant", "could", "did", "didn", "do", "does", "doesn", "don",
    "for", "from", "get", "gets", "getting", "had", "has", "have", "how", "i", "if", "in",
    "into", "is", "isn", "it", "its", "just", "keep", "keeps", "me", "my", "no", "not", "of",
    "off", "on", "or", "our", "so", "t", "than", "that", "the", "their", "them", "then",
    "there", "they", "this", "to", "too", "up", "us", "was", "wasn", "we", "were", "what",
    "when", "where", "which", "while", "why", "will", "with", "won", "would", "you", "your",
})  # fmt: skip
SPANISH_STOP_WORDS = frozenset({
    "a", "al", "algo", "como", "con", "cuando", "de", "del", "desde", "donde", "el", "ella",
    "en", "es", "esta", "estan", "este", "esto", "ha", "hay", "la", "las", "le", "lo", "los",
    "me", "mi", "mis", "muy", "ni", "no", "nos", "o", "para", "pero", "por", "porque", "que",
    "se", "si", "sin", "son", "su", "sus", "tambien", "te", "tengo", "ti", "tu", "tus", "un",
    "una", "uno", "y", "ya", "yo",
})  # fmt: skip
STOP_WORDS = {"en": ENGLISH_STOP_WORDS, "es": SPANISH_STOP_WORDS}

# How far a typed word may be from a guide's word and still count as it (changes, each a
# letter added, dropped, changed or two swapped): none for short words, which are too
# close to too many others.
SHORTEST_MENDED = 4


# A word typed in part is taken as the guides' word it begins from this many letters:
# results follow as the visitor types ("blu" is "bluetooth"), and "lock" finds "locked"
# rather than "look", one letter off.
SHORTEST_BEGINNING = 3


def shortest_beginning_with(start: str, known: tuple[str, ...]) -> str | None:
    """The shortest of the sorted words that begins with `start`, if any."""
    first = bisect.bisect_left(known, start)
    beginning = itertools.takewhile(lambda word: word.startswith(start), known[first:])
    return min(beginning, key=len, default=None)


def allowed_typos(word: str) -> int:
    if len(word) < SHORTEST_MENDED:
        return 0
    return 1 if len(word) <= 5 else 2


# "Did you mean": how alike (0-100, rapidfuzz's WRatio) a title or symptom must be to the
# words typed to be offered.
DID_YOU_MEAN_SCORE = 75

# Rank of the place a word was found: the title or a symptom, the summary, the steps.
TITLE, SUMMARY, STEPS = 3, 2, 1


def words(text: str) -> list[str]:
    """The plain words of a text: lower case, without accents, letters and digits. A
    hyphenated word gives its parts and the parts run together: "Wi-Fi" is "wi fi wifi"."""
    letters = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(letter for letter in letters if not unicodedata.combining(letter))
    found = []
    for word in WORD.findall(plain):
        parts = word.split("-")
        found.extend(parts if len(parts) == 1 else [*parts, "".join(parts)])
    return found


def plain(text: str) -> str:
    """A text as the index holds it: its plain words, separated by spaces."""
    return " ".join(words(text))


def query_words(query: str, language: str = "en") -> list[str]:
    """The words a search in `language` looks for: each once, in the order typed,
    without the words that say nothing in it (English's for a language without a
    list); all of them when that is all there is."""
    typed = list(dict.fromkeys(words(query)))
    stop = STOP_WORDS.get(language, ENGLISH_STOP_WORDS)
    return [word for word in typed if word not in stop] or typed


@dataclass(frozen=True)
class Lexicon:
    """Every word of the live guides, for mending typos; the titles and symptoms, for
    "Did you mean"."""

    title_words: tuple[str, ...]  # of titles and symptoms, sorted
    all_words: frozenset[str]
    other_words: tuple[str, ...]  # the rest, sorted
    phrases: tuple[str, ...]  # titles and symptom texts, as staff wrote them
    plain_phrases: tuple[str, ...]

    @classmethod
    def of(cls, phrases: list[str], plain_texts: list[str]) -> "Lexicon":
        """From the titles and symptom texts, and the plain text of everything else."""
        title_words = {word for phrase in phrases for word in words(phrase)}
        other = {word for text in plain_texts for word in text.split()} - title_words
        phrases = tuple(dict.fromkeys(phrases))
        return cls(
            title_words=tuple(sorted(title_words)),
            all_words=frozenset(title_words | other),
            other_words=tuple(sorted(other)),
            phrases=phrases,
            plain_phrases=tuple(plain(phrase) for phrase in phrases),
        )

    def mend(self, word: str) -> str | None:
        """The guides' word for a typed word: itself when a guide has it, else the
        shortest word it begins (a word typed in part: "batt", "lock"), else the closest
        word; each of a title or symptom first, then of any guide; None when none is
        close."""
        if word in self.all_words:
            return word
        if len(word) >= SHORTEST_BEGINNING:
            for known in (self.title_words, self.other_words):
                if (completed := shortest_beginning_with(word, known)) is not None:
                    return completed
        allowed = allowed_typos(word)
        if not allowed:
            return None
        for known in (self.title_words, self.other_words):
            found = process.extractOne(word, known, scorer=OSA.distance, score_cutoff=allowed)
            if found is not None:
                return found[0]
        return None

    def did_you_mean(self, query: str) -> str | None:
        """The title or symptom most like the words typed, when one is close enough."""
        typed = plain(query)
        if not typed:
            return None
        found = process.extractOne(
            typed,
            self.plain_phrases,
            scorer=fuzz.WRatio,
            processor=utils.default_process,
            score_cutoff=DID_YOU_MEAN_SCORE,
        )
        return None if found is None else self.phrases[found[2]]


@dataclass(frozen=True)
class Mended:
    """A visitor's search as it is looked for."""

    typed: list[str]
    looked_for: list[str]  # each typed word, mended
    unknown: list[str]  # typed words no guide has anything close to

    @property
    def changed(self) -> bool:
        return self.typed != self.looked_for


def mended(query: str, lexicon: Lexicon, language: str = "en") -> Mended:
    typed = query_words(query, language)
    looked_for, unknown = [], []
    for word in typed:
        known = lexicon.mend(word)
        if known is None:
            unknown.append(word)
        elif known not in looked_for:
            looked_for.append(known)
    return Mended(typed, looked_for if not unknown else [], unknown)


def place_of(word: str, title: set[str], summary: set[str]) -> int:
    if word in title:
        return TITLE
    if word in summary:
        return SUMMARY
    return STEPS


def rank(looked_for: list[str], title: set[str], summary: set[str]) -> tuple[int, int]:
    """How well a guide found for these words matches: first the guides where every word
    is in the title or a symptom, then in those or the summary, then the rest, each by
    how many words are in the higher places. Larger is better."""
    places = [place_of(word, title, summary) for word in looked_for]
    return min(places, default=STEPS), sum(places)


def matching_symptoms(looked_for: list[str], title: set[str], symptoms: list[dict]) -> list[dict]:
    """The symptoms a search names: each word is in the symptom or the guide's title,
    and at least one is in the symptom."""
    found = []
    for symptom in symptoms:
        own = set(symptom["words"].split())
        if own & set(looked_for) and all(word in own or word in title for word in looked_for):
            found.append(symptom)
    return found


def matching_step(looked_for: list[str], steps: list[dict]) -> dict | None:
    """The first step holding the most of the words, or None when none holds any."""
    best, most = None, 0
    for step in steps:
        own = set(step["words"].split())
        held = sum(word in own for word in looked_for)
        if held > most:
            best, most = step, held
    return best


def indexed(content: dict) -> dict:
    """What search keeps of a version's content record: what its results show, and the
    plain text of the title, the symptoms, the summary and the steps. Versions published
    before guides had symptoms have none."""
    symptoms = [
        {"key": symptom["key"], "text": symptom["text"], "words": plain(symptom["text"])}
        for symptom in content.get("symptoms", [])
    ]
    steps = [
        {
            "number": number,
            "title": step["title"],
            "words": plain(" ".join([step["title"], step.get("where_to_tap", ""), step["body"]])),
        }
        for number, step in enumerate(content["steps"], start=1)
    ]
    return {
        "slug": content["slug"],
        "title": content["title"],
        "summary": content["summary"],
        "symptoms": symptoms,
        "steps": steps,
        "title_words": plain(content["title"]),
        "symptom_words": " ".join(symptom["words"] for symptom in symptoms),
        "summary_words": plain(content["summary"]),
        "step_words": " ".join(step["words"] for step in steps),
    }
