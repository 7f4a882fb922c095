"""The draft's history: each save that changed the draft, kept in the JSON form
published versions take, with who saved it and when."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from troubleshooter import content


class DraftRevisionQuerySet(models.QuerySet):
    def prune(self, guide, keep: int) -> None:
        """Drop all but the newest `keep` saves of the guide, never the one its live
        version was published from."""
        newest = self.filter(guide=guide).order_by("-created_at", "-id")
        old = self.filter(pk__in=list(newest.values_list("pk", flat=True)[keep:]))
        if guide.live_version is not None:
            old = old.exclude(fingerprint=content.fingerprint(guide.live_version.content))
        old.delete()


class DraftRevision(models.Model):
    """The draft as one save left it. The last `KEEP` saves of each guide are kept,
    and always the one its live version came from."""

    KEEP = 200

    guide = models.ForeignKey("Guide", on_delete=models.CASCADE, related_name="revisions")
    content = models.JSONField(help_text="The draft as this save left it.")
    fingerprint = models.CharField(max_length=16, help_text="The content as staff read it.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = DraftRevisionQuerySet.as_manager()

    class Meta:
        ordering = ["guide_id", "-created_at", "-id"]
        indexes = [models.Index(fields=["guide", "-created_at"], name="draft_revision_newest")]

    def __str__(self):
        return f"{self.content['title']}: draft saved {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def step_count(self) -> int:
        return len(self.content["steps"])
