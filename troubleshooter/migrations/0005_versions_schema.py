import uuid

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import troubleshooter.models


class Migration(migrations.Migration):
    dependencies = [
        ("troubleshooter", "0004_visit_started_at_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="GuideVersion",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                (
                    "number",
                    models.PositiveIntegerField(
                        blank=True,
                        help_text="1, 2, 3 … per guide. Empty for a preview of the draft.",
                        null=True,
                    ),
                ),
                (
                    "content",
                    models.JSONField(help_text="Everything visitors see, as it was published."),
                ),
                (
                    "note",
                    models.CharField(
                        blank=True,
                        help_text="What changed and why, for the guide's history.",
                        max_length=300,
                    ),
                ),
                ("warnings", models.JSONField(blank=True, default=list)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "guide",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="versions",
                        to="troubleshooter.guide",
                    ),
                ),
            ],
            options={
                "ordering": ["guide_id", "-number"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("guide", "number"), name="version_number_unique_per_guide"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("number__gte", 1)), name="version_number_positive"
                    ),
                ],
            },
        ),
        migrations.AddField(
            model_name="guide",
            name="live_version",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                help_text="The published version visitors walk. "
                "Empty when the guide is not published.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="troubleshooter.guideversion",
            ),
        ),
        migrations.AddField(
            model_name="step",
            name="key",
            field=models.CharField(editable=False, max_length=16, null=True),
        ),
        migrations.AddField(
            model_name="choice",
            name="key",
            field=models.CharField(editable=False, max_length=16, null=True),
        ),
        migrations.AddField(
            model_name="visit",
            name="version",
            field=models.ForeignKey(
                null=True,
                on_delete=troubleshooter.models.protect_real_visits,
                related_name="visits",
                to="troubleshooter.guideversion",
            ),
        ),
        migrations.AddField(
            model_name="visit",
            name="is_preview",
            field=models.BooleanField(
                default=False,
                help_text="A staff member walking a draft. Never counted as a visit.",
                verbose_name="preview",
            ),
        ),
        migrations.AddField(
            model_name="visit",
            name="current_step_key",
            field=models.CharField(
                default="", help_text="The step the visit is on, or ended on.", max_length=16
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="visit",
            name="last_choice_key",
            field=models.CharField(
                blank=True,
                help_text="The answer last given, to spot a form sent twice.",
                max_length=16,
            ),
        ),
        migrations.AddField(
            model_name="answer",
            name="step_key",
            field=models.CharField(default="", max_length=16),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="answer",
            name="choice_key",
            field=models.CharField(default="", max_length=16),
            preserve_default=False,
        ),
    ]
