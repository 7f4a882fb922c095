"""The site's own words in English and Spanish: which language a page is in, the
switcher, visits pinned to the language they started in, and the catalogue."""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.utils import translation

from tests.helpers import HTMX, ICLOUD_SLUG, BrowserClient, answer_data, step_url
from troubleshooter import flow, views
from troubleshooter.models import Visit

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES"
GUIDE = f"/guides/{ICLOUD_SLUG}/"
SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es-ES,es;q=0.9"}
# What a visit's screens carry whatever their language.
SAME_EVERYWHERE = re.compile(
    r'data-outcome="[^"]*"|data-leads-to="[^"]*"|class="reference-code">[^<]*'
)


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode())[1]


def start(client, prefix: str = "", **extra) -> Visit:
    response = client.post(f"{prefix}{GUIDE}start/", {"symptom": ""}, **extra)
    assert response.status_code == 303
    return Visit.objects.latest("started_at")


def walk_to_fallback(client, visit: Visit, steps) -> None:
    for step in steps[:-1]:
        client.post(f"/visits/{visit.id}/answer/", answer_data(step, flow.NEXT))
    client.post(f"/visits/{visit.id}/answer/", answer_data(steps[-1], flow.ESCALATE))


# Which language a page is in


def test_english_addresses_stay_english(client, guide):
    response = client.get("/")
    assert response.status_code == 200
    assert html_lang(response) == "en"
    assert "How can we help?" in response.content.decode()


def test_a_browser_asking_for_spanish_is_sent_to_the_spanish_home_page(client, guide):
    response = client.get("/", **SPANISH)
    assert response.status_code == 302
    assert response["Location"] == "/es/"
    assert {"Accept-Language", "Cookie"} <= {v.strip() for v in response["Vary"].split(",")}
    page = client.get(response["Location"], **SPANISH)
    assert html_lang(page) == "es"
    assert "¿En qué podemos ayudarte?" in page.content.decode()


def test_the_address_comes_before_the_browser(client, guide):
    assert html_lang(client.get("/es/")) == "es"
    assert client.get(f"/es{GUIDE}", HTTP_ACCEPT_LANGUAGE="en").status_code == 200


def test_the_cookie_comes_before_the_browser(client, guide):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(GUIDE, **SPANISH)
    assert response.status_code == 200
    assert html_lang(response) == "en"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    assert client.get(GUIDE)["Location"] == f"/es{GUIDE}"


def test_a_form_posted_from_an_english_page_stays_english(client, guide):
    visit = start(client, **SPANISH)
    assert visit.language == "en"


def test_the_admin_stays_english(client, db):
    response = client.get("/admin/login/", **SPANISH)
    assert response.status_code == 200
    assert "Log in" in response.content.decode()
    assert "Iniciar sesión" not in response.content.decode()


# The switcher


def test_every_public_page_names_each_language_in_itself(client, guide):
    for path in ["/", f"/es{GUIDE}", "/es/search/?q=photos", "/es/topics/no-such-topic/"]:
        html = client.get(path, follow=True).content.decode()
        assert 'lang="en" hreflang="en"' in html, path
        assert ">English</a>" in html, path
        assert ">Español</a>" in html, path


def test_the_switcher_keeps_the_page_and_sets_the_cookie(client, guide):
    page = client.get(f"{GUIDE}?symptom=x").content.decode()
    link = re.search(r'<a href="([^"]+)" lang="es"', page)[1].replace("&amp;", "&")
    response = client.get(link)
    assert response["Location"] == f"/es{GUIDE}?symptom=x"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    # Back to English from a Spanish address, and English kept despite the browser.
    back = client.get(f"/language/en/?next=/es{GUIDE}")
    assert back["Location"] == GUIDE
    assert client.get(GUIDE, **SPANISH).status_code == 200


def test_the_switcher_keeps_the_words_searched_for(client, guide):
    page = client.get("/search/?q=photos sync&x=1").content.decode()
    link = re.search(r'<a href="([^"]+)" lang="es"', page)[1].replace("&amp;", "&")
    assert client.get(link)["Location"] == "/es/search/?q=photos%20sync"


@pytest.mark.parametrize("next_url", ["//example.com/", "https://example.com/", "guides/"])
def test_the_switcher_stays_on_this_site(client, db, next_url):
    response = client.get("/language/es/", {"next": next_url})
    assert response["Location"] == "/es/"


def test_the_switcher_knows_only_its_languages(client, db):
    assert client.get("/language/fr/?next=/").status_code == 404


def switcher_links(html: str) -> dict[str, str]:
    links = re.findall(r'<a href="([^"]+)" lang="([^"]+)" hreflang=', html)
    return {code: url.replace("&amp;", "&") for url, code in links}


def broken(*args, **kwargs):
    raise RuntimeError("A mistake of ours")


def test_the_500_page_offers_the_same_page_in_each_language(client, guide, monkeypatch):
    monkeypatch.setattr(views, "topic_screen", broken)
    client = BrowserClient(raise_request_exception=False)
    response = client.get("/es/topics/icloud-and-photos/?page=2")
    assert response.status_code == 500
    assert html_lang(response) == "es"
    assert "Algo ha ido mal por nuestra parte" in response.content.decode()
    links = switcher_links(response.content.decode())
    assert client.get(links["en"])["Location"] == "/topics/icloud-and-photos/?page=2"
    assert client.get(links["es"])["Location"] == "/es/topics/icloud-and-photos/?page=2"


def test_a_500_after_a_form_offers_the_home_page_in_each_language(client, guide, monkeypatch):
    monkeypatch.setattr(views, "live_guide", broken)
    client = BrowserClient(raise_request_exception=False)
    response = client.post(f"/es{GUIDE}start/", {"symptom": ""})
    assert response.status_code == 500
    links = switcher_links(response.content.decode())
    assert client.get(links["en"])["Location"] == "/"
    assert client.get(links["es"])["Location"] == "/es/"


def failing_context_processor(request):
    raise RuntimeError("Fails as the request did")


def test_the_500_page_reads_no_database_and_runs_no_context_processor(settings):
    # No database here: reading it would fail the test.
    engine = settings.TEMPLATES[0]
    processors = [*engine["OPTIONS"]["context_processors"], f"{__name__}.failing_context_processor"]
    options = {**engine["OPTIONS"], "context_processors": processors}
    settings.TEMPLATES = [{**engine, "OPTIONS": options}]
    with translation.override("es"):
        response = views.server_error(RequestFactory().get("/guides/x/"))
    assert response.status_code == 500
    assert set(switcher_links(response.content.decode())) == {"en", "es"}


def test_public_pages_link_their_other_language_for_search_engines(client, guide):
    html = client.get(f"/es{GUIDE}").content.decode()
    assert f'<link rel="alternate" hreflang="en" href="http://testserver{GUIDE}">' in html
    assert f'<link rel="alternate" hreflang="es" href="http://testserver/es{GUIDE}">' in html
    assert f'<link rel="alternate" hreflang="x-default" href="http://testserver{GUIDE}">' in html
    assert f'<link rel="canonical" href="http://testserver/es{GUIDE}">' in html
    home = client.get("/").content.decode()
    assert '<link rel="alternate" hreflang="es" href="http://testserver/es/">' in home


# Spanish pages


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_the_spanish_guide_page(client, guide, headers):
    html = client.get(f"/es{GUIDE}", headers=headers).content.decode()
    assert "¿Qué ves?" in html
    assert "Lo que vamos a probar" in html
    assert f'action="/es{GUIDE}start/"' in html


def test_a_visit_started_in_spanish_is_spanish(client, steps):
    visit = start(client, "/es")
    assert visit.language == "es"
    response = client.get(f"/es/visits/{visit.id}/steps/1/")
    html = response.content.decode()
    assert html_lang(response) == "es"
    assert f"Paso 1 de {len(steps)}" in html
    assert "¿Se ha solucionado?" in html


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_spanish_steps_count_in_spanish(client, steps, headers):
    visit = start(client, "/es")
    response = client.post(
        f"/visits/{visit.id}/answer/", answer_data(steps[0], flow.NEXT), headers=headers
    )
    if not headers:
        assert response["Location"] == f"/es/visits/{visit.id}/steps/2/"
        response = client.get(response["Location"])
    else:
        assert response["HX-Push-Url"] == f"/es/visits/{visit.id}/steps/2/"
    html = response.content.decode()
    assert f"Paso 2 de {len(steps)}" in html
    assert "¿Qué ha pasado en el paso 1?" in html
    assert "No encontré ese ajuste" in html


def test_at_most_in_spanish():
    with translation.override("es"):
        assert str(flow.Progress(2, 7)) == "Paso 2 de 7"
        assert str(flow.Progress(1, 4, exact=False)) == "Paso 1 de como máximo 4"


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_the_spanish_fixed_page(client, steps, headers):
    visit = start(client, "/es")
    client.post(f"/visits/{visit.id}/answer/", answer_data(steps[0], flow.RESOLVED))
    html = client.get(f"/visits/{visit.id}/fixed/", headers=headers).content.decode()
    assert "¡Genial, ya está solucionado!" in html
    assert "Volver al paso 1" in html
    # The switcher leads to the guide's page: the visit itself stays in its language.
    assert f"next=%2Fes%2Fguides%2F{ICLOUD_SLUG}%2F" in html


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_the_spanish_fallback_page_and_handoff_card(client, steps, headers):
    visit = start(client, "/es")
    walk_to_fallback(client, visit, steps)
    visit.refresh_from_db()
    html = client.get(f"/visits/{visit.id}/more-help/", headers=headers).content.decode()
    assert "Resumen de lo que has probado" in html
    assert (
        f'Código de referencia: <strong class="reference-code">{visit.reference}</strong>' in html
    )
    months = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
              "septiembre", "octubre", "noviembre", "diciembre"]  # fmt: skip
    day, month, year = visit.finished_at.day, visit.finished_at.month, visit.finished_at.year
    assert f"{day} de {months[month - 1]} de {year}</time>" in html
    assert "Pasos que has probado" in html
    assert "Para el personal: escanea para abrir esta visita" in html


# Visits pinned to their language


def test_a_spanish_visit_stays_spanish_in_an_english_browser(client, steps):
    visit = start(client, "/es")
    other = BrowserClient(HTTP_ACCEPT_LANGUAGE="en")
    for path in [step_url(visit, 1), f"/visits/{visit.id}/steps/1/"]:
        response = other.get(path)
        assert response.status_code == 200
        assert html_lang(response) == "es"
        assert response["Content-Language"] == "es"
        assert f"Paso 1 de {len(steps)}" in response.content.decode()
    walk_to_fallback(other, visit, steps)
    card = other.get(f"/visits/{visit.id}/more-help/").content.decode()
    assert "Resumen de lo que has probado" in card


def test_an_english_visit_stays_english_at_a_spanish_address(client, steps):
    visit = start(client)
    response = client.get(f"/es/visits/{visit.id}/steps/1/")
    assert html_lang(response) == "en"
    assert f"Step 1 of {len(steps)}" in response.content.decode()


def test_answer_buttons_read_the_same_in_both_languages(client, steps):
    english, spanish = start(client), start(client, "/es")
    for number in range(1, len(steps) + 1):
        pages = [
            client.get(step_url(visit, number)).content.decode() for visit in (english, spanish)
        ]
        assert SAME_EVERYWHERE.findall(pages[0]) == SAME_EVERYWHERE.findall(pages[1])
        assert SAME_EVERYWHERE.findall(pages[0])


def test_the_reference_code_is_the_same_on_the_card(client, steps):
    visit = start(client, "/es")
    walk_to_fallback(client, visit, steps)
    visit.refresh_from_db()
    card = client.get(f"/visits/{visit.id}/more-help/").content.decode()
    assert SAME_EVERYWHERE.findall(card)[-1] == f'class="reference-code">{visit.reference}'


def test_a_spanish_step_page_is_one_query(client, steps, django_assert_num_queries):
    visit = start(client, "/es")
    client.get(f"/visits/{visit.id}/steps/1/")
    with django_assert_num_queries(1):
        response = client.get(f"/visits/{visit.id}/steps/1/")
    assert "Paso 1 de" in response.content.decode()


def test_each_language_has_its_own_cached_screens(client, steps):
    english, spanish = start(client), start(client, "/es")
    assert "Step 1 of" in client.get(f"/visits/{english.id}/steps/1/").content.decode()
    assert "Paso 1 de" in client.get(f"/visits/{spanish.id}/steps/1/").content.decode()
    assert "Step 1 of" in client.get(f"/visits/{english.id}/steps/1/").content.decode()
    assert "How can we help?" in client.get("/").content.decode()
    assert "¿En qué podemos ayudarte?" in client.get("/es/").content.decode()
    assert "How can we help?" in client.get("/").content.decode()


# The catalogue


def po_entries(text: str) -> list[tuple[set[str], dict[str, str]]]:
    """Each entry of a .po file: its flags and its fields (msgid, msgstr[0], …)."""
    entries = []
    for block in re.split(r"\n\s*\n", text.strip()):
        flags, fields, key = set(), {}, ""
        for line in block.splitlines():
            if line.startswith("#,"):
                flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith('"'):
                fields[key] += ast.literal_eval(line)
            elif not line.startswith("#"):
                key, value = line.split(" ", 1)
                fields[key] = ast.literal_eval(value)
        entries.append((flags, fields))
    return entries


def test_the_spanish_catalogue_is_complete():
    entries = po_entries((CATALOGUE / "django.po").read_text())
    assert len(entries) > 100
    for flags, fields in entries:
        assert "fuzzy" not in flags, fields["msgid"]
        translations = [value for key, value in fields.items() if key.startswith("msgstr")]
        assert translations, fields["msgid"]
        assert all(translations), fields["msgid"]


def test_the_compiled_catalogue_matches_it():
    """The committed .mo is `make messages`'s output of the .po as it stands."""
    with (CATALOGUE / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    for _, fields in po_entries((CATALOGUE / "django.po").read_text())[1:]:
        if "msgid_plural" in fields:
            one = catalogue.ngettext(fields["msgid"], fields["msgid_plural"], 1)
            many = catalogue.ngettext(fields["msgid"], fields["msgid_plural"], 2)
            assert (one, many) == (fields["msgstr[0]"], fields["msgstr[1]"])
        elif "msgctxt" in fields:
            translated = catalogue.pgettext(fields["msgctxt"], fields["msgid"])
            assert translated == fields["msgstr"]
        else:
            assert catalogue.gettext(fields["msgid"]) == fields["msgstr"]
