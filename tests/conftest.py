import pytest
from django.contrib.auth.models import Group, User

from tests.helpers import ICLOUD_SLUG
from troubleshooter.models import Choice, Guide, Visit


@pytest.fixture
def guide(db) -> Guide:
    """The iCloud Photos guide, as the data migration puts it in every database."""
    return Guide.objects.get(slug=ICLOUD_SLUG)


@pytest.fixture
def steps(guide):
    return Choice.objects.steps_of(guide.id)


@pytest.fixture
def visit(guide, steps) -> Visit:
    return Visit.objects.start(guide, first_step=steps[0])


@pytest.fixture
def draft_guide(db) -> Guide:
    draft = Guide.objects.create(
        title="Wi-Fi keeps dropping",
        slug="wifi-drops",
        summary="Your iPhone loses Wi-Fi.",
        fallback_title="Contact support",
        fallback_text="Call us.",
    )
    draft.steps.create(position=1, title="Forget the network", body="Forget it and rejoin.")
    draft.steps.create(position=2, title="Restart the router", body="Off, on.")
    return draft


@pytest.fixture
def staff_client(client, db):
    staff = User.objects.create_user("staff", password="pw", is_staff=True)
    client.force_login(staff)
    return client


@pytest.fixture
def editor(db) -> User:
    user = User.objects.create_user("editor", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Support editors"))
    return user
