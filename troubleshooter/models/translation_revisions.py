"""A translation's draft history: each save that changed its texts, with who saved it
and when, for Compare and Restore as a guide's own draft has."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class TranslationRevisionQuerySet(models.QuerySet):
    def prune(self, item, keep: int) -> None:
        """Drop all but the newest `keep` saves of the translation; its published
        versions stay in its history as versions."""
        newest = self.filter(translation=item).order_by("-created_at", "-id")
        self.filter(pk__in=list(newest.values_list("pk", flat=True)[keep:])).delete()


class TranslationRevision(models.Model):
    """A translation's texts as one save left them. The last `KEEP` saves are kept."""

    KEEP = 200

    translation = models.ForeignKey(
        "Translation", on_delete=models.CASCADE, related_name="revisions"
    )
    texts = models.JSONField(help_text="Each string's key: its text, as this save left them.")
    stamp = models.CharField(max_length=16, help_text="The texts' hash, as Translation.stamp.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = TranslationRevisionQuerySet.as_manager()

    class Meta:
        ordering = ["translation_id", "-created_at", "-id"]
        indexes = [
            models.Index(fields=["translation", "-created_at"], name="translation_revision_newest")
        ]

    def __str__(self):
        return f"{self.translation}: saved {self.created_at:%Y-%m-%d %H:%M}"
