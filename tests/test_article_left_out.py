"""Importing an article, the parsing alone: what never comes across (share lines,
newsletter plugs, bylines) and the account of what was left out."""

import pytest

from tests.imported import article, titles
from troubleshooter.article_import import parse
from troubleshooter.article_left_out import LeftOut, left_out_message

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
