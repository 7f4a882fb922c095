from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import F, Max
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from troubleshooter import content
from troubleshooter.models import (
    Answer,
    Choice,
    Guide,
    GuideVersion,
    PublishRefused,
    Step,
    Visit,
)
from troubleshooter.screens import step_url


class LimitsShown:
    """Browsers cut pasted text at an input's maxlength without a word. These forms
    state each limit instead, and refuse longer text with a message."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(field, forms.CharField) and getattr(db_field, "max_length", None):
            field.widget.attrs.pop("maxlength", None)
            field.help_text = f"{field.help_text} Up to {db_field.max_length} characters.".strip()
        return field


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


class StepInlineFormSet(BaseInlineFormSet):
    def save(self, commit=True):
        moved = [
            form.instance.pk
            for form in self.initial_forms
            if "position" in form.changed_data or self._should_delete_form(form)
        ]
        if commit and moved:
            # Positions are unique per guide, so two steps that trade places would
            # collide while saved one by one. They first step aside, above every
            # position in use, then take their new places.
            top = self.instance.steps.aggregate(top=Max("position"))["top"]
            Step.objects.filter(pk__in=moved).update(position=F("position") + top)
        return super().save(commit)


class StepInline(LimitsShown, admin.StackedInline):
    model = Step
    formset = StepInlineFormSet
    fields = ["position", "title", "where_to_tap", "body"]
    ordering = ["position"]
    extra = 0
    show_change_link = True


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


class PublishForm(forms.Form):
    note = forms.CharField(
        required=False,
        max_length=GuideVersion._meta.get_field("note").max_length,
        label="Note for the history (optional)",
        help_text="What changed and why, e.g. “Step 3: new wording for iOS 18”.",
        widget=forms.TextInput(attrs={"size": 60}),
    )


@admin.register(Guide)
class GuideAdmin(DraftAdmin):
    list_display = ["title", "state", "step_count", "updated_at"]
    list_filter = [LiveFilter]
    search_fields = ["title", "summary"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary"]}),
        (
            "When nothing works",
            {
                "description": "Shown after the last step if the problem is still there.",
                "fields": ["fallback_title", "fallback_text", "fallback_links"],
            },
        ),
    ]
    inlines = [StepInline]
    change_form_template = "admin/troubleshooter/guide/change_form.html"

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
            context["guide_state"] = obj.state
        return super().render_change_form(request, context, add, change, form_url, obj)

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


class ChoiceFormSet(BaseInlineFormSet):
    default_error_messages = {
        "too_few_forms": "Give the step at least one answer button, e.g. “Yes, it's fixed”.",
    }


class ChoiceInline(LimitsShown, admin.TabularInline):
    model = Choice
    formset = ChoiceFormSet
    fields = ["position", "label", "outcome"]
    extra = 0

    def get_min_num(self, request, obj=None, **kwargs):
        # A new step gets "Yes, it's fixed" and "No, still not working" when saved.
        return 0 if obj is None else 1

    def get_formset(self, request, obj=None, **kwargs):
        # The admin shows min_num blank forms but does not enforce the minimum by itself.
        return super().get_formset(request, obj, validate_min=True, **kwargs)


@admin.register(Step)
class StepAdmin(DraftAdmin):
    list_display = ["title", "guide", "position"]
    list_filter = ["guide"]
    search_fields = ["title", "body"]
    fields = ["guide", "position", "title", "where_to_tap", "body"]
    inlines = [ChoiceInline]

    def view_on_site(self, step):
        return step.guide.get_absolute_url() if step.guide.live_version_id else None


class AnswerInline(admin.TabularInline):
    model = Answer
    fields = ["answered_at", "step_number", "step_title", "choice_label", "outcome"]
    readonly_fields = fields
    ordering = ["answered_at", "id"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class KindFilter(admin.SimpleListFilter):
    """Staff previews are hidden unless asked for: they are not visitors' visits."""

    title = "kind"
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [("preview", "Staff previews"), ("all", "All")]

    def queryset(self, request, queryset):
        if self.value() == "preview":
            return queryset.filter(is_preview=True)
        if self.value() == "all":
            return queryset
        return queryset.real()

    def choices(self, changelist):
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": "Visitors' visits",
        }
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }


@admin.register(Visit)
class VisitAdmin(admin.ModelAdmin):
    list_display = [
        "reference", "guide", "version_number", "state", "fixed_by", "started_at", "finished_at",
    ]  # fmt: skip
    list_filter = [KindFilter, "state", "guide"]
    list_select_related = ["guide"]
    search_fields = ["reference"]
    search_help_text = "Search by the visitor's reference code, e.g. K7Q-4MZ."
    date_hierarchy = "started_at"
    fields = [
        "reference", "guide", "version_number", "is_preview", "state", "current_step",
        "started_at", "finished_at",
    ]  # fmt: skip
    readonly_fields = fields
    inlines = [AnswerInline]

    def get_search_results(self, request, queryset, search_term):
        # Visitors read the code out loud or type it without the dash.
        compact = search_term.replace("-", "").replace(" ", "").upper()
        if len(compact) == 6:
            search_term = f"{compact[:3]}-{compact[3:]}"
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description="Version")
    def version_number(self, visit):
        version = GuideVersion.objects.compiled(visit.version_id)
        return "Preview of a draft" if version.number is None else version.number

    @admin.display(description="Step")
    def current_step(self, visit):
        version = GuideVersion.objects.compiled(visit.version_id)
        step = version.step(visit.current_step_key)
        return f"Step {step.number}: {step.title}"

    @admin.display(description="Fixed by")
    def fixed_by(self, visit):
        if visit.state == Visit.State.RESOLVED:
            return self.current_step(visit)
        return "—"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
