"""The translation pages' forms: a field per string of the source, with the page's
stale-save stamp; the language to add; and a translator's file to import."""

from django import forms
from django.conf import settings

from troubleshooter import content, translation
from troubleshooter.models import Choice, FallbackLink, Guide, Step, Symptom, language_name


def limit(key: str) -> int | None:
    """The most characters a string may have, as the source's own field allows."""
    parts = key.split(".")
    if parts[0] == "symptom":
        return Symptom._meta.get_field("text").max_length
    if parts[0] == "step":
        if parts[2] == "choice":
            return Choice._meta.get_field("label").max_length
        return Step._meta.get_field(parts[2]).max_length
    if parts[0] == "fallback":
        if parts[1] == "link":
            return FallbackLink._meta.get_field("label").max_length
        return Guide._meta.get_field(f"fallback_{parts[1]}").max_length
    return Guide._meta.get_field(key).max_length


class TranslationForm(forms.Form):
    """A field per string of the source's version. `seen` carries the stamp of the
    texts as the page loaded them: a save over a newer one is refused."""

    seen = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, record: dict, language: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name = language_name(language)
        self.sections = translation.sections(record)
        for section in self.sections:
            for row in section.rows:
                most = limit(row.key)
                widget = (
                    forms.Textarea(attrs={"rows": 5, "cols": 60})
                    if row.multiline
                    else forms.TextInput(attrs={"size": 60})
                )
                widget.attrs["lang"] = language
                widget.attrs["aria-describedby"] = f"source-{row.key}"
                self.fields[row.key] = forms.CharField(
                    label=f"{row.label} in {name}",
                    required=False,
                    strip=False,
                    max_length=most,
                    widget=widget,
                    help_text=f"Up to {most} characters." if most else "",
                )
                # As on the guide's page: a limit is stated and enforced, never cut.
                widget.attrs.pop("maxlength", None)

    def texts(self) -> dict[str, str]:
        """The strings typed, line ends as "\n"; those left empty are not kept."""
        return {
            key: content.normalise_line_ends(self.cleaned_data[key])
            for key in (row.key for section in self.sections for row in section.rows)
            if self.cleaned_data[key].strip()
        }


class AddTranslationForm(forms.Form):
    language = forms.ChoiceField(label="Language")

    def __init__(self, guide: Guide, *args, **kwargs):
        super().__init__(*args, **kwargs)
        taken = {guide.source_language, *guide.translations.values_list("language", flat=True)}
        self.fields["language"].choices = [
            (code, language_name(code)) for code, _ in settings.LANGUAGES if code not in taken
        ]


class TranslationImportForm(forms.Form):
    MAX_BYTES = 1_000_000

    file = forms.FileField(
        label="Import a translated file",
        help_text="A .csv or .po file exported from this page, of up to 1 MB. Its strings "
        "replace the draft's.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError("The file is over 1 MB.")
        try:
            return upload.name, upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                "The file is not UTF-8 text. Save it as UTF-8 and try again."
            ) from None
