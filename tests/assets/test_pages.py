"""Asset pages with the Django test client: the map and its data (points, clusters, area outlines),
the asset page, editing an asset and who may."""

import json

import pytest

from tests.assets.factories import make_assets_bulk
from tests.assets.worlds import make_world
from wijkwerk.assets.models import AssetHistory

pytestmark = pytest.mark.django_db


def test_map_page_has_filters_legend_and_no_external_scripts(client):
    world = make_world()
    client.force_login(world.raadpleger)
    response = client.get(f"/g/{world.gemeente.slug}/kaart/", {"buurt": "B011"})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<option value="B011" selected>Domplein</option>' in html
    assert "/static/vendor/leaflet/leaflet.js" in html
    assert "unpkg" not in html and "cdn" not in html.lower()
    config = response.context["map_config"]
    assert config["filters"]["buurt"] == "B011"
    assert config["extent"] == pytest.approx([5.10, 52.08, 5.11, 52.09])  # the chosen buurt
    assert config["tileUrl"].startswith("https://service.pdok.nl/")
    assert config["assetUrl"] == f"/g/{world.gemeente.slug}/assets/{{id}}/"


def test_tile_url_is_configurable(client, settings):
    settings.WIJKWERK_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    world = make_world()
    client.force_login(world.raadpleger)
    response = client.get(f"/g/{world.gemeente.slug}/kaart/")
    assert response.context["map_config"]["tileUrl"] == settings.WIJKWERK_TILE_URL


def _data(client, slug, **params):
    response = client.get(f"/g/{slug}/kaart/data", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_map_data_gives_points_with_filters(client):
    world = make_world()
    client.force_login(world.raadpleger)
    slug = world.gemeente.slug
    data = _data(client, slug, bbox="5.0,52.0,5.2,52.2", zoom=14)
    assert data["mode"] == "points" and data["count"] == 3
    assert {p[4] for p in data["points"]} == {"BOOM-1", "MAST-7", "BANK-9"}
    tree = next(p for p in data["points"] if p[4] == "BOOM-1")
    assert tree[:4] == [world.tree.pk, 5.105, 52.085, "tree"]
    assert [p[4] for p in _data(client, slug, bbox="5.0,52.0,5.2,52.2", zoom=14, type="street_light")["points"]] == ["MAST-7"]
    assert [p[4] for p in _data(client, slug, bbox="5.0,52.0,5.2,52.2", zoom=14, buurt="B011")["points"]] == ["BOOM-1"]
    assert [p[4] for p in _data(client, slug, bbox="5.0,52.0,5.2,52.2", zoom=14, buurt="-")["points"]] == ["BANK-9"]
    assert _data(client, slug, bbox="5.0,52.0,5.2,52.2", zoom=14, wijk="W01")["count"] == 2
    assert _data(client, slug, bbox="5.12,52.06,5.2,52.2", zoom=14)["count"] == 1  # only what is in view
    assert _data(client, slug)["count"] == 3  # no bbox: the whole country


def test_map_data_clusters_many_assets_with_an_sql_grid(client, django_assert_max_num_queries):
    world = make_world()
    points = [(5.100 + (i % 50) * 0.0002, 52.080 + (i // 50) * 0.0001) for i in range(2500)]
    make_assets_bulk(world.gemeente, "tree", points, buurt=world.buurt_a)
    client.force_login(world.raadpleger)
    with django_assert_max_num_queries(8):
        data = _data(client, world.gemeente.slug, bbox="5.0,52.0,5.2,52.2", zoom=12)
    assert data["mode"] == "clusters"
    assert data["count"] == 2503
    assert sum(c[2] for c in data["clusters"]) == 2503
    assert 1 < len(data["clusters"]) < 50
    for lon, lat, n in data["clusters"]:
        assert 5.09 < lon < 5.14 and 52.06 < lat < 52.1 and n >= 1
    # zoomed in far enough: individual points again (capped)
    near = _data(client, world.gemeente.slug, bbox="5.0,52.0,5.2,52.2", zoom=18)
    assert near["mode"] == "points" and len(near["points"]) == 2503


def test_map_data_rejects_a_bad_bbox_in_dutch(client):
    world = make_world()
    client.force_login(world.raadpleger)
    response = client.get(f"/g/{world.gemeente.slug}/kaart/data", {"bbox": "a,b,c", "zoom": "x"})
    assert response.status_code == 400
    assert "Ongeldige kaartuitsnede" in response.json()["detail"]


def test_map_areas_are_geojson_outlines(client):
    world = make_world()
    client.force_login(world.raadpleger)
    data = client.get(f"/g/{world.gemeente.slug}/kaart/gebieden").json()
    assert data["type"] == "FeatureCollection"
    assert sorted(f["properties"]["code"] for f in data["features"]) == ["B011", "B012"]
    wijken = client.get(f"/g/{world.gemeente.slug}/kaart/gebieden", {"niveau": "wijk"}).json()
    assert [f["properties"]["name"] for f in wijken["features"]] == ["Binnenstad"]
    assert client.get(f"/g/{world.gemeente.slug}/kaart/gebieden", {"niveau": "x"}).status_code == 400


def test_asset_page_shows_attributes_location_and_history(client):
    world = make_world()
    client.force_login(world.raadpleger)
    response = client.get(f"/g/{world.gemeente.slug}/assets/{world.tree.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    for text in ("Boom BOOM-1", "Boomsoort", "Tilia cordata", "Plantjaar", "1985", "Hoogteklasse", "12-15 m",
                 "Domplein", "Binnenstad", "RD (x, y)", "Historie", "Aangemaakt", "import"):
        assert text in html, text
    location = json.loads(html.split('id="location-config" type="application/json">')[1].split("</script>")[0])
    assert location["lon"] == 5.105 and location["lat"] == 52.085
    assert "Gegevens wijzigen" not in html  # raadpleger: read only


def test_asset_outside_every_buurt_says_so(client):
    world = make_world()
    client.force_login(world.raadpleger)
    html = client.get(f"/g/{world.gemeente.slug}/assets/{world.outside_bench.pk}/").content.decode()
    assert "buiten alle buurten" in html


def test_edit_asset_saves_through_the_service_with_history(client):
    world = make_world()
    client.force_login(world.beheerder)
    url = f"/g/{world.gemeente.slug}/assets/{world.tree.pk}/"
    page = client.get(url)
    assert "Gegevens wijzigen" in page.content.decode()
    form = page.context["form"]
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data.update({"attr_species": "Quercus robur", "attr_owner": "", "condition": "3", "quantity": "1"})
    response = client.post(url, data, follow=True)
    assert "De wijzigingen zijn opgeslagen" in response.content.decode()
    world.tree.refresh_from_db()
    assert world.tree.attributes["species"] == "Quercus robur"
    assert "owner" not in world.tree.attributes
    assert world.tree.condition == 3 and world.tree.version == 2
    entry = AssetHistory.objects.filter(asset=world.tree, kind="updated").get()
    assert entry.source == "web" and entry.actor == world.beheerder
    assert entry.changes["attributes.species"] == ["Tilia cordata", "Quercus robur"]
    html = response.content.decode()
    assert "Quercus robur" in html and "Boomsoort" in html and "website" in html


def test_edit_with_a_stale_version_changes_nothing(client):
    world = make_world()
    client.force_login(world.beheerder)
    url = f"/g/{world.gemeente.slug}/assets/{world.tree.pk}/"
    form = client.get(url).context["form"]
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data.update({"attr_species": "Quercus robur", "version": "0"})
    response = client.post(url, data, follow=True)
    assert "Iemand anders heeft deze asset intussen gewijzigd" in response.content.decode()
    world.tree.refresh_from_db()
    assert world.tree.attributes["species"] == "Tilia cordata" and world.tree.version == 1


def test_edit_with_a_bad_value_shows_a_dutch_field_error(client):
    world = make_world()
    client.force_login(world.beheerder)
    url = f"/g/{world.gemeente.slug}/assets/{world.tree.pk}/"
    form = client.get(url).context["form"]
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data.update({"attr_planting_year": "1200"})
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["attr_planting_year"]
    world.tree.refresh_from_db()
    assert world.tree.version == 1


def test_read_only_member_may_not_post_changes(client):
    world = make_world()
    client.force_login(world.raadpleger)
    response = client.post(f"/g/{world.gemeente.slug}/assets/{world.tree.pk}/", {"attr_species": "X", "version": 1})
    assert response.status_code == 403
    assert "Geen toegang" in response.content.decode()
