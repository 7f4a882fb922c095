"""The guide page's inlines: steps, each with its answer buttons, fallback buttons and
symptoms."""

import nested_admin
from django.contrib import admin
from django.utils.html import format_html

from troubleshooter import content
from troubleshooter.admin.forms import (
    ChoiceForm,
    ChoiceFormSet,
    LimitsShown,
    OrderedFormSet,
    StepForm,
    SymptomForm,
    SymptomFormSet,
)
from troubleshooter.models import Choice, FallbackLink, Step, Symptom

TABULAR_TEMPLATE = "admin/troubleshooter/guide/tabular_inline.html"


class ChoiceInline(LimitsShown, nested_admin.NestedTabularInline):
    model = Choice
    template = TABULAR_TEMPLATE
    form = ChoiceForm
    formset = ChoiceFormSet
    fields = ["position", "label", "leads_to", "row_key"]
    sortable_field_name = "position"
    verbose_name = "answer"
    extra = 0

    def get_min_num(self, request, obj=None, **kwargs):
        # A new step saved without answers gets "Yes, it's fixed" and "No, still not working".
        return 1 if obj is not None and obj.pk else 0

    def get_formset(self, request, obj=None, **kwargs):
        steps = guide_steps(request)
        form = type("ChoiceForm", (self.form,), {"steps": steps})
        # The admin shows min_num blank forms but does not enforce the minimum by itself.
        return super().get_formset(request, obj, form=form, validate_min=True, **kwargs)


def guide_steps(request) -> list[tuple[str, str]]:
    """The (key, title) of the steps of the guide being edited, once per request."""
    if not hasattr(request, "guide_steps"):
        guide_id = request.resolver_match.kwargs.get("object_id")
        rows = Step.objects.filter(guide_id=guide_id) if guide_id else Step.objects.none()
        request.guide_steps = list(rows.order_by("position", "id").values_list("key", "title"))
    return request.guide_steps


class StepInline(LimitsShown, nested_admin.NestedStackedInline):
    model = Step
    template = "admin/troubleshooter/guide/steps_inline.html"
    form = StepForm
    formset = OrderedFormSet
    fields = ["position", "title", "where_to_tap", "body", "takes_a_while", "row_key"]
    sortable_field_name = "position"
    inlines = [ChoiceInline]
    extra = 0

    class Media:
        js = ["js/admin-step-numbers.js"]


class FallbackLinkInline(LimitsShown, nested_admin.NestedTabularInline):
    model = FallbackLink
    template = TABULAR_TEMPLATE
    formset = OrderedFormSet
    fields = ["position", "label", "url"]
    sortable_field_name = "position"
    extra = 0


class SymptomInline(LimitsShown, nested_admin.NestedTabularInline):
    model = Symptom
    template = TABULAR_TEMPLATE
    form = SymptomForm
    formset = SymptomFormSet
    fields = ["position", "text", "leads_to", "share_address", "row_key"]
    readonly_fields = ["share_address"]
    sortable_field_name = "position"
    verbose_name = "symptom"
    title = "Symptoms: what the visitor sees"
    description = (
        "What visitors see or say when they arrive, in their words, each leading to the "
        "step that deals with it, e.g. “iCloud storage is full” leading to the storage "
        "step. The guide's page offers them under “What do you see?”, beside “None of "
        "these: start at step 1”. Once published, each has its own address, for support "
        "e-mails: it opens the guide's page with that symptom chosen."
    )
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        live = obj.live_version.content if obj is not None and obj.live_version else {}
        self.live_keys = {symptom["key"] for symptom in content.symptoms(live)}
        self.guide_address = request.build_absolute_uri(obj.get_absolute_url()) if obj else ""
        form = type("SymptomForm", (self.form,), {"steps": guide_steps(request)})
        return super().get_formset(request, obj, form=form, **kwargs)

    @admin.display(description="Address to share")
    def share_address(self, symptom):
        if symptom.key not in self.live_keys:
            return "Once published"
        address = f"{self.guide_address}?symptom={symptom.key}"
        return format_html('<a href="{}">{}</a>', address, address)
