"""The admin's forms: answer buttons with where they lead, rows ordered by dragging,
and the Publish, Import and Report forms."""

import datetime

import nested_admin
from django import forms
from django.utils import timezone

from troubleshooter import article_import, flow
from troubleshooter.models import Choice, Guide, GuideVersion


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


class GuideForm(forms.ModelForm):
    """The guide's page, which carries the draft save it was loaded from: a save from a
    page older than the draft is refused, with everything typed kept in the form."""

    draft_revision = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Guide
        fields = ["title", "slug", "summary", "fallback_title", "fallback_text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.newer_save = None
        if self.instance.pk:
            latest = self.instance.latest_revision()
            self.fields["draft_revision"].initial = latest.pk if latest else None

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk:
            return cleaned
        latest = self.instance.latest_revision()
        if latest is not None and cleaned.get("draft_revision") != latest.pk:
            self.newer_save = latest
            self.loaded_from = self.instance.revisions.filter(
                pk=cleaned.get("draft_revision")
            ).first()
            # Saving this form again is then a choice made knowing what it replaces.
            self.data = self.data.copy()
            self.data[self.add_prefix("draft_revision")] = str(latest.pk)
            who = latest.created_by.get_username() if latest.created_by else "Someone"
            when = timezone.localtime(latest.created_at).strftime("%H:%M")
            raise forms.ValidationError(
                f"{who} saved this guide at {when}, after you opened it, so your changes "
                "were not saved. Everything you typed is still in the form below, and what "
                f"{who} changed is shown above it. Keep both: open the latest draft in a new "
                "tab, make your changes there and save. Or press Save again to save this "
                f"form as it is, replacing what {who} changed (their save stays in the "
                "History, where it can be restored)."
            )
        return cleaned


class PublishForm(forms.Form):
    note = forms.CharField(
        required=False,
        max_length=GuideVersion._meta.get_field("note").max_length,
        label="Note for the history (optional)",
        help_text="What changed and why, e.g. “Step 3: new wording for iOS 18”.",
        widget=forms.TextInput(attrs={"size": 60}),
    )
    # What the editor reviewed: the draft's fingerprint and the live version's number
    # (0 for none) when the page was opened. Publish goes ahead only if both still hold.
    reviewed = forms.CharField(required=False, widget=forms.HiddenInput)
    live_number = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)


class ImportForm(forms.Form):
    MAX_BYTES = 1_000_000
    TOO_LONG = "The article is over 1 MB: paste a shorter one."
    SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm")

    text = forms.CharField(
        label="Paste the article",
        required=False,
        max_length=MAX_BYTES,
        strip=False,
        error_messages={"max_length": TOO_LONG},
        # No maxlength attribute: browsers would cut a long paste without a word.
        widget=forms.Textarea(attrs={"rows": 16, "cols": 80, "data-max-chars": MAX_BYTES}),
        help_text="Markdown, or the HTML of a web page, of up to 1 MB. Each method or "
        "numbered section becomes a step; a closing “still not working?” section becomes "
        "the fallback page.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].widget.attrs.pop("maxlength", None)

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
