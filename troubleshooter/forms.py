from django import forms

from troubleshooter.models import Step


class AnswerForm(forms.Form):
    """The step and answer button a visitor pressed, by their keys in the visit's version."""

    step = forms.CharField(max_length=Step._meta.get_field("key").max_length)
    choice = forms.CharField(max_length=Step._meta.get_field("key").max_length)
