"""Importing an article: the parsing alone (no database), then the admin page that
turns it into an unpublished draft. The articles are the project's own, in
tests/articles/, one per shape an article comes in.

The admin page's tests are marked django_db: `make mutate` runs the others only."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import GuideFactory
from troubleshooter.article_import import NothingToImport, parse
from troubleshooter.article_left_out import LeftOut, left_out_message
from troubleshooter.models import Guide

ARTICLES = Path(__file__).parent / "articles"


def article(name: str) -> str:
    return (ARTICLES / name).read_text()


def titles(parsed):
    return [step.title for step in parsed.steps]


PLACEHOLDER_NOTE = (
    "The article has no “still not working” section, so the fallback page has placeholder "
    "text: write what visitors should do next."
)


def test_plain_headings_become_steps_and_the_closing_section_the_fallback():
    parsed = parse(article("plain-headings.md"))
    assert parsed.title == "Bluetooth headphones won't connect"
    assert parsed.summary == (
        "Your headphones show up but never pair, or they pair and drop a minute later. "
        "Start with the quickest fix."
    )
    assert titles(parsed) == [
        "Turn Bluetooth off and on",
        "Forget the headphones and pair again",
        "Charge the headphones",
    ]
    assert parsed.steps[0].where_to_tap == "Settings > Bluetooth"
    assert parsed.fallback_title == "Still not working?"
    assert parsed.links == [("Book a repair", "https://repairs.example.com/book")]
    assert parsed.notes == []


def test_each_step_is_the_text_under_its_heading_up_to_the_next_one():
    parsed = parse(article("plain-headings.md"))
    assert [step.body for step in parsed.steps] == [
        "Open **Settings > Bluetooth** and switch it off. Wait ten seconds, then switch it on "
        "again.",
        "In Settings > Bluetooth, tap the info button next to the headphones, then **Forget This "
        "Device**.\nPut the headphones in pairing mode and choose them from the list. See "
        "[the pairing guide](https://support.example.com/pairing?id=7).",
        "A low battery can stop pairing. Charge them for 15 minutes before trying again.",
    ]
    assert parsed.fallback_text == (
        "Your headphones may need a repair. [Book a repair](https://repairs.example.com/book) or\n"
        "call us — we answer in minutes."
    )


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


@pytest.mark.parametrize(
    "line",
    [
        "Advertisement",
        "Advertisements",
        "Sponsored content",
        "Ads",
        "Close",
        "Also read: Ten charging myths",
        "Read more about batteries",
        "Related: My phone gets hot",
        "Recommended for you",
        "See also: Wireless charging",
    ],
)
def test_ad_and_further_reading_lines_never_come_across(line):
    parsed = parse(
        "# Phone won't charge\n\nTry these.\n\n## Clean the port\n\n"
        f"Blow into it.\n\n{line}\n\nThen try the charger again.\n"
    )
    assert parsed.steps[0].body == "Blow into it.\n\nThen try the charger again."


def test_a_link_that_is_not_https_keeps_only_its_words():
    parsed = parse(
        "# Phone won't charge\n\nTry these.\n\n## Ask for help\n\n"
        "Call [our helpline](http://phone.example.com/) or read "
        "[the charging guide](https://help.example.com/charging).\n"
    )
    assert parsed.steps[0].body == (
        "Call our helpline or read [the charging guide](https://help.example.com/charging)."
    )


def test_an_html_link_in_markdown_keeps_its_words_unless_it_is_an_ad():
    parsed = parse(
        "# Phone won't charge\n\nTry these.\n\n## Clean the port\n\n"
        'Read <a href="https://help.example.com/ports">the port guide</a> or '
        '<a href="http://old.example.com/">the old one</a> first. '
        '<a href="https://amzn.to/kit">Buy a cleaning kit</a>\n'
    )
    assert parsed.steps[0].body == "Read the port guide or the old one first."
    assert parsed.left_out == [LeftOut("ad links", 1), LeftOut("addresses", 2)]


def test_a_step_keeps_its_lists_and_loses_its_images():
    parsed = parse(
        "# Phone won't charge\n\nTry these.\n\n## Clean the port\n\n"
        "![The charging port](https://images.example.com/port.jpg)\n"
        "- Switch the phone off.\n"
        "- Look into the port with a torch:\n"
        "  - lint: lift it out with a wooden toothpick\n"
        "  - water: let it dry for a day\n"
    )
    assert parsed.steps[0].body == (
        "- Switch the phone off.\n"
        "- Look into the port with a torch:\n"
        "  - lint: lift it out with a wooden toothpick\n"
        "  - water: let it dry for a day"
    )


def test_text_straight_under_a_heading_belongs_to_it():
    parsed = parse(
        "# Phone won't charge\nA phone that won't charge needs a clean port.\n"
        "## Clean the port\nBlow into it.\n## Try another cable\nUse the one in the box.\n"
        "## Still not charging?\nCall us.\n"
    )
    assert parsed.summary == "A phone that won't charge needs a clean port."
    assert [step.body for step in parsed.steps] == ["Blow into it.", "Use the one in the box."]
    assert parsed.fallback_text == "Call us."


def test_where_to_tap_comes_from_the_steps_own_lines():
    parsed = parse(
        "# Phone is slow\nTry these.\n## Clean up\nOpen Settings > Battery.\n"
        "## Restart\nHold the side button.\n## Update\nOpen Settings > General > Software Update.\n"
    )
    assert [step.where_to_tap for step in parsed.steps] == [
        "Settings > Battery",
        "",
        "Settings > General > Software Update",
    ]


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["windows", "old-mac"])
def test_windows_and_old_mac_line_endings_read_like_unix_ones(newline):
    text = article("plain-headings.md")
    assert parse(text.replace("\n", newline)) == parse(text)


def test_numbered_headings_with_an_intro_section_and_a_contact_section():
    parsed = parse(article("numbered-headings.md"))
    assert parsed.title == "Wi-Fi keeps dropping on my laptop"
    assert titles(parsed) == [
        "Restart your router",
        "Turn off Wi-Fi power saving",
        "Update the Wi-Fi driver",
    ]
    assert parsed.summary == (
        "Why does this happen? Routers, drivers and power saving can all cut the connection. "
        "Try these in order."
    )
    assert parsed.steps[1].where_to_tap == "Settings > Network > Wi-Fi > Power saving"
    assert "### If the update fails" in parsed.steps[2].body  # a sub-heading stays in its step
    assert parsed.fallback_title == "Contact your provider"
    assert "0800 123 456" in parsed.fallback_text
    assert parsed.notes == []  # the section before the steps is the summary's, not left out


def test_a_section_among_numbered_steps_is_left_out_and_said_so():
    parsed = parse(
        "# Phone won't charge\n\nTry these in order.\n\n"
        "## 1. Clean the port\n\nBlow into it.\n\n"
        "## Why ports get dirty\n\nPockets are full of lint.\n\n"
        "## 2. Try another cable\n\nUse the one in the box.\n"
    )
    assert titles(parsed) == ["Clean the port", "Try another cable"]
    assert parsed.steps[0].body == "Blow into it."
    assert parsed.fallback_title == "Still not working?"  # a left-out section closes nothing
    assert parsed.left_out == [LeftOut("sections", 1, ("Why ports get dirty",))]
    assert parsed.notes == [PLACEHOLDER_NOTE]


def test_method_prefixes_are_taken_off_the_titles():
    parsed = parse(article("method-prefixes.md"))
    assert titles(parsed) == ["Force close the app", "Update iOS", "Free up space"]
    assert parsed.steps[1].where_to_tap == "Settings > General > Software Update"
    assert parsed.fallback_title == "Nothing worked?"
    assert parsed.links == [("Find a store", "https://www.apple.com/retail/")]


@pytest.mark.parametrize(
    "heading",
    [
        "1. Clean the port",
        "1) Clean the port",
        "1 - Clean the port",
        "Step 1: Clean the port",
        "Method #1 \u2013 Clean the port",
        "Fix 1 - Clean the port",
        "Solution 1. Clean the port",
        "Tip 1 — Clean the port",
        "Way 1: Clean the port",
        "Option 1 Clean the port",
    ],
)
def test_each_way_of_numbering_a_fix_is_taken_off_its_title(heading):
    parsed = parse(
        f"# Phone won't charge\n\nTry these.\n\n## {heading}\n\nBlow into it.\n\n"
        "## 2. Try another cable\n\nUse the one in the box.\n"
    )
    assert titles(parsed) == ["Clean the port", "Try another cable"]


@pytest.mark.parametrize(
    "heading",
    [
        "Still not working?",
        "Still isn't charging?",
        "Still doesn\u2019t charge?",
        "Still won't charge?",
        "Not working?",
        "Nothing worked?",
        "Nothing helped?",
        "None of these worked?",
        "Contact us",
        "Get more help",
        "Book a Genius Bar visit",
        "Apple Support",
        "Last resort: a factory reset",
    ],
)
def test_a_closing_section_is_known_by_how_articles_word_it(heading):
    parsed = parse(
        f"# Phone won't charge\n\nTry these.\n\n## Clean the port\n\nBlow into it.\n\n"
        f"## {heading}\n\nCall us.\n"
    )
    assert titles(parsed) == ["Clean the port"]
    assert parsed.fallback_title == heading
    assert parsed.fallback_text == "Call us."


def test_an_article_without_a_closing_section_gets_a_placeholder_and_a_note():
    parsed = parse(article("no-fallback.md"))
    assert parsed.title == "Printer says it's offline"
    assert titles(parsed) == ["Check the cable", "Restart the printer"]
    assert parsed.fallback_title == "Still not working?"
    assert parsed.fallback_text == "None of these steps fixed it. Contact support for more help."
    assert parsed.links == []
    assert parsed.notes == [PLACEHOLDER_NOTE]


def test_a_step_or_closing_section_with_no_text_gets_placeholder_text_and_a_note():
    parsed = parse(
        "# Phone won't charge\n\nTry these.\n\n## Clean the port\n\nBlow into it.\n\n"
        "## Try another cable\n\n## Still not charging?\n"
    )
    assert [step.body for step in parsed.steps] == [
        "Blow into it.",
        "Write what to do in this step.",
    ]
    assert parsed.fallback_text == "Contact support for more help."
    assert parsed.notes == ["Step 2 “Try another cable” has no text in the article: write it."]


def test_the_closing_sections_https_links_become_its_buttons_without_tracking():
    fits = "https://help.example.com/" + "a" * 475  # 500 characters, the most a button holds
    parsed = parse(
        "# Phone won't charge\n\nTry these.\n\n## Clean the port\n\nBlow into it.\n\n"
        "## Still not charging?\n\n"
        "[<b>Book a repair</b>](https://repairs.example.com/book?utm_source=mail&fbclid=x&"
        "ref=nav&store=7), [call us](http://phone.example.com/), "
        f"[read the full guide]({fits}) or [the old guide]({fits}a).\n"
    )
    assert parsed.links == [
        ("Book a repair", "https://repairs.example.com/book?store=7"),
        ("read the full guide", fits),
    ]


def test_a_buttons_words_are_cut_to_the_80_characters_a_button_holds():
    words = "Book a repair at the store nearest to you, or send the phone to us by post for free"
    parsed = parse(
        "# Phone won't charge\n\nTry these.\n\n## Clean the port\n\nBlow into it.\n\n"
        f"## Still not charging?\n\n[{words}](https://repairs.example.com/book)\n"
    )
    assert parsed.links == [(words[:80], "https://repairs.example.com/book")]


def test_an_html_page_is_turned_into_markdown_first():
    parsed = parse(article("article.html"))
    assert parsed.title == "Email won't send"  # the <h1>, not the <title> with the site's name
    assert parsed.summary == "Messages sit in the Outbox and never leave."
    assert titles(parsed) == ["Check you're online", "Check the account password"]
    assert parsed.steps[1].where_to_tap == "Settings > Mail > Accounts"
    everything = " ".join([parsed.summary, parsed.fallback_text, *(s.body for s in parsed.steps)])
    for left_behind in [
        "SuperMail", "outbox.png", "track()", "color:red", "Home", "Copyright", "Updated",
        "Was this article helpful?",
    ]:  # fmt: skip
        assert left_behind not in everything
    assert parsed.links == [("Mail help", "https://help.example.com/mail")]


def test_a_page_without_an_h1_is_named_by_its_title_tag():
    parsed = parse(article("help-centre-page.html"))
    assert parsed.title == "Phone won't charge | Example Help Centre"
    assert titles(parsed) == ["Clean the charging port", "Try another cable"]


def test_only_the_main_part_of_a_page_comes_across():
    parsed = parse(article("help-centre-page.html"))
    everything = " ".join([parsed.summary, parsed.fallback_text, *(s.body for s in parsed.steps)])
    assert "Example Help Centre" not in everything
    assert parsed.fallback_title == "Still not charging?"
    assert parsed.fallback_text == (
        "Book a repair at [our repair centre](https://repairs.example.com/)."
    )  # without "Was this article helpful?" from below <main>


def test_elements_named_like_ads_are_dropped_and_other_named_elements_kept():
    parsed = parse(article("help-centre-page.html"))
    assert parsed.summary == (
        "A phone that won't charge usually needs a clean port or another cable."
    )
    assert [step.body for step in parsed.steps] == [
        "Blow gently into the port and lift out any lint with a wooden toothpick.",
        "- Use the cable that came with the phone.\n- Plug it into a wall socket, not a computer.",
    ]


def test_an_html_fragment_takes_its_first_heading_as_the_title():
    parsed = parse(
        "<h2>Phone won't charge</h2>\n<p>Try these in order.</p>\n"
        "<h3>Clean the port</h3>\n<p>Blow into it.</p>\n"
        "<h3>Try another cable</h3>\n<p>Use the one in the box.</p>\n"
    )
    assert parsed.title == "Phone won't charge"
    assert parsed.summary == "Try these in order."
    assert titles(parsed) == ["Clean the port", "Try another cable"]


def test_an_html_page_in_capitals_is_still_html():
    parsed = parse(
        "<HTML><BODY><H1>Phone won't charge</H1><P>Try these.</P>"
        "<H2>Clean the port</H2><P>Blow into it.</P></BODY></HTML>"
    )
    assert parsed.title == "Phone won't charge"
    assert [(step.title, step.body) for step in parsed.steps] == [
        ("Clean the port", "Blow into it.")
    ]


def test_front_matter_names_the_guide_and_the_rest_is_read_as_markdown():
    parsed = parse(article("front-matter.md"))
    assert parsed.title == "Face ID stopped working on iPhone X"
    assert parsed.summary == (
        "Face ID stops working after a drop or an update. Work through these fixes in order."
    )
    assert titles(parsed) == ["Restart your iPhone X", "Reset Face ID"]
    assert parsed.steps[1].body == (  # an HTML block further down makes it no HTML page
        "Go to **Settings > Face ID & Passcode > Reset Face ID** and set it up again.\n\n"
        "Hold the phone at arm's length while it scans your face."
    )
    assert parsed.steps[1].where_to_tap == "Settings > Face ID & Passcode > Reset Face ID"
    assert parsed.fallback_title == "Still not working?"
    assert parsed.notes == []


def test_html_blocks_in_markdown_never_come_across():
    parsed = parse(article("front-matter.md"))
    assert parsed.steps[0].body == (
        "Hold the side button and either volume button, then drag the slider."
    )


def test_a_heading_repeating_the_front_matter_title_is_not_a_step():
    parsed = parse(
        "---\ntitle: Phone won't charge\n---\n## Phone won't charge\n\nTry these.\n\n"
        "## Clean the port\n\nBlow into it.\n"
    )
    assert parsed.title == "Phone won't charge"
    assert parsed.summary == "Try these."
    assert titles(parsed) == ["Clean the port"]


def test_front_matter_without_a_title_leaves_the_title_to_the_first_heading():
    parsed = parse(
        "---\nauthor: Sam\n---\n# Phone won't charge\n\nTry these.\n\n"
        "## Clean the port\n\nBlow into it.\n"
    )
    assert parsed.title == "Phone won't charge"
    assert titles(parsed) == ["Clean the port"]


def test_an_article_that_starts_with_its_first_step_has_no_title_and_says_so():
    parsed = parse(
        "Your phone won't charge. Try these in order.\n\n"
        "## 1. Clean the port\n\nBlow into it.\n\n"
        "## 2. Try another cable\n\nUse the one in the box.\n"
    )
    assert parsed.title == "Imported guide"
    assert parsed.summary == "Your phone won't charge. Try these in order."
    assert titles(parsed) == ["Clean the port", "Try another cable"]
    assert parsed.notes == [
        "The article has no title: the guide is called “Imported guide”.",
        PLACEHOLDER_NOTE,
    ]


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


# Share lines, newsletter plugs and bylines


def test_a_web_pages_share_lines_plugs_and_bylines_are_left_out_and_said_so():
    parsed = parse(article("battery-page.html"))
    assert parsed.title == "iPhone battery drains fast"
    assert parsed.summary == (
        "A battery that empties by lunchtime is usually worn out or busy with something in "
        "the background. Try these in order."
    )
    assert [(step.title, step.body, step.where_to_tap) for step in parsed.steps] == [
        (
            "Check the battery's health",
            "Go to Settings > Battery > Battery Health & Charging and look at the Maximum "
            "Capacity. Below 80%, the battery needs replacing.",
            "Settings > Battery > Battery Health & Charging",
        ),
        (
            "Find the app that uses the most",
            "Open Settings > Battery and scroll to Battery Usage by App. Close or update the app "
            "at the top.",
            "Settings > Battery",
        ),
        (
            "Reset all settings",
            "Go to Settings > General > Transfer or Reset iPhone > Reset, then tap Reset All "
            "Settings. Your data and photos stay.",
            "Settings > General > Transfer or Reset iPhone > Reset",
        ),
    ]
    assert parsed.fallback_title == "Still not lasting the day?"
    assert parsed.fallback_text == (
        "Your battery may need replacing. "
        "[Book a battery service](https://support.example.com/battery)."
    )
    assert parsed.links == [("Book a battery service", "https://support.example.com/battery")]
    assert parsed.notes == []
    assert parsed.left_out == [
        LeftOut("sections", 1, ("Related articles",)),
        LeftOut(
            "boilerplate",
            9,
            (
                "Last updated 3 May 2024 · 6 min read · By Jane Doe",
                "Tweet this",
                "Share on Facebook",
                "Share this article",
                "Sign up for our newsletter to get a fix like this every week.",
                "Sign up for our newsletter",
                "Written by Jane Doe · Updated on May 3, 2024",
                "Tweet this",
                "Share on X",
            ),
        ),
        LeftOut("images", 2),
    ]


def test_a_blog_posts_byline_share_buttons_and_plug_are_left_out_and_said_so():
    parsed = parse(article("wordpress-post.html"))
    assert parsed.summary == "If your iPhone keeps losing Wi-Fi, try these fixes in order."
    assert [step.body for step in parsed.steps] == [
        "Go to Settings > Wi-Fi, tap the info button, then Forget This Network.",
        "Go to Settings > General > Transfer or Reset iPhone > Reset > Reset Network Settings.",
    ]
    assert parsed.fallback_text == "[Contact Apple Support](https://support.apple.com/contact)"
    assert parsed.links == [("Contact Apple Support", "https://support.apple.com/contact")]
    assert parsed.left_out == [
        LeftOut(
            "boilerplate",
            6,
            (
                "By Sam Lee Updated on March 2, 2025",
                "Share this:",
                "Facebook",
                "X",
                "Subscribe to our newsletter for more iPhone tips.",
                "Share on Facebook · X",
            ),
        )
    ]


def in_a_step(paragraph: str) -> str:
    return (
        "# Phone won't charge\n\nTry these.\n\n## Clean the port\n\n"
        f"Blow into it.\n\n{paragraph}\n\nThen try the charger again.\n"
    )


@pytest.mark.parametrize(
    ("paragraph", "words"),
    [
        ("Share this article", None),
        ("Share this post on LinkedIn", None),
        ("Share on Facebook", None),
        ("Share on X", None),
        ("Share via Email", None),
        ("Share with Facebook or WhatsApp", None),
        ("Share: Facebook, X · Email / Reddit", None),
        ("Share this:", None),
        ("Click to share on Twitter", None),
        ("Tweet this", None),
        ("Tweet this tip!", None),
        ("Click to tweet", None),
        ("Pin it", None),
        ("Sign up for our newsletter", None),
        ("Sign up for our newsletter.", None),
        ("Signing up to the newsletter is free", None),
        ("Subscribe to our newsletter for weekly tips.", None),
        ("Get our free newsletter", None),
        ("Receive the newsletter", None),
        ("Join 50,000 readers: our newsletter has a fix a week", None),
        ("Our newsletter: sign-up takes a minute", None),
        ("Don't miss a fix: subscribe to the newsletter", None),
        ("Never miss a tip: join our newsletter!", None),
        ("Newsletter: subscribe here", None),
        ("Subscribe to get a fix in your inbox", None),
        ("Subscribe to our mailing list", None),
        ("Subscribe to our YouTube channel", None),
        ("Last updated 3 May 2024 · 6 min read · By Jane Doe", None),
        ("Last updated Jun 3, 2024 • 6 mins read | By Jane Doe", None),
        ("Updated on May 3rd, 2024", None),
        ("Updated: 2024-05-03", None),
        ("Published 3/5/2024 - 6-minute read", None),
        ("Posted 3 days ago", None),
        ("Modified today", None),
        ("Reviewed yesterday", None),
        ("6 min read", None),
        ("By Jane Doe", None),
        ("By Jane Doe.", None),
        ("Written by Jane van Doe", None),
        ("Reviewed by Dr. Sam O'Neil — 4 min read", None),
        ("Fact-checked by Sam Lee and Jo Park", None),
        ("By Sam Lee Updated on March 2, 2025", None),
        (
            "*Subscribe to our newsletter for more tips.*",
            "Subscribe to our newsletter for more tips.",
        ),
        ("**Sign up for our newsletter!**", "Sign up for our newsletter!"),
        ("**By** [Jane Doe](https://example.com/authors/jane)", "By Jane Doe"),
        ("- Share on Facebook", "Share on Facebook"),
        ("### Share this article", "Share this article"),
        ("![](https://example.com/share.svg) Share this article", "Share this article"),
        ("Sign up for our newsletter to get a fix\nlike this every week.", None),
    ],
)
def test_share_lines_newsletter_plugs_and_bylines_never_come_across(paragraph, words):
    parsed = parse(in_a_step(paragraph))
    assert parsed.steps[0].body == "Blow into it.\n\nThen try the charger again."
    words = words or paragraph.replace("\n", " ")
    assert parsed.left_out == [LeftOut("boilerplate", 1, (words,))]


@pytest.mark.parametrize(
    "paragraph",
    [
        "Share the photo with your Mac.",
        "Share",
        "Share it on WhatsApp with your family.",
        "Tweet",
        "Subscribe to iCloud+ for more storage.",
        "Sign up for iCloud+ in Settings > [your name] > iCloud.",
        "Newsletters may land in the Promotions tab.",
        "By default, iCloud keeps the originals.",
        "By tapping Reset you erase the phone.",
        "Updated iOS fixes it.",
        "Published apps update on their own.",
        "Read it in 6 minutes.",
        "Open the newsletter and check the sender.",
        "Book a repair or sign up for our newsletter today.",
        "Sign up for our newsletter. Then restart the phone.",
        "Subscribe to our status page for news of outages.",
        "Blow into it. Share this article",
        "- Share\n- Copy\n- Delete",
    ],
)
def test_an_instruction_in_such_words_is_kept(paragraph):
    parsed = parse(in_a_step(paragraph))
    assert parsed.steps[0].body == f"Blow into it.\n\n{paragraph}\n\nThen try the charger again."
    assert parsed.left_out == []


@pytest.mark.parametrize(("length", "left_out"), [(160, True), (161, False)])
def test_boilerplate_is_at_most_160_characters(length, left_out):
    paragraph = ("Sign up for our newsletter to get a fix " + "a" * 200)[:length]
    parsed = parse(in_a_step(paragraph))
    assert (paragraph in parsed.steps[0].body) is not left_out


def test_a_byline_under_the_title_is_no_part_of_the_summary():
    parsed = parse(
        "# Phone won't charge\n\nLast updated 3 May 2024 · 6 min read · By Jane Doe\n\n"
        "Try these.\n\n## Clean the port\n\nBlow into it.\n"
    )
    assert parsed.summary == "Try these."


@pytest.mark.parametrize(
    ("link", "words"),
    [
        ("[Tweet this](https://twitter.com/intent/tweet?url=x)", "Tweet this"),
        ("[Tell a friend](https://www.facebook.com/sharer/sharer.php?u=x)", "Tell a friend"),
        ("[Post it](https://x.com/intent/post?url=x)", "Post it"),
        ("[Tell a friend](https://www.linkedin.com/shareArticle?url=x)", "Tell a friend"),
        ("[Pin](https://pinterest.co.uk/pin/create/button/?url=x)", "Pin"),
        ("[Tell a friend](https://reddit.com/submit?url=x)", "Tell a friend"),
        ("[Tell a friend](https://api.whatsapp.com/send?text=x)", "Tell a friend"),
        ("[Tell a friend](https://wa.me/?text=x)", "Tell a friend"),
        ("[Tell a friend](https://t.me/share/url?url=x)", "Tell a friend"),
        ("[Tell a friend](https://www.threads.net/intent/post?text=x)", "Tell a friend"),
        ("[Tell a friend](https://bsky.app/intent/compose?text=x)", "Tell a friend"),
        ("[Tell a friend](https://www.addtoany.com/share#url=x)", "Tell a friend"),
        ("[Tell a friend](https://sharethis.com/share?url=x)", "Tell a friend"),
        ("[Tell a friend](https://www.facebook.com/share.php?u=x)", "Tell a friend"),
        ("[Tell a friend](https://www.facebook.com/dialog/share?href=x)", "Tell a friend"),
        ("[Tell a friend](https://twitter.com/share?url=x)", "Tell a friend"),
        ("[Sign up for our newsletter](https://example.com/newsletter)", None),
        ('<a href="https://twitter.com/intent/tweet?url=x">Tweet <b>this</b></a>', "Tweet this"),
        ('<a href="https://example.com/news">Sign up for our newsletter</a>', None),
    ],
)
def test_a_closing_sections_share_and_newsletter_links_never_become_buttons(link, words):
    parsed = parse(
        "# Phone won't charge\n\nTry these.\n\n## Clean the port\n\nBlow into it.\n\n"
        "## Still not charging?\n\n[Book a repair](https://repairs.example.com/book) or "
        f"{link} today.\n"
    )
    assert parsed.links == [("Book a repair", "https://repairs.example.com/book")]
    assert parsed.fallback_text == ("[Book a repair](https://repairs.example.com/book) or  today.")
    assert parsed.left_out == [LeftOut("boilerplate", 1, (words or "Sign up for our newsletter",))]


# What was left out


def test_what_was_left_out_is_counted_by_kind_and_left_out_sections_named():
    parsed = parse(
        "Home > Help >\nPhones\n\n# Phone won't charge\n\n"
        "Try these. ![A port](https://images.example.com/port.jpg)\n\n"
        "## 1. Clean the port\n\n"
        'Blow into it. <img src="https://images.example.com/lint.png">\n\n'
        "Advertisement\n\n"
        '<div class="note">Back up first.</div>\n\n'
        "<!-- a comment says nothing -->\n\n"
        "Read [the guide](http://help.example.com/). [Buy a kit](https://amzn.to/kit)\n\n"
        "## Comments\n\n![A selfie](https://images.example.com/me.jpg)\n\n<div>Nice!</div>\n\n"
        "## 2. Try another cable\n\nUse the one in the box. [](https://help.example.com/)\n\n"
        "## Still not charging?\n\n"
        '<!-- ads begin --><a href="https://amzn.to/x">Deal</a><!-- ads end -->\nCall us.\n'
    )
    assert [step.body for step in parsed.steps] == [
        "Blow into it.\n\nRead the guide.",
        "Use the one in the box.",
    ]
    assert parsed.left_out == [
        LeftOut("sections", 1, ("Comments",)),  # its image and HTML with it
        LeftOut("above title", 1, ("Home > Help > Phones",)),
        LeftOut("images", 2),
        LeftOut("ads", 2),
        LeftOut("ad links", 1),
        LeftOut("addresses", 1),  # a link without words is no link kept as words
        LeftOut("html", 1),  # a comment is no block of HTML
    ]


def test_an_article_with_nothing_to_leave_out_says_nothing():
    assert parse(article("numbered-headings.md")).left_out == []


def test_a_byline_above_the_title_is_left_out_as_one():
    parsed = parse(article("article.html"))
    assert parsed.left_out == [
        LeftOut("boilerplate", 1, ("Updated 3 May 2024",)),
        LeftOut("images", 1),
    ]


def test_the_images_of_a_web_page_are_counted_with_their_figures_and_pictures():
    parsed = parse(
        "<h1>Phone won't charge</h1><p>Try these.</p>"
        "<h2>Clean the port</h2><p>Blow into it.</p>"
        "<figure><img src=a.png><figcaption>A clean port</figcaption></figure>"
        "<h2>Try another cable</h2><picture><source srcset=b.webp><img src=b.png></picture>"
        "<p>Use the one in the box.</p><p><img src=c.png alt=Cable></p>"
    )
    assert [step.body for step in parsed.steps] == ["Blow into it.", "Use the one in the box."]
    assert parsed.left_out == [LeftOut("images", 3)]


def test_an_icon_in_a_web_pages_heading_is_no_part_of_its_title():
    parsed = parse(
        "<h1>Phone won't charge</h1><p>Try these.</p>"
        '<h2><img src="port.svg" alt="Port icon">Clean the port</h2><p>Blow into it.</p>'
    )
    assert titles(parsed) == ["Clean the port"]


def test_a_comment_is_no_block_of_html_and_a_block_under_a_heading_is_one():
    parsed = parse(
        "# Phone won't charge\n\nTry these.\n\n## Clean the port\n<div>Lint!</div>\n\n"
        "Blow into it.\n\n<!-- one -->\n\n<!-- two -->\n"
    )
    assert parsed.steps[0].body == "Blow into it."
    assert parsed.left_out == [LeftOut("html", 1)]


@pytest.mark.parametrize(
    ("left_out", "words"),
    [
        (LeftOut("sections", 1, ("Comments",)), "1 section: “Comments”"),
        (LeftOut("sections", 2, ("Related", "Comments")), "2 sections: “Related”, “Comments”"),
        (LeftOut("above title", 1, ("Home",)), "1 paragraph above the title: “Home”"),
        (
            LeftOut("above title", 2, ("Home", "Help")),
            "2 paragraphs above the title: “Home”, “Help”",
        ),
        (LeftOut("images", 1), "1 image"),
        (LeftOut("images", 2), "2 images"),
        (LeftOut("ads", 1), "1 ad or “Read more” line"),
        (LeftOut("ads", 2), "2 ads or “Read more” lines"),
        (LeftOut("ad links", 1), "1 link to an ad or tracker"),
        (LeftOut("ad links", 2), "2 links to ads or trackers"),
        (LeftOut("addresses", 1), "1 link kept as words only"),
        (LeftOut("addresses", 2), "2 links kept as words only"),
        (LeftOut("html", 1), "1 block of HTML"),
        (LeftOut("html", 2), "2 blocks of HTML"),
        (LeftOut("sections", 5, tuple("ABCDE")), "5 sections: “A”, “B”, “C”, “D”, “E”"),
        (LeftOut("sections", 6, tuple("ABCDEF")), "6 sections: “A”, “B”, “C”, “D”, “E” and 1 more"),
    ],
)
def test_what_was_left_out_reads_in_plain_words_naming_at_most_five(left_out, words):
    assert str(left_out) == words


def test_the_message_lists_what_was_left_out_in_one_sentence():
    assert left_out_message(parse(article("plain-headings.md")).left_out) == (
        "Left out of the guide: 1 image; 2 ads or “Read more” lines; 1 link to an ad or "
        "tracker; 1 link kept as words only."
    )


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
