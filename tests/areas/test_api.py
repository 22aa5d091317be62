"""The area API as a client sees it: wijken and buurten as GeoJSON, by level, one area with its
asset counts."""

import pytest

from tests.areas.factories import make_area
from tests.assets.worlds import make_aadorp_bedum
from tests.core.http import assert_problem, client_for


@pytest.fixture
def world(db):
    return make_aadorp_bedum()


def test_areas_as_geojson(world):
    response = client_for(world.raadpleger).get("/api/v1/gemeenten/aadorp/gebieden")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    data = response.json()
    assert data["type"] == "FeatureCollection"
    assert data["numberReturned"] == 3
    by_code = {f["properties"]["code"]: f for f in data["features"]}
    assert by_code["A1-01"]["properties"] == {"code": "A1-01", "name": "Noord-West", "niveau": "buurt", "wijk": "A1"}
    assert by_code["A1"]["properties"]["wijk"] is None
    assert by_code["A1"]["geometry"]["type"] == "Polygon"


@pytest.mark.parametrize(("niveau", "codes"), [("wijk", ["A1"]), ("buurt", ["A1-01", "A1-02"])])
def test_areas_by_level(world, niveau, codes):
    data = client_for(world.beheerder).get(f"/api/v1/gemeenten/aadorp/gebieden?niveau={niveau}").json()
    assert [f["properties"]["code"] for f in data["features"]] == codes


def test_areas_bad_level(world):
    body = assert_problem(client_for(world.beheerder).get("/api/v1/gemeenten/aadorp/gebieden?niveau=stad"), 400)
    assert body["invalid_params"][0]["name"] == "niveau"
    assert "kies wijk of buurt" in body["invalid_params"][0]["reason"]


def test_area_detail_with_counts(world):
    data = client_for(world.beheerder).get("/api/v1/gemeenten/aadorp/gebieden/A1").json()
    assert data["type"] == "Feature"
    assert data["properties"]["asset_counts"] == {"street_light": 1, "tree": 1}
    assert data["properties"]["bbox"] == [5.0, 52.0, 5.2, 52.2]


def test_area_detail_code_shared_by_wijk_and_buurt(world):
    make_area(world.a, "buurt", "A1", parent=world.wijk_a)
    client = client_for(world.beheerder)
    body = assert_problem(client.get("/api/v1/gemeenten/aadorp/gebieden/A1"), 400)
    assert "niveau=wijk" in body["invalid_params"][0]["reason"]
    assert client.get("/api/v1/gemeenten/aadorp/gebieden/A1?niveau=buurt").json()["properties"]["niveau"] == "buurt"


def test_area_detail_unknown(world):
    assert_problem(client_for(world.beheerder).get("/api/v1/gemeenten/aadorp/gebieden/XX"), 404)
