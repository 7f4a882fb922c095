"""Importing an article: the parsing alone (no database), then the admin page that
turns it into an unpublished draft. The articles are the project's own, in
tests/articles/, one per shape an article comes in.

The admin page's tests are marked django_db: `make mutate` runs the others only."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django.asserts import assertContains

from troubleshooter.article_import import NothingToImport, parse
from troubleshooter.models import Guide

ARTICLES = Path(__file__).parent / "articles"


def article(name: str) -> str:
    return (ARTICLES / name).read_text()


def titles(parsed):
    return [step.title for step in parsed.steps]


def test_plain_headings_become_steps_and_the_closing_section_the_fallback():
    parsed = parse(article("plain-headings.md"))
    assert parsed.title == "Bluetooth headphones won't connect"
    assert parsed.summary.startswith("Your headphones show up but never pair")
    assert titles(parsed) == [
        "Turn Bluetooth off and on",
        "Forget the headphones and pair again",
        "Charge the headphones",
    ]
    assert parsed.steps[0].where_to_tap == "Settings > Bluetooth"
    assert parsed.fallback_title == "Still not working?"
    assert parsed.links == [("Book a repair", "https://repairs.example.com/book")]
    assert parsed.notes == []


def test_images_html_ads_and_tracking_never_come_across():
    parsed = parse(article("plain-headings.md"))
    everything = "\n".join([parsed.summary, parsed.fallback_text, *(s.body for s in parsed.steps)])
    for left_behind in [
        "![", "headphones.jpg", "<", "Advertisement", "Buy new headphones", "sjv.io",
        "utm_source", "amzn.to", "Deal of the day", "http://",
    ]:  # fmt: skip
        assert left_behind not in everything
    assert "[the pairing guide](https://support.example.com/pairing?id=7)" in everything
    assert "call us" in parsed.fallback_text  # an http:// link keeps its words
    assert "Charge them for 15 minutes before trying again." in parsed.steps[2].body


def test_numbered_headings_with_an_intro_section_and_a_contact_section():
    parsed = parse(article("numbered-headings.md"))
    assert parsed.title == "Wi-Fi keeps dropping on my laptop"
    assert titles(parsed) == [
        "Restart your router",
        "Turn off Wi-Fi power saving",
        "Update the Wi-Fi driver",
    ]
    assert "Routers, drivers and power saving" in parsed.summary
    assert parsed.steps[1].where_to_tap == "Settings > Network > Wi-Fi > Power saving"
    assert "### If the update fails" in parsed.steps[2].body  # a sub-heading stays in its step
    assert parsed.fallback_title == "Contact your provider"
    assert "0800 123 456" in parsed.fallback_text


def test_method_prefixes_are_taken_off_the_titles():
    parsed = parse(article("method-prefixes.md"))
    assert titles(parsed) == ["Force close the app", "Update iOS", "Free up space"]
    assert parsed.steps[1].where_to_tap == "Settings > General > Software Update"
    assert parsed.fallback_title == "Nothing worked?"
    assert parsed.links == [("Find a store", "https://www.apple.com/retail/")]


def test_an_article_without_a_closing_section_gets_a_placeholder_and_a_note():
    parsed = parse(article("no-fallback.md"))
    assert parsed.title == "Printer says it's offline"
    assert titles(parsed) == ["Check the cable", "Restart the printer"]
    assert parsed.fallback_title == "Still not working?"
    assert parsed.links == []
    assert any("no “still not working” section" in note for note in parsed.notes)


def test_an_html_page_is_turned_into_markdown_first():
    parsed = parse(article("article.html"))
    assert parsed.title == "Email won't send"
    assert parsed.summary == "Messages sit in the Outbox and never leave."
    assert titles(parsed) == ["Check you're online", "Check the account password"]
    assert parsed.steps[1].where_to_tap == "Settings > Mail > Accounts"
    bodies = " ".join(step.body for step in parsed.steps)
    for left_behind in ["SuperMail", "outbox.png", "track()", "color:red", "Home", "Copyright"]:
        assert left_behind not in bodies + parsed.fallback_text
    assert parsed.links == [("Mail help", "https://help.example.com/mail")]


ROUTER = (
    "Switch the router off at the wall, wait a full minute, switch it back on and wait until "
    "every light on the front has stopped blinking, then check the connection on your laptop "
    "and your phone in turn"
)
FACE_ID = (
    "Face ID stops working after a drop, an update or a new case: check the TrueDepth camera, "
    "restart, reset Face ID and test it again on every model we have seen it on, the iPhone XR "
    "and the iPhone X"
)


@pytest.mark.parametrize(
    ("kept", "cut_off"),
    [(ROUTER, " a second time if the first check fails"), (FACE_ID, ", afterwards book a repair")],
    ids=["a-space-at-the-limit", "a-comma-before-the-cut"],
)
def test_a_long_heading_is_shortened_and_said_so(kept, cut_off):
    # A title holds 200 characters: the whole words that fit in 199, then an ellipsis.
    parsed = parse(
        f"# Help\n\nTry these.\n\n## {kept}{cut_off}\n\nDo it.\n\n## Still not working?\n\nCall.\n"
    )
    assert parsed.steps[0].title == f"{kept}…"
    assert parsed.notes == [
        f"Step 1's title was longer than 200 characters and was shortened to “{kept}…”."
    ]


NO_HEADINGS = (
    "No headings were found. Give each fix a heading of its own, e.g. “## Restart your iPhone” "
    "or “1. Restart your iPhone” as a heading."
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Just a paragraph, no headings.", NO_HEADINGS),
        ("<p>hi</p>", NO_HEADINGS),
        (
            "# Only a title\n\nSome text.",
            "Only a title was found: the article needs a heading per fix.",
        ),
    ],
)
def test_an_article_without_steps_is_refused_in_plain_words(text, message):
    with pytest.raises(NothingToImport) as refused:
        parse(text)
    assert str(refused.value) == message


# The admin page


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


IMPORT_URL = "/admin/troubleshooter/guide/import/"


@pytest.mark.django_db
def test_the_guide_list_offers_import(editor_client):
    response = editor_client.get(reverse("admin:troubleshooter_guide_changelist"))
    assertContains(response, f'href="{reverse("admin:guide_import")}"')
    assert reverse("admin:guide_import") == IMPORT_URL


@pytest.mark.django_db
def test_pasting_an_article_makes_an_unpublished_draft(editor_client):
    response = editor_client.post(IMPORT_URL, {"text": article("plain-headings.md")})
    guide = Guide.objects.get(title="Bluetooth headphones won't connect")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:troubleshooter_guide_change", args=[guide.id])
    assert guide.live_version is None
    assert not guide.versions.exists()
    assert guide.slug == "bluetooth-headphones-wont-connect"
    steps = guide.draft_steps()
    assert [s.title for s in steps] == titles(parse(article("plain-headings.md")))
    assert [(c.label, c.outcome) for c in steps[0].choice_list] == [
        ("Yes, it's fixed", "resolved"),
        ("No, still not working", "next"),
    ]
    assert "<strong>Settings &gt; Bluetooth</strong>" in steps[0].body_html
    assert [(link.label, link.url) for link in guide.links.all()] == [
        ("Book a repair", "https://repairs.example.com/book")
    ]
    page = editor_client.get(response["Location"])
    assertContains(page, "as an unpublished draft with 3 steps")
    assertContains(page, "The check finds no problems")
    assertContains(page, "Not published")


@pytest.mark.django_db
def test_uploading_an_html_file(editor_client):
    upload = SimpleUploadedFile("mail.html", article("article.html").encode(), "text/html")
    response = editor_client.post(IMPORT_URL, {"file": upload})
    assert response.status_code == 302
    guide = Guide.objects.get(title="Email won't send")
    assert guide.draft_steps()[1].where_to_tap == "Settings > Mail > Accounts"


@pytest.mark.django_db
def test_importing_twice_gives_two_addresses(editor_client):
    for _ in range(2):
        editor_client.post(IMPORT_URL, {"text": article("no-fallback.md")})
    slugs = sorted(Guide.objects.filter(slug__startswith="printer").values_list("slug", flat=True))
    assert slugs == ["printer-says-its-offline", "printer-says-its-offline-2"]


@pytest.mark.django_db
def test_notes_about_the_import_are_shown(editor_client):
    response = editor_client.post(IMPORT_URL, {"text": article("no-fallback.md")}, follow=True)
    assertContains(response, "placeholder text")


# Each case makes its form data when it runs: posting an uploaded file closes it, so a
# file made once here would fail every run after the first in the same process.
@pytest.mark.parametrize(
    ("form_data", "message"),
    [
        (lambda: {"text": ""}, "Paste an article, or choose a file to upload."),
        (lambda: {"text": "No headings here."}, "No headings were found."),
        (
            lambda: {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4", "application/pdf")},
            "Upload a Markdown, text or HTML file",
        ),
        (
            lambda: {
                "file": SimpleUploadedFile(
                    "a.md", "# T\n\n## S\n\nx".encode("utf-16"), "text/plain"
                )
            },
            "The file is not UTF-8 text.",
        ),
        (
            lambda: {
                "text": "# A\n\n## B\n\nx",
                "file": SimpleUploadedFile("a.md", b"# A\n\n## B\n"),
            },
            "Paste the article or upload it, not both.",
        ),
    ],
    ids=["empty", "no-headings", "pdf", "utf-16", "both"],
)
@pytest.mark.django_db
def test_bad_imports_get_a_plain_message_and_make_nothing(editor_client, form_data, message):
    guides = Guide.objects.count()
    response = editor_client.post(IMPORT_URL, form_data())
    assert response.status_code == 200
    assertContains(response, message)
    assert Guide.objects.count() == guides


@pytest.mark.django_db
def test_a_huge_upload_is_refused(editor_client):
    upload = SimpleUploadedFile("big.md", b"# T\n\n## S\n\n" + b"x" * 1_000_001)
    response = editor_client.post(IMPORT_URL, {"file": upload})
    assertContains(response, "The file is over 1 MB")


@pytest.mark.django_db
def test_visitors_cannot_import(client):
    response = client.get(IMPORT_URL)
    assert response.status_code == 302
    assert "/login/" in response["Location"]
