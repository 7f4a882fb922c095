"""Answer.step_number's help text: the number is the step's in its version."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("troubleshooter", "0036_icloud_guide_in_spanish"),
    ]

    operations = [
        migrations.AlterField(
            model_name="answer",
            name="step_number",
            field=models.PositiveSmallIntegerField(
                help_text=(
                    "The step's number in its version; a visit started at a symptom "
                    "counted its steps from there, as Visit.step_for_staff says."
                )
            ),
        ),
    ]
