import json

import numpy as np
import pytest
import shapely
from django.core.management import CommandError, call_command

from wijkwerk.areas.locate import AreaLocator
from wijkwerk.areas.models import Area
from wijkwerk.areas.services import areas_import
from wijkwerk.assets.importing import ImportFileError
from wijkwerk.core.models import AuditLogEntry

from ..municipalities.factories import GemeenteFactory
from .helpers import BUURT_FILE, WIJK_FILE, write_geo

pytestmark = pytest.mark.django_db


def _buurten_then_wijken(slug="utrecht"):
    call_command("import_areas", str(BUURT_FILE), gemeente=slug, level="buurt", code_field="KODE",
                 name_field="NAAM", parent_field="WIJKKODE")
    call_command("import_areas", str(WIJK_FILE), gemeente=slug, level="wijk", code_field="KODE",
                 name_field="NAAM")


def test_buurten_before_wijken_are_linked_when_wijken_arrive(capsys):
    gemeente = GemeenteFactory(slug="utrecht")
    _buurten_then_wijken()
    assert Area.objects.filter(gemeente=gemeente, level="buurt").count() == 111
    assert Area.objects.filter(gemeente=gemeente, level="wijk").count() == 10
    assert not Area.objects.filter(level="buurt", parent__isnull=True).exists()
    buurt = Area.objects.get(level="buurt", code="0311")
    assert buurt.parent.code == "03"
    assert buurt.name and buurt.geometry["type"] in ("Polygon", "MultiPolygon")
    assert buurt.min_lon < buurt.max_lon and buurt.min_lat < buurt.max_lat
    assert AuditLogEntry.objects.filter(action="areas.import").count() == 2
    assert "buurt(en) aan hun wijk gekoppeld" in capsys.readouterr().out


def test_reimport_changes_nothing():
    gemeente = GemeenteFactory(slug="utrecht")
    _buurten_then_wijken()
    before = {a.code: (a.updated, a.parent_id) for a in Area.objects.all()}
    again = areas_import(gemeente=gemeente, path=BUURT_FILE, level="buurt", code_field="KODE",
                         name_field="NAAM", parent_field="WIJKKODE")
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 111)
    assert {a.code: (a.updated, a.parent_id) for a in Area.objects.all()} == before


def test_codes_are_kept_as_written_and_float_codes_read_as_text():
    gemeente = GemeenteFactory()
    result = areas_import(gemeente=gemeente, path=WIJK_FILE, level="wijk", code_field="ID", name_field="NAAM")
    assert result["created"] == 10
    codes = set(Area.objects.values_list("code", flat=True))
    assert "16" in codes  # the file's ID is the number 16.0
    areas_import(gemeente=gemeente, path=WIJK_FILE, level="wijk", code_field="KODE", name_field="NAAM")
    assert "01" in set(Area.objects.values_list("code", flat=True))


def test_parent_from_polygons_without_parent_field(tmp_path):
    gemeente = GemeenteFactory()
    areas_import(gemeente=gemeente, path=WIJK_FILE, level="wijk", code_field="KODE", name_field="NAAM")
    areas_import(gemeente=gemeente, path=BUURT_FILE, level="buurt", code_field="KODE", name_field="NAAM")
    buurten = Area.objects.filter(level="buurt").select_related("parent")
    assert buurten.count() == 111
    # Utrecht's buurt codes start with their wijk code: the polygons give the same link.
    agree = sum(b.parent is not None and b.code[:2] == b.parent.code for b in buurten)
    assert agree >= 105


@pytest.mark.parametrize("crs,driver,suffix", [("EPSG:28992", "GPKG", "gpkg"), ("EPSG:3857", "ESRI Shapefile", "shp")])
def test_geopackage_and_shapefile_in_other_crs(tmp_path, crs, driver, suffix):
    data = json.loads(WIJK_FILE.read_text())
    geoms = [shapely.from_geojson(json.dumps(f["geometry"])) for f in data["features"]]
    fields = {"KODE": [f["properties"]["KODE"] for f in data["features"]],
              "NAAM": [f["properties"]["NAAM"] for f in data["features"]]}
    path = write_geo(tmp_path / f"wijken.{suffix}", geoms, fields, crs=crs, driver=driver)
    gemeente = GemeenteFactory()
    result = areas_import(gemeente=gemeente, path=path, level="wijk", code_field="kode", name_field="naam")
    assert result["created"] == 10
    for feature, geom in zip(data["features"], geoms, strict=True):
        area = Area.objects.get(code=feature["properties"]["KODE"])
        stored = shapely.from_geojson(json.dumps(area.geometry))
        # within 1 m (1e-5 degree is about 0.7-1.1 m here)
        assert shapely.hausdorff_distance(stored, geom) < 1e-5


def test_missing_field_and_bad_file_are_clear_errors(tmp_path):
    GemeenteFactory(slug="utrecht")
    with pytest.raises(CommandError, match="Veld 'CODE'"):
        call_command("import_areas", str(WIJK_FILE), gemeente="utrecht", level="wijk", code_field="CODE",
                     name_field="NAAM")
    broken = tmp_path / "wijk.geojson"
    broken.write_bytes(WIJK_FILE.read_bytes()[:5000])
    with pytest.raises(CommandError):
        call_command("import_areas", str(broken), gemeente="utrecht", level="wijk", code_field="KODE",
                     name_field="NAAM")
    assert not Area.objects.exists()


def test_points_are_not_areas(tmp_path):
    gemeente = GemeenteFactory()
    path = write_geo(tmp_path / "p.gpkg", [shapely.Point(5.1, 52.1)], {"KODE": ["1"], "NAAM": ["x"]},
                     crs="EPSG:4326", driver="GPKG")
    result = areas_import(gemeente=gemeente, path=path, level="wijk", code_field="KODE", name_field="NAAM")
    assert result["rejected"] == 1 and "vlak" in result["errors"][0]["message"]
    with pytest.raises(ImportFileError):
        areas_import(gemeente=gemeente, path=tmp_path / "nope.gpkg", level="wijk", code_field="KODE",
                     name_field="NAAM")


def test_locator_finds_buurt_and_wijk():
    gemeente = GemeenteFactory()
    _ = gemeente
    areas_import(gemeente=gemeente, path=BUURT_FILE, level="buurt", code_field="KODE", name_field="NAAM",
                 parent_field="WIJKKODE")
    areas_import(gemeente=gemeente, path=WIJK_FILE, level="wijk", code_field="KODE", name_field="NAAM")
    locator = AreaLocator.for_gemeente(gemeente)
    buurten = list(Area.objects.filter(level="buurt"))
    inside = [shapely.point_on_surface(shapely.from_geojson(json.dumps(b.geometry))) for b in buurten]
    lon = np.array([p.x for p in inside] + [4.0, np.nan])
    lat = np.array([p.y for p in inside] + [52.0, np.nan])
    buurt_ids, wijk_ids = locator.locate(lon, lat)
    assert buurt_ids[:-2].tolist() == [b.pk for b in buurten]
    assert wijk_ids[:-2].tolist() == [b.parent_id for b in buurten]
    assert buurt_ids[-2:].tolist() == [0, 0] and wijk_ids[-2:].tolist() == [0, 0]
    assert locator.outside(buurt_ids, wijk_ids).tolist() == [False] * len(buurten) + [True, True]
