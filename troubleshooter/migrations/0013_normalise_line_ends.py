"""Staff text saved through a browser kept CR LF line ends, while seeded and imported
text has LF: every comparison then marked each line as changed. Drafts are now saved
with LF, and this rewrites the text saved before."""

from django.db import migrations


def normalise(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def forwards(apps, schema_editor):
    Guide = apps.get_model("troubleshooter", "Guide")
    Step = apps.get_model("troubleshooter", "Step")
    for guide in Guide.objects.filter(fallback_text__contains="\r"):
        guide.fallback_text = normalise(guide.fallback_text)
        guide.save(update_fields=["fallback_text"])
    for step in Step.objects.filter(body__contains="\r"):
        step.body = normalise(step.body)
        step.save(update_fields=["body"])


class Migration(migrations.Migration):
    dependencies = [("troubleshooter", "0012_visit_states_named_as_staff_read")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
