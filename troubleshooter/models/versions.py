"""Published versions: a guide's content frozen at Publish, never changed, and the
compiled form visitors walk, cached per process by id."""

import functools
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from troubleshooter import flow


class CompiledVersion(flow.Version):
    """A version ready to walk, with the ids that tie it to the database."""

    def __init__(
        self,
        version_id: uuid.UUID,
        guide_id: int,
        number: int | None,
        content: dict,
        language: str = settings.LANGUAGE_CODE,
    ):
        super().__init__(content)
        self.id = version_id
        self.guide_id = guide_id
        self.number = number
        self.language = language
        # A translation's version is counted in the report as the source version it
        # translates, whose steps it shares; the source's own number for the rest.
        self.counted_as = content.get("source", {}).get("number", number)


@functools.lru_cache(maxsize=256)
def compiled_version(version_id: uuid.UUID) -> CompiledVersion:
    # Versions never change and their ids are never reused, so this is never stale.
    columns = ("guide_id", "number", "content", "language")
    row = GuideVersion.objects.values_list(*columns).get(pk=version_id)
    return CompiledVersion(version_id, *row)


class GuideVersionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(number__isnull=False)

    def in_language(self, language: str):
        return self.filter(language=language)

    def compiled(self, version_id: uuid.UUID) -> CompiledVersion:
        return compiled_version(version_id)


class GuideVersion(models.Model):
    """A guide's content frozen at Publish (or for a staff preview). Never changed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    guide = models.ForeignKey("Guide", on_delete=models.CASCADE, related_name="versions")
    # The guide's source language, or a translation's: its versions are numbered apart.
    language = models.CharField(max_length=10, default="en")
    number = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="1, 2, 3 … per guide and language. Empty for a preview of the draft.",
    )
    content = models.JSONField(help_text="Everything visitors see, as it was published.")
    note = models.CharField(
        max_length=300, blank=True, help_text="What changed and why, for the guide's history."
    )
    warnings = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = GuideVersionQuerySet.as_manager()

    class Meta:
        ordering = ["guide_id", "-number"]  # by the column: no join to the guide
        constraints = [
            models.UniqueConstraint(
                fields=["guide", "language", "number"],
                name="version_number_unique_per_guide_language",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="version_number_positive"),
        ]

    def __str__(self):
        if self.number is None:
            return f"{self.content['title']}: preview of the draft"
        return f"{self.content['title']}: version {self.number}"

    @property
    def step_count(self) -> int:
        return len(self.content["steps"])
