"""The rows of a guide's draft: its steps, each with its answer buttons, and its
fallback buttons."""

import secrets

from django.core.validators import URLValidator
from django.db import models

from troubleshooter import content, flow
from troubleshooter.markdown import render_markdown

MARKDOWN_HELP = (
    "Markdown: **bold**, *italic*, [link text](https://example.com), "
    "lists with “- ” or “1. ”. HTML is not allowed and is shown as plain text."
)


def new_key() -> str:
    """A stable key for a step or an answer: it stays the same through edits,
    reordering and publishing, so reports can follow the step across versions."""
    return secrets.token_hex(5)


https_address = URLValidator(
    schemes=["https"],
    message="Enter a whole web address starting with https://, e.g. "
    "“https://www.apple.com/retail/geniusbar/”. Addresses starting with http:// or "
    "javascript: are not allowed.",
)


class FallbackLink(models.Model):
    """A button on the fallback page, e.g. “Book a Genius Bar visit”."""

    guide = models.ForeignKey("Guide", on_delete=models.CASCADE, related_name="links")
    position = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(
        "button text", max_length=80, help_text="e.g. “Book a Genius Bar visit”."
    )
    url = models.CharField(
        "address",
        max_length=500,
        validators=[https_address],
        help_text="The page the button opens, starting with https://.",
    )

    class Meta:
        ordering = ["guide", "position", "id"]
        verbose_name = "fallback button"

    def __str__(self):
        return self.label


class Step(models.Model):
    guide = models.ForeignKey("Guide", on_delete=models.CASCADE, related_name="steps")
    key = models.CharField(max_length=16, default=new_key, editable=False)
    # Set by dragging steps on the guide's page; steps show lowest first.
    position = models.PositiveSmallIntegerField(default=0)
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
    takes_a_while = models.BooleanField(
        "takes a while (restart, update, charging)",
        default=False,
        help_text="The step tells visitors their place is kept and how to come back to it "
        "while they wait. Visitors see it once the guide is published.",
    )

    class Meta:
        ordering = ["guide", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["guide", "key"], name="step_key_unique_per_guide"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body = content.normalise_line_ends(self.body)
        self.body_html = render_markdown(self.body)
        if update_fields := kwargs.get("update_fields"):
            kwargs["update_fields"] = {*update_fields, "body_html"}
        super().save(*args, **kwargs)


class Choice(models.Model):
    """One answer button on a step, and where pressing it leads."""

    class Outcome(models.TextChoices):
        RESOLVED = flow.RESOLVED, "Fixed: the success page"
        NEXT = flow.NEXT, "A step"
        ESCALATE = flow.ESCALATE, "The fallback page"

    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="choices")
    key = models.CharField(max_length=16, default=new_key, editable=False)
    position = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(max_length=80, help_text="The button text, e.g. “Yes, it's fixed”.")
    outcome = models.CharField(max_length=16, choices=Outcome, default=Outcome.NEXT)
    target_key = models.CharField(
        max_length=16,
        blank=True,
        help_text="The step it leads to; empty for the step below.",
    )

    class Meta:
        ordering = ["step", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["step", "key"], name="choice_key_unique_per_step"),
        ]

    def __str__(self):
        return self.label

    @staticmethod
    def leading_as_in(choice: dict, step: Step, steps: list[Step]) -> dict:
        """The draft's outcome and target for an answer of a version's content.

        The version stores "go on" after the last step as where it led, the fallback,
        and the step below as that step's key; the draft says "go on" again, so a step
        added or moved later comes next.
        """
        index = steps.index(step)
        following = steps[index + 1].key if index + 1 < len(steps) else None
        if choice["outcome"] == flow.ESCALATE and following is None:
            return {"outcome": Choice.Outcome.NEXT, "target_key": ""}
        if choice["outcome"] == flow.NEXT and choice["next_step"] != following:
            return {"outcome": Choice.Outcome.NEXT, "target_key": choice["next_step"]}
        return {"outcome": choice["outcome"], "target_key": ""}

    @classmethod
    def defaults_for(cls, step: Step) -> list["Choice"]:
        return [
            cls(step=step, position=0, label="Yes, it's fixed", outcome=cls.Outcome.RESOLVED),
            cls(step=step, position=1, label="No, still not working", outcome=cls.Outcome.NEXT),
        ]
