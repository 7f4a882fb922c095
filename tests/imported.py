"""Helpers of the importer's tests: the project's own articles, one per shape an
article comes in, and what parsing one gives."""

from pathlib import Path

ARTICLES = Path(__file__).parent / "articles"

PLACEHOLDER_NOTE = (
    "The article has no “still not working” section, so the fallback page has placeholder "
    "text: write what visitors should do next."
)


def article(name: str) -> str:
    return (ARTICLES / name).read_text()


def titles(parsed):
    return [step.title for step in parsed.steps]
