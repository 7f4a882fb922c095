"""Translations: a guide's visitor-facing strings in another language, edited as a
draft of texts beside the source's live version and published as versions of their
own (GuideVersion rows in that language, numbered apart from the source's)."""

import hashlib
import json

from django.conf import settings
from django.db import models, transaction
from django.db.models import Max, Prefetch
from django.utils import timezone
from django.utils.translation import get_language_info

from troubleshooter import content, translation
from troubleshooter.markdown import render_markdown
from troubleshooter.models.drafts import DraftChanged, PublishedMeanwhile, PublishRefused
from troubleshooter.models.reviews import ReviewRequest
from troubleshooter.models.search import SearchEntry
from troubleshooter.models.translation_revisions import TranslationRevision
from troubleshooter.models.versions import GuideVersion


def language_name(code: str) -> str:
    """A language's name as staff read it, in English ("Spanish"): settings.LANGUAGES
    names each language in itself, for visitors' switcher."""
    try:
        return get_language_info(code)["name"]
    except KeyError:
        return code


def texts_stamp(texts: dict[str, str]) -> str:
    """A short hash of a translation's texts as saved, for the stale-save check."""
    text = json.dumps(texts, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


class TextsChanged(Exception):
    """Someone saved the translation after this editor loaded it: nothing was saved."""

    def __init__(self, saved: "Translation"):
        self.saved = saved
        who = saved.updated_by.get_username() if saved.updated_by else "Someone"
        when = timezone.localtime(saved.updated_at).strftime("%H:%M")
        super().__init__(f"{who} saved this translation at {when}, after you opened it")


class TranslationQuerySet(models.QuerySet):
    def with_versions(self):
        """With the versions they follow and publish, and who saved them last, for their
        state."""
        return self.select_related("follows_version", "live_version", "updated_by")


def translations_prefetch() -> Prefetch:
    """A guide's translations, by language, ready for their state on the guide list."""
    waiting = Prefetch(
        "reviews", ReviewRequest.objects.waiting().select_related("asked_by"), "waiting_reviews"
    )
    translations = Translation.objects.with_versions().prefetch_related(waiting)
    return Prefetch("translations", translations.order_by("language"))


class Translation(models.Model):
    """A guide in another language: its texts are the draft, keyed as
    `translation.strings` keys the source's strings."""

    guide = models.ForeignKey("Guide", on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=10, help_text="A code of settings.LANGUAGES.")
    texts = models.JSONField(default=dict, blank=True, help_text="Each string's key: its text.")
    # Strings of the source changed since this version need translating again.
    follows_version = models.ForeignKey(
        GuideVersion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The source version it was last published against.",
    )
    live_version = models.ForeignKey(
        GuideVersion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The version in this language visitors see. Empty until published.",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TranslationQuerySet.as_manager()

    class Meta:
        ordering = ["guide_id", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["guide", "language"], name="translation_unique_per_guide_language"
            ),
        ]

    def __str__(self):
        return f"{self.guide_id}: {self.language_name}"

    @property
    def language_name(self) -> str:
        return language_name(self.language)

    def stamp(self) -> str:
        return texts_stamp(self.texts)

    def save_texts(self, texts: dict[str, str], user, seen: str | None = None) -> None:
        """Keep these texts as the draft. With `seen` (the stamp of the texts as the
        editor loaded them), only over those texts: raises TextsChanged."""
        with transaction.atomic():
            # Lock only the translation: PostgreSQL locks no side of an outer join.
            saved = Translation.objects.select_for_update(of=("self",))
            saved = saved.select_related("updated_by")
            saved = saved.get(pk=self.pk)
            if seen is not None and saved.stamp() != seen:
                raise TextsChanged(saved)
            self.texts, self.updated_by = texts, user
            self.save(update_fields=["texts", "updated_by", "updated_at"])
            self.record_revision(user)

    def merge_texts(self, texts: dict[str, str], user, seen: str) -> list[translation.Collision]:
        """Add the changes typed over the texts whose stamp is `seen` to the texts saved
        since, keeping theirs where both changed a string (the collisions returned).
        Then what was typed stays in the history as a save of its own. Raises TextsChanged
        when the texts loaded are no longer in the history."""
        with transaction.atomic():
            saved = Translation.objects.select_for_update(of=("self",))
            saved = saved.select_related("updated_by").get(pk=self.pk)
            if seen == texts_stamp({}):
                base = {}
            elif loaded := self.revisions.filter(stamp=seen).first():
                base = loaded.texts
            else:
                raise TextsChanged(saved)
            merged, collisions = translation.merge(base, texts, saved.texts)
            self.updated_by = user
            if collisions:
                # What was typed and not kept stays in the history.
                self.texts = texts
                self.record_revision(user)
            self.texts = merged
            self.save(update_fields=["texts", "updated_by", "updated_at"])
            self.record_revision(user)
        return collisions

    def record_revision(self, user=None) -> TranslationRevision | None:
        """Keep the texts as they now stand in the draft's history, unless they read as
        the last save did; the new revision, or None."""
        stamp = self.stamp()
        latest = self.revisions.order_by("-created_at", "-id").first()
        if latest is not None and latest.stamp == stamp:
            return None
        revision = self.revisions.create(texts=self.texts, stamp=stamp, created_by=user)
        TranslationRevision.objects.prune(self, TranslationRevision.KEEP)
        return revision

    def waiting_review(self) -> ReviewRequest | None:
        if hasattr(self, "waiting_reviews"):  # prefetched by translations_prefetch
            return self.waiting_reviews[0] if self.waiting_reviews else None
        return self.reviews.waiting().select_related("asked_by").first()

    def has_unpublished_changes(self) -> bool:
        """Whether the draft's texts differ from those its live version was published with."""
        return self.live_version is not None and self.texts != translation.strings(
            self.live_version.content
        )

    def published_versions(self):
        """This language's published versions of the guide, newest first."""
        versions = self.guide.versions.in_language(self.language).published()
        return versions.order_by("-number")

    def preview_version(self, source: GuideVersion) -> GuideVersion:
        """A frozen copy of the draft over `source` for staff to walk; the last one is
        reused if unchanged."""
        record = self.draft_content(source)
        previews = self.guide.versions.in_language(self.language).filter(number=None)
        latest = previews.order_by("-created_at").first()
        if latest is not None and latest.content == record:
            return latest
        return self.guide.versions.create(language=self.language, number=None, content=record)

    def draft_content(self, source: GuideVersion, texts: dict[str, str] | None = None) -> dict:
        """The draft (or other `texts`, an earlier save's) as visitors would read it
        over the source's version `source`, recording that version, so that staff can
        read a visit's steps beside the text they were translated from."""
        texts = self.texts if texts is None else texts
        record = translation.translated(source.content, texts, render_markdown)
        record["source"] = {"language": source.language, "number": source.number}
        return record

    def needs_translation(self, source: GuideVersion | None) -> list[translation.Behind]:
        """The strings of the source's version `source` that changed or appeared since
        the version this translation follows."""
        if source is None or self.follows_version is None or self.follows_version == source:
            return []
        return translation.behind(self.follows_version.content, source.content)

    def problems(self, source: GuideVersion) -> list[content.Problem]:
        """What stops the draft from being published over `source`, and what deserves
        a look."""
        found = translation.missing(source.content, self.texts)
        return found + content.problems(self.draft_content(source))

    def is_unchanged(self, source: GuideVersion) -> bool:
        """Whether publishing would change nothing: the live version reads as the draft
        and follows the same source version."""
        return (
            self.live_version is not None
            and self.follows_version == source
            and content.fingerprint(self.live_version.content)
            == content.fingerprint(self.draft_content(source))
        )

    def state(self, source: GuideVersion | None) -> str:
        """The translation at a glance, e.g. “Spanish: live, 3 strings behind version 5”."""
        if self.live_version is None:
            return f"{self.language_name}: draft, not published"
        if source is None:
            number = self.live_version.number
            return f"{self.language_name}: version {number}, hidden while the guide is unpublished"
        behind = len(self.needs_translation(source))
        if not behind:
            state = f"{self.language_name}: live, up to date with version {source.number}"
        else:
            strings = "string" if behind == 1 else "strings"
            state = f"{self.language_name}: live, {behind} {strings} behind version {source.number}"
        if self.has_unpublished_changes():
            state = f"{state}, draft has unpublished changes"
        return state

    def listed_state(self, source: GuideVersion | None) -> str:
        """The state as the guide list and the guide's page show it: with a review
        waiting, if one is."""
        state = self.state(source)
        return f"{state}, waiting for review" if self.waiting_review() else state

    def publish(
        self,
        user=None,
        note: str = "",
        *,
        reviewed: str | None = None,
        source_when_reviewed: int | None = None,
    ) -> GuideVersion:
        """Freeze the draft, over the source's live version, into this language's next
        version and make it live, if the check passes.

        With `reviewed` (the translated content's fingerprint as the editor saw it) and
        `source_when_reviewed` (the source's live version number then), publish only that
        translation of that version: raises DraftChanged or PublishedMeanwhile.
        """
        guide = self.guide
        with transaction.atomic():
            # Lock the guide, as its own Publish does, so that the source and its
            # translations are published in turn.
            live_id = type(guide).objects.select_for_update().values_list("live_version", flat=True)
            source = GuideVersion.objects.filter(pk=live_id.get(pk=guide.pk)).first()
            if source is None:
                raise PublishRefused(
                    [content.Problem("The guide is not published: publish it first.")]
                )
            if source_when_reviewed is not None and source.number != source_when_reviewed:
                raise PublishedMeanwhile(source)
            saved = Translation.objects.select_for_update().get(pk=self.pk)
            self.texts = saved.texts
            record = self.draft_content(source)
            if reviewed is not None and content.fingerprint(record) != reviewed:
                raise DraftChanged
            found = self.problems(source)
            if any(problem.is_error for problem in found):
                raise PublishRefused([problem for problem in found if problem.is_error])
            same_language = guide.versions.in_language(self.language)
            top = same_language.aggregate(top=Max("number"))["top"] or 0
            version = guide.versions.create(
                language=self.language,
                number=top + 1,
                content=record,
                note=note,
                warnings=[str(problem) for problem in found],
                created_by=user,
            )
            self.live_version, self.follows_version = version, source
            self.save(update_fields=["live_version", "follows_version", "updated_at"])
            SearchEntry.objects.index_version(version, is_source=False)
        return version
