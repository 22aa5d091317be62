"""The service behind PATCH (and the asset edit page): assets.services.asset_update."""

import pytest
from django.core.exceptions import ValidationError

from tests.assets.worlds import make_aadorp_bedum
from wijkwerk.assets.services import StaleVersion, asset_update
from wijkwerk.core.models import AuditLogEntry


@pytest.fixture
def world(db):
    return make_aadorp_bedum()


def test_update_from_web_records_source_and_actor(world):
    asset = asset_update(asset=world.tree_a, changes={"installation_year": "1990"}, actor=world.beheerder,
                         expected_version=1, origin="web")
    assert (asset.installation_year, asset.version) == (1990, 2)
    entry = asset.history.get()
    assert (entry.kind, entry.source, entry.actor, entry.changes) == (
        "updated", "web", world.beheerder, {"installation_year": [1980, 1990]})
    assert AuditLogEntry.objects.get(action="asset.update").origin == "web"


def test_nothing_changed_means_no_new_version(world):
    asset = asset_update(asset=world.tree_a, changes={"installation_year": 1980,
                                                      "attributes": {"species": "Quercus robur"}})
    assert asset.version == 1
    assert asset.history.count() == 0
    assert not AuditLogEntry.objects.filter(action="asset.update").exists()


def test_stale_version(world):
    asset_update(asset=world.tree_a, changes={"quantity": 2}, expected_version=1)
    with pytest.raises(StaleVersion) as info:
        asset_update(asset=world.tree_a, changes={"quantity": 3}, expected_version=1)
    assert (info.value.expected, info.value.current) == (1, 2)
    assert "intussen gewijzigd" in str(info.value)
    world.tree_a.refresh_from_db()
    assert world.tree_a.quantity == 2


def test_attributes_are_merged_cleaned_and_removed(world):
    asset = asset_update(asset=world.tree_a, changes={"attributes": {
        "owner": "Gemeente", "trunk_diameter_class": "", "extra_note": "scheef", "planting_year": "1981"}})
    assert asset.attributes == {"species": "Quercus robur", "planting_year": 1981, "owner": "gemeente",
                                "extra_note": "scheef"}
    asset = asset_update(asset=asset, changes={"attributes": {"extra_note": None}})
    assert "extra_note" not in asset.attributes
    assert asset.history.first().changes == {"attributes.extra_note": ["scheef", None]}


def test_all_errors_reported_at_once(world):
    with pytest.raises(ValidationError) as info:
        asset_update(asset=world.tree_a, changes={"condition": 0, "unit": "", "attributes": {"owner": "ik"}})
    errors = info.value.message_dict
    assert set(errors) == {"condition", "unit", "attributes.owner"}
    assert "kies uit" in errors["attributes.owner"][0]
    world.tree_a.refresh_from_db()
    assert world.tree_a.version == 1


@pytest.mark.parametrize("value", [True, 2.5, "drie", [3]])
def test_condition_must_be_whole_number(world, value):
    with pytest.raises(ValidationError):
        asset_update(asset=world.tree_a, changes={"condition": value})


def test_clearing_condition(world):
    asset = asset_update(asset=world.tree_a, changes={"condition": 4, "condition_date": "2024-01-31"})
    asset = asset_update(asset=asset, changes={"condition": None, "condition_date": None})
    assert (asset.condition, asset.condition_date, asset.version) == (None, None, 3)


def test_moving_an_asset_recomputes_location_and_areas(world):
    asset = asset_update(asset=world.tree_a, changes={"geometry": {"type": "Point", "coordinates": [5.15, 52.15]}},
                         actor=world.beheerder)
    assert (asset.lon, asset.lat, asset.buurt, asset.wijk, asset.outside_areas) == (
        5.15, 52.15, world.buurt_a2, world.wijk_a, False)
    assert (asset.min_lon, asset.max_lat) == (5.15, 52.15)
    assert 100_000 < asset.x < 160_000 and 430_000 < asset.y < 480_000
    changes = asset.history.get().changes
    assert changes["buurt"] == ["A1-01", "A1-02"]
    assert changes["geometry"][1] == {"type": "Point", "coordinates": [5.15, 52.15]}
    assert "wijk" not in changes

    asset = asset_update(asset=asset, changes={"geometry": {"type": "Point", "coordinates": [5.5, 52.5]}})
    assert (asset.buurt, asset.wijk, asset.outside_areas) == (None, None, True)
    assert asset.history.first().changes["outside_areas"] == [False, True]


def test_moving_to_a_polygon_uses_its_centroid(world):
    square = {"type": "Polygon", "coordinates": [[[5.01, 52.01], [5.03, 52.01], [5.03, 52.03], [5.01, 52.03],
                                                  [5.01, 52.01]]]}
    asset = asset_update(asset=world.outside_a, changes={"geometry": square})
    assert (asset.lon, asset.lat) == (5.02, 52.02)
    assert (asset.min_lon, asset.min_lat, asset.max_lon, asset.max_lat) == (5.01, 52.01, 5.03, 52.03)
    assert (asset.buurt, asset.wijk, asset.outside_areas) == (world.buurt_a, world.wijk_a, False)


@pytest.mark.parametrize(("geometry", "fragment"), [
    ({"type": "Point", "coordinates": [136000, 455000]}, "buiten Nederland"),
    ({"type": "Circle", "coordinates": [5.1, 52.1]}, "GeoJSON-punt"),
    ("POINT (5 52)", "GeoJSON-punt"),
    ({"type": "Point", "coordinates": "x"}, "geen geldige GeoJSON"),
    ({"type": "Polygon", "coordinates": [[[5.0, 52.0], [5.1, 52.1], [5.1, 52.0], [5.0, 52.1], [5.0, 52.0]]]},
     "Ongeldig vlak"),
])
def test_bad_geometry_is_refused(world, geometry, fragment):
    with pytest.raises(ValidationError) as info:
        asset_update(asset=world.tree_a, changes={"geometry": geometry})
    assert fragment in info.value.message_dict["geometry"][0]
    world.tree_a.refresh_from_db()
    assert world.tree_a.version == 1
