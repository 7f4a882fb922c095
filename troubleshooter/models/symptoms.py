"""Symptoms: what a visitor sees or says (“iCloud storage is full”), each leading to
the step of the guide their visit starts at. Edited with the draft and published
with its version."""

from django.db import models

from troubleshooter.models.draft_rows import new_key


class Symptom(models.Model):
    guide = models.ForeignKey("Guide", on_delete=models.CASCADE, related_name="symptoms")
    key = models.CharField(max_length=16, default=new_key, editable=False)
    # Set by dragging symptoms on the guide's page; visitors see them in this order.
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(
        "what the visitor sees",
        max_length=120,
        help_text="In the visitor's words, as a choice under “What do you see?”, e.g. "
        "“iCloud storage is full”.",
    )
    # A step's key, like an answer's target_key, so it survives steps being edited,
    # moved and published.
    step_key = models.CharField(
        "leads to",
        max_length=16,
        help_text="The step the visit starts at when a visitor chooses this symptom.",
    )

    class Meta:
        ordering = ["guide", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["guide", "key"], name="symptom_key_unique_per_guide"),
        ]

    def __str__(self):
        return self.text

    @classmethod
    def rows_for(cls, guide, records: list[dict]) -> list["Symptom"]:
        """Unsaved rows for a guide from a content record's symptoms, in order."""
        return [
            cls(
                guide=guide,
                position=number,
                key=record["key"],
                text=record["text"],
                step_key=record["step"],
            )
            for number, record in enumerate(records)
        ]
