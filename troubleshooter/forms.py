from django import forms
from django.utils.translation import gettext, gettext_lazy

from troubleshooter.models import Feedback

# Keys of steps and answers, as troubleshooter.models.new_key makes them.
KEY = r"^[0-9a-f]{1,16}$"


class AnswerForm(forms.Form):
    """The step and answer button a visitor pressed, by their keys in the visit's version."""

    step = forms.RegexField(KEY)
    choice = forms.RegexField(KEY)


class StartForm(forms.Form):
    """Start on a guide's page: the symptom chosen by its key, or none for step 1."""

    symptom = forms.RegexField(KEY, required=False)


class FeedbackForm(forms.Form):
    """ "What happened?" about a step a visitor just said didn't fix it."""

    tried_step = forms.RegexField(KEY)
    reason = forms.ChoiceField(
        required=False,
        choices=[("", ""), *Feedback.Reason.choices],
        error_messages={
            "invalid_choice": gettext_lazy("Choose one of the reasons offered, or write a comment.")
        },
    )
    comment = forms.CharField(required=False, strip=True)

    def clean_comment(self):
        comment = self.cleaned_data["comment"]
        limit = Feedback.COMMENT_LIMIT
        if len(comment) > limit:
            raise forms.ValidationError(
                gettext(
                    "Keep the comment to %(limit)d characters or fewer; it has %(length)d. "
                    "Nothing was cut: shorten it and send it again."
                )
                % {"limit": limit, "length": len(comment)}
            )
        return comment

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("reason") and not cleaned.get("comment"):
            raise forms.ValidationError(
                gettext("Choose a reason or write a comment, or just carry on.")
            )
        return cleaned
