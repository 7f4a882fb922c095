"""Guides in the admin: the list, the draft's page and its extra pages."""

import csv
import datetime

import nested_admin
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from troubleshooter import content, guide_map, report
from troubleshooter.admin.forms import ImportForm, LimitsShown, PublishForm, ReportForm
from troubleshooter.admin.inlines import FallbackLinkInline, StepInline
from troubleshooter.models import Guide, GuideVersion, PublishRefused, Visit
from troubleshooter.screens import step_url


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


def csv_response(filename: str, header: list[str], rows) -> StreamingHttpResponse:
    class Echo:
        def write(self, value):
            return value

    writer = csv.writer(Echo())
    lines = (writer.writerow(row) for row in [header, *rows])
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@admin.register(Guide)
class GuideAdmin(DraftAdmin, nested_admin.NestedModelAdmin):
    list_display = ["title", "state", "step_count", "updated_at"]
    list_filter = [LiveFilter]
    search_fields = ["title", "summary"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary"]}),
        (
            "When nothing works",
            {
                "description": "Shown after the last step if the problem is still there. "
                "Its buttons are listed under the steps.",
                "fields": ["fallback_title", "fallback_text"],
            },
        ),
    ]
    inlines = [StepInline, FallbackLinkInline]
    change_form_template = "admin/troubleshooter/guide/change_form.html"
    change_list_template = "admin/troubleshooter/guide/change_list.html"

    class Media:
        js = ["js/admin-reorder.js"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_draft().with_step_count()

    @admin.display(description="Draft steps", ordering="step_count")
    def step_count(self, guide):
        return guide.step_count

    @admin.display(description="State")
    def state(self, guide):
        return guide.state

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
            path("<int:guide_id>/preview/", view(self.preview_view), name="guide_preview"),
            path("<int:guide_id>/compare/", view(self.compare_view), name="guide_compare"),
            path(
                "<int:guide_id>/versions/<int:number>/restore/",
                view(self.restore_view),
                name="guide_restore",
            ),
            *super().get_urls(),
        ]

    def editable_guide(self, request, guide_id: int) -> Guide:
        guide = get_object_or_404(Guide.objects.with_draft(), pk=guide_id)
        if not self.has_change_permission(request, guide):
            raise PermissionDenied
        return guide

    def change_url(self, guide: Guide) -> str:
        return reverse("admin:troubleshooter_guide_change", args=[guide.pk])

    def page(self, request, guide: Guide, template: str, title: str, **context):
        return TemplateResponse(
            request,
            f"admin/troubleshooter/guide/{template}",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "original": guide,
                "title": title,
                "change_url": self.change_url(guide),
                **context,
            },
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            draft = obj.draft_content()
            found = content.problems(draft)
            context.update(
                guide_state=obj.state,
                guide_map=guide_map.draw(draft, found),
                check=found,
                check_errors=any(problem.is_error for problem in found),
            )
        return super().render_change_form(
            request, context, add=add, change=change, form_url=form_url, obj=obj
        )

    def viewable_guide(self, request, guide_id: int) -> Guide:
        guide = get_object_or_404(Guide, pk=guide_id)
        if not self.has_view_or_change_permission(request, guide):
            raise PermissionDenied
        return guide

    def report_form(self, request, guide: Guide) -> ReportForm:
        form = ReportForm(request.GET, guide)
        if not form.is_valid():
            form.cleaned_data = {**form.cleaned_data}
            today = timezone.localdate()
            form.cleaned_data.setdefault("start", today - datetime.timedelta(days=29))
            form.cleaned_data.setdefault("end", today)
            form.cleaned_data.setdefault("version", None)
            if form.cleaned_data["start"] > form.cleaned_data["end"]:
                form.cleaned_data["start"] = form.cleaned_data["end"]
        return form

    def report_view(self, request, guide_id: int):
        guide = self.viewable_guide(request, guide_id)
        form = self.report_form(request, guide)
        data = form.cleaned_data
        figures = report.build(guide, data["start"], data["end"], data["version"])
        widest = max((step.reached for step in figures.steps), default=0)
        return self.page(
            request,
            guide,
            "report.html",
            f"Report on “{guide.title}”",
            form=form,
            report=figures,
            funnel=report.funnel(figures.steps, widest),
            query=request.GET.urlencode(),
        )

    def report_steps_csv(self, request, guide_id: int):
        guide = self.viewable_guide(request, guide_id)
        data = self.report_form(request, guide).cleaned_data
        rows = (
            [
                guide.slug,
                version,
                step.key,
                step.number,
                step.title,
                step.reached,
                step.fixed,
                step.went_on,
                step.fallback,
                step.left,
                "" if step.median_seconds is None else step.median_seconds,
            ]
            for version, step in report.step_rows(guide, data["start"], data["end"])
        )
        header = [
            "guide_slug", "version", "step_key", "step_number", "step_title", "reached",
            "fixed", "went_on", "fallback", "left", "median_seconds",
        ]  # fmt: skip
        return csv_response(f"{guide.slug}-steps.csv", header, rows)

    def report_visits_csv(self, request, guide_id: int):
        guide = self.viewable_guide(request, guide_id)
        data = self.report_form(request, guide).cleaned_data
        header = [
            "reference", "guide_slug", "version", "started_at", "finished_at", "state",
            "steps_walked", "fixed_at_step",
        ]  # fmt: skip
        rows = report.visit_rows(guide, data["start"], data["end"], data["version"])
        return csv_response(f"{guide.slug}-visits.csv", header, rows)

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            article = form.cleaned_data["article"]
            guide = Guide.objects.create_from_article(article)
            self.message_user(
                request,
                f"Imported “{guide.title}” as an unpublished draft with {len(article.steps)} "
                "steps. The instructions are the article's words: rewrite them in ours, check "
                "the map, then publish.",
                messages.SUCCESS,
            )
            for note in article.notes:
                self.message_user(request, note, messages.WARNING)
            return HttpResponseRedirect(self.change_url(guide))
        return TemplateResponse(
            request,
            "admin/troubleshooter/guide/import.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": "Import an article",
                "form": form,
            },
        )

    def publish_view(self, request, guide_id: int):
        guide = self.editable_guide(request, guide_id)
        draft = guide.draft_content()
        live = guide.live_version.content if guide.live_version else None
        form = PublishForm(request.POST or None)
        if request.method == "POST" and form.is_valid() and draft != live:
            try:
                version = guide.publish(request.user, form.cleaned_data["note"])
            except PublishRefused:
                pass  # the page below lists the problems
            else:
                self.message_user(request, f"Version {version.number} is live.", messages.SUCCESS)
                return HttpResponseRedirect(self.change_url(guide))
        found = content.problems(draft)
        return self.page(
            request,
            guide,
            "publish.html",
            f"Publish “{guide.title}”",
            form=form,
            errors=[problem for problem in found if problem.is_error],
            warnings=[problem for problem in found if not problem.is_error],
            comparison=content.compare(live, draft) if live else None,
            unchanged=draft == live,
            state=guide.state,
        )

    def unpublish_view(self, request, guide_id: int):
        guide = self.editable_guide(request, guide_id)
        if request.method == "POST":
            guide.unpublish()
            self.message_user(
                request,
                "The guide is no longer published. Visits already under way finish on "
                "their version.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(self.change_url(guide))
        return self.page(request, guide, "unpublish.html", f"Unpublish “{guide.title}”?")

    def preview_view(self, request, guide_id: int):
        if request.method != "POST":
            raise Http404("Preview starts from the guide's page.")
        guide = self.editable_guide(request, guide_id)
        if stuck := content.stuck_problems(guide.draft_content()):
            for problem in stuck:
                self.message_user(request, f"Cannot preview yet. {problem}", messages.ERROR)
            return HttpResponseRedirect(self.change_url(guide))
        version = GuideVersion.objects.compiled(guide.preview_version().id)
        visit = Visit.objects.start(version, guide.id, is_preview=True)
        return HttpResponseRedirect(step_url(visit.id, 1))

    def version_content(self, guide: Guide, which: str) -> tuple[str, str, dict]:
        """ "draft", "live" or a version number: its value for the form, name and content."""
        if which == "draft":
            return "draft", "the draft", guide.draft_content()
        if which == "live" and guide.live_version:
            which = str(guide.live_version.number)
        try:
            version = guide.versions.published().get(number=int(which))
        except (ValueError, OverflowError, GuideVersion.DoesNotExist):
            raise Http404("That guide has no such version.") from None
        return which, f"version {version.number}", version.content

    def compare_view(self, request, guide_id: int):
        guide = self.editable_guide(request, guide_id)
        old_value, old_name, old = self.version_content(guide, request.GET.get("from", "live"))
        new_value, new_name, new = self.version_content(guide, request.GET.get("to", "draft"))
        numbers = guide.versions.published().values_list("number", flat=True)
        return self.page(
            request,
            guide,
            "compare.html",
            f"Compare {old_name} with {new_name}",
            comparison=content.compare(old, new),
            choices=[("draft", "the draft"), *((str(n), f"version {n}") for n in numbers)],
            old_value=old_value,
            new_value=new_value,
        )

    def restore_view(self, request, guide_id: int, number: int):
        guide = self.editable_guide(request, guide_id)
        version = get_object_or_404(guide.versions.published(), number=number)
        if request.method == "POST":
            guide.restore_draft(version)
            self.message_user(
                request,
                f"The draft now reads as version {number}. Nothing is published until you "
                "press Publish.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(self.change_url(guide))
        return self.page(
            request,
            guide,
            "restore.html",
            f"Restore version {number} into the draft?",
            version=version,
            comparison=content.compare(guide.draft_content(), version.content),
        )

    def history_view(self, request, object_id, extra_context=None):
        guide = self.get_object(request, object_id)
        if guide is None:
            raise Http404("No such guide.")
        if not self.has_view_or_change_permission(request, guide):
            raise PermissionDenied
        return self.page(
            request,
            guide,
            "history.html",
            f"History of “{guide.title}”",
            versions=guide.versions.published().select_related("created_by"),
            can_change=self.has_change_permission(request, guide),
        )
