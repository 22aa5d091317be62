"""Finding an asset in a real browser, at 1280 px and on a 360 px phone: from the search box in the
header (the results page, then the asset page) and from the map's own search box (the map zooms to
the asset and opens its popup). axe finds nothing serious on the results page or the map."""

import re

import pytest

from tests.assets.factories import make_asset
from tests.assets.worlds import make_world

from .conftest import axe_serious
from .test_pages_browser import login, shot

POPUP_SHOWN = "getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'"  # faded in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [pytest.param(1280, id="desktop"), pytest.param(360, id="phone")]


def _size(page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900 if width > 400 else 740})


@pytest.mark.parametrize("width", WIDTHS)
def test_search_from_the_header_leads_to_the_asset(page, width):
    world = make_world()
    make_asset(world.gemeente, "street_light", "MAST-8", lon=5.116, lat=52.086, buurt=world.buurt_b,
               attributes={"street": "Lange Nieuwstraat", "mast_number": "8"})
    _size(page, width)
    login(page, "anna")
    page.goto(f"/g/{world.gemeente.slug}/")
    search = page.get_by_role("search", name="Assets zoeken")
    search.get_by_role("searchbox").fill("lange nieuwstraat")
    search.get_by_role("button", name="Zoek").click()
    page.wait_for_url(re.compile(r"/zoeken/\?q=lange"))
    assert page.get_by_role("heading", level=2).first.inner_text() == "2 assets gevonden voor ‘lange nieuwstraat’"
    table = page.locator("table.search-results")
    assert "Lichtmast" in table.inner_text() and "street_light" not in page.locator("main").inner_text()
    assert axe_serious(page) == []
    shot(page, f"zoeken-{width}")
    page.get_by_role("link", name="MAST-8", exact=True).click()
    page.wait_for_url("**/assets/*/")
    assert "Lichtmast MAST-8" in page.get_by_role("heading", level=1).inner_text()
    assert page.js_errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_search_on_the_map_zooms_to_the_asset_and_opens_its_popup(page, width):
    world = make_world()
    _size(page, width)
    login(page, "anna")
    page.goto(f"/g/{world.gemeente.slug}/kaart/")
    page.wait_for_function("document.getElementById('asset-map').dataset.count !== undefined")
    page.get_by_label("Zoek een asset", exact=True).fill("lange nieu")
    choice = page.locator("#map-search-results button")
    choice.first.wait_for()
    assert choice.count() == 1
    assert "Lichtmast MAST-7" in choice.inner_text() and "Lange Nieuwstraat" in choice.inner_text()
    assert "1 asset gevonden" in page.locator("#map-search-status").inner_text()
    assert axe_serious(page) == []
    choice.click()

    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "MAST-7" in popup.inner_text()
    assert page.evaluate("window.wijkwerkMap.getZoom()") >= 19
    centre = page.evaluate("(() => { const c = window.wijkwerkMap.getCenter(); return [c.lng, c.lat]; })()")
    assert centre == pytest.approx([5.115, 52.085], abs=0.001)
    # the focus is on the popup's link: Enter opens the asset page
    assert page.evaluate("document.activeElement.textContent") == "Bekijk asset"
    page.wait_for_function(POPUP_SHOWN)
    assert axe_serious(page) == []
    shot(page, f"kaart-zoeken-{width}")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/assets/{world.light.pk}/")
    assert page.js_errors == []


def test_enter_in_the_map_search_picks_a_single_match_and_the_results_page_opens_the_map(page):
    world = make_world()
    login(page, "anna")
    page.goto(f"/g/{world.gemeente.slug}/kaart/")
    page.wait_for_function("document.getElementById('asset-map').dataset.count !== undefined")
    box = page.get_by_label("Zoek een asset", exact=True)
    box.fill("boom-1")
    box.press("Enter")
    page.locator(".leaflet-popup-content", has_text="BOOM-1").wait_for()
    assert "/kaart/" in page.url  # the map stayed; no results page

    page.goto(f"/g/{world.gemeente.slug}/zoeken/?q=bank")
    page.get_by_role("link", name="Op de kaart BANK-9").click()
    page.wait_for_url(f"**/kaart/?asset={world.outside_bench.pk}")
    page.locator(".leaflet-popup-content", has_text="BANK-9").wait_for()
    assert page.js_errors == []
