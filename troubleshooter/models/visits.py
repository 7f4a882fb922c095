"""Visits: a visitor's walk through one published version. What they recorded on
the way is in `answers`."""

import datetime
import functools
import secrets
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import NamedTuple

from django.conf import settings
from django.db import IntegrityError, connections, models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from helpdesk.db import insert_row, update_row, write_transaction
from troubleshooter import flow
from troubleshooter.models.answers import Answer, Feedback
from troubleshooter.models.versions import CompiledVersion

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


# The hot path's hand-built SQL
#
# The step page and the answer POST read one visit by its primary key. The ORM
# writes each statement once per process, from the models' own fields; a request
# only runs it, which saves most of the time the query takes. The statements are
# built on first use, when `Visit` below is defined.

# What the answer POST reads of a visit: enough to walk it and to show where it is.
VISIT_WALKED = {
    "id", "version", "is_preview", "reference", "state", "current_step_key", "last_choice_key",
    "asked_step_key", "moved_at", "finished_at", "answer_count", "start_over_count",
    "symptom_key", "language",
}  # fmt: skip


class StepPageRow(NamedTuple):
    """What the step page reads of a visit."""

    version_id: uuid.UUID
    is_preview: bool
    current_step_key: str
    asked_step_key: str
    symptom_key: str
    language: str


@functools.cache
def _walk_fields() -> list[models.Field]:
    return [field for field in Visit._meta.concrete_fields if field.name in VISIT_WALKED]


@functools.cache
def step_page_sql(alias: str) -> str:
    query = Visit.objects.using(alias).filter(pk=uuid.UUID(int=0)).order_by()
    sql, _ = query.values_list(*StepPageRow._fields).query.sql_with_params()
    return sql


@functools.cache
def lock_visit_sql(alias: str) -> str:
    # Compiled inside the first transaction: Django refuses FOR UPDATE outside one.
    query = Visit.objects.using(alias).filter(pk=uuid.UUID(int=0)).order_by()
    query = query.select_for_update().values_list(*(f.attname for f in _walk_fields()))
    sql, _ = query.query.sql_with_params()
    return sql


def _visit_row(sql: Callable[[str], str], visit_id: uuid.UUID, alias: str) -> tuple | None:
    """Run one of the statements above for a visit; its row, or None."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        pk = Visit._meta.pk.get_db_prep_value(visit_id, connection)
        cursor.execute(sql(alias), [pk])
        return cursor.fetchone()


# Visits


class VisitFull(Exception):
    """The visit already holds as many answers, or start-overs, as a visit can."""


class VisitQuerySet(models.QuerySet):
    def real(self):
        return self.filter(is_preview=False)

    def previews(self):
        return self.filter(is_preview=True)

    def in_end_state(self, end: flow.EndState, now: datetime.datetime):
        """Visits that stand in this end state now; "left" is worked out from idle time."""
        if end not in (flow.LEFT, flow.IN_PROGRESS):
            return self.filter(state=end.value)
        idle = Q(moved_at__lte=now - Visit.LEFT_AFTER)
        return self.filter(idle if end == flow.LEFT else ~idle, state=flow.IN_PROGRESS.value)

    def lock(self, visit_id: uuid.UUID) -> "Visit":
        """The visit, with what walking it needs, locked until the transaction ends.

        Two answers to one visit take turns, so each sees the other's result. On
        SQLite the IMMEDIATE transaction already holds the database's write lock.
        Raises Visit.DoesNotExist.
        """
        row = _visit_row(lock_visit_sql, visit_id, self.db)
        if row is None:
            raise Visit.DoesNotExist(visit_id)
        values = [field.to_python(value) for field, value in zip(_walk_fields(), row, strict=True)]
        # SQLite hands back times as text in UTC, which to_python reads as naive.
        values = [
            timezone.make_aware(value, datetime.UTC)
            if isinstance(value, datetime.datetime) and timezone.is_naive(value)
            else value
            for value in values
        ]
        return Visit.from_db(self.db, [f.attname for f in _walk_fields()], values)

    def step_page(self, visit_id: uuid.UUID) -> "StepPageRow | None":
        """What a step page needs of a visit, or None.

        The step page's one query, by primary key. The ORM writes its SQL once per
        process; a request only runs it, which saves most of the time it takes.
        """
        row = _visit_row(step_page_sql, visit_id, self.db)
        if row is None:
            return None
        version_id, is_preview, current_step_key, asked_step_key, symptom_key, language = row
        return StepPageRow(
            Visit._meta.get_field("version").to_python(version_id),
            bool(is_preview),
            current_step_key,
            asked_step_key,
            symptom_key,
            language,
        )

    def start(
        self,
        version: CompiledVersion,
        guide_id: int,
        *,
        symptom_key: str = "",
        is_preview=False,
        language: str = settings.LANGUAGE_CODE,
        write: Callable[[], AbstractContextManager] = write_transaction,
    ) -> "Visit":
        """A new visit on the version, at the step its symptom leads to, or without one
        at the first step, in the language it is started in (all its screens are).
        `write` gives the transaction to write it in: a visitor's Start counts itself
        against their limit in it. Raises NotInVersion, writing nothing, for a symptom
        the version does not have."""
        start = version.start_step(symptom_key)
        for _ in range(5):
            try:
                with write():
                    return self.create(
                        guide_id=guide_id,
                        version_id=version.id,
                        is_preview=is_preview,
                        symptom_key=symptom_key,
                        language=language,
                        current_step_key=start.key,
                        reference=new_reference(),
                    )
            except IntegrityError:
                continue
        raise IntegrityError("Could not find a free visit reference.")


class Visit(models.Model):
    class State(models.TextChoices):
        # As named in flow.END_STATES; "left" is worked out, never stored.
        IN_PROGRESS = flow.IN_PROGRESS.value, flow.IN_PROGRESS.label
        FIXED = flow.FIXED.value, flow.FIXED.label
        FALLBACK = flow.FALLBACK.value, flow.FALLBACK.label

    MOVED_FIELDS = (
        "state", "current_step_key", "last_choice_key", "asked_step_key", "finished_at",
        "moved_at", "answer_count", "start_over_count",
    )  # fmt: skip
    # A visit holds a few walks through its guide, back and forth and over again: room
    # for any visitor, and a bound on what one visit can add to the report.
    MOVES_PER_STEP = 4
    SPARE_MOVES = 10

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    guide = models.ForeignKey("Guide", on_delete=protect_real_visits, related_name="visits")
    version = models.ForeignKey(
        "GuideVersion",
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
    # The database's default serves rows written by hand (bench/growth.py).
    symptom_key = models.CharField(
        max_length=16,
        blank=True,
        default="",
        db_default="",
        help_text="The symptom the visitor chose on the guide's page; blank: none, step 1.",
    )
    asked_step_key = models.CharField(
        max_length=16,
        blank=True,
        help_text="The step just said not to work, while “what happened?” is on offer.",
    )
    # The database's default serves rows written by hand (bench/growth.py).
    language = models.CharField(
        max_length=8,
        default=settings.LANGUAGE_CODE,
        db_default=settings.LANGUAGE_CODE,
        editable=False,
        help_text="The language the visit started in: all its screens are in it.",
    )
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    moved_at = models.DateTimeField(
        default=timezone.now,
        help_text="Last answer or start. Unfinished and 30 minutes old: left.",
    )
    # Counted for the bound on each (most_moves); the database's default serves rows
    # written by hand (bench/growth.py).
    answer_count = models.PositiveIntegerField(default=0, db_default=0, editable=False)
    start_over_count = models.PositiveIntegerField(default=0, db_default=0, editable=False)

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

    @classmethod
    def most_moves(cls, version: flow.Version) -> int:
        """How many answers a visit on this version holds, and how many start-overs."""
        return cls.MOVES_PER_STEP * len(version) + cls.SPARE_MOVES

    def answer(self, version: flow.Version, step_key: str, choice_key: str) -> Answer | None:
        """Record an answer and move the visit on; None when it repeats the last answer
        (a double tap or a resent form counts once). Call with the visit locked.
        Raises VisitFull, writing nothing, when the visit holds all the answers it can."""
        move = version.after(step_key, choice_key)
        if (choice_key, move.step.key) == (self.last_choice_key, self.current_step_key):
            return None
        if self.answer_count >= self.most_moves(version):
            raise VisitFull(self.id)
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
        self.state = flow.STATE_AFTER[move.outcome].value
        self.current_step_key = move.step.key
        self.last_choice_key = choice.key
        self.asked_step_key = "" if move.outcome == flow.RESOLVED else step.key
        self.finished_at = None if move.outcome == flow.NEXT else now
        self.moved_at = now
        self.answer_count += 1
        update_row(self, self.MOVED_FIELDS, self._state.db)
        return answer

    LEFT_AFTER = datetime.timedelta(minutes=30)

    def has_left(self, now: datetime.datetime) -> bool:
        """Unfinished with no answer for 30 minutes: counted as left where it stands."""
        return self.state == self.State.IN_PROGRESS and now - self.moved_at >= self.LEFT_AFTER

    def end_state(self, now: datetime.datetime) -> flow.EndState:
        return flow.LEFT if self.has_left(now) else flow.STORED_STATES[self.state]

    def step_for_staff(self, version: flow.Version, step: flow.Step) -> str:
        """ "step N" in the guide's numbers, which staff pages use, and the visitor's
        number too where they differ: a visit started at a symptom counted from its
        step, and the handoff card the visitor shows numbers the steps so."""
        seen = version.seen_number(step, self.start_step(version))
        if seen == step.number:
            return f"step {step.number}"
        return f"step {step.number} of the guide (the visitor's step {seen})"

    def ending(self, version: flow.Version) -> str:
        step = version.step(self.current_step_key)
        where = f"{self.step_for_staff(version, step)}, “{step.title}”"
        if self.state == self.State.FIXED:
            return f"Fixed at {where}."
        if self.state == self.State.FALLBACK:
            return f"Ended on the fallback page, after {where}."
        if self.has_left(timezone.now()):
            return f"Left at {where} (no answer for 30 minutes)."
        return f"In progress at {where}."

    def answer_to_explain(self, step_key: str) -> Answer:
        """The step's last "didn't fix it" answer in this visit. Raises Answer.DoesNotExist."""
        answers = self.answers.filter(step_key=step_key).exclude(outcome=flow.RESOLVED)
        return answers.latest("answered_at", "id")

    def record_feedback(self, answer: Answer, reason: str, comment: str) -> Feedback:
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
        return flow.asked_step(version, self.current_step_key, self.asked_step_key)

    def not_fixed_after_all(self) -> bool:
        """Back on the step whose answer said fixed, unfinished again, after the visitor
        says it was not fixed after all; False (nothing changed) unless the visit is
        fixed, e.g. the form sent twice. Call with the visit locked.

        A fixed visit stands on the step that fixed it, so the current step stays.
        That answer stays in the record as history: the report counts the visit by
        how it stands now, on that step again, and so by how it finally ends.
        """
        if self.state != self.State.FIXED:
            return False
        self.state = self.State.IN_PROGRESS
        self.last_choice_key = ""  # "fixed" pressed there again is a new answer
        self.asked_step_key = ""
        self.finished_at = None
        self.moved_at = timezone.now()
        update_row(self, self.MOVED_FIELDS, self._state.db)
        return True

    def start_step(self, version: flow.Version) -> flow.Step:
        """The step the visit started at: its symptom's, or the first."""
        return version.start_step(self.symptom_key)

    def start_over(self, version: flow.Version) -> None:
        """Back to the step the visit started at: its symptom's, which stays its start, or
        the first step. Call with the visit locked. Raises VisitFull, writing nothing,
        when the visit has started over as often as it can."""
        if self.start_over_count >= self.most_moves(version):
            raise VisitFull(self.id)
        self.start_over_count += 1
        self.state = self.State.IN_PROGRESS
        self.current_step_key = self.start_step(version).key
        self.last_choice_key = ""
        self.asked_step_key = ""
        self.finished_at = None
        self.moved_at = timezone.now()
        update_row(self, self.MOVED_FIELDS, self._state.db)
