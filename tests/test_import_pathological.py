"""Importing is linear in the article's length: text made to be slow (repeated
openings that never close, markup nested hundreds deep) gets a plain result, a draft
or a message in words, within a second of the processor's time."""

import time

import pytest

from troubleshooter.article_import import NothingToImport, parse

SIZE = 100_000
ARTICLE = "<h1>Phone won't charge</h1><p>Try these.</p><h2>Clean the port</h2><p>Blow.</p>"
MARKDOWN = "# Phone won't charge\n\nTry these.\n\n## Clean the port\n\n"


def repeated(piece: str, before: str = MARKDOWN, after: str = "") -> str:
    return before + piece * (SIZE // len(piece) + 1) + after


SLOW_BEFORE = {
    "unclosed ad comments": repeated("<!-- ad "),
    "unclosed comments": repeated("<!-- "),
    "one long ad comment": repeated("ad ", MARKDOWN + "<!-- ", "-->"),
    "ad blocks never ended": repeated("<!-- ad begin -->x"),
    "unclosed links in a page": repeated('<a href="https://example.com/help">Read this ', ARTICLE),
    "unclosed links in Markdown": repeated('<a href="https://example.com/">'),
    "unclosed tags in a page": repeated("<p ", ARTICLE),
    "brackets": repeated("["),
    "image openings": repeated("!["),
    "link openings": repeated("[a]("),
    "a long link text": repeated("a ", MARKDOWN + "["),
    "menu paths": repeated("Settings > "),
    "stars": repeated("*"),
    "newlines": repeated("\n", MARKDOWN, "x"),
    "quotes nested": repeated(">", MARKDOWN, " x"),
    "divs nested": repeated("<div>", ARTICLE, "x"),
}


@pytest.mark.parametrize("text", SLOW_BEFORE.values(), ids=SLOW_BEFORE.keys())
def test_text_made_to_be_slow_gets_a_plain_result_within_a_second(text):
    assert len(text) >= SIZE
    started = time.process_time()
    try:
        outcome = parse(text).title
    except NothingToImport as refused:
        outcome = str(refused)  # a message in words
    assert outcome
    assert time.process_time() - started < 1


def test_a_block_nested_600_deep_is_read_as_its_words():
    nested = "<div>" * 600 + "<p>Unplug it first.</p>" + "</div>" * 600
    text = (
        "<h1>Phone won't charge</h1><p>Try these.</p>"
        f"<h2>Clean the port</h2>{nested}<h2>Try another cable</h2><p>Use the one in the box.</p>"
    )
    parsed = parse(text)
    assert [step.title for step in parsed.steps] == ["Clean the port", "Try another cable"]
    assert "Unplug it first." in parsed.steps[0].body
