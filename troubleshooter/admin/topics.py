"""Topics in the admin, and the choice of a guide's topics on the guide's page."""

from django import forms
from django.contrib import admin

from troubleshooter.admin.forms import GuideForm, LimitsShown
from troubleshooter.models import Topic


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
    # A guide's topics are chosen on the guide's page, beside what it covers.
    fields = ["name", "slug", "description", "order"]
    prepopulated_fields = {"slug": ["name"]}

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
