from django import forms

LARGEST_ID = 2**63 - 1


class AnswerForm(forms.Form):
    step = forms.IntegerField(min_value=1, max_value=LARGEST_ID)
    choice = forms.IntegerField(min_value=1, max_value=LARGEST_ID)
