"""Guides in the admin: the list, the draft's page and its extra pages."""

import nested_admin
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from troubleshooter import content, guide_map
from troubleshooter.admin import (
    importing,
    presence,
    publishing,
    reports,
    translation_publishing,
    translations,
)
from troubleshooter.admin.forms import LimitsShown
from troubleshooter.admin.inlines import FallbackLinkInline, StepInline, SymptomInline
from troubleshooter.admin.pages import guide_page
from troubleshooter.admin.topics import GuideTopicsForm
from troubleshooter.merge import Merged, merge
from troubleshooter.models import EditorPresence, Guide, translations_prefetch


class DraftAdmin(LimitsShown, admin.ModelAdmin):
    """Guides and steps are edited as a draft: say so whenever one is saved."""

    def response_add(self, request, obj, post_url_continue=None):
        self.say_saved_in_draft(request)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        self.say_saved_in_draft(request)
        return super().response_change(request, obj)

    def say_saved_in_draft(self, request):
        self.message_user(
            request, "Saved in the draft. Visitors see it once you publish.", messages.INFO
        )


class LiveFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "live"

    def lookups(self, request, model_admin):
        return [("yes", "Live"), ("no", "Not published")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.live()
        if self.value() == "no":
            return queryset.filter(live_version=None)
        return queryset


def merge_into_draft(guide: Guide, loaded_from, newer_save, user) -> Merged:
    """Add the changes just saved from a page loaded at `loaded_from` to the newer save
    they would have replaced. What the editor saved stays in the History."""
    yours = Guide.objects.with_draft().get(pk=guide.pk).draft_content()
    if content.fingerprint(yours) != loaded_from.fingerprint:
        guide.record_revision(user)
    merged = merge(loaded_from.content, yours, newer_save.content)
    guide.slug = merged.content["slug"]
    guide.restore_draft(merged.content)
    return merged


def say_merged(model_admin, request, guide: Guide, merged: Merged, newer_save):
    who = newer_save.created_by or "the other editor"
    history = reverse("admin:troubleshooter_guide_history", args=[guide.pk])
    if not merged.collisions:
        model_admin.message_user(
            request, f"Your changes were added to {who}'s save.", messages.SUCCESS
        )
        return
    model_admin.message_user(
        request,
        format_html(
            "Your changes were added to {}'s save, except where you both changed the same "
            "thing: there the draft keeps {}'s, listed below with yours. Your form as you "
            'saved it is in the <a href="{}">History</a>.',
            who,
            who,
            history,
        ),
        messages.WARNING,
    )
    for collision in merged.collisions:
        model_admin.message_user(
            request,
            f"{collision.where}, {collision.what}: kept “{collision.kept}”; "
            f"yours: “{collision.yours}”.",
            messages.WARNING,
        )


@admin.register(Guide)
class GuideAdmin(DraftAdmin, nested_admin.NestedModelAdmin):
    list_display = ["title", "state", "translation_states", "step_count", "updated_at"]
    list_filter = [LiveFilter]
    search_fields = ["title", "summary"]
    form = GuideTopicsForm
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "draft_revision", "seen_revision"]}),
        ("Topics", {"fields": ["topics"]}),
        (
            "When nothing works",
            {
                "description": "Shown after the last step if the problem is still there. "
                "Its buttons are listed under the steps.",
                "fields": ["fallback_title", "fallback_text"],
            },
        ),
    ]
    inlines = [StepInline, FallbackLinkInline, SymptomInline]
    change_form_template = "admin/troubleshooter/guide/change_form.html"
    change_list_template = "admin/troubleshooter/guide/change_list.html"

    class Media:
        js = ["js/admin-reorder.js", "js/admin-unsaved.js"]

    def get_queryset(self, request):
        guides = super().get_queryset(request).with_draft().with_step_count()
        return guides.prefetch_related(translations_prefetch())

    @admin.display(description="Draft steps", ordering="step_count")
    def step_count(self, guide):
        return guide.step_count

    @admin.display(description="State")
    def state(self, guide):
        return guide.state

    @admin.display(description="Translations")
    def translation_states(self, guide):
        return (
            "; ".join(item.listed_state(guide.live_version) for item in guide.translations.all())
            or "None"
        )

    def was_published(self, guide) -> bool:
        return guide is not None and guide.versions.published().exists()

    def get_readonly_fields(self, request, obj=None):
        # Published links must keep working.
        return ["slug"] if self.was_published(obj) else []

    def get_prepopulated_fields(self, request, obj=None):
        return {} if self.was_published(obj) else {"slug": ["title"]}

    def view_on_site(self, guide):
        return guide.get_absolute_url() if guide.live_version_id else None

    def get_urls(self):
        def view(function):
            return self.admin_site.admin_view(function)

        return [
            path("import/", view(self.import_view), name="guide_import"),
            path("<int:guide_id>/report/", view(self.report_view), name="guide_report"),
            path(
                "<int:guide_id>/report/steps.csv",
                view(self.report_steps_csv),
                name="guide_report_steps_csv",
            ),
            path(
                "<int:guide_id>/report/visits.csv",
                view(self.report_visits_csv),
                name="guide_report_visits_csv",
            ),
            path("<int:guide_id>/publish/", view(self.publish_view), name="guide_publish"),
            path("<int:guide_id>/unpublish/", view(self.unpublish_view), name="guide_unpublish"),
            path("<int:guide_id>/compare/", view(self.compare_view), name="guide_compare"),
            path("<int:guide_id>/presence/", view(self.presence_view), name="guide_presence"),
            path(
                "<int:guide_id>/versions/<int:number>/restore/",
                view(self.restore_view),
                name="guide_restore",
            ),
            path(
                "<int:guide_id>/saves/<int:revision_id>/restore/",
                view(self.restore_save_view),
                name="guide_restore_save",
            ),
            path(
                "<int:guide_id>/translations/add/",
                view(self.translation_add_view),
                name="guide_translation_add",
            ),
            path(
                "<int:guide_id>/translations/<slug:language>/",
                view(self.translation_view),
                name="guide_translation",
            ),
            path(
                "<int:guide_id>/translations/<slug:language>/publish/",
                view(self.translation_publish_view),
                name="guide_translation_publish",
            ),
            path(
                "<int:guide_id>/translations/<slug:language>/compare/",
                view(self.translation_compare_view),
                name="guide_translation_compare",
            ),
            path(
                "<int:guide_id>/translations/<slug:language>/history/",
                view(self.translation_history_view),
                name="guide_translation_history",
            ),
            path(
                "<int:guide_id>/translations/<slug:language>/versions/<int:number>/restore/",
                view(self.translation_restore_view),
                name="guide_translation_restore",
            ),
            path(
                "<int:guide_id>/translations/<slug:language>/saves/<int:revision_id>/restore/",
                view(self.translation_restore_save_view),
                name="guide_translation_restore_save",
            ),
            path(
                "<int:guide_id>/translations/<slug:language>/export/<slug:kind>/",
                view(self.translation_export_view),
                name="guide_translation_export",
            ),
            path(
                "<int:guide_id>/translations/<slug:language>/import/",
                view(self.translation_import_view),
                name="guide_translation_import",
            ),
            *super().get_urls(),
        ]

    def response_change(self, request, obj):
        # Publish…, Preview draft and Changes since live submit the form, so they act
        # on what the editor typed: saved first, or stopped by the form's errors.
        then = request.POST.get("_then")
        if then == "publish":
            return HttpResponseRedirect(reverse("admin:guide_publish", args=[obj.pk]))
        if then == "compare":
            compare = reverse("admin:guide_compare", args=[obj.pk])
            return HttpResponseRedirect(f"{compare}?from=live&to=draft")
        if then == "preview":
            # Read afresh: `obj` may hold the steps as they were before the save.
            return publishing.start_preview(self, request, Guide.objects.get(pk=obj.pk))
        if merged := getattr(request, "merged", None):
            say_merged(self, request, obj, merged, request.merged_onto)
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def get_deleted_objects(self, objs, request):
        deleted, counts, _, protected = super().get_deleted_objects(objs, request)
        # All that goes with a guide is its own (steps, versions, saves, staff previews),
        # so deleting the guide needs no permission on those. Visitors' visits are kept.
        return deleted, counts, set(), protected

    def delete_view(self, request, object_id, extra_context=None):
        guide = self.get_object(request, object_id)
        if guide is not None and guide.visits.real().exists():
            if not self.has_delete_permission(request, guide):
                raise PermissionDenied
            title = f"“{guide.title}” cannot be deleted"
            return guide_page(self, request, guide, "cannot_delete.html", title)
        return super().delete_view(request, object_id, extra_context)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if form.merge_onto is not None:
            request.merged = merge_into_draft(
                form.instance, form.loaded_from, form.merge_onto, request.user
            )
            request.merged_onto = form.merge_onto
        form.instance.record_revision(request.user)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        guide = self.get_object(request, object_id)
        if guide is not None and not guide.revisions.exists():
            guide.record_revision()  # the draft as it stood before its history was kept
        if guide is not None:
            EditorPresence.objects.here(guide.pk, request.user)
        return super().change_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        if getattr(form, "newer_save", None) is not None:
            newer, loaded = form.newer_save, form.loaded_from
            context["newer_save"] = newer
            context["newer_changes"] = (
                content.compare(loaded.content, newer.content) if loaded else None
            )
        if obj is not None:
            context["others"] = EditorPresence.objects.others(obj.pk, request.user)
            latest = obj.reviews.of_guide_drafts().select_related("answered_by").first()
            if latest is not None and latest.state == latest.State.SENT_BACK:
                context["sent_back"] = latest
            draft = obj.draft_content()
            found = content.problems(draft)
            context.update(
                **translations.overview(obj),
                guide_state=obj.state,
                guide_map=guide_map.draw(draft, found),
                check=found,
                check_errors=any(problem.is_error for problem in found),
            )
        return super().render_change_form(
            request, context, add=add, change=change, form_url=form_url, obj=obj
        )

    # The guide's extra pages, each a one-line hook like Django's own autocomplete_view.

    def import_view(self, request):
        return importing.import_article(self, request)

    def publish_view(self, request, guide_id: int):
        return publishing.publish(self, request, guide_id)

    def unpublish_view(self, request, guide_id: int):
        return publishing.unpublish(self, request, guide_id)

    def compare_view(self, request, guide_id: int):
        return publishing.compare(self, request, guide_id)

    def restore_view(self, request, guide_id: int, number: int):
        return publishing.restore(self, request, guide_id, number)

    def restore_save_view(self, request, guide_id: int, revision_id: int):
        return publishing.restore_save(self, request, guide_id, revision_id)

    def history_view(self, request, object_id, extra_context=None):
        return publishing.history(self, request, object_id)

    @method_decorator(require_POST)
    def presence_view(self, request, guide_id: int):
        return presence.presence(self, request, guide_id)

    @method_decorator(require_POST)
    def translation_add_view(self, request, guide_id: int):
        return translations.add(self, request, guide_id)

    def translation_view(self, request, guide_id: int, language: str):
        return translations.edit(self, request, guide_id, language)

    def translation_publish_view(self, request, guide_id: int, language: str):
        return translation_publishing.publish(self, request, guide_id, language)

    def translation_compare_view(self, request, guide_id: int, language: str):
        return translation_publishing.compare(self, request, guide_id, language)

    def translation_history_view(self, request, guide_id: int, language: str):
        return translation_publishing.history(self, request, guide_id, language)

    def translation_restore_view(self, request, guide_id: int, language: str, number: int):
        return translation_publishing.restore(self, request, guide_id, language, number)

    def translation_restore_save_view(
        self, request, guide_id: int, language: str, revision_id: int
    ):
        return translation_publishing.restore_save(self, request, guide_id, language, revision_id)

    def translation_export_view(self, request, guide_id: int, language: str, kind: str):
        return translations.export(self, request, guide_id, language, kind)

    @method_decorator(require_POST)
    def translation_import_view(self, request, guide_id: int, language: str):
        return translations.import_file(self, request, guide_id, language)

    def report_view(self, request, guide_id: int):
        return reports.report_page(self, request, guide_id)

    def report_steps_csv(self, request, guide_id: int):
        return reports.steps_csv(self, request, guide_id)

    def report_visits_csv(self, request, guide_id: int):
        return reports.visits_csv(self, request, guide_id)
