"""Visits in the admin: the list, searchable by reference code, and each visit
replayed on its pinned version."""

from django.contrib import admin
from django.utils import timezone
from django.utils.text import capfirst

from troubleshooter import flow
from troubleshooter.flow import NotInVersion
from troubleshooter.models import Answer, GuideVersion, Visit, language_name

# Where each answer led, in the report's words.
LED_TO = {flow.RESOLVED: flow.FIXED.label, flow.NEXT: "Went on", flow.ESCALATE: flow.FALLBACK.label}


def version_name(version: flow.Version) -> str:
    """The version walked, as staff read it: "version 3"; for a translation's, its
    language and the guide's version it translates, whose number the report counts the
    visit under ("Spanish version 1, translating version 3")."""
    if version.source is None:
        return "a preview of a draft" if version.number is None else f"version {version.number}"
    language, of = language_name(version.language), version.source["number"]
    if version.number is None:
        return f"a preview of the {language} translation's draft, over version {of}"
    return f"{language} version {version.number}, translating version {of}"


def replay_heading(version: flow.Version) -> str:
    if version.number is not None:
        return f"Replayed on {version_name(version)}, as the visitor saw it"
    if version.source is None:
        return "Staff preview of the draft, replayed"
    return f"Staff preview of the {language_name(version.language)} translation's draft, replayed"


def source_step(source: flow.Version | None, key: str) -> flow.Step | None:
    try:
        return source.step(key) if source else None
    except NotInVersion:
        return None


def source_choice(source: flow.Version | None, key: str, choice) -> flow.Choice | None:
    step = source_step(source, key)
    try:
        return step.choice(choice.key) if step and choice else None
    except NotInVersion:
        return None


class AnswerInline(admin.TabularInline):
    model = Answer
    fields = ["answered_at", "step_of_the_guide", "step_title", "choice_label", "led_to"]
    readonly_fields = fields
    template = "admin/troubleshooter/visit/answers.html"
    ordering = ["answered_at", "id"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="Step of the guide")
    def step_of_the_guide(self, answer):
        # Not the visitor's number when the visit started at a symptom: the replay has both.
        return answer.step_number

    @admin.display(description="Led to")
    def led_to(self, answer):
        return LED_TO[answer.outcome]


class StateFilter(admin.SimpleListFilter):
    """How visits stand now, in the report's words: Left is worked out, never stored."""

    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [(end.column, end.label) for end in flow.END_STATES]

    def queryset(self, request, queryset):
        ends = {end.column: end for end in flow.END_STATES}
        if end := ends.get(self.value()):
            return queryset.in_end_state(end, timezone.now())
        return queryset


class KindFilter(admin.SimpleListFilter):
    """Staff previews are hidden unless asked for: they are not visitors' visits."""

    title = "kind"
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [("preview", "Staff previews"), ("all", "All")]

    def queryset(self, request, queryset):
        if self.value() == "preview":
            return queryset.previews()
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
    list_filter = [KindFilter, StateFilter, "guide"]
    list_select_related = ["guide"]
    search_fields = ["reference"]
    search_help_text = "Search by the visitor's reference code, e.g. K7Q-4MZ."
    date_hierarchy = "started_at"
    fields = [
        "reference", "guide", "version_number", "language_read", "kind", "symptom", "state_now",
        "current_step", "started_at", "finished_at",
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
        # A "fixed" answer on the step an unfinished visit stands on was taken back
        # ("Not fixed after all?"): the visitor is on that step again.
        standing = visit.current_step_key if visit.state == Visit.State.IN_PROGRESS else None
        start = visit.start_step(version)
        source = self.source_version(visit, version)
        rows = [
            {
                "step": step,
                "source": source_step(source, step.key),
                "source_choice": source_choice(source, step.key, choice),
                "seen_number": version.seen_number(step, start),
                "where": visit.step_for_staff(version, step),
                "choice": choice,
                "said": feedback.get(step.key, {}),
                "taken_back": step.key == standing
                and choice is not None
                and choice.outcome == flow.RESOLVED,
            }
            for step, choice in version.path(given, start)
        ]
        return {
            "version": version,
            "heading": replay_heading(version),
            "source": source,
            "language_name": language_name(visit.language),
            "source_language": language_name(version.source["language"]) if source else "",
            "rows": rows,
            "start": start,
            "ending": visit.ending(version),
        }

    def source_version(self, visit: Visit, version) -> flow.Version | None:
        """For a visit in a translated version, the source version it was translated
        from (as its content records), read in one query, for staff who do not read the
        visit's language; None for a visit in a source version."""
        recorded = version.source
        if not recorded:
            return None
        found = GuideVersion.objects.filter(
            guide_id=visit.guide_id, language=recorded["language"], number=recorded["number"]
        ).values_list("content", flat=True)
        content = found.first()
        return flow.Version(content) if content is not None else None

    @admin.display(description="Language")
    def language_read(self, visit):
        """The visit's language as staff read it: "Spanish", not "es"."""
        return language_name(visit.language)

    def get_search_results(self, request, queryset, search_term):
        # Visitors read the code out loud or type it without the dash.
        compact = search_term.replace("-", "").replace(" ", "").upper()
        if len(compact) == 6:
            search_term = f"{compact[:3]}-{compact[3:]}"
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description="State", ordering="state")
    def state_now(self, visit):
        """ "Left" for an unfinished visit with no answer for 30 minutes, as in the report."""
        return visit.end_state(timezone.now()).label

    @admin.display(description="Kind")
    def kind(self, visit):
        """Whose walk this is, in the Visits list's words for its kinds."""
        if visit.is_preview:
            return "Staff preview of the draft: never counted in the report"
        return "Visitor's visit"

    @admin.display(description="Version")
    def version_number(self, visit):
        return capfirst(version_name(GuideVersion.objects.compiled(visit.version_id)))

    @admin.display(description="Symptom")
    def symptom(self, visit):
        """The symptom chosen on the guide's page, as the visit's version words it, and
        the step the visit started at."""
        version = GuideVersion.objects.compiled(visit.version_id)
        start = visit.start_step(version)
        started_at = f"started at {visit.step_for_staff(version, start)}, “{start.title}”"
        if not visit.symptom_key:
            return f"None: {started_at}"
        return f"“{version.symptom(visit.symptom_key).text}”: {started_at}"

    @admin.display(description="Step")
    def current_step(self, visit):
        version = GuideVersion.objects.compiled(visit.version_id)
        step = version.step(visit.current_step_key)
        return f"{capfirst(visit.step_for_staff(version, step))}: {step.title}"

    @admin.display(description="Fixed by")
    def fixed_by(self, visit):
        if visit.state == Visit.State.FIXED:
            return self.current_step(visit)
        return "—"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
