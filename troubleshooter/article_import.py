"""Turning a how-to article (Markdown, or HTML turned into Markdown first) into the
parts of a draft guide: title, summary, one step per method or numbered section,
and the closing "still not working?" section as the fallback. No database here.

Only text comes across: images, raw HTML, ads, tracking links, share lines, newsletter
plugs and bylines are dropped, and the article says what was left out of the guide.
"""

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from markdown_it import MarkdownIt

from troubleshooter.article_left_out import (
    ABOVE_TITLE,
    AD_LINKS,
    ADDRESSES,
    ADS,
    BOILERPLATE,
    HTML,
    IMAGES,
    SECTIONS,
    LeftOut,
    is_boilerplate,
    is_share_link,
    left_out_of,
)
from troubleshooter.web_page import html_to_markdown, looks_like_html

TITLE_LIMIT, SUMMARY_LIMIT, LABEL_LIMIT, URL_LIMIT, TAP_LIMIT = 200, 300, 80, 500, 200

# "1.", "2)", "Method 1:", "Fix 2 -", "Step 3.", "Solution 4:", "Way 5", with any dash
NUMBERED = re.compile(
    r"^\s*(?:(?:method|fix|step|solution|way|tip|option)\s*#?\d+\s*[:.)\-\u2013\u2014]?|\d+\s*[.):\-\u2013\u2014])\s*",
    re.IGNORECASE,
)
FALLBACK = re.compile(
    r"still (?:not|isn['\u2019]t|doesn['\u2019]t|won['\u2019]t)|not working|"
    r"nothing (?:worked|works|helped)|none of|contact|get (?:more )?help|genius bar|support|"
    r"last resort",
    re.IGNORECASE,
)
AD_LINE = re.compile(
    r"^\s*(?:advertisement|advertisements|sponsored(?: content)?|ads?|close|"
    r"(?:also read|read more|related|recommended|see also)\b.*)\s*$",
    re.IGNORECASE,
)
TRACKERS = re.compile(
    r"impactradius|impact\.com|sjv\.io|pxf\.io|8odi\.net|2checkout|avangate|doubleclick|"
    r"googlesyndication|amzn\.to|skimresources|shareasale|awin1|linksynergy|clickbank|"
    r"/c/\d+/\d+/\d+",
    re.IGNORECASE,
)
TRACKING_PARAMS = re.compile(r"^(?:utm_\w+|fbclid|gclid|mc_\w+|aff\w*|ref|tag|irclickid)$", re.I)
# Untrusted text: no pattern here may scan on from each place it could start, or an
# article of repeated openings ("![![![…", "<a <a <a…") would take quadratic time or
# worse. Each run stops at the next opening instead, and an unclosed comment ends the
# text, as it does in a browser.
IMAGE = re.compile(r"!\[[^\[\]]*\]\([^()]*\)|!\[[^\[\]]*\]\[[^\[\]]*\]")
LINK = re.compile(r"\[([^\[\]]*)\]\(\s*<?([^()\[\]\s<>]*)>?(?:\s+\"[^\"\n]*\")?\s*\)")
HTML_IMAGE = re.compile(r"<img\b", re.IGNORECASE)
HTML_TAG = re.compile(r"</?[a-zA-Z][^<>\n]*>|<!--.*?(?:-->|\Z)", re.DOTALL)
SEPARATOR = r"\s*(?:>|\u2192|\u203a|\u00bb)\s*"  # > and the arrows articles use instead
MENU_WORD = r"[\w\[\]'\u2019&+-]+"
# A joining word before a capitalised one is part of a menu item ("Transfer or Reset
# iPhone", "Erase All Content and Settings"); before any other word, or last, it starts
# the rest of the sentence ("… > Battery Health & Charging and look at…").
PATH_END = r"(?:to|and|or|then|if|for|until|so|when|while|once)(?![\w\[\]'\u2019&+-])(?! [A-Z])"
MENU = rf"{MENU_WORD}(?: (?!{PATH_END}){MENU_WORD}){{0,4}}"  # a menu item: up to five words
TAP_PATH = re.compile(rf"\b(?:Settings|\w+)(?:{SEPARATOR}{MENU})+")
AD_WORD = re.compile(r"\bads?\b", re.I)  # <!-- ad begin --> … <!-- ad end -->
END_WORD = re.compile(r"\bend\b", re.I)
HTML_LINK = re.compile(
    r"<a\b[^<>]*href=[\"']?([^\"'\s<>]*)[^<>]*>((?:(?!</?a\b).)*?)</a>", re.I | re.S
)
FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)
EMPTY_ITEM = re.compile(r"\s*(?:[-*+]|\d+[.)])\s*$")
# A paragraph's lines run on until a blank line, a list item or a heading.
BLOCK_START = re.compile(r"\s{0,3}(?:[-*+]|\d+[.)]|#{1,6})\s")


class NothingToImport(ValueError):
    """The text has no sections that could become steps."""


@dataclass
class ImportedStep:
    title: str
    body: str
    where_to_tap: str


@dataclass
class Article:
    title: str
    summary: str
    steps: list[ImportedStep]
    fallback_title: str = ""
    fallback_text: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what staff should know about the import
    left_out: list[LeftOut] = field(default_factory=list)


def comments(text: str):
    """Each HTML comment as (start, end, words), found in one pass."""
    start = text.find("<!--")
    while start != -1:
        end = text.find("-->", start + 4)
        if end == -1:
            return
        yield start, end + 3, text[start + 4 : end]
        start = text.find("<!--", end + 3)


def without_ad_blocks(text: str) -> tuple[str, int]:
    """The text without the blocks an ad network marks with comments, and how many."""
    kept, count, begun, position = [], 0, None, 0
    for start, end, words in comments(text):
        ad = AD_WORD.search(words)
        if begun is None and ad and "begin" in words[ad.end() :].lower():
            begun = start
        elif begun is not None and END_WORD.search(words):
            kept.append(text[position:begun])
            position, begun, count = end, None, count + 1
    return "".join(kept) + text[position:], count


@dataclass
class Source:
    """The article's lines as Markdown, and what was dropped from it on the way."""

    lines: list[str]
    html_blocks: list[int]  # the lines where blocks of HTML (not comments) started
    dropped: list[tuple[str, str]]  # (kind, words)

    def leave_out_html(self, start: int, end: int, comment: bool) -> None:
        self.lines[start:end] = [""] * (end - start)
        if not comment:
            self.html_blocks.append(start)

    def text(self, start: int, end: int) -> str:
        return "\n".join(self.lines[start:end])

    def cleaned(self, start: int, end: int) -> str:
        """The lines from start to end as clean Markdown, with what was dropped noted."""
        self.dropped += [(HTML, "")] * sum(start <= line < end for line in self.html_blocks)
        return clean_markdown(self.text(start, end), self.dropped)

    def leave_out_above(self, title_line: int) -> None:
        """What stands above the title (a date, a byline, a breadcrumb) is left out."""
        for lines in paragraphs(self.cleaned(0, title_line)):
            if words := text_of("\n".join(lines)):
                self.dropped.append((ABOVE_TITLE, words))


@dataclass
class Section:
    level: int
    heading: str  # plain text
    start: int  # line of the heading
    end: int = 0  # line after the section


# Only headings have their inline Markdown read: reading every paragraph's costs far
# more than the rest of an import, on text made to be slow.
BLOCKS = MarkdownIt("commonmark").disable("inline")
INLINE = MarkdownIt("commonmark")
HEADING_READ = 5 * TITLE_LIMIT  # a longer heading is shortened to TITLE_LIMIT anyway


def heading_text(markdown: str) -> str:
    """The text of a heading, without Markdown or HTML."""
    children = INLINE.parseInline(markdown[:HEADING_READ])[0].children or []
    parts = [child.content for child in children if child.type in ("text", "code_inline")]
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def clean_url(url: str) -> str | None:
    """An https address without tracking parameters, or None for one not to keep."""
    if not url.lower().startswith("https://") or TRACKERS.search(url) or len(url) > URL_LIMIT:
        return None
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if not TRACKING_PARAMS.match(k)]
    return urlunsplit(parts._replace(query=urlencode(query)))


def paragraphs(text: str) -> list[list[str]]:
    """The lines of Markdown text as paragraphs, list items and headings, and blank lines."""
    found: list[list[str]] = []
    for line in text.split("\n"):
        if found and line.strip() and found[-1][-1].strip() and not BLOCK_START.match(line):
            found[-1].append(line)
        else:
            found.append([line])
    return found


def without_boilerplate(text: str, dropped: list[tuple[str, str]]) -> str:
    kept = []
    for lines in paragraphs(text):
        if not lines[0].strip():  # a blank line: nothing to read
            kept += lines
            continue
        words = text_of("\n".join(lines))
        if is_boilerplate(words):
            dropped.append((BOILERPLATE, words))
        else:
            kept += lines
    return "\n".join(kept)


def dropped_link(words: str, url: str) -> str | None:
    """Why a link goes with its words (an ad, or a share or newsletter link), if it does."""
    if TRACKERS.search(url):
        return AD_LINKS
    if is_share_link(url) or is_boilerplate(words):
        return BOILERPLATE
    return None


def clean_markdown(text: str, dropped: list[tuple[str, str]]) -> str:
    """Instructions as Markdown, with images, HTML, ads, tracking links and boilerplate
    taken out, each added to `dropped` as (kind, words)."""
    text = without_boilerplate(without_ad_blocks(text)[0], dropped)

    def html_link(match):
        words = text_of(match.group(2))
        if kind := dropped_link(words, match.group(1)):
            dropped.append((kind, words))
            return ""
        if words:
            dropped.append((ADDRESSES, words))
        return match.group(2)

    def link(match):
        label, url = match.group(1).strip(), match.group(2)
        if kind := dropped_link(text_of(label), url):
            dropped.append((kind, text_of(label)))
            return ""
        if (kept := clean_url(url)) and label:
            return f"[{label}]({kept})"
        if label:
            dropped.append((ADDRESSES, text_of(label)))
        return label

    text = HTML_LINK.sub(html_link, text)
    dropped += [(IMAGES, "")] * len(HTML_IMAGE.findall(text))
    text = HTML_TAG.sub("", text)
    dropped += [(IMAGES, "")] * len(IMAGE.findall(text))
    text = LINK.sub(link, IMAGE.sub("", text))
    lines = []
    for line in text.splitlines():
        if AD_LINE.match(line):
            dropped.append((ADS, line.strip()))
        elif not EMPTY_ITEM.match(line):  # a list item whose link was dropped
            lines.append(line.rstrip())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def text_of(markdown: str) -> str:
    """Markdown as plain sentences."""
    text = LINK.sub(lambda m: m.group(1), IMAGE.sub("", HTML_TAG.sub("", markdown)))
    text = re.sub(r"(?m)^\s{0,3}#{1,6}\s*", "", text)
    # A run of marks is tried once, from its start, never again from each mark in it.
    text = re.sub(r"(?<![*_`#>])(?=([*_`#>]+))\1(?=\w)|(?<=[\w.!?])[*_`]+", "", text)
    text = re.sub(r"(?m)^[ \t]*(?:[-*+]|\d+[.)])\s+", "", text)
    return re.sub(r"\s+", " ", text.replace("**", "")).strip()


def find_tap_path(markdown: str) -> str:
    """The first `Settings > … > …` path in the text, preferring one from Settings."""
    text = re.sub(r"\*\*|__|`", " ", HTML_TAG.sub("", without_ad_blocks(markdown)[0]))
    text = LINK.sub(lambda m: m.group(1), text)
    paths = [re.sub(r"\s+", " ", m.group(0)).strip() for m in TAP_PATH.finditer(text)]
    paths = [p for p in paths if len(re.split(SEPARATOR, p)) >= 2]
    if not paths:
        return ""
    best = next((p for p in paths if p.lower().startswith("settings")), paths[0])
    path = " > ".join(re.split(SEPARATOR, best))
    return path if len(path) <= TAP_LIMIT else ""


def shorten(text: str, limit: int, what: str, notes: list[str]) -> str:
    if len(text) <= limit:
        return text
    short = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"
    notes.append(f"{what} was longer than {limit} characters and was shortened to “{short}”.")
    return short


def summary_from(intro: str, notes: list[str]) -> str:
    sentences = re.split(r"(?<=[.!?])\s+", text_of(intro))
    summary = ""
    for sentence in sentences:
        if len(summary) + len(sentence) + 1 > SUMMARY_LIMIT:
            break
        summary = f"{summary} {sentence}".strip()
    if not summary:
        notes.append("The article has no introduction to take a summary from: write one.")
    return summary


def parse(text: str) -> Article:
    """The guide an article describes. Raises NothingToImport."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text, ad_blocks = without_ad_blocks(text)
    if looks_like_html(text):
        text = html_to_markdown(text)
    front_title = ""
    if match := FRONT_MATTER.match(text):
        title_line = re.search(r"(?m)^title:\s*(.+)$", match.group(1))
        front_title = title_line.group(1).strip().strip("\"'") if title_line else ""
        text = text[match.end() :]
    source = Source(text.split("\n"), [], [(ADS, "")] * ad_blocks)
    tokens = BLOCKS.parse(text)
    for token in tokens:
        if token.type == "html_block" and token.map:
            source.leave_out_html(*token.map, comment=token.content.startswith("<!--"))
    sections = [
        Section(int(token.tag[1]), heading_text(tokens[index + 1].content), token.map[0])
        for index, token in enumerate(tokens)
        if token.type == "heading_open" and token.map
    ]
    sections = [section for section in sections if section.heading]
    if not sections:
        raise NothingToImport(
            "No headings were found. Give each fix a heading of its own, e.g. “## Restart "
            "your iPhone” or “1. Restart your iPhone” as a heading."
        )
    numbered = [s for s in sections if NUMBERED.match(s.heading)]
    # The title is the first heading, unless it is a step, or front matter names another.
    first = sections[0]
    title_section = None
    if not NUMBERED.match(first.heading) and (
        first.level == 1 or not front_title or first.heading == front_title or numbered
    ):
        title_section = first
    candidates = [s for s in sections if s is not title_section]
    if not candidates:
        raise NothingToImport("Only a title was found: the article needs a heading per fix.")
    # Headings at the title's level or above (e.g. "# Related articles") are no steps.
    below_title = [s for s in candidates if not title_section or s.level > title_section.level]
    level = min(s.level for s in (numbered or below_title or candidates))
    top = [s for s in candidates if s.level == level]
    # A closing heading above the steps' level ("## Still not working?" after "### 1.") ends them.
    after = next((s for s in candidates if s.start > top[-1].start and s.level < level), None)
    if after is not None and FALLBACK.search(after.heading):
        top.append(after)
    for section in top:  # up to the next heading at its level or above
        section.end = next(
            (s.start for s in sections if s.start > section.start and s.level <= section.level),
            len(source.lines),
        )

    notes: list[str] = []
    title = front_title or (title_section.heading if title_section else "")
    if not title:
        title = "Imported guide"
        notes.append("The article has no title: the guide is called “Imported guide”.")
    title = shorten(title, TITLE_LIMIT, "The title", notes)

    steps, fallback, left_out = [], None, []
    for section in top:
        closing = bool(steps) and bool(FALLBACK.search(section.heading))
        if numbered and NUMBERED.match(section.heading):
            steps.append(section)
        elif numbered:
            (left_out if not closing else []).append(section)
            fallback = section if closing else fallback
        elif closing and section is top[-1]:
            fallback = section  # an unnumbered article: only its last section can close it
        else:
            steps.append(section)
    if not steps:
        raise NothingToImport("No sections that could be steps were found under the title.")
    left_out += [s for s in candidates if s.level < level and s not in top]

    intro_start = title_section.start + 1 if title_section else 0
    if title_section:
        source.leave_out_above(title_section.start)
    summary = summary_from(source.cleaned(intro_start, steps[0].start), notes)

    article = Article(
        title=title,
        summary=summary or f"Steps to try for: {title}"[:SUMMARY_LIMIT],
        steps=[],
        notes=notes,
    )
    for number, section in enumerate(steps, start=1):
        heading = NUMBERED.sub("", section.heading).strip() or section.heading
        instructions = source.cleaned(section.start + 1, section.end)
        article.steps.append(
            ImportedStep(
                title=shorten(heading, TITLE_LIMIT, f"Step {number}'s title", notes),
                body=instructions or "Write what to do in this step.",
                where_to_tap=find_tap_path(source.text(section.start + 1, section.end)),
            )
        )
        if not instructions:
            notes.append(f"Step {number} “{heading}” has no text in the article: write it.")
    # Sections before the steps are the summary's.
    source.dropped += [(SECTIONS, s.heading) for s in left_out if s.start > steps[0].start]
    add_fallback(article, fallback, source)
    article.left_out = left_out_of(source.dropped)
    return article


def add_fallback(article: Article, closing: Section | None, source: Source) -> None:
    """The fallback page from the closing section, its links the buttons; or a placeholder."""
    if closing is None:
        article.fallback_title = "Still not working?"
        article.fallback_text = "None of these steps fixed it. Contact support for more help."
        article.notes.append(
            "The article has no “still not working” section, so the fallback page has "
            "placeholder text: write what visitors should do next."
        )
        return
    article.fallback_title = shorten(closing.heading, TITLE_LIMIT, "The fallback", article.notes)
    text = source.cleaned(closing.start + 1, closing.end)
    article.fallback_text = text or "Contact support for more help."
    # The buttons are the links the cleaning kept: no ads, share links or newsletter plugs.
    article.links = [(text_of(words)[:LABEL_LIMIT], url) for words, url in LINK.findall(text)]
