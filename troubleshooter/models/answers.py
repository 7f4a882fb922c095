"""What visitors recorded on a visit: each answer, written once, and what they said
about a step that didn't fix it."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from troubleshooter.models.drafts import Choice


class AnswerQuerySet(models.QuerySet):
    def given(self, visit_id: uuid.UUID) -> dict[str, str]:
        """Each step's key with the answer last given on it in this visit, for the flow."""
        pairs = self.filter(visit_id=visit_id).order_by("answered_at", "id")
        return dict(pairs.values_list("step_key", "choice_key"))

    def given_with_feedback(self, visit_id: uuid.UUID) -> tuple[dict[str, str], dict[str, dict]]:
        """`given`, and each step's "what happened?" from its last answer: one query."""
        rows = self.filter(visit_id=visit_id).order_by("answered_at", "id")
        given, feedback = {}, {}
        for step_key, choice_key, reason, comment, seconds in rows.values_list(
            "step_key", "choice_key", "feedback__reason", "feedback__comment", "seconds"
        ):
            given[step_key] = choice_key
            feedback[step_key] = {
                "reason": Feedback.Reason(reason).label if reason else "",
                "comment": comment or "",
                "seconds": seconds,
            }
        return given, feedback


class Answer(models.Model):
    """What a visitor answered on a step. Written once, never changed.

    The step's title and number are copied from the visit's version, so the
    record reads as the visitor saw it; the keys follow the step across versions.
    """

    visit = models.ForeignKey("Visit", on_delete=models.CASCADE, related_name="answers")
    step_key = models.CharField(max_length=16)
    choice_key = models.CharField(max_length=16)
    step_title = models.CharField(max_length=200)
    step_number = models.PositiveSmallIntegerField(
        help_text="The step's number in its version; a visit started at a symptom "
        "counted its steps from there, as Visit.step_for_staff says."
    )
    choice_label = models.CharField(max_length=80)
    outcome = models.CharField(max_length=16, choices=Choice.Outcome)
    answered_at = models.DateTimeField(default=timezone.now)
    seconds = models.PositiveIntegerField(
        default=0, help_text="Time on the step before this answer, in seconds (at most an hour)."
    )

    objects = AnswerQuerySet.as_manager()

    MAX_SECONDS = 3600  # longer is a visitor who walked away, not time spent on the step
    RECORDED_FIELDS = (
        "visit", "step_key", "choice_key", "step_title", "step_number", "choice_label", "outcome",
        "answered_at", "seconds",
    )  # fmt: skip

    class Meta:
        ordering = ["answered_at", "id"]

    def __str__(self):
        return f"Step {self.step_number}: {self.choice_label}"


class Feedback(models.Model):
    """Why a step didn't work, as the visitor said after answering "No". Optional."""

    class Reason(models.TextChoices):
        NOT_FOUND = "not_found", _("I couldn't find that setting")
        ALREADY_RIGHT = "already_right", _("The setting was already right")
        NO_CHANGE = "no_change", _("It didn't change anything")
        DIFFERENT = "different", _("The steps don't match my iPhone")

    COMMENT_LIMIT = 500

    answer = models.OneToOneField(Answer, on_delete=models.CASCADE, related_name="feedback")
    reason = models.CharField(max_length=16, choices=Reason, blank=True)
    comment = models.TextField(
        blank=True, help_text="The visitor's own words, plain text, seen by staff only."
    )
    given_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["-given_at"], name="feedback_given_at_desc")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason="", comment=""), name="feedback_says_something"
            ),
        ]

    def __str__(self):
        return self.get_reason_display() or self.comment[:40]
