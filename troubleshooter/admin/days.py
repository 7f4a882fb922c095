"""A range of days staff choose on the report and the searches that found nothing:
the last 30 days unless chosen, from 2000 to today; and a language to narrow them to."""

import datetime

from django import forms
from django.conf import settings
from django.utils import timezone

from troubleshooter.models.translations import language_name


def language_field(languages=()) -> forms.ChoiceField:
    """A choice of "All languages" or one of these and settings.LANGUAGES, named as
    staff read them ("Spanish")."""
    codes = dict.fromkeys([*(code for code, _ in settings.LANGUAGES), *languages])
    return forms.ChoiceField(
        label="Language",
        required=False,
        choices=[("", "All languages"), *((code, language_name(code)) for code in codes)],
    )


class DayRangeForm(forms.Form):
    start = forms.DateField(label="From", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="To", widget=forms.DateInput(attrs={"type": "date"}))

    EARLIEST = datetime.date(2000, 1, 1)

    def __init__(self, data):
        today = timezone.localdate()
        super().__init__({"start": today - datetime.timedelta(days=29), "end": today, **data})

    def clean_start(self):
        return self.within_reach(self.cleaned_data["start"], "From")

    def clean_end(self):
        return self.within_reach(self.cleaned_data["end"], "To")

    def within_reach(self, day: datetime.date, label: str) -> datetime.date:
        today = timezone.localdate()
        if not self.EARLIEST <= day <= today:
            raise forms.ValidationError(
                f"Choose a “{label}” date between 1 January 2000 and today "
                f"({today:%-d %B %Y}): nothing was counted outside those days."
            )
        return day

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            raise forms.ValidationError("“From” is after “To”: swap the dates.")
        if start and end and (end - start).days > 3660:
            raise forms.ValidationError("Choose a range of ten years or less.")
        return cleaned


class SearchMissForm(DayRangeForm):
    language = language_field()
