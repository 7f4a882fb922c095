"""Importing an article in the admin: the page that turns it into a new draft."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse

from troubleshooter.admin.forms import ImportForm
from troubleshooter.admin.pages import change_url
from troubleshooter.article_left_out import left_out_message
from troubleshooter.models import Guide


def import_article(model_admin, request):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        same_title = [] if data["second_guide"] else same_title_as(data["article"])
        if not same_title:
            return make_draft(model_admin, request, data["article"])
        # Nothing is made yet: the form again, with the article's text in the box
        # (a browser cannot send a chosen file again).
        uploaded = data["file"].name if data["file"] else ""
        context = {"same_title": same_title, "article": data["article"], "uploaded": uploaded}
        form = ImportForm(initial={"text": data["text"]})
    return TemplateResponse(
        request,
        "admin/troubleshooter/guide/import.html",
        {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.opts,
            "title": "Import an article",
            "form": form,
            **context,
        },
    )


def same_title_as(article) -> list[Guide]:
    return list(Guide.objects.titled(article.title).with_draft())


def make_draft(model_admin, request, article):
    guide = Guide.objects.create_from_article(article)
    guide.record_revision(request.user)
    model_admin.message_user(
        request,
        f"Imported “{guide.title}” as an unpublished draft with {len(article.steps)} "
        "steps. The instructions are the article's words: rewrite them in ours, check "
        "the map, then publish.",
        messages.SUCCESS,
    )
    if article.left_out:  # so that nothing disappears without a word
        model_admin.message_user(request, left_out_message(article.left_out), messages.INFO)
    for note in article.notes:
        model_admin.message_user(request, note, messages.WARNING)
    return HttpResponseRedirect(change_url(guide))
