import datetime
import functools
import secrets
import uuid
from collections.abc import Callable
from typing import NamedTuple

from django.conf import settings
from django.core.validators import URLValidator
from django.db import IntegrityError, connections, models, transaction
from django.db.models import Count, Max, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from helpdesk.db import insert_row, update_row, write_transaction
from troubleshooter import article_import, content, flow
from troubleshooter.markdown import render_markdown

MARKDOWN_HELP = (
    "Markdown: **bold**, *italic*, [link text](https://example.com), "
    "lists with “- ” or “1. ”. HTML is not allowed and is shown as plain text."
)


def new_key() -> str:
    """A stable key for a step or an answer: it stays the same through edits,
    reordering and publishing, so reports can follow the step across versions."""
    return secrets.token_hex(5)


class PublishRefused(Exception):
    def __init__(self, problems: list[content.Problem]):
        super().__init__("; ".join(map(str, problems)))
        self.problems = problems


class GuideQuerySet(models.QuerySet):
    def live(self):
        return self.filter(live_version__isnull=False)

    def live_versions(self) -> list["CompiledVersion"]:
        return [
            compiled_version(pk) for pk in self.live().values_list("live_version_id", flat=True)
        ]

    def with_draft(self):
        """Guides with their draft steps and answers, and their live version, for the state."""
        steps = Step.objects.order_by("position", "id").prefetch_related("choices")
        return self.select_related("live_version").prefetch_related(
            Prefetch("steps", steps), "links"
        )

    def with_step_count(self):
        return self.annotate(step_count=Count("steps"))

    @transaction.atomic
    def create_from_article(self, article: "article_import.Article") -> "Guide":
        """An unpublished draft guide from an imported article, each step with the
        usual two answers."""
        base = slugify(article.title)[:90].strip("-") or "imported-guide"
        taken = set(self.filter(slug__startswith=base).values_list("slug", flat=True))
        slug = next(
            candidate
            for n in range(1, len(taken) + 2)
            if (candidate := base if n == 1 else f"{base}-{n}") not in taken
        )
        guide = self.create(
            title=article.title,
            slug=slug,
            summary=article.summary,
            fallback_title=article.fallback_title,
            fallback_text=article.fallback_text,
        )
        for position, imported in enumerate(article.steps):
            step = Step.objects.create(
                guide=guide,
                position=position,
                title=imported.title,
                body=imported.body,
                where_to_tap=imported.where_to_tap,
            )
            Choice.objects.bulk_create(Choice.defaults_for(step))
        FallbackLink.objects.bulk_create(
            FallbackLink(guide=guide, position=position, label=label, url=url)
            for position, (label, url) in enumerate(article.links)
        )
        return guide


class Guide(models.Model):
    """A guide's draft: what staff edit. Visitors see its live version."""

    title = models.CharField(
        max_length=200,
        help_text="The problem in the visitor's words, e.g. “iCloud Photos isn't syncing”.",
    )
    slug = models.SlugField(
        max_length=100,
        unique=True,
        error_messages={"unique": "Another guide already has this address. Choose another."},
        help_text="The end of the guide's web address, after /guides/, e.g. "
        "“icloud-photos-not-syncing”. It is fixed once the guide is first published, so links "
        "to it keep working.",
    )
    summary = models.CharField(
        max_length=300,
        help_text="One or two sentences shown on the list of guides and the guide's first page.",
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
    live_version = models.ForeignKey(
        "GuideVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text="The published version visitors walk. Empty when the guide is not published.",
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

    # The draft and its versions

    def draft_steps(self) -> list["Step"]:
        """The draft's steps in order, each with its `choice_list`."""
        if "steps" in getattr(self, "_prefetched_objects_cache", {}):
            steps = list(self.steps.all())  # ordered by GuideQuerySet.with_draft
        else:
            steps = list(self.steps.order_by("position", "id").prefetch_related("choices"))
        for step in steps:
            step.choice_list = list(step.choices.all())
        return steps

    def draft_content(self) -> dict:
        links = [{"label": link.label, "url": link.url} for link in self.links.all()]
        return content.build(self, self.draft_steps(), links)

    def draft_problems(self) -> list[content.Problem]:
        return content.problems(self.draft_content())

    def has_unpublished_changes(self) -> bool:
        return self.live_version is not None and self.live_version.content != self.draft_content()

    @property
    def state(self) -> str:
        """The guide's state at a glance, for the admin."""
        if self.live_version is None:
            return "Not published"
        live = f"Live (version {self.live_version.number})"
        if self.has_unpublished_changes():
            return f"{live}, draft has unpublished changes"
        return live

    def publish(self, user=None, note: str = "") -> "GuideVersion":
        """Freeze the draft into the next version and make it live, if the check passes."""
        draft = self.draft_content()
        found = content.problems(draft)
        if any(problem.is_error for problem in found):
            raise PublishRefused([problem for problem in found if problem.is_error])
        with transaction.atomic():
            # Lock the guide so two editors publishing at once get numbers in turn.
            Guide.objects.select_for_update().filter(pk=self.pk).first()
            top = self.versions.aggregate(top=Max("number"))["top"] or 0
            version = self.versions.create(
                number=top + 1,
                content=draft,
                note=note,
                warnings=[str(problem) for problem in found],
                created_by=user,
            )
            self.live_version = version
            self.save(update_fields=["live_version", "updated_at"])
        return version

    def unpublish(self) -> None:
        self.live_version = None
        self.save(update_fields=["live_version", "updated_at"])

    def preview_version(self) -> "GuideVersion":
        """A frozen copy of the draft for staff to walk; the last one is reused if unchanged."""
        draft = self.draft_content()
        latest = self.versions.filter(number=None).order_by("-created_at").first()
        if latest is not None and latest.content == draft:
            return latest
        return self.versions.create(number=None, content=draft)

    @transaction.atomic
    def restore_draft(self, version: "GuideVersion") -> None:
        """Make the draft what the version was; nothing is published."""
        old = version.content
        self.title, self.summary = old["title"], old["summary"]
        fallback = old["fallback"]
        self.fallback_title, self.fallback_text = fallback["title"], fallback["text"]
        self.save()
        self.links.all().delete()
        FallbackLink.objects.bulk_create(
            FallbackLink(guide=self, position=number, label=link["label"], url=link["url"])
            for number, link in enumerate(fallback["links"])
        )
        self.steps.all().delete()
        steps = Step.objects.bulk_create(
            Step(
                guide=self,
                position=number,
                key=step["key"],
                title=step["title"],
                body=step["body"],
                body_html=render_markdown(step["body"]),
                where_to_tap=step["where_to_tap"],
            )
            for number, step in enumerate(old["steps"], start=1)
        )
        Choice.objects.bulk_create(
            Choice(
                step=row,
                position=number,
                key=choice["key"],
                label=choice["label"],
                **Choice.leading_as_in(choice, row, steps),
            )
            for row, step in zip(steps, old["steps"], strict=True)
            for number, choice in enumerate(step["choices"], start=1)
        )


https_address = URLValidator(
    schemes=["https"],
    message="Enter a whole web address starting with https://, e.g. "
    "“https://www.apple.com/retail/geniusbar/”. Addresses starting with http:// or "
    "javascript: are not allowed.",
)


class FallbackLink(models.Model):
    """A button on the fallback page, e.g. “Book a Genius Bar visit”."""

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="links")
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
    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="steps")
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

    class Meta:
        ordering = ["guide", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["guide", "key"], name="step_key_unique_per_guide"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
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


class CompiledVersion(flow.Version):
    """A version ready to walk, plus the step screens rendered from it so far."""

    def __init__(self, version_id: uuid.UUID, guide_id: int, number: int | None, content: dict):
        super().__init__(content)
        self.id = version_id
        self.guide_id = guide_id
        self.number = number
        self.screens: dict = {}


@functools.lru_cache(maxsize=256)
def compiled_version(version_id: uuid.UUID) -> CompiledVersion:
    # Versions never change and their ids are never reused, so this is never stale.
    row = GuideVersion.objects.values_list("guide_id", "number", "content").get(pk=version_id)
    return CompiledVersion(version_id, *row)


class GuideVersionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(number__isnull=False)

    def compiled(self, version_id: uuid.UUID) -> CompiledVersion:
        return compiled_version(version_id)


class GuideVersion(models.Model):
    """A guide's content frozen at Publish (or for a staff preview). Never changed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(
        null=True, blank=True, help_text="1, 2, 3 … per guide. Empty for a preview of the draft."
    )
    content = models.JSONField(help_text="Everything visitors see, as it was published.")
    note = models.CharField(
        max_length=300, blank=True, help_text="What changed and why, for the guide's history."
    )
    warnings = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = GuideVersionQuerySet.as_manager()

    class Meta:
        ordering = ["guide_id", "-number"]  # by the column: no join to the guide
        constraints = [
            models.UniqueConstraint(
                fields=["guide", "number"], name="version_number_unique_per_guide"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="version_number_positive"),
        ]

    def __str__(self):
        if self.number is None:
            return f"{self.content['title']}: preview of the draft"
        return f"{self.content['title']}: version {self.number}"

    @property
    def step_count(self) -> int:
        return len(self.content["steps"])


REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read aloud at a desk


def new_reference() -> str:
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
    return f"{chars[:3]}-{chars[3:]}"


def protect_real_visits(collector, field, sub_objs, using):
    """A guide or version with visitors' visits cannot be deleted; staff previews go with it."""
    models.CASCADE(collector, field, sub_objs.filter(is_preview=True), using)
    real = sub_objs.filter(is_preview=False)
    if real.exists():
        models.PROTECT(collector, field, real, using)


@functools.cache
def step_page_sql(alias: str) -> str:
    query = Visit.objects.using(alias).filter(pk=uuid.UUID(int=0)).order_by()
    sql, _ = query.values_list(*StepPageRow._fields).query.sql_with_params()
    return sql


@functools.cache
def lock_visit_sql(alias: str) -> str:
    # Compiled inside the first transaction: Django refuses FOR UPDATE outside one.
    query = Visit.objects.using(alias).filter(pk=uuid.UUID(int=0)).order_by()
    query = query.select_for_update().values_list(*(f.attname for f in VISIT_WALK_FIELDS))
    sql, _ = query.query.sql_with_params()
    return sql


class StepPageRow(NamedTuple):
    version_id: uuid.UUID
    is_preview: bool
    current_step_key: str
    asked_step_key: str


class VisitQuerySet(models.QuerySet):
    def real(self):
        return self.filter(is_preview=False)

    def lock(self, visit_id: uuid.UUID) -> "Visit":
        """The visit, with what walking it needs, locked until the transaction ends.

        Two answers to one visit take turns, so each sees the other's result. On
        SQLite the IMMEDIATE transaction already holds the database's write lock.
        Raises Visit.DoesNotExist.
        """
        row = self._row(lock_visit_sql, visit_id)
        if row is None:
            raise Visit.DoesNotExist(visit_id)
        values = [
            field.to_python(value) for field, value in zip(VISIT_WALK_FIELDS, row, strict=True)
        ]
        # SQLite hands back times as text in UTC, which to_python reads as naive.
        values = [
            timezone.make_aware(value, datetime.UTC)
            if isinstance(value, datetime.datetime) and timezone.is_naive(value)
            else value
            for value in values
        ]
        return Visit.from_db(self.db, [f.attname for f in VISIT_WALK_FIELDS], values)

    def step_page(self, visit_id: uuid.UUID) -> "StepPageRow | None":
        """What a step page needs of a visit, or None.

        The step page's one query, by primary key. The ORM writes its SQL once per
        process; a request only runs it, which saves most of the time it takes.
        """
        row = self._row(step_page_sql, visit_id)
        if row is None:
            return None
        version_id, is_preview, current_step_key, asked_step_key = row
        return StepPageRow(
            Visit._meta.get_field("version").to_python(version_id),
            bool(is_preview),
            current_step_key,
            asked_step_key,
        )

    def _row(self, sql: Callable[[str], str], visit_id: uuid.UUID) -> tuple | None:
        """Run one of the statements above for a visit; its row, or None."""
        connection = connections[self.db]
        with connection.cursor() as cursor:
            pk = Visit._meta.pk.get_db_prep_value(visit_id, connection)
            cursor.execute(sql(self.db), [pk])
            return cursor.fetchone()

    def start(self, version: CompiledVersion, guide_id: int, *, is_preview=False) -> "Visit":
        for _ in range(5):
            try:
                with write_transaction():
                    return self.create(
                        guide_id=guide_id,
                        version_id=version.id,
                        is_preview=is_preview,
                        current_step_key=version.first_step.key,
                        reference=new_reference(),
                    )
            except IntegrityError:
                continue
        raise IntegrityError("Could not find a free visit reference.")


class Visit(models.Model):
    class State(models.TextChoices):
        IN_PROGRESS = "in_progress", "In progress"
        RESOLVED = "resolved", "Resolved"
        ESCALATED = "escalated", "Sent to fallback"

    MOVED_FIELDS = (
        "state", "current_step_key", "last_choice_key", "asked_step_key", "finished_at",
        "moved_at",
    )  # fmt: skip
    STATE_AFTER = {
        flow.NEXT: State.IN_PROGRESS,
        flow.RESOLVED: State.RESOLVED,
        flow.ESCALATE: State.ESCALATED,
    }

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    guide = models.ForeignKey(Guide, on_delete=protect_real_visits, related_name="visits")
    version = models.ForeignKey(
        GuideVersion,
        on_delete=protect_real_visits,
        related_name="visits",
        help_text="The published version this visit walks, whatever staff publish meanwhile.",
    )
    is_preview = models.BooleanField(
        "preview",
        default=False,
        help_text="A staff member walking a draft. Never counted as a visit.",
    )
    reference = models.CharField(
        max_length=7, unique=True, help_text="Shown to the visitor on the fallback page."
    )
    state = models.CharField(max_length=16, choices=State, default=State.IN_PROGRESS)
    current_step_key = models.CharField(
        max_length=16, help_text="The step the visit is on, or ended on."
    )
    last_choice_key = models.CharField(
        max_length=16, blank=True, help_text="The answer last given, to spot a form sent twice."
    )
    asked_step_key = models.CharField(
        max_length=16,
        blank=True,
        help_text="The step just said not to work, while “what happened?” is on offer.",
    )
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    moved_at = models.DateTimeField(
        default=timezone.now,
        help_text="Last answer or start. Unfinished and 30 minutes old: left.",
    )

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

    def answer(self, version: flow.Version, step_key: str, choice_key: str) -> "Answer | None":
        """Record an answer and move the visit on; None when it repeats the last answer
        (a double tap or a resent form counts once). Call with the visit locked."""
        move = version.after(step_key, choice_key)
        if (choice_key, move.step.key) == (self.last_choice_key, self.current_step_key):
            return None
        step = version.step(step_key)
        choice = step.choice(choice_key)
        now = timezone.now()
        answer = Answer(
            visit=self,
            step_key=step.key,
            choice_key=choice.key,
            step_title=step.title,
            step_number=step.number,
            choice_label=choice.label,
            outcome=move.outcome,
            answered_at=now,
            seconds=max(0, min(int((now - self.moved_at).total_seconds()), Answer.MAX_SECONDS)),
        )
        insert_row(answer, Answer.RECORDED_FIELDS, self._state.db)
        self.state = self.STATE_AFTER[move.outcome]
        self.current_step_key = move.step.key
        self.last_choice_key = choice.key
        self.asked_step_key = "" if move.outcome == flow.RESOLVED else step.key
        self.finished_at = None if move.outcome == flow.NEXT else now
        self.moved_at = now
        update_row(self, self.MOVED_FIELDS, self._state.db)
        return answer

    LEFT_AFTER = datetime.timedelta(minutes=30)

    def has_left(self, now: datetime.datetime) -> bool:
        """Unfinished with no answer for 30 minutes: counted as left where it stands."""
        return self.state == self.State.IN_PROGRESS and now - self.moved_at >= self.LEFT_AFTER

    def ending(self, version: flow.Version) -> str:
        step = version.step(self.current_step_key)
        where = f"step {step.number}, “{step.title}”"
        if self.state == self.State.RESOLVED:
            return f"Fixed at {where}."
        if self.state == self.State.ESCALATED:
            return f"Ended on the fallback page, after {where}."
        if self.has_left(timezone.now()):
            return f"Left at {where} (no answer for 30 minutes)."
        return f"In progress at {where}."

    def answer_to_explain(self, step_key: str) -> "Answer":
        """The step's last "didn't fix it" answer in this visit. Raises Answer.DoesNotExist."""
        answers = self.answers.filter(step_key=step_key).exclude(outcome=flow.RESOLVED)
        return answers.latest("answered_at", "id")

    def record_feedback(self, answer: "Answer", reason: str, comment: str) -> "Feedback":
        """The visitor's "what happened?" about an answer; sent again, it replaces the first."""
        step_key = answer.step_key
        feedback, _ = Feedback.objects.update_or_create(
            answer=answer,
            defaults={"reason": reason, "comment": comment, "given_at": timezone.now()},
        )
        # Closed only if still open for this step: the visitor may have answered on since.
        Visit.objects.filter(pk=self.pk, asked_step_key=step_key).update(asked_step_key="")
        return feedback

    def asked_step(self, version: flow.Version) -> flow.Step | None:
        """The step whose "what happened?" the visit's current screen offers."""
        return asked_step(version, self.current_step_key, self.asked_step_key)

    def start_over(self, version: flow.Version) -> None:
        self.state = self.State.IN_PROGRESS
        self.current_step_key = version.first_step.key
        self.last_choice_key = ""
        self.asked_step_key = ""
        self.finished_at = None
        self.moved_at = timezone.now()
        update_row(self, self.MOVED_FIELDS, self._state.db)


class AnswerQuerySet(models.QuerySet):
    def given(self, visit_id: uuid.UUID) -> dict[str, str]:
        """Each step's key with the answer last given on it in this visit, for the flow."""
        pairs = self.filter(visit_id=visit_id).order_by("answered_at", "id")
        return dict(pairs.values_list("step_key", "choice_key"))

    def given_with_feedback(self, visit_id: uuid.UUID) -> tuple[dict[str, str], dict[str, dict]]:
        """`given`, and each step's "what happened?" from its last answer: one query."""
        rows = self.filter(visit_id=visit_id).order_by("answered_at", "id")
        given, feedback = {}, {}
        for step_key, choice_key, reason, comment, seconds in rows.values_list(
            "step_key", "choice_key", "feedback__reason", "feedback__comment", "seconds"
        ):
            given[step_key] = choice_key
            feedback[step_key] = {
                "reason": Feedback.Reason(reason).label if reason else "",
                "comment": comment or "",
                "seconds": seconds,
            }
        return given, feedback


class Answer(models.Model):
    """What a visitor answered on a step. Written once, never changed.

    The step's title and number are copied from the visit's version, so the
    record reads as the visitor saw it; the keys follow the step across versions.
    """

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="answers")
    step_key = models.CharField(max_length=16)
    choice_key = models.CharField(max_length=16)
    step_title = models.CharField(max_length=200)
    step_number = models.PositiveSmallIntegerField(help_text="“Step N” as the visitor saw it.")
    choice_label = models.CharField(max_length=80)
    outcome = models.CharField(max_length=16, choices=Choice.Outcome)
    answered_at = models.DateTimeField(default=timezone.now)
    seconds = models.PositiveIntegerField(
        default=0, help_text="Time on the step before this answer, in seconds (at most an hour)."
    )

    objects = AnswerQuerySet.as_manager()

    MAX_SECONDS = 3600  # longer is a visitor who walked away, not time spent on the step
    RECORDED_FIELDS = (
        "visit", "step_key", "choice_key", "step_title", "step_number", "choice_label", "outcome",
        "answered_at", "seconds",
    )  # fmt: skip

    class Meta:
        ordering = ["answered_at", "id"]

    def __str__(self):
        return f"Step {self.step_number}: {self.choice_label}"


# What the answer POST reads of a visit: enough to walk it and to show where it is.
VISIT_WALKED = {
    "id", "version", "is_preview", "reference", "state", "current_step_key", "last_choice_key",
    "asked_step_key", "moved_at", "finished_at",
}  # fmt: skip
VISIT_WALK_FIELDS = [field for field in Visit._meta.concrete_fields if field.name in VISIT_WALKED]


class Feedback(models.Model):
    """Why a step didn't work, as the visitor said after answering "No". Optional."""

    class Reason(models.TextChoices):
        NOT_FOUND = "not_found", "I couldn't find that setting"
        ALREADY_RIGHT = "already_right", "The setting was already right"
        NO_CHANGE = "no_change", "It didn't change anything"
        DIFFERENT = "different", "The steps don't match my iPhone"

    COMMENT_LIMIT = 500

    answer = models.OneToOneField(Answer, on_delete=models.CASCADE, related_name="feedback")
    reason = models.CharField(max_length=16, choices=Reason, blank=True)
    comment = models.TextField(
        blank=True, help_text="The visitor's own words, plain text, seen by staff only."
    )
    given_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["-given_at"], name="feedback_given_at_desc")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason="", comment=""), name="feedback_says_something"
            ),
        ]

    def __str__(self):
        return self.get_reason_display() or self.comment[:40]


class ReportPeriod(models.Model):
    """A day, or an hour of the day not yet over, whose visits are counted into the
    totals below. Those figures stay when old visits are pruned."""

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    hour = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Hours since the day began (0 is the first); empty: the whole day.",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["guide", "day"],
                condition=Q(hour__isnull=True),
                name="report_period_day_unique",
            ),
            models.UniqueConstraint(
                fields=["guide", "day", "hour"], name="report_period_hour_unique"
            ),
        ]

    def __str__(self):
        return f"{self.guide_id} {self.day}" + ("" if self.hour is None else f" hour {self.hour}")


class PeriodTotal(models.Model):
    """Figures for the visits of a guide started in one counted period (`ReportPeriod`):
    of one published version, or of all of them together."""

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    hour = models.PositiveSmallIntegerField(null=True, blank=True)
    all_versions = models.BooleanField(
        default=False, help_text="The figures of every version seen in the period, added up."
    )
    version_number = models.PositiveIntegerField(
        help_text="The version counted; for all versions, the newest (it names the step)."
    )

    class Meta:
        abstract = True


class StepTotal(PeriodTotal):
    """One step's figures in one counted period."""

    step_key = models.CharField(max_length=16)
    step_number = models.PositiveSmallIntegerField()
    step_title = models.CharField(max_length=200)
    reached = models.PositiveIntegerField(default=0)
    answered = models.PositiveIntegerField(default=0)
    fixed = models.PositiveIntegerField(default=0)
    went_on = models.PositiveIntegerField(default=0)
    fallback = models.PositiveIntegerField(default=0)
    left = models.PositiveIntegerField(default=0)
    seconds = models.JSONField(default=dict, help_text="Answers by whole seconds on the step.")
    reasons = models.JSONField(default=dict, help_text="“What happened?” answers by reason.")

    class Meta:
        indexes = [models.Index(fields=["guide", "day"], name="step_total_guide_day")]

    def __str__(self):
        return f"{self.day} v{self.version_number} step {self.step_number}"


class VisitTotal(PeriodTotal):
    """How the visits started in one counted period ended."""

    started = models.PositiveIntegerField(default=0)
    fixed = models.PositiveIntegerField(default=0)
    fallback = models.PositiveIntegerField(default=0)
    left = models.PositiveIntegerField(default=0)
    in_progress = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["guide", "day"], name="visit_total_guide_day")]

    def __str__(self):
        return f"{self.day} v{self.version_number}"


def asked_step(version: flow.Version, current_step_key: str, asked_step_key: str):
    """The step a visitor just said didn't work, if the question about it is still open
    and they are not on it (Previous took them back there)."""
    if not asked_step_key or asked_step_key == current_step_key:
        return None
    try:
        return version.step(asked_step_key)
    except flow.NotInVersion:
        return None
