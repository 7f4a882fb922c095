"""The languages a visitor can read the site in: the switcher on every page, naming
each language in itself, and the `hreflang` links of the pages search engines list.

The switcher's links go through `choose_language`, which sets the cookie that keeps
the choice: English's addresses have no prefix, so without it a browser asking for
Spanish would be sent back to Spanish.
"""

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import get_language_info, gettext, pgettext_lazy

# Languages named as a sentence names them, in the language spoken ("en inglés").
NAMES_IN_A_SENTENCE = {
    "en": pgettext_lazy("a language, in a sentence", "English"),
    "es": pgettext_lazy("a language, in a sentence", "Spanish"),
}


def page_in(path: str, language: str) -> str:
    """The same page in another language: `path` (this site's, in any language) with
    that language's prefix; unchanged where the site has no such page."""
    with translation.override(translation.get_language_from_path(path) or settings.LANGUAGE_CODE):
        return translate_url(path, language)


def switcher(path: str) -> list[dict]:
    """Each language, named in itself, with a link to the page at `path` in it."""
    current = translation.get_language()
    return [
        {
            "code": code,
            "name": name,
            "current": code == current,
            "url": f"{reverse('choose_language', args=[code])}?{urlencode({'next': path})}",
        }
        for code, name in settings.LANGUAGES
    ]


def alternates(path: str, absolute: Callable[[str], str]) -> list[tuple[str, str]]:
    """The page's address in every language, and English's as the default, for
    `<link rel="alternate" hreflang>`: search engines list each in its language."""
    links = [(code, absolute(page_in(path, code))) for code, _ in settings.LANGUAGES]
    return [*links, ("x-default", links[0][1])]


def languages_context(request: HttpRequest, path: str) -> dict:
    """The switcher and alternates of a page rendered once for many requests."""
    return {
        "language_links": switcher(path),
        "alternate_links": alternates(path, request.build_absolute_uri),
    }


def switcher_page(request: HttpRequest) -> str:
    """The page the switcher offers in each language: this one as it is (its query
    too); after a form sent (a refusal's or an error's page), the home page, as the
    form's address opens no page."""
    if request.method == "GET":
        return request.get_full_path()
    return reverse("troubleshooter:guide_list")


def switcher_context(request: HttpRequest) -> dict:
    """The switcher and alternates for every page rendered with its request. Worked out
    only when a template asks: the admin never does."""
    here = switcher_page(request)
    return {
        "language_links": lambda: switcher(here),
        "alternate_links": lambda: alternates(request.path, request.build_absolute_uri),
    }


def name_in_a_sentence(code: str) -> str:
    try:
        return str(NAMES_IN_A_SENTENCE.get(code) or get_language_info(code)["name_translated"])
    except KeyError:
        return code


def not_yet_in_language(version_language: str) -> str:
    """The note on a guide shown in its source language to a visitor reading another:
    empty when the guide is in the language spoken."""
    spoken = translation.get_language()
    if version_language == spoken:
        return ""
    return gettext("This guide is not yet in %(language)s: it is shown in %(source)s.") % {
        "language": name_in_a_sentence(spoken),
        "source": name_in_a_sentence(version_language),
    }
