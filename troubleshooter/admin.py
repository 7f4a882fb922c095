import csv
import datetime

import nested_admin
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from troubleshooter import article_import, content, flow, guide_map, report
from troubleshooter.models import (
    Answer,
    Choice,
    FallbackLink,
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
        if db_field.name == getattr(self, "sortable_field_name", None):
            # Set by dragging the row, never typed.
            kwargs["widget"] = forms.HiddenInput
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


NEXT_IN_ORDER = "next"
TO_STEP = "step:"


class ChoiceForm(forms.ModelForm):
    """An answer button, with where it leads as one list: the step below, fixed, the
    fallback page, or any step of the guide."""

    leads_to = forms.ChoiceField(label="Leads to")
    steps: list[tuple[str, str]] = []  # the guide's (key, title) in order, per request

    class Meta:
        model = Choice
        fields = ["position", "label"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choice = self.instance
        steps = list(self.steps)
        if choice.target_key and choice.target_key not in dict(steps):
            steps.append((choice.target_key, None))
        self.fields["leads_to"].choices = [
            (
                "Ends or goes on",
                [
                    (NEXT_IN_ORDER, "The next step (after the last step: the fallback page)"),
                    (flow.RESOLVED, "Fixed: the success page"),
                    (flow.ESCALATE, "The fallback page"),
                ],
            ),
            (
                "A step of this guide",
                [
                    (f"{TO_STEP}{key}", f"Step {n}: {title}" if title else "A deleted step")
                    for n, (key, title) in enumerate(steps, start=1)
                ],
            ),
        ]
        if choice.outcome == flow.NEXT:
            initial = f"{TO_STEP}{choice.target_key}" if choice.target_key else NEXT_IN_ORDER
        else:
            initial = choice.outcome
        self.fields["leads_to"].initial = initial

    def clean(self):
        cleaned = super().clean()
        leads_to = cleaned.get("leads_to", "")
        if leads_to.startswith(TO_STEP):
            self.instance.outcome, self.instance.target_key = flow.NEXT, leads_to[len(TO_STEP) :]
        elif leads_to:
            self.instance.outcome = flow.NEXT if leads_to == NEXT_IN_ORDER else leads_to
            self.instance.target_key = ""
        return cleaned


class OrderedFormSet(nested_admin.formsets.NestedInlineFormSet):
    """Rows ordered by dragging, which sets their hidden positions.

    A form sent with positions repeated or not numbers (not by the page's script)
    is put in the order given rather than failing.
    """

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        if self.is_bound:
            self.data = self.data.copy()
            name = self.sortable_field_name
            try:
                count = min(int(self.data.get(self.add_prefix("TOTAL_FORMS"), 0)), 1000)
            except ValueError:
                return
            keys = [f"{self.add_prefix(i)}-{name}" for i in range(count)]
            raw = [self.data.get(key, "") for key in keys]
            numbers = [
                int(value) if value.isdecimal() and len(value) < 5 else None for value in raw
            ]
            if None not in numbers and len(set(numbers)) == len(numbers):
                return
            order = sorted(range(count), key=lambda i: (numbers[i] is None, numbers[i] or 0, i))
            for position, i in enumerate(order):
                self.data[keys[i]] = str(position)


class ChoiceFormSet(OrderedFormSet):
    default_error_messages = {
        "too_few_forms": "Give the step at least one answer button, e.g. “Yes, it's fixed”.",
    }

    def step_deleted(self) -> bool:
        """Whether this save deletes the step, and its answers with it."""
        step_form = getattr(self, "parent_form", None)
        return step_form is not None and bool(step_form.data.get(step_form.add_prefix("DELETE")))

    def full_clean(self):
        if self.step_deleted():
            self.validate_min = False
        super().full_clean()

    def save(self, commit=True):
        if self.step_deleted():
            self.new_objects, self.changed_objects, self.deleted_objects = [], [], []
            return []
        saved = super().save(commit)
        if commit and not self.instance.choices.exists():
            # A new step saved without answers gets the usual pair.
            saved += Choice.objects.bulk_create(Choice.defaults_for(self.instance))
        return saved


class ChoiceInline(LimitsShown, nested_admin.NestedTabularInline):
    model = Choice
    form = ChoiceForm
    formset = ChoiceFormSet
    fields = ["position", "label", "leads_to"]
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
    formset = OrderedFormSet
    fields = ["position", "title", "where_to_tap", "body"]
    sortable_field_name = "position"
    inlines = [ChoiceInline]
    extra = 0


class FallbackLinkInline(LimitsShown, nested_admin.NestedTabularInline):
    model = FallbackLink
    formset = OrderedFormSet
    fields = ["position", "label", "url"]
    sortable_field_name = "position"
    extra = 0


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


class ImportForm(forms.Form):
    MAX_BYTES = 1_000_000
    SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm")

    text = forms.CharField(
        label="Paste the article",
        required=False,
        max_length=MAX_BYTES,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16, "cols": 80}),
        help_text="Markdown, or the HTML of a web page. Each method or numbered section "
        "becomes a step; a closing “still not working?” section becomes the fallback page.",
    )
    file = forms.FileField(
        label="Or upload it",
        required=False,
        help_text="A .md, .markdown, .txt, .html or .htm file of up to 1 MB.",
    )

    def clean(self):
        cleaned = super().clean()
        text, upload = cleaned.get("text", ""), cleaned.get("file")
        if self.errors:
            return cleaned
        if text.strip() and upload:
            raise forms.ValidationError("Paste the article or upload it, not both.")
        if upload:
            text = self.read(upload)
        if not text.strip():
            raise forms.ValidationError("Paste an article, or choose a file to upload.")
        try:
            cleaned["article"] = article_import.parse(text)
        except article_import.NothingToImport as problem:
            raise forms.ValidationError(str(problem)) from None
        return cleaned

    def read(self, upload) -> str:
        if not upload.name.lower().endswith(self.SUFFIXES):
            raise forms.ValidationError(
                {"file": "Upload a Markdown, text or HTML file (.md, .markdown, .txt, .html)."}
            )
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError({"file": "The file is over 1 MB: upload a shorter one."})
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                {"file": "The file is not UTF-8 text. Save it as UTF-8 and try again."}
            ) from None


class ReportForm(forms.Form):
    start = forms.DateField(label="From", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="To", widget=forms.DateInput(attrs={"type": "date"}))
    version = forms.TypedChoiceField(
        label="Version", coerce=int, empty_value=None, required=False, choices=[]
    )

    def __init__(self, data, guide: Guide):
        today = timezone.localdate()
        data = {"start": today - datetime.timedelta(days=29), "end": today, **data.dict()}
        super().__init__(data)
        numbers = guide.versions.published().values_list("number", flat=True)
        self.fields["version"].choices = [
            ("", "All versions (steps matched across versions)"),
            *((n, f"Version {n}") for n in numbers),
        ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            raise forms.ValidationError("“From” is after “To”: swap the dates.")
        if start and end and (end - start).days > 3660:
            raise forms.ValidationError("Choose a range of ten years or less.")
        return cleaned


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
        "reference", "guide", "version_number", "state_now", "fixed_by", "started_at",
        "finished_at",
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
    change_form_template = "admin/troubleshooter/visit/change_form.html"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        visit = self.get_object(request, object_id)
        if visit is not None:
            extra_context = {**(extra_context or {}), "replay": self.replay(visit)}
        return super().change_view(request, object_id, form_url, extra_context)

    def replay(self, visit: Visit) -> dict:
        """The visit walked again on its pinned version: each step, answer, reason, time."""
        version = GuideVersion.objects.compiled(visit.version_id)
        given, feedback = Answer.objects.given_with_feedback(visit.id)
        rows = [
            {"step": step, "choice": choice, "said": feedback.get(step.key, {})}
            for step, choice in version.path(given)
        ]
        return {"version": version, "rows": rows, "ending": visit.ending(version)}

    def get_search_results(self, request, queryset, search_term):
        # Visitors read the code out loud or type it without the dash.
        compact = search_term.replace("-", "").replace(" ", "").upper()
        if len(compact) == 6:
            search_term = f"{compact[:3]}-{compact[3:]}"
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description="State", ordering="state")
    def state_now(self, visit):
        """ "Left" for an unfinished visit with no answer for 30 minutes, as in the report."""
        return "Left" if visit.has_left(timezone.now()) else visit.get_state_display()

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
