"""The admin's forms: answer buttons and symptoms with where they lead, rows ordered
by dragging, and the Publish, Import and Report forms."""

import nested_admin
from django import forms
from django.utils import timezone

from troubleshooter import article_import, flow
from troubleshooter.admin.days import DayRangeForm, language_field
from troubleshooter.models import Choice, Guide, GuideVersion, Step, Symptom


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


class KeyedRowForm(forms.ModelForm):
    """A step or answer row that carries its key: a row another editor deleted after
    this page was loaded is saved again under the same key, so answers leading to it,
    the report and a merge still know it."""

    row_key = forms.RegexField(regex=r"^[0-9a-f]{10}$", required=False, widget=forms.HiddenInput)

    vanished = False  # set by OrderedFormSet for a row deleted meanwhile

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["row_key"].initial = self.instance.key

    def clean(self):
        cleaned = super().clean()
        if self.vanished and cleaned.get("row_key"):
            self.instance.key = cleaned["row_key"]
        return cleaned


class StepForm(KeyedRowForm):
    class Meta:
        model = Step
        fields = ["position", "title", "where_to_tap", "body", "takes_a_while"]


NEXT_IN_ORDER = "next"
TO_STEP = "step:"


class ChoiceForm(KeyedRowForm):
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


class SymptomForm(KeyedRowForm):
    """A symptom and the step of the guide it leads to."""

    NO_SUCH_STEP = "That step is no longer in the guide. Choose the step this symptom leads to."

    leads_to = forms.ChoiceField(
        label="Leads to",
        help_text="The step the visit starts at. Steps you add appear here once you save.",
        error_messages={
            "required": "Choose the step this symptom leads to.",
            "invalid_choice": NO_SUCH_STEP,
        },
    )
    steps: list[tuple[str, str]] = []  # the guide's (key, title) in order, per request

    class Meta:
        model = Symptom
        fields = ["position", "text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        key = self.instance.step_key
        options = [(k, f"Step {n}: {title}") for n, (k, title) in enumerate(self.steps, start=1)]
        if key and key not in dict(self.steps):
            options.append((key, "A deleted step"))  # shown as saved, refused when sent
        self.fields["leads_to"].choices = [("", "Choose a step"), *options]
        self.fields["leads_to"].initial = key

    def clean_leads_to(self):
        key = self.cleaned_data["leads_to"]
        if key not in dict(self.steps):
            raise forms.ValidationError(self.NO_SUCH_STEP)
        self.instance.step_key = key
        return key


class OrderedFormSet(nested_admin.formsets.NestedInlineFormSet):
    """Rows ordered by dragging, which sets their hidden positions.

    A form sent with positions repeated or not numbers (not by the page's script)
    is put in the order given rather than failing.

    A row that another editor deleted after the page was loaded is saved again as a new
    row (with its key, if it has one), or as the row now holding its key after a
    Restore, rather than failing with an error on a hidden field.
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

    def _construct_form(self, i, **kwargs):
        vanished = self.is_bound and i < self.initial_form_count() and self.find_vanished(i)
        if self.is_bound:
            # The parent row may itself have been deleted and be saved again, or be the
            # row now holding its key: either way the row belongs to it.
            self.data[f"{self.add_prefix(i)}-{self.fk.name}"] = str(self.instance.pk or "")
        form = super()._construct_form(i, **kwargs)
        if vanished:
            form.fields[self.model._meta.pk.name].required = False
            form.vanished = True
        return form

    def find_vanished(self, i) -> bool:
        """Whether row i is gone from the database. Its data then points at the row now
        holding its key, if one does, or else says it is new."""
        pk_key = f"{self.add_prefix(i)}-{self.model._meta.pk.name}"
        pk = self.data.get(pk_key, "")
        if self._existing_object(int(pk) if pk.isdecimal() and len(pk) < 19 else None):
            return False
        key = self.data.get(f"{self.add_prefix(i)}-row_key", "")
        holder = None
        if key and self.instance.pk is not None:
            holder = self.model._default_manager.filter(
                **{self.fk.name: self.instance, "key": key}
            ).first()
        if holder is None:
            self.data[pk_key] = ""
            return True
        self._object_dict[holder.pk] = holder
        self.data[pk_key] = str(holder.pk)
        return False

    def get_queryset(self):
        if not self.is_bound or "forms" not in self.__dict__:
            return super().get_queryset()
        # The admin shows each initial form beside a row of this queryset, so a row
        # deleted meanwhile is paired with its form's new instance, not left out.
        return [form.instance for form in self.initial_forms]

    def save_existing_objects(self, initial_forms=None, commit=True):
        # A vanished row has no instance in the database: it is saved as a new one.
        vanished = [form for form in initial_forms or [] if form.instance._state.adding]
        existing = [form for form in initial_forms or [] if form not in vanished]
        return super().save_existing_objects(existing, commit) + self.save_new_objects(
            vanished, commit
        )


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


class SymptomFormSet(OrderedFormSet):
    def clean(self):
        super().clean()
        texts = set()
        for form in self.forms:
            if self._should_delete_form(form) or not hasattr(form, "cleaned_data"):
                continue
            text = " ".join(form.cleaned_data.get("text", "").split()).casefold()
            if text in texts:
                form.add_error(
                    "text",
                    "Another symptom reads the same, so visitors couldn't tell them apart. "
                    "Reword one, or delete it.",
                )
            elif text:
                texts.add(text)


class GuideForm(forms.ModelForm):
    """The guide's page, which carries the draft save it was loaded from: a save from a
    page older than the draft is refused, with everything typed kept in the form.

    The refused page then says which newer save the editor was shown. Saved again from
    there, the form either replaces that save, or, with "Add my changes to the latest
    draft" (`_merge`), has its changes merged into it.
    """

    draft_revision = forms.IntegerField(required=False, widget=forms.HiddenInput)
    seen_revision = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Guide
        fields = ["title", "slug", "summary", "fallback_title", "fallback_text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.newer_save = self.loaded_from = self.merge_onto = None
        if self.instance.pk:
            latest = self.instance.latest_revision()
            self.fields["draft_revision"].initial = latest.pk if latest else None

    def clean(self):
        cleaned = super().clean()
        latest = self.instance.latest_revision() if self.instance.pk else None
        if latest is None or cleaned.get("draft_revision") == latest.pk:
            return cleaned
        self.loaded_from = self.instance.revisions.filter(pk=cleaned.get("draft_revision")).first()
        who = latest.created_by.get_username() if latest.created_by else "Someone"
        if cleaned.get("seen_revision") == latest.pk:
            if not self.data.get("_merge"):
                return cleaned  # saved again knowing what it replaces
            if self.loaded_from is not None:
                self.merge_onto = latest
                return cleaned
            raise forms.ValidationError(
                "The save this page was loaded from is no longer kept, so your changes "
                f"can't be told apart from {who}'s. Re-apply them on the latest draft, or "
                f"press Save to replace what {who} changed."
            )
        self.newer_save = latest
        self.data = self.data.copy()
        self.data[self.add_prefix("seen_revision")] = str(latest.pk)
        when = timezone.localtime(latest.created_at).strftime("%H:%M")
        raise forms.ValidationError(
            f"{who} saved this guide at {when}, after you opened it, so your changes were "
            "not saved. Everything you typed is still in the form below, and what "
            f"{who} changed is shown above it. To keep both, press “Add my changes to the "
            f"latest draft”. Or press Save again to save this form as it is, replacing "
            f"what {who} changed (their save stays in the History, where it can be restored)."
        )


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
    # Sent by the "Import as a second guide anyway" button, never typed.
    second_guide = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        text, upload = cleaned.get("text", ""), cleaned.get("file")
        if self.errors:
            return cleaned
        if text.strip() and upload:
            raise forms.ValidationError("Paste the article or upload it, not both.")
        if upload:
            text = cleaned["text"] = self.read(upload)
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


class ReportForm(DayRangeForm):
    version = forms.TypedChoiceField(
        label="Version", coerce=int, empty_value=None, required=False, choices=[]
    )

    def __init__(self, data, guide: Guide):
        super().__init__(data.dict())
        # Visits are made in the site's languages (settings.LANGUAGES) and the guide's own.
        self.fields["language"] = language_field([guide.source_language])
        numbers = guide.source_versions().published().values_list("number", flat=True)
        self.fields["version"].choices = [
            ("", "All versions (steps matched across versions)"),
            *((n, f"Version {n}") for n in numbers),
        ]
