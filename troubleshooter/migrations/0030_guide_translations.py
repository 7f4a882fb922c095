"""Translations of a guide: its strings in another language, published as versions in
that language. Versions get a language (the source's, "en", for those published so
far) and are numbered per guide and language."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("troubleshooter", "0029_visit_language"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Translation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "language",
                    models.CharField(help_text="A code of settings.LANGUAGES.", max_length=10),
                ),
                (
                    "texts",
                    models.JSONField(
                        blank=True, default=dict, help_text="Each string's key: its text."
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
            ],
            options={
                "ordering": ["guide_id", "language"],
            },
        ),
        migrations.RemoveConstraint(
            model_name="guideversion",
            name="version_number_unique_per_guide",
        ),
        migrations.AddField(
            model_name="guide",
            name="source_language",
            field=models.CharField(default="en", editable=False, max_length=10),
        ),
        migrations.AddField(
            model_name="guideversion",
            name="language",
            field=models.CharField(default="en", max_length=10),
        ),
        migrations.AlterField(
            model_name="guideversion",
            name="number",
            field=models.PositiveIntegerField(
                blank=True,
                help_text="1, 2, 3 … per guide and language. Empty for a preview of the draft.",
                null=True,
            ),
        ),
        migrations.AddConstraint(
            model_name="guideversion",
            constraint=models.UniqueConstraint(
                fields=("guide", "language", "number"),
                name="version_number_unique_per_guide_language",
            ),
        ),
        migrations.AddField(
            model_name="translation",
            name="follows_version",
            field=models.ForeignKey(
                blank=True,
                help_text="The source version it was last published against.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="troubleshooter.guideversion",
            ),
        ),
        migrations.AddField(
            model_name="translation",
            name="guide",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="translations",
                to="troubleshooter.guide",
            ),
        ),
        migrations.AddField(
            model_name="translation",
            name="live_version",
            field=models.ForeignKey(
                blank=True,
                help_text="The version in this language visitors see. Empty until published.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="troubleshooter.guideversion",
            ),
        ),
        migrations.AddField(
            model_name="translation",
            name="updated_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddConstraint(
            model_name="translation",
            constraint=models.UniqueConstraint(
                fields=("guide", "language"), name="translation_unique_per_guide_language"
            ),
        ),
    ]
