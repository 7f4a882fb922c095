"""Importing an article in the admin: the page that turns it into an unpublished
draft, and asks first when a guide of that title exists."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import GuideFactory
from tests.imported import article, titles
from troubleshooter.article_import import parse
from troubleshooter.article_left_out import left_out_message
from troubleshooter.models import Guide

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
    for second_guide in ["", "1"]:
        editor_client.post(
            IMPORT_URL, {"text": article("no-fallback.md"), "second_guide": second_guide}
        )
    slugs = sorted(Guide.objects.filter(slug__startswith="printer").values_list("slug", flat=True))
    assert slugs == ["printer-says-its-offline", "printer-says-its-offline-2"]


@pytest.mark.django_db
def test_notes_about_the_import_are_shown(editor_client):
    response = editor_client.post(IMPORT_URL, {"text": article("no-fallback.md")}, follow=True)
    assertContains(response, "placeholder text")


@pytest.mark.django_db
def test_what_was_left_out_is_shown_after_the_import(editor_client):
    text = article("plain-headings.md")
    response = editor_client.post(IMPORT_URL, {"text": text}, follow=True)
    assertContains(response, left_out_message(parse(text).left_out))
    assertContains(response, "Left out of the guide: 1 image;")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "title",
    [
        "Bluetooth headphones won't connect",
        "bluetooth HEADPHONES Won't Connect",
        "  Bluetooth   headphones\twon't connect ",
    ],
)
def test_a_guide_is_found_by_its_title_in_any_case_and_spacing(title):
    guide = GuideFactory(title=title)
    GuideFactory(title="Bluetooth headphones won't connect at all")
    GuideFactory(title="Bluetooth headphones wont connect")
    assert list(Guide.objects.titled("Bluetooth headphones won't connect")) == [guide]


@pytest.mark.django_db
def test_a_title_with_signs_regular_expressions_use_finds_only_itself():
    guide = GuideFactory(title="Wi-Fi (5 GHz) drops? Try [this] + that.*")
    GuideFactory(title="Wi-Fi 5 GHz drops")
    assert list(Guide.objects.titled("wi-fi (5 ghz) drops? try [this] + that.*")) == [guide]


@pytest.mark.django_db
def test_no_guide_has_an_empty_title():
    GuideFactory(title="Printer")
    assert not Guide.objects.titled(" ").exists()


@pytest.fixture
def guide_of_that_title(db):
    return GuideFactory(title="bluetooth  headphones WON'T connect")


@pytest.mark.django_db
def test_an_article_titled_like_a_guide_warns_and_links_to_it_first(
    editor_client, guide_of_that_title
):
    text = article("plain-headings.md")
    guides = Guide.objects.count()
    response = editor_client.post(IMPORT_URL, {"text": text})
    assert response.status_code == 200
    assert Guide.objects.count() == guides
    change = reverse("admin:troubleshooter_guide_change", args=[guide_of_that_title.pk])
    assertContains(
        response,
        "A guide called “Bluetooth headphones won&#x27;t connect” already exists",
    )
    assertContains(
        response, f'<a href="{change}">bluetooth  headphones WON&#x27;T connect</a> (Not published)'
    )
    assertContains(response, "Nothing has been imported yet.")
    assertContains(response, 'name="second_guide" value="1"')
    assertContains(response, "Import as a second guide anyway")
    assertNotContains(response, "a browser cannot send a chosen file again")
    assert response.context["form"]["text"].value() == text  # the paste is kept


@pytest.mark.django_db
def test_every_guide_of_that_title_is_listed(editor_client, guide_of_that_title):
    other = GuideFactory(title="Bluetooth headphones won't connect")
    response = editor_client.post(IMPORT_URL, {"text": article("plain-headings.md")})
    assertContains(
        response, "Guides called “Bluetooth headphones won&#x27;t connect” already exist<"
    )
    for guide in [guide_of_that_title, other]:
        assertContains(response, reverse("admin:troubleshooter_guide_change", args=[guide.pk]))


@pytest.mark.django_db
def test_an_uploaded_article_titled_like_a_guide_comes_back_as_text(
    editor_client, guide_of_that_title
):
    text = article("plain-headings.md")
    upload = SimpleUploadedFile("headphones.md", text.encode(), "text/markdown")
    guides = Guide.objects.count()
    response = editor_client.post(IMPORT_URL, {"file": upload})
    assert Guide.objects.count() == guides
    assertContains(
        response,
        "The text of “headphones.md” is in the box below: a browser cannot send a chosen file "
        "again, so it goes as text this time.",
    )
    assert response.context["form"]["text"].value() == text


@pytest.mark.django_db
def test_an_article_titled_like_a_guide_is_imported_as_a_second_guide_when_asked(
    editor_client, guide_of_that_title
):
    text = article("plain-headings.md")
    response = editor_client.post(IMPORT_URL, {"text": text, "second_guide": "1"})
    second = Guide.objects.exclude(pk=guide_of_that_title.pk).get(
        title="Bluetooth headphones won't connect"
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:troubleshooter_guide_change", args=[second.pk])
    assert [step.title for step in second.draft_steps()] == titles(parse(text))


@pytest.mark.django_db
def test_an_article_with_a_title_of_its_own_is_imported_without_a_question(editor_client):
    GuideFactory(title="Bluetooth headphones")
    response = editor_client.post(IMPORT_URL, {"text": article("plain-headings.md")})
    assert response.status_code == 302
    assert Guide.objects.filter(title="Bluetooth headphones won't connect").exists()


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
