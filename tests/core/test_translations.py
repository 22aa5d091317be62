"""English works (docs/adr/0005): Dutch is the source language and the default, one catalogue
translates it to English. The committed catalogue is complete and compiled, and the pages follow
the language the browser asks for (Accept-Language) or the one chosen in the header."""

import gettext
import html
import io
import re
from pathlib import Path

import openpyxl
import polib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import wijkwerk
from tests.assets.worlds import make_world
from tests.inspections.factories import InspectionRoundFactory, PlotFactory
from tests.municipalities.factories import PASSWORD, UserFactory, make_member
from tests.planning.factories import START_YEAR, PlanFactory
from tests.planning.helpers import export_file
from wijkwerk.assets.models import ImportJob
from wijkwerk.core.pdf import pdf_text
from wijkwerk.inspections.quality.plots import plot_record
from wijkwerk.municipalities.roles import INKOPER
from wijkwerk.planning.models import PlanItem

LOCALE = Path(wijkwerk.__file__).resolve().parent / "locale" / "en" / "LC_MESSAGES"
DOMAINS = ("django", "djangojs")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdf]|%\(\w+\)\.\d+f|%%")


def _active(domain: str) -> list[polib.POEntry]:
    return [e for e in polib.pofile(str(LOCALE / f"{domain}.po")) if not e.obsolete]


# --- The catalogue -----------------------------------------------------------------------------

@pytest.mark.parametrize("domain", DOMAINS)
def test_the_catalogue_translates_every_text_and_has_no_fuzzy_entry(domain):
    entries = _active(domain)
    assert len(entries) > (500 if domain == "django" else 5)
    untranslated = [e.msgid for e in entries if not e.translated() and "fuzzy" not in e.flags]
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    assert untranslated == [], f"untranslated in {domain}.po (python scripts/translations.py --update)"
    assert fuzzy == [], f"fuzzy in {domain}.po: check the English and remove the fuzzy flag"


@pytest.mark.parametrize("domain", DOMAINS)
def test_translations_keep_the_placeholders_of_the_dutch_text(domain):
    wrong = []
    for entry in _active(domain):
        texts = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        expected = sorted(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
        for text in texts:
            found = sorted(PLACEHOLDER.findall(text))
            # A singular may leave out the number ("1 plot" needs no %(n)s); it may not add one.
            if found != expected and not (entry.msgid_plural and set(found) <= set(expected)):
                wrong.append((entry.msgid, text))
    assert wrong == []


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_committed_mo_is_the_compiled_po(domain):
    """The .mo is what Django reads; it must hold exactly the translations of the .po (compared by
    content, not by date: a git checkout sets no meaningful file times)."""
    with (LOCALE / f"{domain}.mo").open("rb") as handle:
        compiled = dict(gettext.GNUTranslations(handle)._catalog)
    compiled.pop("", None)
    expected = {}
    for entry in _active(domain):
        if entry.msgid_plural:
            for index, text in entry.msgstr_plural.items():
                expected[(entry.msgid, int(index))] = text
        else:
            expected[entry.msgid] = entry.msgstr
    assert compiled == expected, "run: python scripts/translations.py --update (or wijkwerk compilemessages)"


def test_domain_terms_keep_their_dutch_name_with_an_english_gloss():
    english = {e.msgid: e.msgstr for e in _active("django")}
    assert english["Schouw"] == "Schouw (visual inspection)"
    assert "SW-bedrijf" in english["SW-bedrijf"] and "sheltered-employment" in english["SW-bedrijf"]


# --- The pages ---------------------------------------------------------------------------------

@pytest.fixture
def world(db):
    world = make_world()
    inkoper = UserFactory(username="ingrid")
    make_member(inkoper, world.gemeente, INKOPER)
    world.extra["inkoper"] = inkoper
    return world


def _page(client, url: str, language: str | None) -> str:
    headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    return response.content.decode()


def _pages(world) -> dict[str, tuple[object, str, list[str], list[str]]]:
    """Per page: who opens it, its address, words only the English page has, words only the Dutch one."""
    slug = world.gemeente.slug
    manager = world.beheerder
    return {
        "login": (None, reverse("login"), ["Sign in", "Username", "Password"],
                  ["Inloggen", "Gebruikersnaam", "Wachtwoord"]),
        "overview": (manager, reverse("gemeente-overview", args=[slug]),
                     ["Per district and neighbourhood", "Municipality total", "Street light"],
                     ["Per wijk en buurt", "Totaal gemeente", "Lichtmast"]),
        "map": (manager, reverse("asset-map", args=[slug]),
                ["Map of the assets", "All types", "Outside every neighbourhood", "Loading the map"],
                ["Kaart van de assets", "Alle soorten", "Buiten alle buurten", "Kaart wordt geladen"]),
        "asset": (manager, reverse("asset-detail", args=[slug, world.tree.pk]),
                  ["Year of installation", "Tree BOOM-1", "Tree species", "History"],
                  ["Aanlegjaar", "Boom BOOM-1", "Boomsoort", "Historie"]),
        "schouw": (manager, reverse("inspections-rounds", args=[slug]),
                   ["Schouw rounds (visual inspections)", "Quality catalogue and area types"],
                   ["Schouwrondes", "Kwaliteitscatalogus en gebiedstypen"]),
        "plan": (manager, reverse("planning-plans", args=[slug]),
                 ["Multi-year plan", "Risk model", "Calculate a new plan"],
                 ["Meerjarenplanning", "Risicomodel", "Nieuw plan berekenen"]),
        "tenders": (world.extra["inkoper"], reverse("tender-list", args=[slug]),
                    ["Tenders", "New tender", "No tenders."],
                    ["Aanbestedingen", "Nieuwe aanbesteding", "Geen aanbestedingen."]),
    }


@pytest.mark.parametrize("name", ["login", "overview", "map", "asset", "schouw", "plan", "tenders"])
def test_pages_are_english_for_accept_language_en_and_dutch_for_nl(client, world, name):
    user, url, english, dutch = _pages(world)[name]
    if user is not None:
        client.force_login(user)
    for language, present, absent, lang in (("en", english, dutch, "en"),
                                            ("en-GB,en;q=0.9,nl;q=0.5", english, dutch, "en"),
                                            ("nl", dutch, english, "nl"), (None, dutch, english, "nl")):
        html = _page(client, url, language)
        assert f'<html lang="{lang}">' in html, (name, language)
        for word in present:
            assert word in html, (name, language, word)
        for word in absent:
            assert word not in html, (name, language, word)


def test_the_header_switch_chooses_the_language_and_it_sticks(client, world):
    client.force_login(world.beheerder)
    url = reverse("asset-map", args=[world.gemeente.slug])
    html = _page(client, url, "nl")
    assert 'action="/i18n/setlang/"' in html and '<label for="language-switch">Taal</label>' in html
    assert '<option value="en" lang="en">English</option>' in html
    response = client.post(reverse("set_language"), {"language": "en", "next": url})
    assert response.status_code == 302 and response["Location"] == url
    html = _page(client, url, "nl")  # the choice beats what the browser asks for
    assert "Map of the assets" in html and '<label for="language-switch">Language</label>' in html
    assert '<option value="en" lang="en" selected>English</option>' in html
    client.post(reverse("set_language"), {"language": "nl", "next": url})
    assert "Kaart van de assets" in _page(client, url, "en")


def test_the_login_page_has_the_switch_too(client, db):
    html = _page(client, reverse("login"), None)
    assert 'id="language-switch"' in html and "Nederlands" in html and "English" in html


def test_numbers_follow_the_language(client, world):
    client.force_login(world.beheerder)
    url = reverse("asset-detail", args=[world.gemeente.slug, world.tree.pk])
    world.tree.quantity = 1234.5
    world.tree.save(update_fields=["quantity"])
    assert "1,234.5" in _page(client, url, "en")
    assert "1.234,5" in _page(client, url, "nl")


def test_the_map_scripts_get_their_texts_in_the_page_language(client, db):
    english = client.get(reverse("javascript-catalog"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "No assets in view." in english
    dutch = client.get(reverse("javascript-catalog"), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "No assets in view." not in dutch


def test_api_errors_follow_the_language(client, world):
    client.force_login(world.beheerder)
    url = "/api/v1/gemeenten/bestaat-niet/assets"
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["status"] == 404 and english["title"] == "Not found"
    dutch = client.get(url).json()
    assert dutch["title"] == "Niet gevonden"


def test_a_wrong_login_is_explained_in_the_chosen_language(client, world):
    data = {"username": world.beheerder.username, "password": PASSWORD + "-fout"}
    english = client.post(reverse("login"), data, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Username or password is not correct." in english
    dutch = client.post(reverse("login"), data).content.decode()
    assert "Gebruikersnaam of wachtwoord klopt niet." in dutch


# --- Files and messages in the page's language ----------------------------------------------

def _download(client, url: str, language: str) -> bytes:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_mjop_excel_and_pdf_follow_the_language_of_the_page(client, world):
    plan = PlanFactory(gemeente=world.gemeente, name="Basis", computed=True)
    PlanItem.objects.create(plan=plan, asset=world.tree, year=1, intervention="replace", cost=900.0)
    client.force_login(world.beheerder)
    slug = world.gemeente.slug

    english = openpyxl.load_workbook(io.BytesIO(export_file(client, slug, plan.pk, "xlsx", "en")))
    assert english.sheetnames == ["Summary", f"Year {START_YEAR}"]
    summary = [[c for c in row if c is not None] for row in english["Summary"].iter_rows(values_only=True)]
    assert ["Year", "Budget", "Cost", "Share of the budget spent", "Risk without maintenance", "Risk with the plan",
            "Share at target condition", "Interventions"] in summary
    assert ["Per intervention", "Cost"] in summary and ["replacement", 900] in summary
    year = list(english[f"Year {START_YEAR}"].iter_rows(values_only=True))
    assert year[0] == ("Asset", "Type", "District", "Intervention", "Cost")
    assert year[1][0] == "BOOM-1" and year[1][1] == "Tree" and year[1][3] == "replacement"
    text = " ".join(pdf_text(export_file(client, slug, plan.pk, "pdf", "en")).split())
    assert "Risk with the plan" in text and "Per asset type" in text and "Risico" not in text

    dutch = openpyxl.load_workbook(io.BytesIO(export_file(client, slug, plan.pk, "xlsx", "nl")))
    assert dutch.sheetnames == ["Samenvatting", f"Jaar {START_YEAR}"]
    year = list(dutch[f"Jaar {START_YEAR}"].iter_rows(values_only=True))
    assert year[0] == ("Asset", "Type", "Wijk", "Maatregel", "Kosten") and year[1][1:4:2] == ("Boom", "vervanging")
    text = " ".join(pdf_text(export_file(client, slug, plan.pk, "pdf", "nl")).split())
    assert "Risico met plan" in text and "Per assettype" in text


def test_a_refused_import_file_is_explained_in_the_language_of_the_page(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(world.beheerder)
    url = reverse("asset-import", args=[world.gemeente.slug])

    def upload(name: str, content: bytes, language: str) -> str:
        data = {"file": SimpleUploadedFile(name, content), "asset_type": "tree"}
        response = client.post(url, data, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200  # the form again, with the reason
        return html.unescape(response.content.decode())

    english = upload("bomen.gpkg", b"id;soort\n1;eik\n", "en")
    assert "'bomen.gpkg' is not a real GeoPackage file: its content is a text file." in english
    dutch = upload("bomen.gpkg", b"id;soort\n1;eik\n", "nl")
    assert "'bomen.gpkg' is geen echt GeoPackage-bestand: de inhoud is een tekstbestand." in dutch
    assert "The submitted file is empty." in upload("leeg.csv", b"", "en")  # Django's own text, in English too
    assert not ImportJob.objects.filter(gemeente=world.gemeente, file_name__in=["bomen.gpkg", "leeg.csv"]).exists()


def test_a_schouw_round_and_its_results_are_english_for_en(client, world):
    rnd = InspectionRoundFactory(gemeente=world.gemeente, name="Voorjaar")
    plot = PlotFactory(round=rnd, code="M1", buurt=world.buurt_a, wijk=world.wijk, lon=5.105, lat=52.085)
    plot_record(plot=plot, scores={"gras": "B"})
    client.force_login(world.beheerder)
    slug = world.gemeente.slug

    page = _page(client, reverse("inspections-round", args=[slug, rnd.pk]), "en")
    assert "Schouw round (inspection round)" in page and "In progress" in page and "Bezig" not in page
    assert "Bezig" in _page(client, reverse("inspections-round", args=[slug, rnd.pk]), "nl")

    results = _page(client, reverse("inspections-results", args=[slug, rnd.pk]), "en")
    assert "Results of the schouw round" in results and "Uitslag schouwronde" not in results
    workbook = openpyxl.load_workbook(io.BytesIO(
        _download(client, reverse("inspections-results-xlsx", args=[slug, rnd.pk]), "en")))
    assert workbook.sheetnames == ["Per neighbourhood", "Per district", "Per aspect", "Plots"]
    header = next(workbook["Per neighbourhood"].iter_rows(values_only=True))
    assert header == ("neighbourhood", "neighbourhood name", "aspect", "plots", "at or above target", "share",
                      "target level", "norm percentage", "complies")
    text = " ".join(pdf_text(_download(client, reverse("inspections-results-pdf", args=[slug, rnd.pk]), "en")).split())
    assert "Results of inspection round Voorjaar" in text and "Per neighbourhood" in text and "Per buurt" not in text
