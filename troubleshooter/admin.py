from django.contrib import admin
from django.db.models import F, Max
from django.forms.models import BaseInlineFormSet

from troubleshooter.models import Answer, Choice, Guide, Step, Visit


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


class StepInline(admin.StackedInline):
    model = Step
    formset = StepInlineFormSet
    fields = ["position", "title", "where_to_tap", "body"]
    ordering = ["position"]
    extra = 0
    show_change_link = True


@admin.register(Guide)
class GuideAdmin(admin.ModelAdmin):
    list_display = ["title", "step_count", "is_published", "updated_at"]
    list_filter = ["is_published"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "is_published"]}),
        (
            "When nothing works",
            {
                "description": "Shown after the last step if the problem is still there.",
                "fields": ["fallback_title", "fallback_text", "fallback_links"],
            },
        ),
    ]
    inlines = [StepInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_step_count()

    @admin.display(description="Steps", ordering="step_count")
    def step_count(self, guide):
        return guide.step_count


class ChoiceInline(admin.TabularInline):
    model = Choice
    fields = ["position", "label", "outcome"]
    extra = 0

    def get_min_num(self, request, obj=None, **kwargs):
        # A new step gets "Yes, it's fixed" and "No, still not working" when saved.
        return 0 if obj is None else 2

    def get_formset(self, request, obj=None, **kwargs):
        # The admin shows min_num blank forms but does not enforce the minimum by itself.
        return super().get_formset(request, obj, validate_min=True, **kwargs)


@admin.register(Step)
class StepAdmin(admin.ModelAdmin):
    list_display = ["title", "guide", "position"]
    list_filter = ["guide"]
    search_fields = ["title", "body"]
    fields = ["guide", "position", "title", "where_to_tap", "body"]
    inlines = [ChoiceInline]

    def view_on_site(self, step):
        return step.guide.get_absolute_url()


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


@admin.register(Visit)
class VisitAdmin(admin.ModelAdmin):
    list_display = ["reference", "guide", "state", "fixed_by", "started_at", "finished_at"]
    list_filter = ["state", "guide"]
    list_select_related = ["guide", "last_answer"]
    search_fields = ["reference"]
    search_help_text = "Search by the visitor's reference code, e.g. K7Q-4MZ."
    date_hierarchy = "started_at"
    fields = ["reference", "guide", "state", "current_step", "started_at", "finished_at"]
    readonly_fields = fields
    inlines = [AnswerInline]

    def get_search_results(self, request, queryset, search_term):
        # Visitors read the code out loud or type it without the dash.
        compact = search_term.replace("-", "").replace(" ", "").upper()
        if len(compact) == 6:
            search_term = f"{compact[:3]}-{compact[3:]}"
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description="Fixed by")
    def fixed_by(self, visit):
        if visit.state == Visit.State.RESOLVED and visit.last_answer:
            return f"Step {visit.last_answer.step_number}: {visit.last_answer.step_title}"
        return "—"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
