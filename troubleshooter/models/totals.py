"""The report's totals: visits counted once per day, or per hour of the day in
progress, so a report reads a few rows a day and keeps its figures after pruning."""

from django.db import models
from django.db.models import Q


class ReportPeriod(models.Model):
    """A day, or an hour of the day not yet over, whose visits are counted into the
    totals below. Those figures stay when old visits are pruned."""

    guide = models.ForeignKey("Guide", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    hour = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Hours since the day began (0 is the first); empty: the whole day.",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["guide", "day"],
                condition=Q(hour__isnull=True),
                name="report_period_day_unique",
            ),
            models.UniqueConstraint(
                fields=["guide", "day", "hour"], name="report_period_hour_unique"
            ),
        ]

    def __str__(self):
        return f"{self.guide_id} {self.day}" + ("" if self.hour is None else f" hour {self.hour}")


class PeriodTotal(models.Model):
    """Figures for the visits of a guide started in one counted period (`ReportPeriod`):
    of one published version, or of all of them together."""

    guide = models.ForeignKey("Guide", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    hour = models.PositiveSmallIntegerField(null=True, blank=True)
    all_versions = models.BooleanField(
        default=False, help_text="The figures of every version seen in the period, added up."
    )
    version_number = models.PositiveIntegerField(
        help_text="The version counted; for all versions, the newest (it names the step)."
    )
    # Visits made in each language are counted apart; those counted before languages
    # were English.
    language = models.CharField(
        max_length=10, default="en", help_text="The language the visits were made in."
    )

    class Meta:
        abstract = True


class StepTotal(PeriodTotal):
    """One step's figures in one counted period."""

    step_key = models.CharField(max_length=16)
    step_number = models.PositiveSmallIntegerField()
    step_title = models.CharField(max_length=200)
    reached = models.PositiveIntegerField(default=0)
    answered = models.PositiveIntegerField(default=0)
    fixed = models.PositiveIntegerField(default=0)
    went_on = models.PositiveIntegerField(default=0)
    fallback = models.PositiveIntegerField(default=0)
    left = models.PositiveIntegerField(default=0)
    seconds = models.JSONField(default=dict, help_text="Answers by whole seconds on the step.")
    reasons = models.JSONField(default=dict, help_text="“What happened?” answers by reason.")

    class Meta:
        indexes = [models.Index(fields=["guide", "day"], name="step_total_guide_day")]

    def __str__(self):
        return f"{self.day} v{self.version_number} step {self.step_number}"


class VisitTotal(PeriodTotal):
    """How the visits started in one counted period at one symptom (or at none) ended.
    A period's visits are its rows added up."""

    symptom_key = models.CharField(
        max_length=16, blank=True, help_text="Blank: visits started at step 1, with no symptom."
    )
    symptom_text = models.CharField(
        max_length=200, blank=True, help_text="As the newest version counted here words it."
    )
    started = models.PositiveIntegerField(default=0)
    fixed = models.PositiveIntegerField(default=0)
    fallback = models.PositiveIntegerField(default=0)
    left = models.PositiveIntegerField(default=0)
    in_progress = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["guide", "day"], name="visit_total_guide_day")]

    def __str__(self):
        return f"{self.day} v{self.version_number}"
