"""Topics: how the home page groups the live guides. Site structure, not guide content:
a guide's topics are not versioned, and a change shows at once for its live version."""

from typing import NamedTuple

from django.conf import settings
from django.db import connection, models
from django.db.models import Count, Q
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce
from django.urls import reverse

from troubleshooter.models.drafts import Guide


class ListedGuide(NamedTuple):
    """A live guide as lists show it: from its live version, as visitors see it."""

    id: int
    slug: str
    title: str
    summary: str


class TopicQuerySet(models.QuerySet):
    def with_live_guide_count(self):
        return self.annotate(
            live_guide_count=Count("guides", filter=Q(guides__live_version__isnull=False))
        )


def in_language(key: str):
    """A string of the content visitors reading the language see: its published
    translation's, else the live version's."""
    return Coalesce(
        KeyTextTransform(key, "translated__live_version__content"),
        KeyTextTransform(key, "live_version__content"),
    )


def listed_guides(language: str = settings.LANGUAGE_CODE) -> list[ListedGuide]:
    """Every live guide's title and summary as visitors reading `language` see them,
    read from the content of its published translation in it, else its live version,
    in one query, without loading or compiling the content."""
    rows = (
        Guide.objects.in_language(language)
        .order_by()
        .values_list("id", "slug", in_language("title"), in_language("summary"))
    )
    return [ListedGuide(*row) for row in rows]


def topic_links() -> list[tuple[int, int]]:
    """Every (topic id, guide id) pair."""
    return list(Topic.guides.through.objects.values_list("topic_id", "guide_id"))


def listing_stamp_sql() -> str:
    from troubleshooter.models.translations import Translation

    guide, topic = Guide._meta.db_table, Topic._meta.db_table
    link = Topic.guides.through._meta.db_table
    translations = Translation._meta.db_table
    live = "live_version_id IS NOT NULL"  # as the index guide_live_updated_at reads
    return (
        f"SELECT (SELECT COUNT(*) FROM {guide} WHERE {live}),"
        f" (SELECT MAX(updated_at) FROM {guide} WHERE {live}),"
        f" (SELECT COUNT(*) FROM {topic}), (SELECT MAX(updated_at) FROM {topic}),"
        f" (SELECT COUNT(*) FROM {link}), (SELECT MAX(id) FROM {link}),"
        f" (SELECT COUNT(*) FROM {translations} WHERE {live}),"
        f" (SELECT MAX(updated_at) FROM {translations})"
    )


def listing_stamp() -> tuple:
    """A cheap reading that changes whenever the topics, their guides or the live guides
    change, so that a process can keep what it built from them until then.

    A guide's `updated_at` moves when it is published, unpublished or saved, a topic's
    when it is saved, a translation's when it is saved or published; a link is only
    ever added (with a higher id than any before) or removed, and removing any row
    lowers its table's count.
    """
    with connection.cursor() as cursor:
        cursor.execute(listing_stamp_sql())
        return cursor.fetchone()


class Topic(models.Model):
    """A heading of the home page, with a page of its own listing its live guides."""

    name = models.CharField(
        max_length=80,
        unique=True,
        error_messages={"unique": "Another topic already has this name. Choose another."},
        help_text="As visitors read it on the home page, e.g. “iCloud and Photos”.",
    )
    slug = models.SlugField(
        max_length=80,
        unique=True,
        error_messages={"unique": "Another topic already has this address. Choose another."},
        help_text="The end of the topic page's web address, after /topics/, e.g. "
        "“icloud-and-photos”. Links to the old address stop working when it is changed.",
    )
    description = models.CharField(
        max_length=160,
        help_text="One sentence on what the topic covers, shown on its page and to search "
        "engines (they show about 160 characters).",
    )
    order = models.PositiveIntegerField(
        default=0, help_text="Topics are listed from the lowest number up; equal numbers by name."
    )
    guides = models.ManyToManyField(
        Guide,
        related_name="topics",
        blank=True,
        help_text="A guide may be in several topics. Changes show on the site at once, "
        "without publishing: topics are not part of a guide's versions.",
    )
    # {"es": {"name": …, "description": …}}: what visitors reading another language
    # read; English's where a language has none.
    translations = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("troubleshooter:topic", kwargs={"slug": self.slug})

    def translated(self, field: str, language: str) -> str:
        """The topic's name or description in `language`, else as staff wrote it."""
        text = self.translations.get(language, {}).get(field, "")
        return text.strip() or getattr(self, field)
