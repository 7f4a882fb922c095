"""Importing an article, the parsing alone: the words that come across (titles,
summary, where to tap) and the limits they are held to."""

import pytest

from tests.imported import titles
from troubleshooter.article_import import NothingToImport, parse
from troubleshooter.article_left_out import LeftOut


def test_a_heading_is_plain_text():
    parsed = parse(
        "# Wi-Fi  keeps   dropping\n\nTry these.\n\n"
        "## Turn off `Wi-Fi Assist`\n\nDo it.\n\n## Turn **off** power saving\n\nDo it.\n"
    )
    assert parsed.title == "Wi-Fi keeps dropping"
    assert titles(parsed) == ["Turn off Wi-Fi Assist", "Turn off power saving"]


def test_the_summary_is_the_introduction_as_plain_sentences():
    parsed = parse(
        "# Phone won't charge\n\n"
        "**Before you start:** unplug the charger. Your phone may not charge when\n"
        "it is _too warm_ or the `USB-C` port is full of lint.\n"
        "See [the charging guide](https://help.example.com/charging) or <b>call us</b>.\n\n"
        "![A charging port](https://images.example.com/port.jpg)\n\n"
        "- Unplug the cable.\n- Wait ten seconds.\n\n"
        "## Clean the port\n\nBlow into it.\n"
    )
    assert parsed.summary == (
        "Before you start: unplug the charger. Your phone may not charge when it is too warm or "
        "the USB-C port is full of lint. See the charging guide or call us. Unplug the cable. "
        "Wait ten seconds."
    )


def sentence(length: int) -> str:
    """A sentence of `length` characters."""
    return ("Leave it on the charger " * 20)[: length - 1] + "."


@pytest.mark.parametrize(
    ("second", "kept"),
    [(149, 2), (150, 1)],
    ids=["both-fit-in-300", "the-second-would-make-301"],
)
def test_the_summary_is_the_whole_sentences_that_fit_300_characters(second, kept):
    sentences = [sentence(150), sentence(second), "Then try again."]
    parsed = parse(
        f"# Phone won't charge\n\n{' '.join(sentences)}\n\n## Clean the port\n\nDo it.\n"
    )
    assert parsed.summary == " ".join(sentences[:kept])


def test_an_article_without_an_introduction_gets_a_stand_in_summary_and_a_note():
    parsed = parse(
        "# Phone won't charge\n\n## Clean the port\n\nBlow into it.\n\n"
        "## Still not charging?\n\nCall us.\n"
    )
    assert parsed.summary == "Steps to try for: Phone won't charge"
    assert parsed.notes == ["The article has no introduction to take a summary from: write one."]


@pytest.mark.parametrize(
    ("instructions", "where_to_tap"),
    [
        ("In Photos > Albums, check the photo is there.", "Photos > Albums"),
        (
            "Look in Photos > Albums > Recently Deleted. If it is not there, open "
            "Settings > Photos and turn on iCloud Photos.",
            "Settings > Photos",
        ),
        (
            "Open **Settings** > **Privacy & Security** > `Location Services`.",
            "Settings > Privacy & Security > Location Services",
        ),
        ("Open <b>Settings</b> > <b>Wi-Fi</b> and choose your network.", "Settings > Wi-Fi"),
        (
            "Open [Settings > Screen Time](https://support.example.com/screen-time) and turn "
            "it off.",
            "Settings > Screen Time",
        ),
        ("Hold the side button until the phone restarts.", ""),
    ],
    ids=["not-from-settings", "settings-preferred", "bold", "html", "in-a-link", "none"],
)
def test_where_to_tap_is_the_steps_menu_path_preferring_one_from_settings(
    instructions, where_to_tap
):
    parsed = parse(f"# Photos are missing\n\nTry these.\n\n## Find the photo\n\n{instructions}\n")
    assert parsed.steps[0].where_to_tap == where_to_tap


@pytest.mark.parametrize(
    ("instructions", "where_to_tap"),
    [
        (
            "Go to Settings > Battery > Battery Health & Charging and look at the Maximum "
            "Capacity.",
            "Settings > Battery > Battery Health & Charging",
        ),
        ("Open Settings > Photos and look at the bottom.", "Settings > Photos"),
        ("Open Settings > Wi-Fi then tap your network.", "Settings > Wi-Fi"),
        (
            "Open Settings > Privacy & Security > Location Services to turn it off.",
            "Settings > Privacy & Security > Location Services",
        ),
        ("Open Settings > Screen Time so it stays off.", "Settings > Screen Time"),
        ("Open Settings > Screen Time when it is late.", "Settings > Screen Time"),
        ("Open Settings > Screen Time for a week.", "Settings > Screen Time"),
        (
            "Go to Settings > General > Transfer or Reset iPhone and tap Reset.",
            "Settings > General > Transfer or Reset iPhone",
        ),
        (
            "Go to Settings > General > Transfer or Reset iPhone > Erase All Content and "
            "Settings.",
            "Settings > General > Transfer or Reset iPhone > Erase All Content and Settings",
        ),
        ("Open Settings > Mail > Accounts to", "Settings > Mail > Accounts"),
        (
            "Open Settings > System > Developer options > Show touches.",
            "Settings > System > Developer options > Show touches",
        ),
    ],
    ids=[
        "and-after-a-long-item", "and-after-a-short-item", "then", "to", "so", "when", "for",
        "or-in-an-item", "and-in-an-item", "a-joining-word-last", "to-inside-a-word",
    ],
)  # fmt: skip
def test_a_menu_path_ends_at_its_last_menu_item_not_in_the_sentence_after_it(
    instructions, where_to_tap
):
    parsed = parse(f"# Phone is slow\n\nTry these.\n\n## Check the settings\n\n{instructions}\n")
    assert parsed.steps[0].where_to_tap == where_to_tap


def test_a_menu_path_too_long_for_where_to_tap_is_left_for_the_editor():
    menus = [
        "Settings", "Accessibility", "Per-App Settings", "Photos", "Display & Text Size",
        "Bold Text", "Larger Text", "Button Shapes", "Reduce Transparency", "Increase Contrast",
        "Smart Invert", "Colour Filters", "Display",
    ]  # fmt: skip
    fits = " > ".join(menus)  # 200 characters, all that Where to tap holds
    parsed = parse(
        f"# Text is hard to read\n\nTry these.\n\n## Make text bolder\n\nOpen {fits}.\n\n"
        f"## Reduce white point\n\nOpen {fits} > Reduce White Point.\n"
    )
    assert [step.where_to_tap for step in parsed.steps] == [fits, ""]


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


def test_a_long_title_or_closing_heading_is_shortened_and_said_so():
    closing = (
        "If none of these fixes worked, write down what you tried, note the model and serial "
        "number from the label on the back, and call us or book a visit to a store near you so "
        "one of our experts can check"
    )
    parsed = parse(
        f"# {FACE_ID}, afterwards book a repair\n\nTry these.\n\n## Restart\n\nDo it.\n\n"
        f"## {closing} it for you\n\nCall us.\n"
    )
    assert parsed.title == f"{FACE_ID}…"
    assert parsed.fallback_title == f"{closing}…"
    assert parsed.notes == [
        f"The title was longer than 200 characters and was shortened to “{FACE_ID}…”.",
        f"The fallback was longer than 200 characters and was shortened to “{closing}…”.",
    ]


def test_headings_of_exactly_200_characters_are_kept_whole():
    title = (
        "Wi-Fi keeps dropping on every laptop, phone and TV in the house, most often in the "
        "evening when everyone is streaming at once, and the router lights blink orange for a "
        "minute or two before going green"
    )
    step = (
        "Switch the router off at the wall, wait a full minute, switch it back on and wait until "
        "every light on the front has stopped blinking, then check the connection on your laptop, "
        "your phone and your TVs"
    )
    parsed = parse(f"# {title}\n\nTry these.\n\n## {step}\n\nDo it.\n\n## Still not working?\n\n")
    assert (len(parsed.title), parsed.title) == (200, title)
    assert titles(parsed) == [step]
    assert parsed.notes == []


def test_numbered_steps_under_a_grouping_heading_stop_at_the_closing_heading():
    parsed = parse(
        "# Wi-Fi keeps dropping\n\nTry these in order.\n\n## Fixes\n\n"
        "### 1. Restart the router\n\nUnplug it for 30 seconds.\n\n"
        "### 2. Update the driver\n\nInstall the latest driver.\n\n"
        "## Still not working?\n\nCall your provider.\n"
    )
    assert [step.body for step in parsed.steps] == [
        "Unplug it for 30 seconds.",
        "Install the latest driver.",
    ]
    assert parsed.fallback_title == "Still not working?"
    assert parsed.fallback_text == "Call your provider."


def test_a_second_top_level_heading_after_the_steps_does_not_replace_them():
    parsed = parse(
        "# Phone won't charge\n\nTry these.\n\n## Clean the port\n\nBlow into it.\n\n"
        "## Try another cable\n\nUse the one in the box.\n\n"
        "# Related articles\n\n- My phone gets hot\n"
    )
    assert titles(parsed) == ["Clean the port", "Try another cable"]
    assert parsed.steps[1].body == "Use the one in the box."
    assert parsed.left_out == [LeftOut("sections", 1, ("Related articles",))]


def test_a_bold_link_in_the_closing_section_makes_a_button_in_plain_words():
    parsed = parse(
        "<h1>Phone won't charge</h1><p>Try these.</p>"
        "<h2>Clean the port</h2><p>Blow into it.</p><h2>Still not charging?</h2>"
        '<p><a href="https://repairs.example.com/book"><strong>Book a repair</strong></a></p>'
    )
    assert parsed.links == [("Book a repair", "https://repairs.example.com/book")]


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
