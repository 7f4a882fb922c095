"""Drafts: what staff edit. A guide, with the querysets that read it; its steps,
answer buttons and fallback buttons are in `draft_rows`, its symptoms in `symptoms`."""

import re
import uuid
from datetime import datetime

from django.conf import settings
from django.db import models, transaction
from django.db.models import Count, FilteredRelation, Max, Prefetch, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.text import slugify

from troubleshooter import article_import, content
from troubleshooter.markdown import render_markdown
from troubleshooter.models.draft_rows import MARKDOWN_HELP, Choice, FallbackLink, Step
from troubleshooter.models.reviews import ReviewRequest
from troubleshooter.models.revisions import DraftRevision
from troubleshooter.models.search import SearchEntry
from troubleshooter.models.symptoms import Symptom
from troubleshooter.models.versions import GuideVersion


class PublishRefused(Exception):
    def __init__(self, problems: list[content.Problem]):
        super().__init__("; ".join(map(str, problems)))
        self.problems = problems


class DraftChanged(Exception):
    """The draft is no longer the one the editor reviewed: nothing was published."""


class PublishedMeanwhile(Exception):
    """Another editor published since this editor opened the Publish page."""

    def __init__(self, live: "GuideVersion | None"):
        super().__init__("The live version changed meanwhile.")
        self.live = live  # None: unpublished meanwhile


class GuideQuerySet(models.QuerySet):
    def live(self):
        return self.filter(live_version__isnull=False)

    def in_language(self, language: str):
        """The live guides, each joined to its published translation in `language` as
        `translated` (its columns empty where it has none, its live version empty while
        it is unpublished), and with the version visitors reading `language` see as
        `visitor_version_id`: the translation's live version, else the guide's own."""
        in_it = Q(translations__language=language)
        return (
            self.live()
            .annotate(translated=FilteredRelation("translations", condition=in_it))
            .annotate(visitor_version_id=Coalesce("translated__live_version_id", "live_version_id"))
        )

    def visitor_version(self, slug: str, language: str) -> tuple[int, "uuid.UUID"]:
        """The live guide at `slug`'s id and the id of the version a visitor reading
        `language` sees, in one query. Raises Guide.DoesNotExist."""
        rows = self.in_language(language).values_list("id", "visitor_version_id")
        return rows.get(slug=slug)

    def published_by_language(self) -> dict[str, dict[str, datetime]]:
        """Each live guide's slug, in order, with when the version visitors reading
        each site language see was published: its published translation in that
        language, else its own live version. One query, reading no content."""
        rows = (
            self.live()
            .order_by("slug")
            .values_list(
                "slug",
                "live_version__created_at",
                "translations__language",
                "translations__live_version__created_at",
            )
        )
        codes = [code for code, _ in settings.LANGUAGES]
        published: dict[str, dict[str, datetime]] = {}
        for slug, source_published, language, translation_published in rows:
            in_languages = published.setdefault(slug, dict.fromkeys(codes, source_published))
            if translation_published is not None and language in in_languages:
                in_languages[language] = translation_published
        return published

    def with_draft(self):
        """Guides with their draft steps and answers, and their live version, for the state."""
        steps = Step.objects.order_by("position", "id").prefetch_related("choices")
        waiting = ReviewRequest.objects.waiting().of_guide_drafts().select_related("asked_by")
        return self.select_related("live_version").prefetch_related(
            Prefetch("steps", steps),
            "links",
            "symptoms",
            Prefetch("reviews", waiting, "waiting_reviews"),
        )

    def with_step_count(self):
        return self.annotate(step_count=Count("steps"))

    def titled(self, title: str):
        """Guides with this title, in any case and however it is spaced."""
        words = title.split()
        if not words:
            return self.none()
        spaced = r"\s+".join(re.escape(word) for word in words)
        return self.filter(title__iregex=rf"^\s*{spaced}\s*$")

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
    # The language staff write the draft in; translations follow its published versions.
    source_language = models.CharField(max_length=10, default="en", editable=False)
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
        permissions = [("publish_guide", "Can publish guides and answer reviews")]
        indexes = [
            # listing_stamp's latest change among live guides, without reading them all.
            models.Index(
                fields=["updated_at"],
                condition=Q(live_version__isnull=False),
                name="guide_live_updated_at",
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.fallback_text = content.normalise_line_ends(self.fallback_text)
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
        return content.build(self, self.draft_steps(), links, self.symptoms.all())

    def source_versions(self):
        """The versions published in the guide's own language, and its previews, not
        its translations'."""
        return self.versions.in_language(self.source_language)

    def latest_revision(self) -> DraftRevision | None:
        return self.revisions.select_related("created_by").order_by("-created_at", "-id").first()

    def record_revision(self, user=None) -> DraftRevision | None:
        """Keep the draft as it now stands in its history, unless it reads as the last
        save did; the new revision, or None."""
        # Read afresh: this instance may hold the steps as they were before the save.
        draft = Guide.objects.with_draft().get(pk=self.pk).draft_content()
        fingerprint = content.fingerprint(draft)
        latest = self.latest_revision()
        if latest is not None and latest.fingerprint == fingerprint:
            return None
        revision = self.revisions.create(content=draft, fingerprint=fingerprint, created_by=user)
        DraftRevision.objects.prune(self, DraftRevision.KEEP)
        return revision

    def has_unpublished_changes(self) -> bool:
        if self.live_version is None:
            return False
        return content.fingerprint(self.live_version.content) != content.fingerprint(
            self.draft_content()
        )

    @property
    def state(self) -> str:
        """The guide's state at a glance, for the admin."""
        if self.live_version is None:
            state = "Not published"
        else:
            state = f"Live (version {self.live_version.number})"
            if self.has_unpublished_changes():
                state = f"{state}, draft has unpublished changes"
        if review := self.waiting_review():
            asked = review.asked_by.get_username() if review.asked_by else "someone"
            said = f", “{review.note}”" if review.note else ""
            state = f"{state}; waiting for review (asked by {asked}{said})"
        return state

    def waiting_review(self) -> ReviewRequest | None:
        if hasattr(self, "waiting_reviews"):  # prefetched by GuideQuerySet.with_draft
            return self.waiting_reviews[0] if self.waiting_reviews else None
        return self.reviews.waiting().of_guide_drafts().select_related("asked_by").first()

    def publish(
        self,
        user=None,
        note: str = "",
        *,
        reviewed: str | None = None,
        live_when_reviewed: int | None = None,
    ) -> GuideVersion:
        """Freeze the draft into the next version and make it live, if the check passes.

        With `reviewed` (the draft's fingerprint as the editor saw it) and
        `live_when_reviewed` (the live version's number then, 0 for none), publish only
        that draft over that live version: raises DraftChanged or PublishedMeanwhile.
        """
        with transaction.atomic():
            # Lock the guide so two editors publishing at once go in turn, each seeing
            # the draft and the live version as the other left them.
            live_id = Guide.objects.select_for_update().values_list("live_version", flat=True)
            live = GuideVersion.objects.filter(pk=live_id.get(pk=self.pk)).first()
            if live_when_reviewed is not None and (live.number if live else 0) != (
                live_when_reviewed
            ):
                raise PublishedMeanwhile(live)
            draft = self.draft_content()
            if reviewed is not None and content.fingerprint(draft) != reviewed:
                raise DraftChanged
            found = content.problems(draft)
            if any(problem.is_error for problem in found):
                raise PublishRefused([problem for problem in found if problem.is_error])
            top = self.source_versions().aggregate(top=Max("number"))["top"] or 0
            version = self.versions.create(
                language=self.source_language,
                number=top + 1,
                content=draft,
                note=note,
                warnings=[str(problem) for problem in found],
                created_by=user,
            )
            self.live_version = version
            self.save(update_fields=["live_version", "updated_at"])
            SearchEntry.objects.index_guide(self, version)
        return version

    @transaction.atomic
    def unpublish(self) -> None:
        self.live_version = None
        self.save(update_fields=["live_version", "updated_at"])
        SearchEntry.objects.drop(self)

    def preview_version(self) -> GuideVersion:
        """A frozen copy of the draft for staff to walk; the last one is reused if unchanged."""
        draft = self.draft_content()
        latest = self.source_versions().filter(number=None).order_by("-created_at").first()
        if latest is not None and latest.content == draft:
            return latest
        return self.versions.create(language=self.source_language, number=None, content=draft)

    @transaction.atomic
    def restore_draft(self, old: dict) -> None:
        """Make the draft read as a content record (a version's, an earlier save's or a
        merge's); nothing is published. The guide's address stays as it is."""
        self.title, self.summary = old["title"], old["summary"]
        fallback = old["fallback"]
        self.fallback_title, self.fallback_text = fallback["title"], fallback["text"]
        self.save()
        self.links.all().delete()
        FallbackLink.objects.bulk_create(
            FallbackLink(guide=self, position=number, label=link["label"], url=link["url"])
            for number, link in enumerate(fallback["links"])
        )
        self.symptoms.all().delete()
        Symptom.objects.bulk_create(Symptom.rows_for(self, content.symptoms(old)))
        self.steps.all().delete()
        steps = Step.objects.bulk_create(
            Step(
                guide=self,
                position=number,
                key=step["key"],
                title=step["title"],
                body=content.normalise_line_ends(step["body"]),
                body_html=render_markdown(content.normalise_line_ends(step["body"])),
                where_to_tap=step["where_to_tap"],
                takes_a_while=content.takes_a_while(step),
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
