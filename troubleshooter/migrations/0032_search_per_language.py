"""Search per language: an entry for every live guide and language it can be read in
(its source's live version, and each live translation), and the searches that found
nothing counted per language. The entries are made anew, one guide having several now;
misses counted before were searches of English pages."""

import django.db.models.deletion
import django.utils.timezone
import modelsearch.index
from django.db import migrations, models


def forget_index(apps, schema_editor):
    IndexEntry = apps.get_model("modelsearch", "IndexEntry")
    IndexEntry.objects.filter(
        content_type__app_label="troubleshooter", content_type__model="searchentry"
    ).delete()


def index_live_guides(apps, schema_editor):
    # modelsearch indexes the app's own SearchEntry: the historical model has no search
    # fields. Only its own columns are read, as this migration made them.
    from troubleshooter.models.search import SearchEntry

    Guide = apps.get_model("troubleshooter", "Guide")
    GuideVersion = apps.get_model("troubleshooter", "GuideVersion")
    Translation = apps.get_model("troubleshooter", "Translation")
    live = Guide.objects.filter(live_version__isnull=False)
    for version in GuideVersion.objects.filter(pk__in=live.values_list("live_version")):
        SearchEntry.objects.index_version(version)
    translated = Translation.objects.filter(guide__in=live, live_version__isnull=False)
    for version in GuideVersion.objects.filter(pk__in=translated.values_list("live_version")):
        SearchEntry.objects.index_version(version, is_source=False)


class Migration(migrations.Migration):
    dependencies = [
        ("troubleshooter", "0031_topic_translations"),
    ]

    operations = [
        migrations.RunPython(forget_index, migrations.RunPython.noop),
        migrations.DeleteModel(name="SearchEntry"),
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "guide",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="search_entries",
                        to="troubleshooter.guide",
                    ),
                ),
                ("language", models.CharField(max_length=10)),
                ("is_source", models.BooleanField(default=True)),
                (
                    "version",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="troubleshooter.guideversion",
                    ),
                ),
                ("slug", models.SlugField(max_length=100)),
                ("title", models.CharField(max_length=200)),
                ("summary", models.CharField(max_length=300)),
                ("symptoms", models.JSONField(default=list, help_text="[{key, text, words}]")),
                ("steps", models.JSONField(default=list, help_text="[{number, title, words}]")),
                ("title_words", models.TextField()),
                ("symptom_words", models.TextField(blank=True)),
                ("summary_words", models.TextField(blank=True)),
                ("step_words", models.TextField(blank=True)),
                ("indexed_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                "verbose_name_plural": "search entries",
                "indexes": [models.Index(fields=["indexed_at"], name="search_entry_indexed_at")],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("guide", "language"), name="search_entry_unique_per_guide_language"
                    )
                ],
            },
            bases=(modelsearch.index.Indexed, models.Model),
        ),
        migrations.RemoveConstraint(model_name="searchmiss", name="search_miss_unique_per_day"),
        migrations.AddField(
            model_name="searchmiss",
            name="language",
            field=models.CharField(default="en", max_length=10),
        ),
        migrations.AddConstraint(
            model_name="searchmiss",
            constraint=models.UniqueConstraint(
                fields=("day", "words", "language"), name="search_miss_unique_per_day_language"
            ),
        ),
        migrations.RunPython(index_live_guides, migrations.RunPython.noop),
    ]
