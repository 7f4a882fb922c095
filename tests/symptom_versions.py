"""Published versions whose content lists symptoms, as Publish writes them: the
visitor's side of symptoms is tested on these, whatever the draft they came from."""

from tests.factories import published_guide
from troubleshooter.models import Guide, GuideVersion, new_key

FIVE_STEPS = ("Restart", "Check storage", "Check the status line", "Sign in again", "Reset")


def publish_with_symptoms(*symptoms: tuple[str, int], **fields) -> Guide:
    """A live five-step guide whose version lists these symptoms (text, the number of
    the step it leads to), in this order, each with a new key."""
    guide = published_guide(*FIVE_STEPS, **fields)
    return list_symptoms(guide, *((new_key(), text, number) for text, number in symptoms))


def list_symptoms(guide: Guide, *symptoms: tuple[str, str, int]) -> Guide:
    """The guide, its live version listing these symptoms (key, text, step number). Written
    before anything compiles the version, which never changes afterwards."""
    version = GuideVersion.objects.get(pk=guide.live_version_id)
    steps = version.content["steps"]
    version.content["symptoms"] = [
        {"key": key, "text": text, "step": steps[number - 1]["key"]}
        for key, text, number in symptoms
    ]
    version.save(update_fields=["content"])
    return Guide.objects.select_related("live_version").get(pk=guide.pk)


def symptom_key(guide: Guide, text: str) -> str:
    return next(s["key"] for s in guide.live_version.content["symptoms"] if s["text"] == text)
