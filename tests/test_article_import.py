"""Importing an article, the parsing alone (no database): how an article's shape
becomes a guide's title, steps and fallback page. The articles are the project's own,
in tests/articles/, one per shape an article comes in."""

import pytest

from tests.imported import PLACEHOLDER_NOTE, article, titles
from troubleshooter.article_import import parse
from troubleshooter.article_left_out import LeftOut


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
