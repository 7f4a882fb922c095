"""The report's totals counted per language visits were made in, for the report's
Language filter; totals counted before were of English visits."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("troubleshooter", "0032_search_per_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="steptotal",
            name="language",
            field=models.CharField(
                default="en", help_text="The language the visits were made in.", max_length=10
            ),
        ),
        migrations.AddField(
            model_name="visittotal",
            name="language",
            field=models.CharField(
                default="en", help_text="The language the visits were made in.", max_length=10
            ),
        ),
    ]
