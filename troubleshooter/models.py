import secrets
import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from troubleshooter.markdown import render_markdown

MARKDOWN_HELP = (
    "Markdown: **bold**, *italic*, [link text](https://example.com), "
    "lists with “- ” or “1. ”. HTML is not allowed and is shown as plain text."
)


class GuideQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def visible_to(self, user):
        """Staff may open unpublished guides to preview them; visitors may not."""
        return self if user.is_staff else self.published()

    def with_step_count(self):
        return self.annotate(step_count=Count("steps"))


class Guide(models.Model):
    title = models.CharField(
        max_length=200,
        help_text="The problem in the visitor's words, e.g. “iCloud Photos isn't syncing”.",
    )
    slug = models.SlugField(
        max_length=100,
        unique=True,
        help_text="The guide's web address: /guides/<slug>/. Changing it breaks old links.",
    )
    summary = models.CharField(
        max_length=300,
        help_text="One or two sentences shown on the list of guides and the guide's first page.",
    )
    is_published = models.BooleanField(
        "published",
        default=False,
        help_text="Visitors only see published guides. Staff can preview unpublished ones.",
    )
    fallback_title = models.CharField(
        max_length=200,
        help_text="Heading of the page shown when no step fixed the problem, "
        "e.g. “Visit a Genius Bar”.",
    )
    fallback_text = models.TextField(
        help_text="What the visitor should do next when nothing worked. " + MARKDOWN_HELP,
    )
    fallback_html = models.TextField(editable=False, default="")
    fallback_links = models.TextField(
        blank=True,
        help_text="Buttons under the fallback text, one per line: the button text, then the "
        "https:// address, e.g. “Book a Genius Bar visit https://www.apple.com/retail/geniusbar/”.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = GuideQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.fallback_html = render_markdown(self.fallback_text)
        if update_fields := kwargs.get("update_fields"):
            kwargs["update_fields"] = {*update_fields, "fallback_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("troubleshooter:guide", kwargs={"slug": self.slug})

    def clean(self):
        for line in self.fallback_links.splitlines():
            label, _, url = line.strip().rpartition(" ")
            if line.strip() and not (label.strip() and url.startswith(("https://", "http://"))):
                raise ValidationError(
                    {"fallback_links": f"“{line.strip()}” needs button text, then an address."}
                )

    @property
    def fallback_link_list(self) -> list[tuple[str, str]]:
        """(text, address) pairs for the fallback page's buttons."""
        pairs = [line.strip().rpartition(" ") for line in self.fallback_links.splitlines()]
        return [(label.strip(), url) for label, _, url in pairs if label.strip()]


class Step(models.Model):
    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(
        help_text="Steps show in this order, lowest first. Gaps are fine: 1, 2, 5 shows as 1 to 3."
    )
    title = models.CharField(
        max_length=200,
        help_text="A short instruction, e.g. “Check your iCloud storage”. It is the page heading.",
    )
    body = models.TextField(
        "instructions",
        help_text="What to check or do, and how to tell it worked. " + MARKDOWN_HELP,
    )
    body_html = models.TextField(editable=False, default="")
    where_to_tap = models.CharField(
        max_length=200,
        blank=True,
        help_text="The path through the Settings app, parts separated by “>”, e.g. "
        "“Settings > [your name] > iCloud > Photos”. Leave empty if there is none.",
    )

    class Meta:
        ordering = ["guide", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["guide", "position"], name="step_position_unique_per_guide"
            ),
            models.CheckConstraint(condition=Q(position__gte=1), name="step_position_positive"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        if update_fields := kwargs.get("update_fields"):
            kwargs["update_fields"] = {*update_fields, "body_html"}
        creating = self._state.adding
        super().save(*args, **kwargs)
        if creating:
            Choice.objects.bulk_create(Choice.defaults_for(self))

    @property
    def tap_path(self) -> list[str]:
        return [part.strip() for part in self.where_to_tap.split(">") if part.strip()]


class ChoiceQuerySet(models.QuerySet):
    """Steps are read from the choice side: every step has at least one choice
    (Step.save adds two, the admin keeps two), so no step is lost, and a step
    page or an answer needs a single query for the whole guide.
    """

    def steps_of(self, guide_id: int) -> list[Step]:
        """The guide's steps in order, each with its `choice_list`."""
        return self._steps(self.filter(step__guide_id=guide_id).select_related("step"))

    def steps_of_visit(self, visit_id) -> list[Step]:
        """The steps of the visit's guide, each with its `choice_list` and `guide`."""
        return self._steps(self.filter(step__guide__visits=visit_id).select_related("step__guide"))

    @staticmethod
    def _steps(choices: "ChoiceQuerySet") -> list[Step]:
        steps: dict[int, Step] = {}
        for choice in choices.order_by("step__position", "position", "id"):
            if choice.step_id not in steps:
                steps[choice.step_id] = choice.step
                choice.step.choice_list = []
            choice.step = steps[choice.step_id]
            choice.step.choice_list.append(choice)
        return list(steps.values())


class Choice(models.Model):
    """One answer a visitor can give on a step, and where that answer leads."""

    class Outcome(models.TextChoices):
        RESOLVED = "resolved", "The problem is fixed"
        NEXT = "next", "Go on to the next step (or the fallback after the last step)"
        ESCALATE = "escalate", "Go straight to the fallback page"

    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField(default=1)
    label = models.CharField(max_length=80, help_text="The button text, e.g. “Yes, it's fixed”.")
    outcome = models.CharField(max_length=16, choices=Outcome, default=Outcome.NEXT)

    objects = ChoiceQuerySet.as_manager()

    class Meta:
        ordering = ["step", "position", "id"]

    def __str__(self):
        return self.label

    def leads_to(self, is_last_step: bool) -> str:
        if self.outcome == self.Outcome.NEXT and is_last_step:
            return self.Outcome.ESCALATE
        return self.outcome

    @classmethod
    def defaults_for(cls, step: Step) -> list["Choice"]:
        return [
            cls(step=step, position=1, label="Yes, it's fixed", outcome=cls.Outcome.RESOLVED),
            cls(step=step, position=2, label="No, still not working", outcome=cls.Outcome.NEXT),
        ]


REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read aloud at a desk


def new_reference() -> str:
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
    return f"{chars[:3]}-{chars[3:]}"


class VisitQuerySet(models.QuerySet):
    def start(self, guide: Guide, first_step: Step) -> "Visit":
        for _ in range(5):
            try:
                with transaction.atomic():
                    return self.create(
                        guide=guide, current_step=first_step, reference=new_reference()
                    )
            except IntegrityError:
                continue
        raise IntegrityError("Could not find a free visit reference.")


class Visit(models.Model):
    class State(models.TextChoices):
        IN_PROGRESS = "in_progress", "In progress"
        RESOLVED = "resolved", "Resolved"
        ESCALATED = "escalated", "Sent to fallback"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    guide = models.ForeignKey(Guide, on_delete=models.PROTECT, related_name="visits")
    reference = models.CharField(
        max_length=7, unique=True, help_text="Shown to the visitor on the fallback page."
    )
    current_step = models.ForeignKey(
        Step,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The step the visitor's last answer led to.",
    )
    state = models.CharField(max_length=16, choices=State, default=State.IN_PROGRESS)
    last_answer = models.ForeignKey(
        "Answer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text="The answer that brought the visit to where it is now.",
    )
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = VisitQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        # The admin lists visits newest first and by date.
        indexes = [models.Index(fields=["-started_at"], name="visit_started_at_desc")]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="in_progress", finished_at__isnull=True)
                | (~Q(state="in_progress") & Q(finished_at__isnull=False)),
                name="visit_finished_at_matches_state",
            ),
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("troubleshooter:visit", kwargs={"visit_id": self.id})

    def is_repeat_of_last_answer(self, step: Step, choice: Choice) -> bool:
        """A form sent twice (double tap, resent POST) must count once."""
        last = self.last_answer
        return last is not None and (last.step_id, last.choice_id) == (step.id, choice.id)

    def record_answer(self, steps: list[Step], step: Step, choice: Choice) -> "Answer":
        number = steps.index(step) + 1
        outcome = choice.leads_to(is_last_step=number == len(steps))
        self.last_answer = Answer.objects.create(
            visit=self,
            step=step,
            choice=choice,
            step_title=step.title,
            step_number=number,
            choice_label=choice.label,
            outcome=outcome,
        )
        if outcome == Choice.Outcome.NEXT:
            self.state = self.State.IN_PROGRESS
            self.current_step = steps[number]
            self.finished_at = None
        else:
            self.state = {
                Choice.Outcome.RESOLVED: self.State.RESOLVED,
                Choice.Outcome.ESCALATE: self.State.ESCALATED,
            }[outcome]
            self.current_step = step
            self.finished_at = timezone.now()
        self.save(update_fields=["state", "current_step", "finished_at", "last_answer"])
        return self.last_answer

    def start_over(self, steps: list[Step]) -> None:
        self.state = self.State.IN_PROGRESS
        self.current_step = steps[0] if steps else None
        self.finished_at = None
        self.last_answer = None
        self.save(update_fields=["state", "current_step", "finished_at", "last_answer"])

    def resume_number(self, steps: list[Step]) -> int:
        """Where an unfinished visit goes on, in the guide as it is now.

        If staff deleted the step the visitor was on, the visit goes on at the
        step that now holds its place.
        """
        if self.current_step_id is not None:
            for number, step in enumerate(steps, start=1):
                if step.id == self.current_step_id:
                    return number
        if self.last_answer is not None:
            return min(self.last_answer.step_number + 1, len(steps))
        return 1


class Answer(models.Model):
    """What a visitor answered on a step. Written once, never changed.

    The step's title and position are copied so the record still reads right
    after staff edit, reorder or delete the step.
    """

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="answers")
    step = models.ForeignKey(Step, on_delete=models.SET_NULL, null=True, related_name="answers")
    choice = models.ForeignKey(Choice, on_delete=models.SET_NULL, null=True, related_name="+")
    step_title = models.CharField(max_length=200)
    step_number = models.PositiveSmallIntegerField(help_text="“Step N” as the visitor saw it.")
    choice_label = models.CharField(max_length=80)
    outcome = models.CharField(max_length=16, choices=Choice.Outcome)
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["answered_at", "id"]

    def __str__(self):
        return f"Step {self.step_number}: {self.choice_label}"


def tried_steps(answers: list[Answer]) -> list[Answer]:
    """Each step a visitor answered, once, with the answer they gave last."""
    latest = {answer.step_number: answer for answer in answers}
    return [latest[number] for number in sorted(latest)]
