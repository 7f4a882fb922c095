"""The review step: editors who may not publish ask for a review; a publisher
publishes exactly what was asked for, or sends it back with a note."""

from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from tests.admin_forms import publish_form_data
from tests.factories import published_guide
from troubleshooter.models import Guide, ReviewRequest, Step


def publish_url(guide: Guide) -> str:
    return reverse("admin:guide_publish", args=[guide.pk])


def send(client, guide: Guide, action: str, note: str = ""):
    page = client.get(publish_url(guide))
    return client.post(publish_url(guide), {**publish_form_data(page, note), "_action": action})


def edited_guide() -> Guide:
    guide = published_guide("Restart", "Update iOS")
    Step.objects.filter(guide=guide, title="Restart").update(title="Restart your iPhone")
    return guide


def test_publishers_and_support_editors_may_publish_after_the_migration(db):
    publish = Permission.objects.get(codename="publish_guide")
    for name in ["Publishers", "Support editors"]:
        assert publish in Group.objects.get(name=name).permissions.all()
    publishers = Group.objects.get(name="Publishers").permissions.values_list("codename", flat=True)
    assert {"change_guide", "change_step", "view_visit"} <= set(publishers)


def test_an_editor_without_publish_asks_for_a_review_and_publishes_nothing(writer):
    guide = edited_guide()
    page = writer.get(publish_url(guide))
    assertContains(page, "Ask for review</button>")
    assertNotContains(page, 'value="publish"')
    assertContains(page, "Note for the reviewer (optional)")
    response = send(writer, guide, "publish", "Step 1 for iOS 26")  # even if sent by hand
    assertRedirects(response, reverse("admin:troubleshooter_guide_change", args=[guide.pk]))
    assert guide.versions.count() == 1
    review = ReviewRequest.objects.get()
    assert (review.note, review.asked_by.username, review.state) == (
        "Step 1 for iOS 26",
        "robin",
        "waiting",
    )
    assert (
        "waiting for review (asked by robin, “Step 1 for iOS 26”)"
        in Guide.objects.get(pk=guide.pk).state
    )


def test_the_admin_front_page_lists_guides_waiting_for_review(writer, publisher):
    guide = edited_guide()
    send(writer, guide, "ask", "Please check step 1")
    front = publisher.get(reverse("admin:index"))
    assertContains(front, "Waiting for review")
    assertContains(front, f'href="{publish_url(guide)}"')
    assertContains(front, "Please check step 1")


def test_a_publisher_publishes_exactly_what_was_asked_for(writer, publisher):
    guide = edited_guide()
    send(writer, guide, "ask", "Please check step 1")
    page = publisher.get(publish_url(guide))
    assertContains(page, "Review asked for by robin")
    assertContains(page, "“Please check step 1”")
    assertContains(page, "<ins>Restart your iPhone</ins>")
    assertNotContains(page, "The draft changed after the review was asked for")
    send(publisher, guide, "publish", "Reviewed")
    live = Guide.objects.get(pk=guide.pk).live_version
    assert (live.number, live.created_by.username) == (2, "kim")
    assert ReviewRequest.objects.get().state == "published"


def test_a_review_shows_plainly_what_changed_after_it_was_asked_for(writer, publisher):
    guide = edited_guide()
    send(writer, guide, "ask")
    Step.objects.filter(guide=guide, title="Update iOS").update(title="Update to iOS 26")
    page = publisher.get(publish_url(guide))
    assertContains(page, "The draft changed after the review was asked for")
    assertContains(page, "<ins>to iOS 26</ins>")


def test_a_publisher_sends_a_review_back_with_a_note(writer, publisher):
    guide = edited_guide()
    send(writer, guide, "ask")
    send(publisher, guide, "send_back", "Say which button to press")
    assert guide.versions.count() == 1
    assert ReviewRequest.objects.get().state == "sent_back"
    page = writer.get(reverse("admin:troubleshooter_guide_change", args=[guide.pk]))
    assertContains(page, "Sent back by kim")
    assertContains(page, "“Say which button to press”")
    assertContains(page, "Ask for review…")


def test_an_editor_cannot_send_back_a_review(writer):
    guide = edited_guide()
    send(writer, guide, "ask")
    assert send(writer, guide, "send_back", "No").status_code == 403
