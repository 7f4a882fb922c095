import itertools

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.utils import translation

from tests.factories import draft_guide as make_draft_guide
from tests.factories import live_steps, start_visit
from tests.helpers import ICLOUD_SLUG, BrowserClient, write_icloud_guide
from troubleshooter import limits
from troubleshooter.models import Guide, Visit


@pytest.fixture(autouse=True)
def _fresh_write_limits(monkeypatch):
    """Each process remembers the clients it refused this minute and counts writes to
    the next pruning; each test starts afresh, as its database does."""
    monkeypatch.setattr(limits, "counted", itertools.count(1))
    yield
    limits.refused.clear()


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Django's test client leaves the last request's language active in the thread,
    and reverse() outside a request follows it: each test starts in the site's
    language, as each of a server's requests does."""
    translation.deactivate()


@pytest.fixture
def client() -> BrowserClient:
    """pytest-django's client, posting forms URL-encoded as browsers do."""
    return BrowserClient()


@pytest.fixture
def guide(db) -> Guide:
    """The iCloud Photos guide, as the data migrations put it in every database:
    version 1, version 2 (written for iOS 18), and version 3 (version 2 with symptoms)
    live with the draft reading as it.

    Transactional tests leave an empty database behind, so the guide is written
    again by the migrations' own code when it is missing, and published.
    """
    if not Guide.objects.filter(slug=ICLOUD_SLUG).exists():
        write_icloud_guide()
    return Guide.objects.select_related("live_version").get(slug=ICLOUD_SLUG)


@pytest.fixture
def steps(guide):
    """The live version's steps, as visitors see them."""
    return live_steps(guide)


@pytest.fixture
def visit(guide) -> Visit:
    return start_visit(guide)


@pytest.fixture
def draft_guide(db) -> Guide:
    return make_draft_guide(
        "Forget the network", "Restart the router", title="Wi-Fi keeps dropping"
    )


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


# Two editors of the same team, each in a browser of their own.


@pytest.fixture
def sam(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def alex(db, editor):
    other = User.objects.create_user("alex", password="pw", is_staff=True)
    other.groups.set(editor.groups.all())
    client = Client()
    client.force_login(other)
    return client


@pytest.fixture
def writer(db):
    """An editor of a team that reviews: every editing right, but not Publish."""
    editors = Group.objects.get(name="Support editors")
    writers = Group.objects.create(name="Writers")
    writers.permissions.set(editors.permissions.exclude(codename="publish_guide"))
    user = User.objects.create_user("robin", password="pw", is_staff=True)
    user.groups.add(writers)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def publisher(db):
    user = User.objects.create_user("kim", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Publishers"))
    client = Client()
    client.force_login(user)
    return client
