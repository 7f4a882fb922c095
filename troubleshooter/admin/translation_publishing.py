"""A translation's publishing pages in the admin: publish (or ask for a review),
compare, restore and history, as a guide's own draft has."""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404

from troubleshooter import content, translation
from troubleshooter.admin import reviews
from troubleshooter.admin.forms import PublishForm
from troubleshooter.admin.pages import guide_page
from troubleshooter.admin.publishing import (
    RECENT_SAVES,
    compare_choices,
    newest_first,
    saved_at,
)
from troubleshooter.admin.translations import editable_translation, translation_url
from troubleshooter.models import (
    GuideVersion,
    Translation,
    TranslationRevision,
)


def publish(model_admin, request, guide_id: int, language: str):
    """Publish the translation over the guide's live version; an editor who may not
    publish asks for a review of it here instead."""
    guide, item = editable_translation(model_admin, request, guide_id, language)
    source = guide.live_version
    if source is None:
        return HttpResponseRedirect(translation_url(item))
    record = item.draft_content(source)
    opened = {"reviewed": content.fingerprint(record), "live_number": source.number}
    publisher = reviews.can_publish(request.user)
    review = item.waiting_review()
    form = PublishForm(request.POST or None, initial=opened)
    if not publisher:
        form.fields["note"].label = "Note for the reviewer (optional)"
    unchanged, notice = item.is_unchanged(source), ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def publish_translation():
            version = item.publish(
                request.user,
                data["note"],
                reviewed=data["reviewed"],
                source_when_reviewed=data["live_number"],
            )
            model_admin.message_user(
                request, f"{item.language_name} version {version.number} is live.", messages.SUCCESS
            )
            return HttpResponseRedirect(translation_url(item))

        def ask_for_review():
            return reviews.ask(
                model_admin, request, guide, record, source.number, data["note"], item
            )

        outcome = reviews.publish_or_ask(
            model_admin,
            request,
            guide,
            data,
            opened=opened,
            unchanged=unchanged,
            review=review,
            publish=publish_translation,
            ask=ask_for_review,
            changed=TRANSLATION_CHANGED,
            meanwhile=lambda live: source_published_meanwhile(live.number),
            live=source,
        )
        if not isinstance(outcome, str):
            return outcome
        if notice := outcome:
            form = PublishForm(initial={**opened, "note": data["note"]})
    found = item.problems(source)
    what = f"the {item.language_name} translation of “{guide.title}”"
    return guide_page(
        model_admin,
        request,
        guide,
        "translation_publish.html",
        f"Publish {what}" if publisher else f"Ask for a review of {what}",
        translation=item,
        translation_url=translation_url(item),
        state=item.state(source),
        form=form,
        publisher=publisher,
        **reviews.review_context(review, record),
        errors=[problem for problem in found if problem.is_error],
        warnings=[problem for problem in found if not problem.is_error],
        needs=[
            (translation.where(source.content, behind.key), behind)
            for behind in item.needs_translation(source)
        ],
        comparison=content.compare(item.live_version.content, record)
        if item.live_version
        else None,
        source=source,
        unchanged=unchanged,
        notice=notice,
    )


TRANSLATION_CHANGED = (
    "The translation changed after you opened this page, so nothing was published or "
    "sent. Review it below, then press the button again."
)


def source_published_meanwhile(number: int) -> str:
    return (
        f"The guide's version {number} was published after you opened this page, so "
        "nothing was published or sent. Review the translation of it below, then press "
        "the button again."
    )


def texts_content(item: Translation, which: str) -> tuple[str, str, dict]:
    """ "draft", "live", a version number in the translation's language or "save-N" (a
    draft save): its value for the form, name and content. The draft and its saves are
    read over the guide's live version."""
    source = item.guide.live_version
    if which == "draft" and source is not None:
        return "draft", "the draft", item.draft_content(source)
    if which.startswith("save-") and source is not None:
        try:
            revision = item.revisions.select_related("created_by").get(pk=int(which[5:]))
        except (ValueError, OverflowError, TranslationRevision.DoesNotExist):
            raise Http404("That translation has no such save.") from None
        return which, saved_at(revision), item.draft_content(source, revision.texts)
    if which == "live" and item.live_version:
        which = str(item.live_version.number)
    try:
        version = item.published_versions().get(number=int(which))
    except (ValueError, OverflowError, GuideVersion.DoesNotExist):
        raise Http404("That translation has no such version.") from None
    return which, f"version {version.number}", version.content


def compare(model_admin, request, guide_id: int, language: str):
    guide, item = editable_translation(model_admin, request, guide_id, language)
    old_value, old_name, old = texts_content(item, request.GET.get("from", "live"))
    new_value, new_name, new = texts_content(item, request.GET.get("to", "draft"))
    choices = compare_choices(
        item.published_versions().values_list("number", flat=True),
        item.revisions.select_related("created_by")[:RECENT_SAVES],
        [(old_value, old_name), (new_value, new_name)],
    )
    return guide_page(
        model_admin,
        request,
        guide,
        "compare.html",
        f"{item.language_name} translation: compare {old_name} with {new_name}",
        translation=item,
        comparison=content.compare(old, new),
        choices=choices,
        old_value=old_value,
        new_value=new_value,
    )


def history(model_admin, request, guide_id: int, language: str):
    guide, item = editable_translation(model_admin, request, guide_id, language)
    entries = [
        {
            "kind": "version",
            "value": str(version.number),
            "name": f"Version {version.number}",
            "at": version.created_at,
            "by": version.created_by,
            "note": version.note,
            "warnings": version.warnings,
            "size": following(version),
            "live": version.pk == item.live_version_id,
            "restore_url": translation_url(item, "guide_translation_restore", version.number),
        }
        for version in item.published_versions().select_related("created_by")
    ]
    entries += [
        {
            "kind": "save",
            "value": f"save-{revision.pk}",
            "name": "Draft saved",
            "at": revision.created_at,
            "by": revision.created_by,
            "size": sum(1 for text in revision.texts.values() if text.strip()),
            "restore_url": translation_url(item, "guide_translation_restore_save", revision.pk),
        }
        for revision in item.revisions.select_related("created_by")
    ]
    return guide_page(
        model_admin,
        request,
        guide,
        "history.html",
        f"History of the {item.language_name} translation of “{guide.title}”",
        translation=item,
        state=item.state(guide.live_version),
        entries=newest_first(entries),
        size_heading="Translated",
        compare_url=translation_url(item, "guide_translation_compare"),
        can_change=True,
    )


def following(version: GuideVersion) -> str:
    """What a translation's version translates, for its history: "of version 5"."""
    source = version.content.get("source")
    return f"of version {source['number']}" if source else "—"


def restore(model_admin, request, guide_id: int, language: str, number: int):
    guide, item = editable_translation(model_admin, request, guide_id, language)
    if guide.live_version is None:
        raise Http404("Publish the guide before restoring a translation of it.")
    version = get_object_or_404(item.published_versions(), number=number)
    texts = translation.strings(version.content)
    # Only the texts come back, over the guide's live version: the page shows that.
    record = item.draft_content(guide.live_version, texts)
    return restore_page(model_admin, request, item, texts, record, f"version {number}")


def restore_save(model_admin, request, guide_id: int, language: str, revision_id: int):
    guide, item = editable_translation(model_admin, request, guide_id, language)
    revision = get_object_or_404(item.revisions.select_related("created_by"), pk=revision_id)
    if guide.live_version is None:
        raise Http404("Publish the guide before restoring a translation of it.")
    record = item.draft_content(guide.live_version, revision.texts)
    return restore_page(model_admin, request, item, revision.texts, record, saved_at(revision))


def restore_page(model_admin, request, item: Translation, texts: dict, record: dict, name: str):
    """Make the translation's draft read as `texts` (a version's or an earlier save's)
    on POST; otherwise the page that shows what that would change."""
    if request.method == "POST":
        item.save_texts(dict(texts), request.user)
        model_admin.message_user(
            request,
            f"The {item.language_name} translation's draft now reads as {name}. Visitors "
            "keep seeing the live version until it is published.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(translation_url(item))
    return guide_page(
        model_admin,
        request,
        item.guide,
        "restore.html",
        f"Restore {name} into the {item.language_name} translation's draft?",
        translation=item,
        restored_name=name,
        back_url=translation_url(item),
        comparison=content.compare(item.draft_content(item.guide.live_version), record),
    )
