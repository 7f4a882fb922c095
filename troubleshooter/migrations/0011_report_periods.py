from collections import Counter, defaultdict

from django.db import migrations, models

STEP_COUNTS = ("reached", "answered", "fixed", "went_on", "fallback", "left")
VISIT_COUNTS = ("started", "fixed", "fallback", "left", "in_progress")


def add_all_versions_rows(apps, schema_editor):
    """Each counted day gets its figures for all versions together, as the report now reads."""
    VisitTotal = apps.get_model("troubleshooter", "VisitTotal")
    StepTotal = apps.get_model("troubleshooter", "StepTotal")
    visits = defaultdict(list)
    for row in VisitTotal.objects.filter(all_versions=False):
        visits[(row.guide_id, row.day)].append(row)
    VisitTotal.objects.bulk_create(
        VisitTotal(
            guide_id=guide_id,
            day=day,
            all_versions=True,
            version_number=max(row.version_number for row in rows),
            **{name: sum(getattr(row, name) for row in rows) for name in VISIT_COUNTS},
        )
        for (guide_id, day), rows in visits.items()
    )
    steps = defaultdict(list)
    for row in StepTotal.objects.filter(all_versions=False).order_by("version_number"):
        steps[(row.guide_id, row.day, row.step_key)].append(row)
    together = []
    for (guide_id, day, key), rows in steps.items():
        newest = rows[-1]  # names the step
        seconds, reasons = Counter(), Counter()
        for row in rows:
            seconds.update(row.seconds)
            reasons.update(row.reasons)
        together.append(
            StepTotal(
                guide_id=guide_id,
                day=day,
                all_versions=True,
                version_number=newest.version_number,
                step_key=key,
                step_number=newest.step_number,
                step_title=newest.step_title,
                seconds=dict(seconds),
                reasons=dict(reasons),
                **{name: sum(getattr(row, name) for row in rows) for name in STEP_COUNTS},
            )
        )
    StepTotal.objects.bulk_create(together)


def remove_rows_days_cannot_hold(apps, schema_editor):
    for name in ("VisitTotal", "StepTotal", "ReportPeriod"):
        model = apps.get_model("troubleshooter", name)
        model.objects.filter(hour__isnull=False).delete()
    for name in ("VisitTotal", "StepTotal"):
        apps.get_model("troubleshooter", name).objects.filter(all_versions=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("troubleshooter", "0010_report_feedback_and_daily_totals"),
    ]

    operations = [
        migrations.RenameModel("ReportDay", "ReportPeriod"),
        migrations.RenameModel("DailyStepTotal", "StepTotal"),
        migrations.RenameModel("DailyVisitTotal", "VisitTotal"),
        migrations.RemoveConstraint(model_name="reportperiod", name="report_day_unique"),
        migrations.RenameIndex(
            model_name="steptotal", new_name="step_total_guide_day", old_name="daily_step_guide_day"
        ),
        migrations.RenameIndex(
            model_name="visittotal",
            new_name="visit_total_guide_day",
            old_name="daily_visit_guide_day",
        ),
        migrations.AddField(
            model_name="reportperiod",
            name="hour",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="Hours since the day began (0 is the first); empty: the whole day.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="steptotal",
            name="hour",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="visittotal",
            name="hour",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="steptotal",
            name="all_versions",
            field=models.BooleanField(
                default=False,
                help_text="The figures of every version seen in the period, added up.",
            ),
        ),
        migrations.AddField(
            model_name="visittotal",
            name="all_versions",
            field=models.BooleanField(
                default=False,
                help_text="The figures of every version seen in the period, added up.",
            ),
        ),
        migrations.AlterField(
            model_name="steptotal",
            name="version_number",
            field=models.PositiveIntegerField(
                help_text="The version counted; for all versions, the newest (it names the step)."
            ),
        ),
        migrations.AlterField(
            model_name="visittotal",
            name="version_number",
            field=models.PositiveIntegerField(
                help_text="The version counted; for all versions, the newest (it names the step)."
            ),
        ),
        migrations.AddConstraint(
            model_name="reportperiod",
            constraint=models.UniqueConstraint(
                condition=models.Q(("hour__isnull", True)),
                fields=("guide", "day"),
                name="report_period_day_unique",
            ),
        ),
        migrations.AddConstraint(
            model_name="reportperiod",
            constraint=models.UniqueConstraint(
                fields=("guide", "day", "hour"), name="report_period_hour_unique"
            ),
        ),
        migrations.RunPython(add_all_versions_rows, remove_rows_days_cannot_hold),
    ]
