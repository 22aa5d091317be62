"""Schouw in a real browser: plan a round, enter a plot on a phone-sized screen (saved per plot
with htmx), a stale edit by a second inspector is told, the results page with its map; axe-core
finds no serious or critical accessibility problems."""

import json

import pytest

from tests.inspections.helpers import make_town
from tests.municipalities.factories import PASSWORD, UserFactory, make_member
from wijkwerk.inspections.models import AreaType, InspectionRound, PlotScore
from wijkwerk.inspections.quality.plots import plot_record
from wijkwerk.inspections.quality.polygons_import import area_type_polygons_import
from wijkwerk.inspections.quality.services import area_types_ensure_default

from .conftest import axe_serious

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, username: str) -> None:
    page.goto("/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def test_plan_enter_stale_and_results(page):
    gemeente, *_ = make_town()
    beheerder = UserFactory(username="schouwbeheer", password=PASSWORD)
    bert = UserFactory(username="bert", password=PASSWORD)
    make_member(beheerder, gemeente, "beheerder")
    make_member(bert, gemeente, "inspecteur")

    login(page, "schouwbeheer")
    page.wait_for_url(f"**/g/{gemeente.slug}/")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Schouw").click()
    page.wait_for_url("**/schouw/")
    assert axe_serious(page) == []
    page.get_by_label("Naam").fill("Voorjaar")
    page.get_by_label("Meetlocaties per buurt").fill("2")
    page.get_by_label("Startgetal loting").fill("3")
    page.get_by_label("gras").check()
    page.get_by_role("button", name="Ronde plannen").click()
    page.wait_for_url("**/schouw/*/")
    page.wait_for_function("document.getElementById('inspections-map').dataset.ready === 'true'")
    assert axe_serious(page) == []
    rnd = InspectionRound.objects.get(name="Voorjaar")

    # phone-sized entry page
    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_role("link", name="Schouwen").click()
    page.wait_for_url("**/invoer/")
    assert axe_serious(page) == []
    plot = rnd.plots.order_by("buurt__code", "code").first()
    card = page.locator(f"#plot-{plot.pk}")
    card.get_by_label("B basis").check()
    card.get_by_role("button", name="Opslaan").click()
    page.locator(f"#plot-{plot.pk}").get_by_text("Opgeslagen.").wait_for()
    assert PlotScore.objects.get(plot=plot).level == "B"

    # bert saves the same plot meanwhile; this page still holds the old version: told, not overwritten
    fresh = type(plot).objects.get(pk=plot.pk)
    plot_record(plot=fresh, scores={"gras": "C"}, expected_version=fresh.version, actor=bert)
    card = page.locator(f"#plot-{plot.pk}")
    card.get_by_label("A hoog", exact=True).check()
    card.get_by_role("button", name="Opslaan").click()
    page.locator(f"#plot-{plot.pk}").get_by_text("Deze meetlocatie is intussen door bert gewijzigd").wait_for()
    assert PlotScore.objects.get(plot=plot).level == "C"

    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"/g/{gemeente.slug}/schouw/{rnd.pk}/uitslag/")
    page.wait_for_function("document.getElementById('inspections-map').dataset.ready === 'true'")
    assert "voldoet niet" in page.locator("#results-table").inner_text()
    assert axe_serious(page) == []
    assert page.js_errors == []


def test_area_types_and_condition_tables_pages(page, tmp_path):
    gemeente, *_ = make_town()
    beheerder = UserFactory(username="gebiedbeheer", password=PASSWORD)
    make_member(beheerder, gemeente, "beheerder")
    area_types_ensure_default(gemeente=gemeente)
    park = AreaType.objects.get(gemeente=gemeente, code="park")
    path = tmp_path / "park.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"naam": "Park"},
                    "geometry": {"type": "Polygon", "coordinates": [[[5.0, 52.0], [5.05, 52.0], [5.05, 52.05], [5.0, 52.0]]]}}]}))
    area_type_polygons_import(area_type=park, path=path)

    login(page, "gebiedbeheer")
    page.wait_for_url(f"**/g/{gemeente.slug}/")
    page.goto(f"/g/{gemeente.slug}/schouw/catalogus/")
    page.get_by_role("link", name="Gebiedstypen beheren").click()
    page.get_by_role("link", name="Park").click()
    page.wait_for_function("document.getElementById('inspections-map').dataset.ready === 'true'")
    assert axe_serious(page) == []
    page.get_by_label("Buurt Een").check()
    page.get_by_role("button", name="Buurten opslaan").click()
    page.get_by_text("1 buurt(en) hebben nu gebiedstype Park").wait_for()

    page.goto(f"/g/{gemeente.slug}/conditie/")
    page.get_by_role("link", name="Conditietabellen").click()
    page.get_by_label("Correctiefactor conditie 3").fill("1,9")
    page.get_by_role("button", name="Tabellen opslaan").click()
    page.get_by_text("De correctiefactoren moeten positief zijn en oplopen").first.wait_for()
    assert axe_serious(page) == []
    assert page.js_errors == []
