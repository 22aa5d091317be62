"""The pages in a real browser: log in, pick a municipality, overview, map (without tiles),
asset page; axe-core finds no serious or critical accessibility problems on any of them."""

import os

import pytest

from tests.assets.factories import make_assets_bulk
from tests.assets.worlds import make_world
from tests.municipalities.factories import PASSWORD, GemeenteFactory, make_member

from .conftest import axe_serious

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("WIJKWERK_SCREENSHOTS")  # folder to keep screenshots in, for people


def shot(page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


def login(page, username: str) -> None:
    page.goto("/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def test_login_pick_gemeente_overview_map_and_asset(page):
    world = make_world()
    make_member(world.beheerder, GemeenteFactory(slug="zeist", name="Zeist"), "raadpleger")
    points = [(5.1002 + (i % 40) * 0.0002, 52.0802 + (i // 40) * 0.00012) for i in range(2400)]
    make_assets_bulk(world.gemeente, "tree", points, buurt=world.buurt_a)

    page.goto("/login/")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert axe_serious(page) == []
    shot(page, "login")
    login(page, "anna")

    # two municipalities: the picker
    page.wait_for_url("**/gemeenten/")
    assert page.get_by_role("heading", level=1).inner_text() == "Kies een gemeente"
    assert axe_serious(page) == []
    shot(page, "gemeenten")
    page.get_by_role("link", name="Utrecht").click()

    # overview
    page.wait_for_url(f"**/g/{world.gemeente.slug}/")
    assert "Overzicht Utrecht" in page.get_by_role("heading", level=1).inner_text()
    row = page.locator("tr", has=page.get_by_role("rowheader", name="Domplein B011"))
    assert "2.401" in row.inner_text()  # the tree from make_world + 2,400 bulk trees
    assert axe_serious(page) == []
    shot(page, "overzicht")

    # map: tiles cannot load, assets are drawn as clusters anyway
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Kaart").click()
    page.wait_for_url("**/kaart/")
    page.wait_for_function("document.getElementById('asset-map').dataset.count !== undefined")
    map_el = page.locator("#asset-map")
    assert map_el.get_attribute("data-mode") == "clusters"
    assert int(map_el.get_attribute("data-count")) >= 2401  # all in the buurten (the view shows the areas)
    assert page.locator(".cluster-icon").count() > 0
    assert "in beeld" in page.locator("#map-status").inner_text()
    page.wait_for_function("document.querySelectorAll('.leaflet-overlay-pane canvas, .leaflet-areas-pane canvas').length > 0")
    assert axe_serious(page) == []
    shot(page, "kaart-groepen")

    # filter on a buurt with few assets: individual points on the canvas
    page.get_by_label("Buurt").select_option("B012")
    page.get_by_role("button", name="Toon").click()
    page.wait_for_url("**buurt=B012**")
    page.wait_for_function("document.getElementById('asset-map').dataset.mode === 'points'")
    assert map_el.get_attribute("data-count") == "1"
    assert map_el.get_attribute("data-drawn") == "1"
    # the popup links to the asset page
    page.evaluate("""() => {
        const map = window.wijkwerkMap;
        map.eachLayer(l => { if (l.getPopup && l.getPopup() && l.getLatLng) { l.openPopup(); } });
    }""")
    page.locator(".leaflet-popup-content a", has_text="Bekijk asset").click()

    # asset page
    page.wait_for_url(f"**/assets/{world.light.pk}/")
    assert "Lichtmast MAST-7" in page.get_by_role("heading", level=1).inner_text()
    assert "Lange Nieuwstraat" in page.locator("main").inner_text()
    page.wait_for_function("document.getElementById('location-map').dataset.ready === 'true'")
    assert axe_serious(page) == []
    shot(page, "asset")
    assert page.js_errors == []


def test_zooming_in_turns_clusters_into_points(page):
    world = make_world()
    points = [(5.1002 + (i % 50) * 0.00015, 52.0802 + (i // 50) * 0.0001) for i in range(2500)]
    make_assets_bulk(world.gemeente, "street_light", points, buurt=world.buurt_a)
    login(page, "anna")
    page.goto(f"/g/{world.gemeente.slug}/kaart/")
    page.wait_for_function("document.getElementById('asset-map').dataset.mode === 'clusters'")
    page.evaluate("() => { window.wijkwerkMap.setView([52.0812, 5.1040], 19); }")
    page.wait_for_function("document.getElementById('asset-map').dataset.mode === 'points'")
    assert int(page.locator("#asset-map").get_attribute("data-drawn")) > 0
    assert page.js_errors == []


def test_asset_edit_form_in_the_browser(page):
    world = make_world()
    login(page, "anna")
    page.goto(f"/g/{world.gemeente.slug}/assets/{world.tree.pk}/")
    page.get_by_text("Gegevens wijzigen").click()
    page.get_by_label("Boomsoort").fill("Quercus robur")
    assert axe_serious(page) == []
    page.get_by_role("button", name="Opslaan").click()
    assert page.get_by_text("De wijzigingen zijn opgeslagen").is_visible()
    assert "Quercus robur" in page.locator("main").inner_text()
    shot(page, "asset-gewijzigd")


def test_forbidden_and_not_found_pages_are_dutch_and_accessible(page):
    world = make_world()
    login(page, "rob")  # raadpleger
    response = page.goto(f"/g/{world.gemeente.slug}/import/")
    assert response.status == 403
    assert page.get_by_role("heading", level=1).inner_text() == "Geen toegang"
    assert axe_serious(page) == []
    response = page.goto(f"/g/{world.other.slug}/")
    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Niet gevonden"
    assert axe_serious(page) == []
