"""A web page read as Markdown for the importer: only the article's part of it, without
scripts, navigation, ads and the like, each image left as a mark where it stood. No
database here. The page is read with lxml, in time in proportion to its length, and
markup nested deeper than any article's is read as plain words."""

import re

from bs4 import BeautifulSoup, Comment
from markdownify import markdownify

AD_NAMES = re.compile(
    r"(?:^|[\s_-])(?:ads?|advert\w*|sponsor\w*|promo\w*|affiliate\w*|newsletter|related|"
    r"share|social|comments?|cookie\w*|subscribe\w*|banner)(?:$|[\s_-])",
    re.IGNORECASE,
)
DROPPED_TAGS = [
    "script", "style", "noscript", "iframe", "video", "audio", "svg", "canvas", "form",
    "input", "button", "select", "textarea", "nav", "footer", "aside", "object", "embed",
    "template", "link", "meta",
]  # fmt: skip
IMAGE_MARK = "![]()"  # an image of a web page, so that it is counted where it stood


def looks_like_html(text: str) -> bool:
    if re.search(r"^\s{0,3}#{1,6}\s", text, re.MULTILINE):
        return False  # Markdown headings, perhaps with some HTML in between
    return bool(re.search(r"<(?:html|body|article|main|h[1-6]|p|div|ol|ul)\b", text, re.I))


NESTING_LIMIT = 100  # far deeper than an article's markup, far shallower than recursion


def flattened(soup: BeautifulSoup) -> BeautifulSoup:
    """The page with each element nested NESTING_LIMIT deep replaced by its words: the
    nesting that would make reading it slow or recursive goes. Walked with a list,
    not by recursion."""
    waiting = [(soup, 0)]
    while waiting:
        element, depth = waiting.pop()
        for child in element.find_all(True, recursive=False):
            if depth < NESTING_LIMIT:
                waiting.append((child, depth + 1))
            else:
                child.replace_with(child.get_text(" "))
    return soup


def html_to_markdown(html: str) -> str:
    soup = flattened(BeautifulSoup(html, "lxml"))
    page_title = soup.title.get_text(" ", strip=True) if soup.title else ""
    for comment in soup.find_all(string=lambda text: isinstance(text, Comment)):
        comment.extract()
    for tag in soup.find_all("figure"):  # with its caption
        tag.replace_with(IMAGE_MARK * len(tag.find_all("img")))
    for tag in soup.find_all("img"):  # markdownify would put an image's alt text in a heading
        tag.replace_with(IMAGE_MARK)
    for tag in soup.find_all(DROPPED_TAGS):
        tag.decompose()
    for tag in soup.find_all(True):
        if tag.decomposed or tag.attrs is None:
            continue
        names = " ".join([*tag.get("class", []), tag.get("id", "") or ""])
        if names and AD_NAMES.search(names):
            tag.decompose()
    body = soup.find("article") or soup.find("main") or soup.body or soup
    markdown = markdownify(str(body), heading_style="ATX", bullets="-")
    if page_title and not re.search(r"^#\s", markdown, re.MULTILINE):
        markdown = f"# {page_title}\n\n{markdown}"
    return markdown
