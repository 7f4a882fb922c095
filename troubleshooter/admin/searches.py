"""Searches that found nothing, for staff: each search's words and language with how
often they were searched for over a range of days, most first, in every language or
one. What to write (or translate) next."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse

from troubleshooter.admin.days import SearchMissForm
from troubleshooter.models import SearchMiss
from troubleshooter.models.translations import language_name

# Rows shown for a range: the most frequent searches are the ones worth a guide.
ROWS_SHOWN = 500


@admin.register(SearchMiss)
class SearchMissAdmin(admin.ModelAdmin):
    """Read only: the counts are the visitors'."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = SearchMissForm(request.GET.dict())
        rows, more = [], False
        if form.is_valid():
            found = SearchMiss.objects.most_frequent(
                form.cleaned_data["start"], form.cleaned_data["end"], form.cleaned_data["language"]
            )
            rows = list(found[: ROWS_SHOWN + 1])
            rows, more = rows[:ROWS_SHOWN], len(rows) > ROWS_SHOWN
            for row in rows:
                row["language_name"] = language_name(row["language"])
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Searches that found nothing",
            "form": form,
            "rows": rows,
            "more": more,
            "rows_shown": ROWS_SHOWN,
        }
        template = "admin/troubleshooter/searchmiss/change_list.html"
        return TemplateResponse(request, template, context)
