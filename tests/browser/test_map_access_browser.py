"""The map for keyboards, fingers and screen readers: Tab reaches the assets in view (a list of buttons
beside the map) and Enter opens one; on a 360 px phone the map comes before the filters and a dot
answers a tap within 12 px of its centre (a 24 px target); the attribution link is underlined; axe
finds nothing serious."""

import pytest

from tests.assets.worlds import make_world

from .conftest import axe_serious
from .test_pages_browser import login, shot

POPUP_SHOWN = "getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'"  # faded in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _map_ready(page) -> None:
    page.wait_for_function("document.getElementById('asset-map').dataset.mode === 'points'")


def test_tab_reaches_the_assets_in_view_and_enter_opens_one(page):
    world = make_world()
    login(page, "anna")
    page.goto(f"/g/{world.gemeente.slug}/kaart/")
    _map_ready(page)
    items = page.locator("#map-inview button")
    assert items.count() == 2  # the view shows the wijk; the bench outside it is not in view
    assert {items.nth(i).inner_text() for i in range(2)} == {"Boom BOOM-1", "Lichtmast MAST-7"}
    assert "2 assets in beeld" in page.locator("#map-status").inner_text()

    page.locator("#map-search-input").focus()
    for _ in range(40):  # from the search box, Tab goes through the map to the list
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('#map-inview') !== null"):
            break
    else:
        pytest.fail("Tab never reached the assets in view")
    name = page.evaluate("document.activeElement.textContent")
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    external_id = name.split(" ", 1)[1]
    assert external_id in popup.inner_text()
    assert page.evaluate("document.activeElement.textContent") == "Bekijk asset"
    page.wait_for_function(POPUP_SHOWN)
    assert axe_serious(page) == []
    page.keyboard.press("Enter")
    page.wait_for_url("**/assets/*/")
    assert external_id in page.get_by_role("heading", level=1).inner_text()
    assert page.js_errors == []


def test_phone_map_first_then_filters_and_dots_big_enough_to_tap(page):
    world = make_world()
    page.set_viewport_size({"width": 360, "height": 740})
    login(page, "anna")
    page.goto(f"/g/{world.gemeente.slug}/kaart/?buurt=B012")
    _map_ready(page)
    map_box = page.locator("#asset-map").bounding_box()
    filters_box = page.locator("#map-filter").bounding_box()
    assert map_box["y"] + map_box["height"] <= filters_box["y"]
    assert page.locator("#map-search-input").bounding_box()["y"] < map_box["y"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # nothing sticks out sideways
    assert page.locator("#map-inview button").first.bounding_box()["height"] >= 24

    # every dot's hit area reaches 12 px from its centre
    reach = page.evaluate("""() => {
        const out = [];
        window.wijkwerkMap.eachLayer(l => { if (l._radius !== undefined && l._clickTolerance) {
            out.push(l._radius + l._clickTolerance()); } });
        return out;
    }""")
    assert reach and min(reach) >= 12
    # a tap 11 px beside the dot opens it
    page.locator("#asset-map").scroll_into_view_if_needed()
    point = page.evaluate("""() => {
        const map = window.wijkwerkMap; let p = null;
        map.eachLayer(l => { if (l._radius !== undefined && l.getLatLng) { p = map.latLngToContainerPoint(l.getLatLng()); } });
        const r = map.getContainer().getBoundingClientRect();
        return [r.left + p.x, r.top + p.y];
    }""")
    page.mouse.click(point[0] + 11, point[1])
    page.locator(".leaflet-popup-content", has_text="MAST-7").wait_for()
    page.wait_for_function(POPUP_SHOWN)
    assert axe_serious(page) == []
    shot(page, "kaart-telefoon")
    assert page.js_errors == []


def test_attribution_link_is_underlined_and_the_map_page_is_axe_clean(page, settings):
    settings.WIJKWERK_TILE_ATTRIBUTION = 'Kaartgegevens &copy; <a href="https://www.kadaster.nl">Kadaster</a>'
    world = make_world()
    login(page, "anna")
    page.goto(f"/g/{world.gemeente.slug}/kaart/")
    _map_ready(page)
    link = page.locator(".leaflet-control-attribution a").first
    assert link.evaluate("a => getComputedStyle(a).textDecorationLine") == "underline"
    assert axe_serious(page) == []
    assert page.js_errors == []
