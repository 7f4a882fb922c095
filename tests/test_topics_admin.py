"""Staff manage topics in the admin, and choose a guide's topics on its page."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from tests.admin_forms import change_form_data
from tests.factories import draft_guide, published_guide
from tests.test_topics import make_topic, no_topics, section_of  # noqa: F401
from troubleshooter.models import Topic

pytestmark = pytest.mark.usefixtures("no_topics")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_support_editors_manage_topics(editor):
    for action in ["add", "change", "delete", "view"]:
        assert editor.has_perm(f"troubleshooter.{action}_topic")


def test_the_topic_list_counts_live_guides_only(editor_client):
    make_topic("Battery", published_guide("Fix"), published_guide("Fix"), draft_guide("Fix"))
    response = editor_client.get(reverse("admin:troubleshooter_topic_changelist"))
    assertContains(response, '<td class="field-live_guides">2</td>', html=False)


def test_staff_add_a_topic_named_and_ordered(editor_client):
    response = editor_client.post(
        reverse("admin:troubleshooter_topic_add"),
        {"name": "Battery", "slug": "battery", "description": "When it drains.", "order": "3"},
    )
    assert response.status_code == 302
    topic = Topic.objects.get(slug="battery")
    assert (topic.name, topic.description, topic.order) == ("Battery", "When it drains.", 3)


def test_staff_order_topics_from_the_list(editor_client):
    battery, screens = make_topic("Battery", order=1), make_topic("Screens", order=2)
    response = editor_client.post(
        reverse("admin:troubleshooter_topic_changelist"),
        {
            "form-TOTAL_FORMS": "2",
            "form-INITIAL_FORMS": "2",
            "form-0-id": str(battery.pk),
            "form-0-order": "5",
            "form-1-id": str(screens.pk),
            "form-1-order": "2",
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    assert [topic.name for topic in Topic.objects.all()] == ["Screens", "Battery"]


def test_a_guides_topics_are_chosen_on_its_page_and_show_at_once(editor_client):
    guide = published_guide("Fix", title="Battery drains")
    battery, screens = make_topic("Battery"), make_topic("Screens", guide)
    url = reverse("admin:troubleshooter_guide_change", args=[guide.pk])
    page = editor_client.get(url)
    assertContains(page, "not part of the draft, so there is nothing to publish")
    data = {**change_form_data(page), "topics": [battery.pk]}
    assert editor_client.post(url, data).status_code == 302
    assert list(guide.topics.all()) == [battery]
    assert screens.guides.count() == 0
    assert "Battery drains" in section_of(editor_client.get("/"), "topic-battery")
