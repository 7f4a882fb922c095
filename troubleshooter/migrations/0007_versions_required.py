from django.db import migrations, models

import troubleshooter.models


class Migration(migrations.Migration):
    dependencies = [("troubleshooter", "0006_publish_existing_guides")]

    operations = [
        migrations.RemoveField(model_name="guide", name="is_published"),
        migrations.RemoveField(model_name="visit", name="current_step"),
        migrations.RemoveField(model_name="visit", name="last_answer"),
        migrations.RemoveField(model_name="answer", name="step"),
        migrations.RemoveField(model_name="answer", name="choice"),
        migrations.AlterField(
            model_name="step",
            name="key",
            field=models.CharField(
                default=troubleshooter.models.new_key, editable=False, max_length=16
            ),
        ),
        migrations.AlterField(
            model_name="choice",
            name="key",
            field=models.CharField(
                default=troubleshooter.models.new_key, editable=False, max_length=16
            ),
        ),
        migrations.AlterField(
            model_name="visit",
            name="version",
            field=models.ForeignKey(
                help_text="The published version this visit walks, "
                "whatever staff publish meanwhile.",
                on_delete=troubleshooter.models.protect_real_visits,
                related_name="visits",
                to="troubleshooter.guideversion",
            ),
        ),
        migrations.AlterField(
            model_name="visit",
            name="guide",
            field=models.ForeignKey(
                on_delete=troubleshooter.models.protect_real_visits,
                related_name="visits",
                to="troubleshooter.guide",
            ),
        ),
        migrations.AlterField(
            model_name="guide",
            name="slug",
            field=models.SlugField(
                help_text="The end of the guide's web address, after /guides/, e.g. "
                "“icloud-photos-not-syncing”. It is fixed once the guide is first published, "
                "so links to it keep working.",
                max_length=100,
                unique=True,
            ),
        ),
        migrations.AddConstraint(
            model_name="step",
            constraint=models.UniqueConstraint(
                fields=("guide", "key"), name="step_key_unique_per_guide"
            ),
        ),
        migrations.AddConstraint(
            model_name="choice",
            constraint=models.UniqueConstraint(
                fields=("step", "key"), name="choice_key_unique_per_step"
            ),
        ),
    ]
