"""A range of days staff choose on the report and the searches that found nothing:
the last 30 days unless chosen, from 2000 to today."""

import datetime

from django import forms
from django.utils import timezone


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
