"""What an imported article leaves out of its guide: the account of everything left
out that staff are shown. No database here."""

from dataclasses import dataclass

SECTIONS, ABOVE_TITLE, IMAGES, ADS, AD_LINKS, ADDRESSES, HTML = (
    "sections", "above title", "images", "ads", "ad links", "addresses", "html"
)  # fmt: skip
KINDS = {  # each kind of thing left out, in the order listed, as (one, many)
    SECTIONS: ("section", "sections"),
    ABOVE_TITLE: ("paragraph above the title", "paragraphs above the title"),
    IMAGES: ("image", "images"),
    ADS: ("ad or “Read more” line", "ads or “Read more” lines"),
    AD_LINKS: ("link to an ad or tracker", "links to ads or trackers"),
    ADDRESSES: ("link kept as words only", "links kept as words only"),
    HTML: ("block of HTML", "blocks of HTML"),
}
NAMED = (SECTIONS, ABOVE_TITLE)  # the kinds whose words are worth reading
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
