from importlib import import_module

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from tests.helpers import ICLOUD_SLUG
from troubleshooter.models import Choice, Guide, Visit

SEED_MIGRATION = ("troubleshooter", "0002_icloud_photos_guide")
seed = import_module("troubleshooter.migrations.0002_icloud_photos_guide")


@pytest.fixture
def guide(db) -> Guide:
    """The iCloud Photos guide, as the data migration puts it in every database.

    Transactional tests leave an empty database behind, so the guide is written
    again by the migration's own code when it is missing.
    """
    if not Guide.objects.filter(slug=ICLOUD_SLUG).exists():
        historical_apps = MigrationLoader(connection).project_state(SEED_MIGRATION).apps
        seed.create_guide(historical_apps, None)
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
