"""Topics in the admin, and the choice of a guide's topics on the guide's page."""

from django import forms
from django.conf import settings
from django.contrib import admin

from troubleshooter.admin.forms import GuideForm, LimitsShown
from troubleshooter.models import Topic, language_name


def other_languages() -> list[str]:
    return [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def translated_fields() -> dict[str, forms.CharField]:
    """A name and a description field for each of the site's other languages."""
    fields = {}
    for code in other_languages():
        language = language_name(code)
        fields[f"name_{code}"] = forms.CharField(
            label=f"Name in {language}",
            max_length=80,
            required=False,
            help_text="Empty: visitors reading it see the English name.",
        )
        fields[f"description_{code}"] = forms.CharField(
            label=f"Description in {language}",
            max_length=160,
            required=False,
            help_text="Empty: visitors reading it see the English description.",
        )
    return fields


class TopicFormBase(forms.ModelForm):
    """A topic, with its name and description in each of the site's other languages:
    a pair of fields per language, kept in `translations`. Left empty, visitors reading
    that language read the English."""

    class Meta:
        model = Topic
        fields = ["name", "slug", "description", "order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code in other_languages():
            saved = self.instance.translations.get(code, {})
            for field in ("name", "description"):
                self.fields[f"{field}_{code}"].initial = saved.get(field, "")

    def save(self, commit=True):
        translations = {}
        for code in other_languages():
            texts = {
                field: text
                for field in ("name", "description")
                if (text := self.cleaned_data.get(f"{field}_{code}", "").strip())
            }
            if texts:
                translations[code] = texts
        self.instance.translations = translations
        return super().save(commit)


TopicForm = type("TopicForm", (TopicFormBase,), translated_fields())


class TopicOrderForm(forms.ModelForm):
    """A row of the topic list, whose order box says whose order it is: the list has no
    label per row."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].widget.attrs["aria-label"] = f"Order of {self.instance.name}"


@admin.register(Topic)
class TopicAdmin(LimitsShown, admin.ModelAdmin):
    list_display = ["name", "order", "live_guides", "slug"]
    list_editable = ["order"]
    search_fields = ["name", "description"]
    form = TopicForm
    prepopulated_fields = {"slug": ["name"]}

    def get_fields(self, request, obj=None):
        # A guide's topics are chosen on the guide's page, beside what it covers.
        translated = [
            f"{field}_{code}" for code in other_languages() for field in ("name", "description")
        ]
        return ["name", "slug", "description", "order", *translated]

    def get_queryset(self, request):
        return super().get_queryset(request).with_live_guide_count()

    def get_changelist_form(self, request, **kwargs):
        return super().get_changelist_form(request, form=TopicOrderForm, **kwargs)

    @admin.display(description="Live guides", ordering="live_guide_count")
    def live_guides(self, topic):
        return topic.live_guide_count


class GuideTopicsForm(GuideForm):
    """The guide's page with its topics. They are saved with the form but, unlike the
    rest of it, not into the draft: topics are site structure, not versioned content."""

    topics = forms.ModelMultipleChoiceField(
        Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Where the home page lists the guide while it is live. A change shows on "
        "the site as soon as you save, for the live version too: topics are not part of "
        "the draft, so there is nothing to publish.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["topics"].initial = self.instance.topics.all()

    def _save_m2m(self):
        super()._save_m2m()
        self.instance.topics.set(self.cleaned_data["topics"])
