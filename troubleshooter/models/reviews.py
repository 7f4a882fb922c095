"""A review step for teams that want one: an editor who may not publish asks, and a
publisher publishes exactly what was asked for, or sends it back with a note."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ReviewRequestQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(state=ReviewRequest.State.WAITING)

    def of_guide_drafts(self):
        """Reviews of guides' own drafts, not of their translations."""
        return self.filter(translation__isnull=True)


class ReviewRequest(models.Model):
    class State(models.TextChoices):
        WAITING = "waiting", "Waiting for review"
        SENT_BACK = "sent_back", "Sent back"
        PUBLISHED = "published", "Published"

    guide = models.ForeignKey("Guide", on_delete=models.CASCADE, related_name="reviews")
    translation = models.ForeignKey(
        "Translation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reviews",
        help_text="The translation asked about; empty for the guide's own draft.",
    )
    content = models.JSONField(help_text="The draft as it was when the review was asked for.")
    fingerprint = models.CharField(max_length=16)
    live_number = models.PositiveIntegerField(
        default=0,
        help_text="The guide's live version then, 0 for none (for a translation, the "
        "version it translates).",
    )
    note = models.CharField(max_length=300, blank=True, help_text="What to look at, and why.")
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    asked_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=16, choices=State, default=State.WAITING)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    answer_note = models.CharField(max_length=300, blank=True)

    objects = ReviewRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-asked_at", "-id"]

    def __str__(self):
        what = self.translation if self.translation_id else self.guide_id
        return f"{self.get_state_display()}: {what} asked {self.asked_at:%Y-%m-%d %H:%M}"

    def answer(self, state: str, user, note: str = "") -> None:
        self.state, self.answered_by, self.answer_note = state, user, note
        self.answered_at = timezone.now()
        self.save(update_fields=["state", "answered_by", "answered_at", "answer_note"])
