"""Search: one entry per live guide and language it can be read in (its source's live
version, and each live translation), indexed by modelsearch (SQLite's FTS5 or
PostgreSQL's full-text search), which Publish and Unpublish keep up to date; and the
searches that found nothing, counted per day and language for staff.

A search in a language looks over that language's entries and, for the guides not
translated into it, their source's: a guide is found in the visitor's language where
it can be read in it, else in its own (marked as such in the results)."""

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connections, models, transaction
from django.db.models import F, Max, Sum
from django.db.models.signals import post_delete
from django.utils import timezone
from modelsearch import index
from modelsearch.models import IndexEntry
from modelsearch.queryset import SearchableQuerySetMixin

from troubleshooter import search_words
from troubleshooter.search_words import Lexicon, Mended

# The longest search taken, in characters; the words of a search that found nothing are
# kept whole, so this is their longest too.
QUERY_LIMIT = 200
# Results shown for one search: past these, the visitor is asked for another word.
RESULTS_SHOWN = 50
# What a search reads of each guide it finds (not the steps, the largest part).
FOUND_FIELDS = (
    "id", "guide_id", "version_id", "language", "slug", "title", "summary", "symptoms",
    "title_words", "symptom_words", "summary_words",
)  # fmt: skip


@dataclass
class Result:
    """A guide found, with the symptoms the search names and, when the words are only
    in its steps, the step holding the most of them."""

    entry: dict  # FOUND_FIELDS of its SearchEntry
    symptoms: list[dict]
    step: dict | None = None


@dataclass
class Outcome:
    mended: Mended
    language: str = "en"
    results: list[Result] = field(default_factory=list)
    more: bool = False  # more guides matched than are shown
    did_you_mean: str | None = None

    @property
    def symptoms(self) -> list[tuple[dict, dict]]:
        return [(symptom, result.entry) for result in self.results for symptom in result.symptoms]


@functools.cache
def stamp_sql(alias: str) -> str:
    quote = connections[alias].ops.quote_name
    column = quote(SearchEntry._meta.get_field("indexed_at").column)
    return f"SELECT MAX({column}), COUNT(*) FROM {quote(SearchEntry._meta.db_table)}"


def stand_in_words(count: int) -> list[str]:
    """Words standing in for a search's words while modelsearch writes its SQL. Each
    is put in the SQL's parameters in one pass, so a visitor typing one is harmless."""
    return [f"zzstandin{n:03d}zz" for n in range(count)]


def in_language(language: str) -> models.Q:
    """The entries a search in `language` looks over: the language's own, and every
    source entry (those of guides translated into it are dropped after; see Catalogue)."""
    return models.Q(language=language) | models.Q(is_source=True)


@functools.cache
def found_sql(
    alias: str, word_count: int, content_type_id: int, language: str
) -> tuple[str, tuple]:
    """The SQL modelsearch writes for a search of `word_count` words in `language`,
    with stand-ins for the words: built once per process, number of words and language,
    as building it costs more than running it (about 1 ms of the 1.5 a search took at
    1,000 guides). It names the entries' content type by id, so a new id (a database
    made again) builds it anew."""
    queryset = SearchEntry.objects.using(alias).filter(in_language(language))
    queryset = queryset.values(*FOUND_FIELDS)
    search = queryset.search(
        " ".join(stand_in_words(word_count)), operator="and", order_by_relevance=False
    )
    return search.get_queryset().query.sql_with_params()


@dataclass(frozen=True)
class Catalogue:
    """What a search in one language reads once per Publish: the lexicon of the guides
    it looks over, and the guides translated into the language (whose source entries
    it leaves out)."""

    lexicon: Lexicon
    translated: frozenset[int]

    def keeps(self, entry: dict, language: str) -> bool:
        return entry["language"] == language or entry["guide_id"] not in self.translated


# This process's catalogue per language, with the stamp of the index it was read from.
# Only published content is in it, so it is the same in every process.
catalogue_cache: dict[str, tuple[tuple, Catalogue]] = {}


class SearchEntryQuerySet(SearchableQuerySetMixin, models.QuerySet):
    def index_version(self, version, *, is_source: bool = True) -> None:
        """Make the entry of the version's guide in the version's language read as this
        version, newly live: the source's, or a translation's."""
        entry, _ = self.update_or_create(
            guide_id=version.guide_id,
            language=version.language,
            defaults={
                "is_source": is_source,
                "version_id": version.pk,
                "indexed_at": timezone.now(),
                **search_words.indexed(version.content),
            },
        )
        index.insert_or_update_object(entry)
        if connections[self.db].vendor == "sqlite":
            # Without statistics SQLite's planner runs the full-text match once for every
            # entry of the index instead of once (100 ms at 1,000 guides rather than 1);
            # the index's own table is analysed in a millisecond.
            table = connections[self.db].ops.quote_name(IndexEntry._meta.db_table)
            with connections[self.db].cursor() as cursor:
                cursor.execute(f"ANALYZE {table}")

    def index_guide(self, guide, version) -> None:
        """Index a guide newly published as `version`, and its live translations (kept
        while it was unpublished, or published before it was last unpublished) that
        are not indexed as they are."""
        self.index_version(version)
        indexed = set(self.filter(guide=guide).values_list("version_id", flat=True))
        for live in guide.translations.exclude(live_version=None).values_list(
            "live_version", flat=True
        ):
            if live not in indexed:
                self.index_version(type(version).objects.get(pk=live), is_source=False)

    def drop(self, guide) -> None:
        """Take an unpublished guide out of search in every language (the index
        follows, on post_delete)."""
        for entry in self.filter(guide=guide):
            entry.delete()

    def stamp(self) -> tuple:
        """Changes with every Publish and Unpublish: the newest entry and how many. Read
        by every search, so written by hand: the ORM's aggregate costs five times the
        query (see stamp_sql)."""
        with connections[self.db].cursor() as cursor:
            cursor.execute(stamp_sql(self.db))
            return cursor.fetchone()

    def catalogue(self, language: str) -> Catalogue:
        """The lexicon of what a search in `language` looks over, and the guides
        translated into it, read once per Publish or Unpublish."""
        stamp = self.stamp()
        known = catalogue_cache.get(language)
        if known is not None and known[0] == stamp:
            return known[1]
        rows = list(
            self.filter(in_language(language)).values_list(
                "guide_id", "language", "title", "symptoms", "summary_words", "step_words"
            )
        )
        translated = frozenset(guide for guide, own, *_ in rows if own == language)
        phrases, texts = [], []
        for guide, own, title, symptoms, summary_words, step_words in rows:
            if own != language and guide in translated:
                continue
            phrases += [title, *(symptom["text"] for symptom in symptoms)]
            texts += [summary_words, step_words]
        catalogue = Catalogue(Lexicon.of(phrases, texts), translated)
        catalogue_cache[language] = (stamp, catalogue)
        return catalogue

    def lexicon(self, language: str = "en") -> Lexicon:
        return self.catalogue(language).lexicon

    def look_for(self, query: str, language: str = "en") -> Outcome:
        """The live guides for a visitor's words in `language`, best first: all the
        words (each mended when it is a typo) are somewhere in the guide as it reads in
        the language, or in its source language when it has no translation into it."""
        catalogue = self.catalogue(language)
        mended = search_words.mended(query, catalogue.lexicon, language)
        outcome = Outcome(mended, language)
        if mended.looked_for:
            outcome.results, outcome.more = self.ranked(mended.looked_for, language, catalogue)
        if not outcome.results:
            outcome.did_you_mean = catalogue.lexicon.did_you_mean(query)
        return outcome

    def found(self, looked_for: list[str], language: str = "en") -> list[dict]:
        """FOUND_FIELDS of the entries a search in `language` looks over that hold
        every word, as modelsearch finds them."""
        content_type = ContentType.objects.db_manager(self.db).get_for_model(self.model)
        sql, params = found_sql(self.db, len(looked_for), content_type.pk, language)
        words = dict(zip(stand_in_words(len(looked_for)), looked_for, strict=True))
        stand_in = re.compile("|".join(words))
        filled = [
            stand_in.sub(lambda match: words[match.group()], param)
            if isinstance(param, str)
            else param
            for param in params
        ]
        connection = connections[self.db]
        symptoms = self.model._meta.get_field("symptoms")
        with connection.cursor() as cursor:
            cursor.execute(sql, filled)
            # On PostgreSQL the SQL selects the text it matched after the fields.
            fields = len(FOUND_FIELDS)
            rows = [dict(zip(FOUND_FIELDS, row[:fields], strict=True)) for row in cursor]
        for row in rows:
            row["symptoms"] = symptoms.from_db_value(row["symptoms"], None, connection)
        return rows

    def ranked(
        self, looked_for: list[str], language: str = "en", catalogue: Catalogue | None = None
    ) -> tuple[list[Result], bool]:
        """The guides holding every word, ranked here rather than by the database, so that
        SQLite and PostgreSQL give the same order; and whether more matched than are shown."""
        catalogue = catalogue or self.catalogue(language)
        found = self.found(looked_for, language)
        found = [entry for entry in found if catalogue.keeps(entry, language)]
        ranked = []
        for entry in found:
            title = set(entry["title_words"].split())
            named = title | set(entry["symptom_words"].split())
            place = search_words.rank(looked_for, named, set(entry["summary_words"].split()))
            # The title's plain words put it in a reader's order, as on the guide list.
            ranked.append((place, entry["title_words"], entry, title))
        ranked.sort(key=lambda row: (-row[0][0], -row[0][1], row[1]))
        results, in_steps = [], []
        for (lowest, _), _, entry, title in ranked[:RESULTS_SHOWN]:
            symptoms = search_words.matching_symptoms(looked_for, title, entry["symptoms"])
            results.append(Result(entry, symptoms))
            if lowest == search_words.STEPS:
                in_steps.append(results[-1])
        if in_steps:
            pks = [result.entry["id"] for result in in_steps]
            steps = dict(self.filter(pk__in=pks).values_list("pk", "steps"))
            for result in in_steps:
                result.step = search_words.matching_step(looked_for, steps[result.entry["id"]])
        return results, len(ranked) > RESULTS_SHOWN


class SearchEntry(index.Indexed, models.Model):
    """A live guide in one language as search finds it: the live version's (its
    source's, or a live translation's) title, summary, symptoms and steps, as results
    show them and as plain words for the index."""

    guide = models.ForeignKey("Guide", on_delete=models.CASCADE, related_name="search_entries")
    language = models.CharField(max_length=10)
    # The guide's source language: searched in every language it has no translation in.
    is_source = models.BooleanField(default=True)
    version = models.ForeignKey("GuideVersion", on_delete=models.CASCADE, related_name="+")
    slug = models.SlugField(max_length=100)
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300)
    symptoms = models.JSONField(default=list, help_text="[{key, text, words}]")
    steps = models.JSONField(default=list, help_text="[{number, title, words}]")
    title_words = models.TextField()
    symptom_words = models.TextField(blank=True)
    summary_words = models.TextField(blank=True)
    step_words = models.TextField(blank=True)
    indexed_at = models.DateTimeField(default=timezone.now)

    objects = SearchEntryQuerySet.as_manager()

    search_fields = [
        index.SearchField("title_words", boost=4),
        index.SearchField("symptom_words", boost=4),
        index.SearchField("summary_words", boost=2),
        index.SearchField("step_words"),
        index.FilterField("language"),
        index.FilterField("is_source"),
    ]
    # Publish and Unpublish index the entry themselves, in their own transaction.
    search_auto_update = False

    class Meta:
        verbose_name_plural = "search entries"
        # The stamp each search reads (SearchEntryQuerySet.stamp) comes from this alone.
        indexes = [models.Index(fields=["indexed_at"], name="search_entry_indexed_at")]
        constraints = [
            models.UniqueConstraint(
                fields=["guide", "language"], name="search_entry_unique_per_guide_language"
            )
        ]

    def __str__(self):
        return self.title


def remove_from_index(sender, instance: SearchEntry, **kwargs) -> None:
    """An entry deleted, on Unpublish or with its guide, leaves the index too."""
    index.remove_object(instance)


post_delete.connect(remove_from_index, sender=SearchEntry)


def miss_words(query: str) -> str:
    """A search's words as staff read them among the misses: lower case, single spaces,
    no control characters."""
    letters = "".join(" " if unicodedata.category(c).startswith("C") else c for c in query)
    return " ".join(letters.casefold().split())


class SearchMissQuerySet(models.QuerySet):
    def count_miss(self, query: str, language: str = "en") -> None:
        """Count one more search in `language` for these words that found nothing today.
        Run inside a write transaction: two at once on PostgreSQL both find no row, and
        the second create meets the first's row and counts on it instead."""
        words, day = miss_words(query), timezone.localdate()
        if not words:
            return
        mine = self.filter(day=day, words=words, language=language)
        if mine.update(count=F("count") + 1):
            return
        try:
            with transaction.atomic():
                self.create(day=day, words=words, language=language, count=1)
        except IntegrityError:
            mine.update(count=F("count") + 1)

    def most_frequent(self, start, end, language: str = ""):
        """Each search's words and language with its searches from `start` to `end`,
        most first; only those in `language`, if given."""
        found = self.filter(day__range=(start, end))
        if language:
            found = found.filter(language=language)
        return (
            found.values("words", "language")
            .annotate(searches=Sum("count"), last_day=Max("day"))
            .order_by("-searches", "words", "language")
        )


class SearchMiss(models.Model):
    """How many searches for these words found nothing on a day: the words alone, with
    no address, cookie or visit."""

    day = models.DateField()
    words = models.CharField(max_length=QUERY_LIMIT)
    # The language of the page searched from: what to write, or translate, next.
    language = models.CharField(max_length=10, default="en")
    count = models.PositiveIntegerField(default=0)

    objects = SearchMissQuerySet.as_manager()

    class Meta:
        verbose_name = "search that found nothing"
        verbose_name_plural = "searches that found nothing"
        constraints = [
            models.UniqueConstraint(
                fields=["day", "words", "language"], name="search_miss_unique_per_day_language"
            )
        ]

    def __str__(self):
        return f"{self.words} ({self.language}, {self.count} on {self.day})"
