from django import forms


class AnswerForm(forms.Form):
    step = forms.IntegerField(min_value=1)
    choice = forms.IntegerField(min_value=1)
