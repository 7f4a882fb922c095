"""The guide's publishing pages in the admin: publish, unpublish, preview, compare,
restore and history."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from troubleshooter import content
from troubleshooter.admin import reviews
from troubleshooter.admin.forms import PublishForm
from troubleshooter.admin.pages import change_url, editable_guide, guide_page
from troubleshooter.models import (
    DraftRevision,
    Guide,
    GuideVersion,
    Visit,
)
from troubleshooter.screens import step_url


def publish(model_admin, request, guide_id: int):
    guide = editable_guide(model_admin, request, guide_id)
    draft = guide.draft_content()
    live = guide.live_version.content if guide.live_version else None
    unchanged = live is not None and content.fingerprint(draft) == content.fingerprint(live)
    opened = {
        "reviewed": content.fingerprint(draft),
        "live_number": guide.live_version.number if guide.live_version else 0,
    }
    publisher = reviews.can_publish(request.user)
    review = guide.waiting_review()
    form = PublishForm(request.POST or None, initial=opened)
    if not publisher:
        form.fields["note"].label = "Note for the reviewer (optional)"
    notice = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def publish_draft():
            version = guide.publish(
                request.user,
                data["note"],
                reviewed=data["reviewed"],
                live_when_reviewed=data["live_number"],
            )
            model_admin.message_user(
                request, f"Version {version.number} is live.", messages.SUCCESS
            )
            return HttpResponseRedirect(change_url(guide))

        def ask_for_review():
            live_number = opened["live_number"]
            return reviews.ask(model_admin, request, guide, draft, live_number, data["note"])

        outcome = reviews.publish_or_ask(
            model_admin,
            request,
            guide,
            data,
            opened=opened,
            unchanged=unchanged,
            review=review,
            publish=publish_draft,
            ask=ask_for_review,
            changed=DRAFT_CHANGED,
            meanwhile=lambda live: published_meanwhile(live, data["note"]),
            live=guide.live_version,
        )
        if not isinstance(outcome, str):
            return outcome
        if notice := outcome:
            form = PublishForm(initial={**opened, "note": data["note"]})
    found = content.problems(draft)
    return guide_page(
        model_admin,
        request,
        guide,
        "publish.html",
        f"Publish “{guide.title}”" if publisher else f"Ask for a review of “{guide.title}”",
        form=form,
        publisher=publisher,
        **reviews.review_context(review, draft),
        errors=[problem for problem in found if problem.is_error],
        warnings=[problem for problem in found if not problem.is_error],
        comparison=content.compare(live, draft) if live else None,
        unchanged=unchanged,
        state=guide.state,
        notice=notice,
    )


DRAFT_CHANGED = (
    "The draft changed after you opened this page, so nothing was published. Below is what "
    "would change for visitors now: review it, then press Publish again."
)


def published_meanwhile(live, note: str) -> str:
    """Why a Publish was refused because another editor published (or unpublished) first."""
    if live is None:
        happened = "The guide was unpublished after you opened this page"
    else:
        who = live.created_by.get_username() if live.created_by else "Someone"
        said = f" with the note “{live.note}”" if live.note else ""
        when = timezone.localtime(live.created_at).strftime("%H:%M")
        happened = (
            f"{who} published version {live.number} at {when}{said}, after you opened this page"
        )
    kept = f" Your note, “{note}”, is kept below." if note else ""
    return (
        f"{happened}, so yours was not published.{kept} Below is what would change for "
        "visitors now: review it, then press Publish again."
    )


def unpublish(model_admin, request, guide_id: int):
    guide = editable_guide(model_admin, request, guide_id)
    if request.method == "POST":
        guide.unpublish()
        model_admin.message_user(
            request,
            "The guide is no longer published. Visits already under way finish on their version.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(change_url(guide))
    return guide_page(model_admin, request, guide, "unpublish.html", f"Unpublish “{guide.title}”?")


def start_preview(model_admin, request, guide: Guide):
    """A staff visit on a frozen copy of the draft, from its first step."""
    if stuck := content.stuck_problems(guide.draft_content()):
        for problem in stuck:
            model_admin.message_user(request, f"Cannot preview yet. {problem}", messages.ERROR)
        return HttpResponseRedirect(change_url(guide))
    version = GuideVersion.objects.compiled(guide.preview_version().id)
    visit = Visit.objects.start(version, guide.id, is_preview=True)
    return HttpResponseRedirect(step_url(visit.id, 1))


def saved_at(revision: DraftRevision) -> str:
    who = revision.created_by.get_username() if revision.created_by else "before history"
    return f"the save of {timezone.localtime(revision.created_at):%-d %b %Y, %H:%M:%S} ({who})"


def version_content(guide: Guide, which: str) -> tuple[str, str, dict]:
    """ "draft", "live", a version number or "save-N" (a draft save): its value for the
    form, name and content."""
    if which == "draft":
        return "draft", "the draft", guide.draft_content()
    if which.startswith("save-"):
        try:
            revision = guide.revisions.select_related("created_by").get(pk=int(which[5:]))
        except (ValueError, OverflowError, DraftRevision.DoesNotExist):
            raise Http404("That guide has no such save.") from None
        return which, saved_at(revision), revision.content
    if which == "live" and guide.live_version:
        which = str(guide.live_version.number)
    try:
        version = guide.source_versions().published().get(number=int(which))
    except (ValueError, OverflowError, GuideVersion.DoesNotExist):
        raise Http404("That guide has no such version.") from None
    return which, f"version {version.number}", version.content


def compare(model_admin, request, guide_id: int):
    guide = editable_guide(model_admin, request, guide_id)
    old_value, old_name, old = version_content(guide, request.GET.get("from", "live"))
    new_value, new_name, new = version_content(guide, request.GET.get("to", "draft"))
    choices = compare_choices(
        guide.source_versions().published().values_list("number", flat=True),
        guide.revisions.select_related("created_by")[:RECENT_SAVES],
        [(old_value, old_name), (new_value, new_name)],
    )
    return guide_page(
        model_admin,
        request,
        guide,
        "compare.html",
        f"Compare {old_name} with {new_name}",
        comparison=content.compare(old, new),
        choices=choices,
        old_value=old_value,
        new_value=new_value,
    )


RECENT_SAVES = 20  # draft saves offered on the Compare page's lists


def compare_choices(numbers, saves, compared: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The Compare page's lists, of a guide's draft or a translation's: the draft, the
    published versions' `numbers`, the recent `saves`, and the two `compared` (value,
    name) when one is an older save, asked for from the history."""
    choices = [
        ("draft", "the draft"),
        *((str(n), f"version {n}") for n in numbers),
        *((f"save-{revision.pk}", saved_at(revision)) for revision in saves),
    ]
    for value, name in compared:
        if value not in dict(choices):
            choices.append((value, name))
    return choices


def restore(model_admin, request, guide_id: int, number: int):
    guide = editable_guide(model_admin, request, guide_id)
    version = get_object_or_404(guide.source_versions().published(), number=number)
    return restore_page(model_admin, request, guide, version, f"version {number}")


def restore_save(model_admin, request, guide_id: int, revision_id: int):
    guide = editable_guide(model_admin, request, guide_id)
    revision = get_object_or_404(guide.revisions.select_related("created_by"), pk=revision_id)
    return restore_page(model_admin, request, guide, revision, saved_at(revision))


def restore_page(model_admin, request, guide: Guide, source, name: str):
    """Make the draft read as a version or an earlier save (`source`) did, on POST;
    otherwise the page that shows what that would change."""
    if request.method == "POST":
        guide.restore_draft(source.content)
        guide.record_revision(request.user)
        model_admin.message_user(
            request,
            f"The draft now reads as {name}. Visitors keep seeing the live version until it "
            "is published.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(change_url(guide))
    return guide_page(
        model_admin,
        request,
        guide,
        "restore.html",
        f"Restore {name} into the draft?",
        restored_name=name,
        comparison=content.compare(guide.draft_content(), source.content),
    )


def history(model_admin, request, object_id):
    guide = model_admin.get_object(request, object_id)
    if guide is None:
        raise Http404("No such guide.")
    if not model_admin.has_view_or_change_permission(request, guide):
        raise PermissionDenied
    return guide_page(
        model_admin,
        request,
        guide,
        "history.html",
        f"History of “{guide.title}”",
        entries=history_entries(guide),
        compare_url=reverse("admin:guide_compare", args=[guide.pk]),
        can_change=model_admin.has_change_permission(request, guide),
    )


def history_entries(guide: Guide) -> list[dict]:
    """Draft saves and published versions together, newest first, each with what
    Compare and Restore need."""
    entries = [
        {
            "kind": "version",
            "value": str(version.number),
            "name": f"Version {version.number}",
            "at": version.created_at,
            "by": version.created_by,
            "note": version.note,
            "warnings": version.warnings,
            "size": version.step_count,
            "live": version.pk == guide.live_version_id,
            "restore_url": reverse("admin:guide_restore", args=[guide.pk, version.number]),
        }
        for version in guide.source_versions().published().select_related("created_by")
    ]
    entries += [
        {
            "kind": "save",
            "value": f"save-{revision.pk}",
            "name": "Draft saved",
            "at": revision.created_at,
            "by": revision.created_by,
            "size": revision.step_count,
            "restore_url": reverse("admin:guide_restore_save", args=[guide.pk, revision.pk]),
        }
        for revision in guide.revisions.select_related("created_by")
    ]
    return newest_first(entries)


def newest_first(entries: list[dict]) -> list[dict]:
    """History entries newest first, each with the one before it, for "What changed here"."""
    entries.sort(key=lambda entry: entry["at"], reverse=True)
    for entry, older in zip(entries, [*entries[1:], None], strict=True):
        entry["previous"] = older
    return entries
