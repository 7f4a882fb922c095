"""A guide's translations in the admin: add one, edit its strings beside the source's
(merging a save made meanwhile), preview it, and export or import it as a file for a
translator. Publishing, review and history are in translation_publishing.py."""

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import override

from troubleshooter import content, translation, translation_files
from troubleshooter.admin.pages import editable_guide, guide_page
from troubleshooter.admin.reviews import can_publish
from troubleshooter.admin.translation_forms import (
    AddTranslationForm,
    TranslationForm,
    TranslationImportForm,
)
from troubleshooter.models import (
    Guide,
    GuideVersion,
    ReviewRequest,
    TextsChanged,
    Translation,
    Visit,
)
from troubleshooter.screens import step_url


def translation_url(item: Translation, page: str = "guide_translation", *more) -> str:
    """The address of one of a translation's pages; `more` are the page's own arguments."""
    return reverse(f"admin:{page}", args=[item.guide_id, item.language, *more])


def editable_translation(model_admin, request, guide_id: int, language: str):
    guide = editable_guide(model_admin, request, guide_id)
    item = get_object_or_404(guide.translations.with_versions(), language=language)
    item.guide = guide
    return guide, item


def overview(guide: Guide) -> dict:
    """The guide page's Translations section: each language's state, and the
    languages a translation can be added in."""
    return {
        "translations": [
            (item, item.listed_state(guide.live_version)) for item in guide.translations.all()
        ],
        "add_translation_form": AddTranslationForm(guide),
    }


def add(model_admin, request, guide_id: int):
    guide = editable_guide(model_admin, request, guide_id)
    form = AddTranslationForm(guide, request.POST)
    if not form.is_valid():
        raise Http404("That language can't be added to this guide.")
    item = Translation.objects.create(
        guide=guide,
        language=form.cleaned_data["language"],
        follows_version=guide.live_version,
        updated_by=request.user,
    )
    return HttpResponseRedirect(translation_url(item))


def edit(model_admin, request, guide_id: int, language: str):
    guide, item = editable_translation(model_admin, request, guide_id, language)
    source = guide.live_version
    if source is None:
        return page(model_admin, request, item, form=None, source=None)
    form = TranslationForm(
        source.content,
        language,
        request.POST or None,
        initial={**item.texts, "seen": item.stamp()},
    )
    if request.method == "POST" and form.is_valid():
        saved = save_typed(model_admin, request, item, form, source)
        if isinstance(saved, HttpResponse):
            return saved
        if request.POST.get("_action") == "publish":
            return HttpResponseRedirect(translation_url(item, "guide_translation_publish"))
        if request.POST.get("_action") == "preview":
            return start_preview(item, source)
        if saved == "saved":
            model_admin.message_user(
                request,
                f"Saved in the draft of the {item.language_name} translation. Visitors see "
                "it once it is published.",
                messages.SUCCESS,
            )
        return HttpResponseRedirect(translation_url(item))
    return page(model_admin, request, item, form=form, source=source)


def save_typed(model_admin, request, item: Translation, form, source) -> HttpResponse | str:
    """Save the texts typed: "saved"; over a save made since the page was opened, merged
    into it: "merged". The page again where the editor must look: strings both changed
    (the text saved first kept, what this editor typed beside it), or a save that
    cannot be merged (nothing saved, everything typed kept)."""
    typed, seen = form.texts(), form.cleaned_data["seen"]
    try:
        item.save_texts(typed, request.user, seen)
        return "saved"
    except TextsChanged as changed:
        newer = changed
    try:
        collisions = item.merge_texts(typed, request.user, seen)
    except TextsChanged:
        form.data = form.data.copy()
        form.data["seen"] = Translation.objects.get(pk=item.pk).stamp()
        form.add_error(
            None,
            f"{newer}, so your texts were not saved. Everything you typed is still below. "
            "Press Save again to replace what they saved with your texts.",
        )
        return page(model_admin, request, item, form=form, source=source)
    say_merged(model_admin, request, item, newer.saved, collisions)
    if not collisions:
        return "merged"
    form = TranslationForm(
        source.content, item.language, initial={**item.texts, "seen": item.stamp()}
    )
    return page(model_admin, request, item, form=form, source=source, collisions=collisions)


def say_merged(model_admin, request, item: Translation, saved: Translation, collisions):
    """Tell the editor their texts were added to a save made since they opened the page,
    and, if both changed some strings, that the page marks them."""
    who = saved.updated_by.get_username() if saved.updated_by else "the other editor"
    if not collisions:
        model_admin.message_user(
            request, f"Your changes were added to {who}'s save.", messages.SUCCESS
        )
        return
    model_admin.message_user(
        request,
        format_html(
            "Your changes were added to {}'s save, except where you both changed the same "
            "{}: there the draft keeps {}'s text, marked below with yours beside it. Your "
            'texts as you saved them are also in the <a href="{}">History</a>.',
            who,
            "string" if len(collisions) == 1 else "strings",
            who,
            translation_url(item, "guide_translation_history"),
        ),
        messages.WARNING,
    )


def start_preview(item: Translation, source: GuideVersion):
    """A staff visit, in the translation's language, on a frozen copy of its draft over
    the guide's version `source`; strings not yet translated read as the source's."""
    version = GuideVersion.objects.compiled(item.preview_version(source).id)
    visit = Visit.objects.start(version, item.guide_id, is_preview=True, language=item.language)
    with override(item.language):
        return HttpResponseRedirect(step_url(visit.id, 1))


def page(model_admin, request, item: Translation, *, form, source, collisions=()):
    """The translation's page: each string of the source beside its translation,
    grouped by step, with the strings whose source changed marked, and those two
    editors both changed (`collisions`) with the text this one typed."""
    needs = {behind.key: behind for behind in item.needs_translation(source)}
    yours = {collision.key: collision.yours for collision in collisions}
    sections = [
        (
            section.heading,
            [(row, form[row.key], needs.get(row.key), yours.get(row.key)) for row in section.rows],
        )
        for section in (form.sections if form else [])
    ]
    latest = item.reviews.select_related("asked_by", "answered_by").first()
    state = latest.state if latest else None
    return guide_page(
        model_admin,
        request,
        item.guide,
        "translation.html",
        f"{item.language_name} translation of “{item.guide.title}”",
        translation=item,
        state=item.state(source),
        form=form,
        sections=sections,
        needs=len(needs),
        source=source,
        publisher=can_publish(request.user),
        review=latest if state == ReviewRequest.State.WAITING else None,
        sent_back=latest if state == ReviewRequest.State.SENT_BACK else None,
        import_form=TranslationImportForm(),
    )


def export(model_admin, request, guide_id: int, language: str, kind: str):
    guide, item = editable_translation(model_admin, request, guide_id, language)
    if guide.live_version is None or kind not in ("csv", "po"):
        raise Http404("Nothing to export.")
    record = guide.live_version.content
    places = translation.places(record)
    rows = [
        translation_files.FileRow(key, places[key], source, item.texts.get(key, ""))
        for key, source in translation.strings(record).items()
    ]
    if kind == "csv":
        body, mime = translation_files.to_csv(rows), "text/csv"
    else:
        body, mime = (
            translation_files.to_po(rows, language, record["title"]),
            "text/x-gettext-translation",
        )
    response = HttpResponse(body, content_type=f"{mime}; charset=utf-8")
    filename = f"{record['slug']}.{language}.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def import_file(model_admin, request, guide_id: int, language: str):
    """Replace the draft's texts with a translator's file, if its keys are exactly the
    source's; otherwise say what differs and keep the draft as it is."""
    guide, item = editable_translation(model_admin, request, guide_id, language)
    form = TranslationImportForm(request.POST, request.FILES)
    if guide.live_version is None:
        raise Http404("Publish the guide before translating it.")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                model_admin.message_user(request, f"Nothing was imported. {error}", messages.ERROR)
        return HttpResponseRedirect(translation_url(item))
    name, text = form.cleaned_data["file"]
    record = guide.live_version.content
    try:
        texts = translation_files.read(name, text)
    except translation_files.FileRefused as refused:
        model_admin.message_user(request, f"Nothing was imported. {refused}", messages.ERROR)
        return HttpResponseRedirect(translation_url(item))
    if problem := translation_files.mismatch(translation.places(record), texts):
        model_admin.message_user(request, problem, messages.ERROR)
        return HttpResponseRedirect(translation_url(item))
    item.save_texts(
        {key: content.normalise_line_ends(text) for key, text in texts.items() if text.strip()},
        request.user,
    )
    model_admin.message_user(
        request,
        f"Imported {sum(1 for text in texts.values() if text.strip())} of {len(texts)} "
        f"strings from {name} into the draft. Check them, then publish.",
        messages.SUCCESS,
    )
    return HttpResponseRedirect(translation_url(item))
