"""A translation's publishing pages in the admin: publish (or ask for a review),
preview, compare, restore and history, as a guide's own draft has."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect

from troubleshooter import content, translation
from troubleshooter.admin.forms import PublishForm
from troubleshooter.admin.pages import guide_page
from troubleshooter.admin.reviews import can_publish
from troubleshooter.admin.translations import editable_translation, translation_url
from troubleshooter.models import DraftChanged, PublishedMeanwhile, PublishRefused


def publish(model_admin, request, guide_id: int, language: str):
    guide, item = editable_translation(model_admin, request, guide_id, language)
    if not can_publish(request.user):
        raise PermissionDenied
    source = guide.live_version
    if source is None:
        return HttpResponseRedirect(translation_url(item))
    opened = {
        "reviewed": content.fingerprint(item.draft_content(source)),
        "live_number": source.number,
    }
    form = PublishForm(request.POST or None, initial=opened)
    unchanged, notice = item.is_unchanged(source), ""
    if request.method == "POST" and form.is_valid() and not unchanged:
        data = form.cleaned_data
        try:
            version = item.publish(
                request.user,
                data["note"],
                reviewed=data["reviewed"],
                source_when_reviewed=data["live_number"],
            )
        except PublishRefused:
            pass  # the page below lists the problems
        except DraftChanged:
            notice = (
                "The translation changed after you opened this page, so nothing was "
                "published. Review it below, then press Publish again."
            )
        except PublishedMeanwhile as meanwhile:
            notice = (
                f"The guide's version {meanwhile.live.number} was published after you opened "
                "this page, so nothing was published. Review the translation of it below, "
                "then press Publish again."
            )
        else:
            model_admin.message_user(
                request,
                f"{item.language_name} version {version.number} is live.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(translation_url(item))
        if notice:
            form = PublishForm(initial={**opened, "note": data["note"]})
    found = item.problems(source)
    return guide_page(
        model_admin,
        request,
        guide,
        "translation_publish.html",
        f"Publish the {item.language_name} translation of “{guide.title}”",
        translation=item,
        translation_url=translation_url(item),
        state=item.state(source),
        form=form,
        errors=[problem for problem in found if problem.is_error],
        warnings=[problem for problem in found if not problem.is_error],
        needs=[
            (translation.where(source.content, behind.key), behind)
            for behind in item.needs_translation(source)
        ],
        source=source,
        unchanged=unchanged,
        notice=notice,
    )
