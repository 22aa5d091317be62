import csv
import json

import pytest
import shapely
from django.core.management import call_command

from wijkwerk.assets.models import Asset

from ..areas.helpers import MAST_FILE, load_utrecht_areas
from ..municipalities.factories import GemeenteFactory

pytestmark = pytest.mark.django_db

COMPARED = ("external_id", "asset_type__code", "geometry", "lon", "lat", "x", "y", "min_lon", "min_lat", "max_lon",
            "max_lat", "buurt__code", "wijk__code", "outside_areas", "quantity", "unit", "installation_year",
            "condition", "condition_date", "attributes")


def _snapshot(gemeente):
    return sorted(Asset.objects.filter(gemeente=gemeente).values_list(*COMPARED))


@pytest.fixture
def world(tmp_path, capsys):
    """Two gemeenten with the Utrecht areas; the first holds masts, trees, plant beds and hedges."""
    source = GemeenteFactory(slug="bron")
    target = GemeenteFactory(slug="doel")
    load_utrecht_areas(source)
    load_utrecht_areas(target)
    data = json.loads(MAST_FILE.read_bytes().decode("latin-1"))
    data["features"] = data["features"][:40] + data["features"][-5:]
    masts = tmp_path / "masten.geojson"
    masts.write_text(json.dumps(data), encoding="utf-8")
    call_command("import_assets", str(masts), "--gemeente", "bron", "--asset-type", "street_light",
                 "--id-field", "BUURT", "--id-field", "STRAAT", "--id-field", "MASTNUMMER")
    features = [
        {"type": "Feature", "properties": {"id": "bed-1", "type": "plant_bed", "soort_beplanting": "heesters",
                                           "aanlegjaar": 2004, "conditie": 3, "eenheid": "m2",
                                           "hoeveelheid": "120,5", "type_id": "x"},
         "geometry": json.loads(shapely.to_geojson(shapely.box(5.1180, 52.1095, 5.11912345, 52.1100)))},
        {"type": "Feature", "properties": {"id": "haag-1", "type": "hedge", "lengte": 12.5, "Buurt": "oud"},
         "geometry": {"type": "LineString", "coordinates": [[5.118, 52.1095], [5.119, 52.11]]}},
        {"type": "Feature", "properties": {"id": "boom-1", "type": "tree", "boomsoort": "Tilia", "plantjaar": 1970},
         "geometry": {"type": "Point", "coordinates": [5.0, 52.0]}},  # outside every buurt
    ]
    other = tmp_path / "overig.geojson"
    other.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    call_command("import_assets", str(other), "--gemeente", "bron")
    capsys.readouterr()
    return source, target


@pytest.mark.parametrize("fmt", ["csv", "geojson", "gpkg", "xlsx"])
def test_export_then_import_round_trips(capsys, tmp_path, world, fmt):
    source, target = world
    path = tmp_path / f"export.{fmt}"
    call_command("export_assets", str(path), "--gemeente", "bron", "--format", fmt)
    before = _snapshot(source)
    assert len(before) == 48

    capsys.readouterr()
    call_command("import_assets", str(path), "--gemeente", "bron", "--json")
    same = json.loads(capsys.readouterr().out)
    assert (same["created"], same["updated"], same["unchanged"], same["rejected"]) == (0, 0, 48, 0)
    assert _snapshot(source) == before

    call_command("import_assets", str(path), "--gemeente", "doel", "--json")
    fresh = json.loads(capsys.readouterr().out)
    assert (fresh["created"], fresh["rejected"], fresh["outside_areas"]) == (48, 0, same["outside_areas"])
    assert _snapshot(target) == before


def test_csv_columns(tmp_path, world):
    path = tmp_path / "export.csv"
    call_command("export_assets", str(path), "--gemeente", "bron", "--format", "csv")
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0])[:9] == ["id", "external_id", "type", "wijk", "buurt", "lon", "lat", "x", "y"]
    mast = next(r for r in rows if r["external_id"] == "03.11|Teun de Jagerdreef|1")
    asset = Asset.objects.get(gemeente__slug="bron", external_id=mast["external_id"])
    assert mast["id"] == str(asset.pk)
    assert (mast["type"], mast["buurt"], mast["wijk"]) == ("street_light", asset.buurt.code, asset.wijk.code)
    assert (float(mast["lon"]), float(mast["lat"])) == (asset.lon, asset.lat)
    assert abs(float(mast["x"]) - asset.x) < 0.01 and mast["mast_height"] == "7.0"
    assert mast["BUURT"] == "03.11"  # the file's own column, next to Wijkwerk's buurt code
    tree = next(r for r in rows if r["external_id"] == "boom-1")
    assert tree["buurt"] == "" and tree["wijk"] == ""
    bed = next(r for r in rows if r["external_id"] == "bed-1")
    assert bed["geometry"].startswith("POLYGON") and bed["installation_year"] == "2004"
    assert bed["condition"] == "3" and bed["quantity"] == "120.5" and bed["unit"] == "m2"
