"""The asset API as a client sees it: asset types, assets as GeoJSON (list, filters, pages, one
asset) and changing an asset (PATCH with If-Match)."""

import pytest

from tests.assets.factories import make_asset
from tests.assets.worlds import make_aadorp_bedum
from tests.core.http import assert_problem, client_for
from wijkwerk.assets.api import AssetPropertiesSerializer
from wijkwerk.assets.detail_api import AssetDetailPropertiesSerializer

ASSETS = "/api/v1/gemeenten/aadorp/assets"


@pytest.fixture
def world(db):
    return make_aadorp_bedum()


# --- assettypes --------------------------------------------------------------------------------

def test_asset_types(world):
    data = client_for(world.beheerder).get("/api/v1/gemeenten/aadorp/assettypes").json()
    tree = next(t for t in data if t["code"] == "tree")
    assert tree["label"] == "Boom"
    assert tree["geometry_kind"] == "point"
    assert "species" in {a["name"] for a in tree["schema"]}
    assert {t["code"] for t in data} >= {"tree", "street_light", "bench", "paving", "water_bank"}


# --- assets list -------------------------------------------------------------------------------

def test_asset_list_geojson(world):
    response = client_for(world.raadpleger).get(ASSETS)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    data = response.json()
    assert data["type"] == "FeatureCollection"
    assert data["numberMatched"] == data["numberReturned"] == 3
    assert data["links"] == {"self": "http://testserver" + ASSETS, "next": None, "prev": None}
    tree = data["features"][0]
    assert tree["type"] == "Feature"
    assert tree["id"] == world.tree_a.pk
    assert tree["geometry"] == {"type": "Point", "coordinates": [5.05, 52.05]}
    props = tree["properties"]
    assert set(props) == set(AssetPropertiesSerializer().fields)  # the document matches the answer
    assert props["id"] == world.tree_a.pk
    assert props["external_id"] == "boom-1"
    assert props["type"] == "tree"
    assert props["type_label"] == "Boom"
    assert props["buurt"] == "A1-01"
    assert props["wijk"] == "A1"
    assert props["attributes"] == {"species": "Quercus robur", "planting_year": 1980}
    assert props["quantity"] == 1.0
    bench = data["features"][2]["properties"]
    assert (bench["buurt"], bench["wijk"], bench["outside_areas"]) == (None, None, True)


def test_asset_list_also_plain_json(world):
    response = client_for(world.beheerder).get(ASSETS, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize(("query", "external_ids"), [
    ("bbox=5.0,52.0,5.1,52.1", ["boom-1"]),
    ("bbox=5.05,52.05,5.05,52.05", ["boom-1"]),  # touching counts
    ("bbox=4.0,51.0,4.5,51.5", []),
    ("type=street_light", ["mast-1"]),
    ("type=tree,bench", ["boom-1", "bank-1"]),
    ("buurt=A1-02", ["mast-1"]),
    ("wijk=A1", ["boom-1", "mast-1"]),
    ("wijk=A1&type=tree&bbox=5,52,5.2,52.2", ["boom-1"]),
])
def test_asset_list_filters(world, query, external_ids):
    data = client_for(world.beheerder).get(f"{ASSETS}?{query}").json()
    assert [f["properties"]["external_id"] for f in data["features"]] == external_ids
    assert data["numberMatched"] == len(external_ids)


def test_asset_list_bbox_intersects_line_bbox(world):
    # A line whose bounding box crosses the query box without any vertex inside it.
    make_asset(world.a, type_code="hedge", external_id="haag-1", lon=5.1, lat=52.0, min_lon=4.9, max_lon=5.3,
               geometry={"type": "LineString", "coordinates": [[4.9, 52.0], [5.3, 52.0]]})
    data = client_for(world.beheerder).get(f"{ASSETS}?bbox=5.15,51.9,5.2,52.01").json()
    assert "haag-1" in [f["properties"]["external_id"] for f in data["features"]]


@pytest.mark.parametrize(("query", "fragment"), [
    ("bbox=5,52,5.1", "vier getallen"),
    ("bbox=a,b,c,d", "iets anders dan getallen"),
    ("bbox=5.2,52,5.1,52.1", "minimum kleiner"),
    ("bbox=130000,450000,140000,460000", "buiten de wereld"),
    ("bbox=nan,52,5,53", "ongeldige getallen"),
    ("type=boom", "Onbekend assettype 'boom'"),
    ("buurt=ZZ", "Buurt 'ZZ' bestaat niet"),
    ("wijk=ZZ", "Wijk 'ZZ' bestaat niet"),
    ("page=0", "page moet"),
    ("page_size=10001", "hoogstens 10000"),
    ("page_size=x", "page_size moet"),
])
def test_asset_list_bad_parameters(world, query, fragment):
    body = assert_problem(client_for(world.beheerder).get(f"{ASSETS}?{query}"), 400)
    reasons = " ".join(p["reason"] for p in body["invalid_params"])
    assert fragment in reasons


def test_asset_list_pages(world):
    for i in range(7):
        make_asset(world.a, type_code="bin", external_id=f"bak-{i}", lon=5.01, lat=52.01)
    client = client_for(world.beheerder)
    seen = []
    url = f"{ASSETS}?type=bin&page_size=3"
    pages = 0
    while url:
        data = client.get(url).json()
        assert data["numberMatched"] == 7
        seen += [f["properties"]["external_id"] for f in data["features"]]
        url = data["links"]["next"]
        pages += 1
    assert pages == 3
    assert seen == [f"bak-{i}" for i in range(7)]
    last = client.get(f"{ASSETS}?type=bin&page_size=3&page=3").json()
    assert last["numberReturned"] == 1
    assert query(last["links"]["prev"]) == {"page": ["2"], "page_size": ["3"], "type": ["bin"]}
    assert last["links"]["next"] is None
    second = client.get(f"{ASSETS}?type=bin&page_size=3&page=2").json()
    assert "page" not in query(second["links"]["prev"])
    beyond = client.get(f"{ASSETS}?type=bin&page_size=3&page=9").json()
    assert beyond["features"] == [] and query(beyond["links"]["prev"])["page"] == ["3"]


def query(url: str) -> dict:
    from urllib.parse import parse_qs, urlsplit

    return parse_qs(urlsplit(url).query)


def test_asset_list_query_count_does_not_grow(world, django_assert_max_num_queries):
    client = client_for(world.beheerder)
    client.get(ASSETS)  # warm up session/user caches
    for i in range(40):
        make_asset(world.a, type_code="tree", external_id=f"extra-{i}", buurt=world.buurt_a)
    with django_assert_max_num_queries(8):
        data = client.get(ASSETS).json()
    assert data["numberReturned"] == 43


# --- one asset ---------------------------------------------------------------------------------

def detail_url(asset):
    return f"/api/v1/gemeenten/{asset.gemeente.slug}/assets/{asset.pk}"


def test_asset_detail(world):
    response = client_for(world.raadpleger).get(detail_url(world.tree_a))
    assert response.status_code == 200
    assert response["ETag"] == '"1"'
    data = response.json()
    assert data["id"] == world.tree_a.pk
    props = data["properties"]
    assert set(props) == set(AssetDetailPropertiesSerializer().fields)
    assert props["buurt"] == "A1-01" and props["wijk"] == "A1"
    assert (props["lon"], props["lat"]) == (5.05, 52.05)
    assert 100_000 < props["x"] < 160_000 and 430_000 < props["y"] < 480_000  # RD New, central Netherlands
    assert props["bbox"] == [5.05, 52.05, 5.05, 52.05]
    assert props["history"] == []


def test_asset_detail_not_modified(world):
    response = client_for(world.beheerder).get(detail_url(world.tree_a), HTTP_IF_NONE_MATCH='"1"')
    assert response.status_code == 304
    assert response["ETag"] == '"1"'


def test_asset_detail_unknown_id(world):
    assert_problem(client_for(world.beheerder).get(f"{ASSETS}/999999"), 404)


# --- changing an asset -------------------------------------------------------------------------

def patch(client, asset, body, if_match='"1"', content_type="application/json"):
    import json

    headers = {"HTTP_IF_MATCH": if_match} if if_match is not None else {}
    return client.patch(detail_url(asset), data=json.dumps(body), content_type=content_type, **headers)


def test_patch_changes_and_bumps_version(world):
    from wijkwerk.assets.models import AssetHistory
    from wijkwerk.core.models import AuditLogEntry

    client = client_for(world.beheerder)
    response = patch(client, world.tree_a, {
        "attributes": {"height_class": "9-12 m", "planting_year": None}, "quantity": "2,5", "condition": 3,
        "condition_date": "2024-05-01",
    })
    assert response.status_code == 200, response.content
    assert response["ETag"] == '"2"'
    props = response.json()["properties"]
    assert props["attributes"] == {"species": "Quercus robur", "height_class": "9-12 m"}
    assert props["quantity"] == 2.5
    assert (props["condition"], props["condition_date"], props["version"]) == (3, "2024-05-01", 2)
    entry = props["history"][0]
    assert entry["kind"] == "updated" and entry["source"] == "api" and entry["actor"] == "beheerder-a"
    assert entry["changes"]["attributes.planting_year"] == [1980, None]
    assert entry["changes"]["condition"] == [None, 3]
    assert AssetHistory.objects.filter(asset=world.tree_a).count() == 1
    audit = AuditLogEntry.objects.get(action="asset.update")
    assert (audit.actor, audit.origin, audit.object_id, audit.gemeente) == (
        world.beheerder, "api", str(world.tree_a.pk), world.a)


def test_patch_as_merge_patch(world):
    response = patch(client_for(world.beheerder), world.tree_a, {"unit": "m"},
                     content_type="application/merge-patch+json")
    assert response.status_code == 200
    assert response.json()["properties"]["unit"] == "m"


def test_patch_without_if_match_is_428(world):
    body = assert_problem(patch(client_for(world.beheerder), world.tree_a, {"quantity": 3}, if_match=None), 428)
    assert "If-Match" in body["detail"]
    world.tree_a.refresh_from_db()
    assert world.tree_a.quantity == 1


def test_stale_if_match_is_412_and_changes_nothing(world):
    client = client_for(world.beheerder)
    assert patch(client, world.tree_a, {"quantity": 3}).status_code == 200  # now version 2
    response = patch(client, world.tree_a, {"quantity": 4, "attributes": {"species": "Tilia"}})  # still says 1
    assert_problem(response, 412)
    assert response["ETag"] == '"2"'
    world.tree_a.refresh_from_db()
    assert (world.tree_a.version, world.tree_a.quantity, world.tree_a.attributes["species"]) == (2, 3, "Quercus robur")
    assert world.tree_a.history.count() == 1


def test_if_match_star_and_weak_tag(world):
    client = client_for(world.beheerder)
    assert patch(client, world.tree_a, {"quantity": 3}, if_match="*").status_code == 200
    assert patch(client, world.tree_a, {"quantity": 4}, if_match='W/"2"').status_code == 200
    assert_problem(patch(client, world.tree_a, {"quantity": 5}, if_match='"abc"'), 412)  # a tag, not ours
    # Not an entity tag at all (no quotes): refused as a bad request, not taken as "no match".
    assert "If-Match" in assert_problem(patch(client, world.tree_a, {"quantity": 5}, if_match="garbage"), 400)["detail"]


def test_patch_needs_change_permission(world):
    body = assert_problem(patch(client_for(world.raadpleger), world.tree_a, {"quantity": 3}), 403)
    assert "wijzigen" in body["detail"]
    world.tree_a.refresh_from_db()
    assert world.tree_a.version == 1


@pytest.mark.parametrize(("changes", "field", "fragment"), [
    ({"attributes": {"height_class": "enorm"}}, "attributes.height_class", "geen keuze voor Hoogteklasse"),
    ({"attributes": {"planting_year": "oud"}}, "attributes.planting_year", "geheel getal"),
    ({"condition": 7}, "condition", "1 (uitstekend) tot en met 6"),
    ({"quantity": -1}, "quantity", "0 of meer"),
    ({"installation_year": 20}, "installation_year", "jaartal"),
    ({"condition_date": "1-5-2024"}, "condition_date", "JJJJ-MM-DD"),
    ({"external_id": "x"}, "external_id", "kan niet worden gewijzigd"),
    ({"type": "bench"}, "type", "kan niet worden gewijzigd"),
])
def test_patch_bad_values_are_400_and_change_nothing(world, changes, field, fragment):
    body = assert_problem(patch(client_for(world.beheerder), world.tree_a, changes), 400)
    params = {p["name"]: p["reason"] for p in body["invalid_params"]}
    assert fragment in params[field], params
    world.tree_a.refresh_from_db()
    assert world.tree_a.version == 1


def test_patch_body_must_be_object(world):
    assert_problem(patch(client_for(world.beheerder), world.tree_a, [1, 2]), 400)


def test_patch_other_content_type_is_415(world):
    response = client_for(world.beheerder).patch(detail_url(world.tree_a), data="quantity=3",
                                                 content_type="text/plain", HTTP_IF_MATCH='"1"')
    assert_problem(response, 415)


def test_patch_geometry_moves_asset(world):
    response = patch(client_for(world.beheerder), world.tree_a,
                     {"geometry": {"type": "Point", "coordinates": [5.15, 52.15]}})
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["geometry"] == {"type": "Point", "coordinates": [5.15, 52.15]}
    assert (data["properties"]["buurt"], data["properties"]["wijk"]) == ("A1-02", "A1")
    listed = client_for(world.beheerder).get(f"{ASSETS}?buurt=A1-02").json()
    assert world.tree_a.pk in [f["id"] for f in listed["features"]]
