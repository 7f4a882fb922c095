"""The review step on the Publish page: an editor who may not publish asks for a
review; a publisher publishes what was asked for, or sends it back with a note."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse

from troubleshooter import content
from troubleshooter.admin.pages import change_url
from troubleshooter.models import (
    DraftChanged,
    Guide,
    GuideVersion,
    PublishedMeanwhile,
    PublishRefused,
    ReviewRequest,
    Translation,
)


def can_publish(user) -> bool:
    return user.has_perm("troubleshooter.publish_guide")


def publish_or_ask(
    model_admin,
    request,
    guide: Guide,
    data: dict,
    *,
    opened: dict,
    unchanged: bool,
    review: ReviewRequest | None,
    publish: Callable[[], HttpResponse],
    ask: Callable[[], HttpResponse],
    changed: str,
    meanwhile: Callable[[GuideVersion | None], str],
    live: GuideVersion | None,
) -> HttpResponse | str:
    """What a Publish page's form asks, of the guide's draft or of a translation: send
    the review waiting back, ask for a review, or publish, each only over the draft and
    the live version the page showed (`opened`). A response to go on to, or the notice
    the page shows again with: `changed` when the draft changed since, `meanwhile(live)`
    when someone published first, "" for none (nothing to publish, or problems the page
    lists)."""
    publisher = can_publish(request.user)
    if request.POST.get("_action") == "send_back":
        if not publisher or review is None:
            raise PermissionDenied
        return send_back(model_admin, request, guide, review, data["note"])
    if data["live_number"] not in (None, opened["live_number"]):
        # Someone published first; with the same draft, this one has nothing left.
        return meanwhile(live)
    if unchanged:
        return ""
    if not publisher:
        return changed if data["reviewed"] != opened["reviewed"] else ask()
    try:
        response = publish()
    except PublishRefused:
        return ""
    except DraftChanged:
        return changed
    except PublishedMeanwhile as published:
        return meanwhile(published.live)
    if review is not None:
        review.answer(ReviewRequest.State.PUBLISHED, request.user, data["note"])
    return response


def ask(
    model_admin,
    request,
    guide: Guide,
    draft: dict,
    live_number: int,
    note: str,
    translation: Translation | None = None,
):
    """Ask for a review of the draft as shown (a translation's, with `translation`,
    over the guide's version `live_number`); it replaces a request still waiting."""
    asked = {
        "content": draft,
        "fingerprint": content.fingerprint(draft),
        "live_number": live_number,
        "note": note,
        "asked_by": request.user,
    }
    waiting = translation.waiting_review() if translation else guide.waiting_review()
    if waiting is None:
        ReviewRequest.objects.create(guide=guide, translation=translation, **asked)
    else:
        for name, value in asked.items():
            setattr(waiting, name, value)
        waiting.asked_at = ReviewRequest._meta.get_field("asked_at").default()
        waiting.save()
    model_admin.message_user(
        request,
        "Review asked for. A publisher sees exactly these changes and publishes them or "
        "sends them back with a note.",
        messages.SUCCESS,
    )
    return HttpResponseRedirect(review_url(guide, translation))


def send_back(model_admin, request, guide: Guide, review: ReviewRequest, note: str):
    review.answer(ReviewRequest.State.SENT_BACK, request.user, note)
    model_admin.message_user(
        request, "Sent back to the editor who asked, with your note.", messages.SUCCESS
    )
    return HttpResponseRedirect(review_url(guide, review.translation))


def review_url(guide: Guide, translation: Translation | None) -> str:
    """Where the editor goes on from a review: the guide's page, or the translation's."""
    if translation is None:
        return change_url(guide)
    return reverse("admin:guide_translation", args=[guide.pk, translation.language])


def review_context(review: ReviewRequest | None, draft: dict) -> dict:
    """What the Publish page shows of a review waiting: who asked, and whether the
    draft changed since, with those changes."""
    if review is None:
        return {}
    changed = review.fingerprint != content.fingerprint(draft)
    return {
        "review": review,
        "since_review": content.compare(review.content, draft) if changed else None,
    }
