"""Search: an entry for every live guide, indexed by modelsearch, and the searches that
found nothing, which the Support editors may read. Guides live already are indexed by
0032."""

import django.db.models.deletion
import django.utils.timezone
import modelsearch.index
from django.contrib.auth.management import create_permissions
from django.db import migrations, models


def forget_index(apps, schema_editor):
    IndexEntry = apps.get_model("modelsearch", "IndexEntry")
    IndexEntry.objects.filter(
        content_type__app_label="troubleshooter", content_type__model="searchentry"
    ).delete()


def let_editors_read_misses(apps, schema_editor):
    # Permissions are normally made after all migrations run; the group needs this one now.
    app_config = apps.get_app_config("troubleshooter")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view = Permission.objects.get(
        content_type__app_label="troubleshooter", codename="view_searchmiss"
    )
    for group in Group.objects.filter(name="Support editors"):
        group.permissions.add(view)


class Migration(migrations.Migration):
    dependencies = [
        ("troubleshooter", "0027_icloud_guide_symptoms"),
        (
            "modelsearch",
            "0004_rename_modelsear_autocom_476c89_gin_modelsearch_autocom_ea8581_gin_and_more",
        ),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "guide",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_entry",
                        serialize=False,
                        to="troubleshooter.guide",
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
                (
                    "version",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="troubleshooter.guideversion",
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "search entries",
                "indexes": [models.Index(fields=["indexed_at"], name="search_entry_indexed_at")],
            },
            bases=(modelsearch.index.Indexed, models.Model),
        ),
        migrations.CreateModel(
            name="SearchMiss",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("day", models.DateField()),
                ("words", models.CharField(max_length=200)),
                ("count", models.PositiveIntegerField(default=0)),
            ],
            options={
                "verbose_name": "search that found nothing",
                "verbose_name_plural": "searches that found nothing",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("day", "words"), name="search_miss_unique_per_day"
                    )
                ],
            },
        ),
        # Live guides are indexed by 0032, where entries became one per guide and
        # language; undone, this forgets the index entries made since.
        migrations.RunPython(migrations.RunPython.noop, forget_index),
        migrations.RunPython(let_editors_read_misses, migrations.RunPython.noop),
    ]
