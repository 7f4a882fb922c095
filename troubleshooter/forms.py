from django import forms

# Keys of steps and answers, as troubleshooter.models.new_key makes them.
KEY = r"^[0-9a-f]{1,16}$"


class AnswerForm(forms.Form):
    """The step and answer button a visitor pressed, by their keys in the visit's version."""

    step = forms.RegexField(KEY)
    choice = forms.RegexField(KEY)
