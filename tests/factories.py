"""Small guides for tests, built the way staff build them in the admin."""

import factory

from troubleshooter.models import Choice, FallbackLink, Guide, GuideVersion, Step, Symptom, Visit


class GuideFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guide
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Test guide {n}")
    slug = factory.Sequence(lambda n: f"test-guide-{n}")
    summary = "A guide made by a test."
    fallback_title = "Contact support"
    fallback_text = "Call us on **0800 000 000**."

    @factory.post_generation
    def links(guide, create, extracted, **kwargs):
        if create:
            for position, (label, url) in enumerate(
                [("Contact support", "https://support.example.com/")]
                if extracted is None
                else extracted
            ):
                FallbackLink.objects.create(guide=guide, position=position, label=label, url=url)


class StepFactory(factory.django.DjangoModelFactory):
    """A step with "Yes, it's fixed" and "No, still not working", as the admin adds them."""

    class Meta:
        model = Step
        skip_postgeneration_save = True

    guide = factory.SubFactory(GuideFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Step title {n}")
    body = "Do the thing, then check."

    @factory.post_generation
    def answers(step, create, extracted, **kwargs):
        if create:
            Choice.objects.bulk_create(Choice.defaults_for(step))


class SymptomFactory(factory.django.DjangoModelFactory):
    """A symptom leading to its guide's first step, unless given `step_key`."""

    class Meta:
        model = Symptom

    guide = factory.SubFactory(GuideFactory)
    position = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"Symptom {n}")
    step_key = factory.LazyAttribute(lambda symptom: symptom.guide.draft_steps()[0].key)


def give_symptoms(guide: Guide, *symptoms: tuple[str, int]) -> list[Symptom]:
    """Symptoms for a guide's draft, in order, each given as its text and the number of
    the draft step it leads to, e.g. ("iCloud storage is full", 3)."""
    steps = guide.draft_steps()
    start = guide.symptoms.count()
    return [
        SymptomFactory(guide=guide, position=start + n, text=text, step_key=steps[number - 1].key)
        for n, (text, number) in enumerate(symptoms)
    ]


def draft_guide(*titles: str, **fields) -> Guide:
    """An unpublished guide with one step per title, in order."""
    guide = GuideFactory(**fields)
    for position, title in enumerate(titles or ("First fix", "Second fix", "Third fix"), 1):
        StepFactory(guide=guide, position=position, title=title)
    return guide


def published_guide(*titles: str, **fields) -> Guide:
    guide = draft_guide(*titles, **fields)
    guide.publish(note="Made by a test")
    return guide


def start_visit(guide: Guide) -> Visit:
    """A visitor's visit on the guide's live version, as the Start button makes it."""
    version = GuideVersion.objects.compiled(guide.live_version_id)
    return Visit.objects.start(version, guide.id)


def live_steps(guide: Guide):
    """The steps of the guide's live version, as visitors see them."""
    return GuideVersion.objects.compiled(guide.live_version_id).steps
