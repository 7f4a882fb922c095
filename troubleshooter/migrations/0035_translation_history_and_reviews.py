"""A translation's draft history and its review requests. Each translation's texts as
they stand become the first save of its history, by whoever saved them last."""

import hashlib
import json

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def first_saves(apps, schema_editor):
    Translation = apps.get_model("troubleshooter", "Translation")
    TranslationRevision = apps.get_model("troubleshooter", "TranslationRevision")
    TranslationRevision.objects.bulk_create(
        TranslationRevision(
            translation=item,
            texts=item.texts,
            stamp=stamp(item.texts),
            created_by_id=item.updated_by_id,
            created_at=item.updated_at,
        )
        for item in Translation.objects.exclude(texts={})
    )


def drop_translation_reviews(apps, schema_editor):
    """Undone, a translation's review requests would read as reviews of the guide's own
    draft, holding the translation's content: they go first."""
    ReviewRequest = apps.get_model("troubleshooter", "ReviewRequest")
    ReviewRequest.objects.exclude(translation=None).delete()


def stamp(texts: dict) -> str:
    """As Translation.stamp, written out so that this migration keeps its meaning."""
    text = json.dumps(texts, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


class Migration(migrations.Migration):
    dependencies = [
        ("troubleshooter", "0034_search_index_title_and_body"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="reviewrequest",
            name="translation",
            field=models.ForeignKey(
                blank=True,
                help_text="The translation asked about; empty for the guide's own draft.",
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="reviews",
                to="troubleshooter.translation",
            ),
        ),
        migrations.AlterField(
            model_name="reviewrequest",
            name="live_number",
            field=models.PositiveIntegerField(
                default=0,
                help_text=(
                    "The guide's live version then, 0 for none (for a translation, the "
                    "version it translates)."
                ),
            ),
        ),
        migrations.CreateModel(
            name="TranslationRevision",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "texts",
                    models.JSONField(
                        help_text="Each string's key: its text, as this save left them."
                    ),
                ),
                (
                    "stamp",
                    models.CharField(
                        help_text="The texts' hash, as Translation.stamp.", max_length=16
                    ),
                ),
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
                    "translation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="revisions",
                        to="troubleshooter.translation",
                    ),
                ),
            ],
            options={
                "ordering": ["translation_id", "-created_at", "-id"],
                "indexes": [
                    models.Index(
                        fields=["translation", "-created_at"], name="translation_revision_newest"
                    )
                ],
            },
        ),
        migrations.RunPython(first_saves, migrations.RunPython.noop),
        migrations.RunPython(migrations.RunPython.noop, drop_translation_reviews),
    ]
