"""What an imported article leaves out of its guide: the boilerplate a web page wraps
around an article (share lines and links, newsletter plugs, author bylines), and the
account of everything left out that staff are shown. No database here.

Only a whole short paragraph, list item or link's words are boilerplate, and only in
these words, so that an instruction such as "Share the photo with your Mac" stays.
"""

import re
from dataclasses import dataclass

LONGEST = 160  # characters: a plug or byline is a line, never a paragraph of instructions

SOCIAL = (
    r"(?:facebook|twitter|x|linkedin|pinterest|reddit|whatsapp|e-?mail|threads|bluesky|"
    r"mastodon|telegram|flipboard|messenger)"
)
SOCIALS = rf"{SOCIAL}(?:(?:\s*[,/|\u00b7\u2022]\s*|\s+(?:or\s+)?){SOCIAL})*"
THIS_PAGE = r"this(?: (?:article|post|page|story|guide|tip))?"
SHARE = (
    rf"(?:click to )?share(?: {THIS_PAGE})?(?: (?:on|via|with) {SOCIALS}|:(?: {SOCIALS})?)"
    rf"|(?:click to )?share {THIS_PAGE}|(?:click to )?tweet {THIS_PAGE}|click to tweet|pin it"
)
# One sentence that starts as a plug: "Sign up for our newsletter…", "Don't miss a fix:
# subscribe…", "Our newsletter: sign up…"
NEWSLETTER = (
    r"(?:(?:don['\u2019]t|never) miss [^.!?:]*: )?"
    r"(?:sign(?:ing)?[ -]up|subscribe|join|get|receive)\b[^.!?]*\bnewsletters?\b[^.!?]*"
    r"|(?:our |the )?newsletters?\b[^.!?]*\b(?:sign[ -]up|subscribe)\b[^.!?]*"
    r"|subscribe\b[^.!?]*\b(?:inbox|mailing list|channel)\b[^.!?]*"
)
MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
DATE = (
    rf"(?:{MONTH} \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}|\d{{1,2}}(?:st|nd|rd|th)? {MONTH},? \d{{4}}"
    r"|\d{4}-\d\d-\d\d|\d{1,2}/\d{1,2}/\d{2,4}|\d+ (?:minute|hour|day|week|month|year)s? ago"
    r"|today|yesterday)"
)
NAME = r"[A-Z][\w.'\u2019-]*(?: (?:[A-Z][\w.'\u2019-]*|and|&|de|van|von|der|da)){0,4}"
BYLINE_PART = (
    rf"(?i:(?:(?:last )?(?:updated|published|posted|modified|reviewed)(?: on)?:? )?{DATE})"
    r"|(?i:\d+[ -]?min(?:ute)?s?\.? read)"
    rf"|(?i:(?:(?:written|posted|reviewed|edited|fact[ -]checked) )?by) {NAME}"
)
# Parts one after another, or between dots, bars or dashes: "By Sam Lee Updated on …"
BYLINE = (
    rf"(?:{BYLINE_PART})(?:(?:\s*[\u00b7\u2022|]\s*|\s+[\u2013\u2014-]\s+|\s+)(?:{BYLINE_PART}))*"
)
BOILERPLATE_WORDS = re.compile(rf"(?i:{SHARE}|{NEWSLETTER})[.!]?|{BYLINE}\.?")
SHARE_ADDRESS = re.compile(
    r"facebook\.com/(?:sharer|share\.php|dialog/share)|(?:twitter|x)\.com/(?:intent|share)|"
    r"linkedin\.com/(?:sharearticle|sharing)|pinterest\.[a-z.]+/pin/create|"
    r"reddit\.com/submit|api\.whatsapp\.com/send|wa\.me/|t\.me/share|threads\.net/intent|"
    r"bsky\.app/intent|addtoany\.com|sharethis\.com",
    re.IGNORECASE,
)


def is_boilerplate(words: str) -> bool:
    """Whether plain words (a paragraph, list item or link's words) are a share line, a
    newsletter plug or a byline."""
    return len(words) <= LONGEST and BOILERPLATE_WORDS.fullmatch(words) is not None


def is_share_link(address: str) -> bool:
    return SHARE_ADDRESS.search(address) is not None


SECTIONS, ABOVE_TITLE, BOILERPLATE, IMAGES, ADS, AD_LINKS, ADDRESSES, HTML = (
    "sections", "above title", "boilerplate", "images", "ads", "ad links", "addresses", "html"
)  # fmt: skip
KINDS = {  # each kind of thing left out, in the order listed, as (one, many)
    SECTIONS: ("section", "sections"),
    ABOVE_TITLE: ("paragraph above the title", "paragraphs above the title"),
    BOILERPLATE: (
        "line of sharing, newsletter or byline text",
        "lines of sharing, newsletter or byline text",
    ),
    IMAGES: ("image", "images"),
    ADS: ("ad or “Read more” line", "ads or “Read more” lines"),
    AD_LINKS: ("link to an ad or tracker", "links to ads or trackers"),
    ADDRESSES: ("link kept as words only", "links kept as words only"),
    HTML: ("block of HTML", "blocks of HTML"),
}
NAMED = (SECTIONS, ABOVE_TITLE, BOILERPLATE)  # the kinds whose words are worth reading
SHOWN = 5  # words listed of each kind; the rest are counted


@dataclass(frozen=True)
class LeftOut:
    """Things of one kind the import left out of the guide, with their words if named."""

    kind: str
    count: int
    words: tuple[str, ...] = ()

    def __str__(self) -> str:
        one, many = KINDS[self.kind]
        text = f"{self.count} {one if self.count == 1 else many}"
        if not self.words:
            return text
        more = len(self.words) - SHOWN
        listed = ", ".join(f"“{words}”" for words in self.words[:SHOWN])
        return f"{text}: {listed}" + (f" and {more} more" if more > 0 else "")


def left_out_of(dropped: list[tuple[str, str]]) -> list[LeftOut]:
    """(kind, words) pairs, one per thing dropped, as a list by kind."""
    found = []
    for kind in KINDS:
        words = [text for dropped_kind, text in dropped if dropped_kind == kind]
        if words:
            found.append(LeftOut(kind, len(words), tuple(words) if kind in NAMED else ()))
    return found


def left_out_message(left_out: list[LeftOut]) -> str:
    return f"Left out of the guide: {'; '.join(map(str, left_out))}."
