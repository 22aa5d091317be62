import csv
import json
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pytest
import shapely
from django.core.management import CommandError, call_command

from wijkwerk.areas.models import Area
from wijkwerk.assets.importing import ImportFileError, ImportOptions, assets_import
from wijkwerk.assets.models import Asset, AssetHistory, ImportJob
from wijkwerk.core.geo import wgs84_to_rd
from wijkwerk.core.models import AuditLogEntry

from ..areas.helpers import MAST_FILE, load_utrecht_areas, write_geo
from ..municipalities.factories import GemeenteFactory, UserFactory

pytestmark = pytest.mark.django_db

MAST_ARGS = ["--asset-type", "street_light", "--id-field", "BUURT", "--id-field", "STRAAT", "--id-field", "MASTNUMMER"]


def run_import(capsys, path, *args, gemeente="utrecht"):
    capsys.readouterr()
    call_command("import_assets", str(path), "--gemeente", gemeente, *args, "--json")
    return json.loads(capsys.readouterr().out)


@pytest.fixture
def utrecht():
    gemeente = GemeenteFactory(slug="utrecht", name="Utrecht")
    load_utrecht_areas(gemeente)
    return gemeente


def test_masts_land_in_their_buurt_and_reimport_changes_nothing(capsys, utrecht):
    result = run_import(capsys, MAST_FILE, *MAST_ARGS)
    assert (result["read"], result["created"], result["rejected"], result["outside_areas"]) == (9793, 9793, 0, 59)
    assert set(result) >= {"read", "created", "updated", "unchanged", "rejected", "outside_areas", "errors"}
    assert any("UTF-8" in m for m in result["messages"])  # Latin-1 detected and said
    assert Asset.objects.filter(gemeente=utrecht).count() == 9793
    assert Asset.objects.filter(outside_areas=True).count() == 59
    assert not Asset.objects.filter(outside_areas=True, buurt__isnull=False).exists()

    # Every asset lies in the polygon of its buurt, and its wijk is that buurt's wijk.
    polygons = {a.pk: shapely.from_geojson(json.dumps(a.geometry)) for a in Area.objects.filter(level="buurt")}
    parents = dict(Area.objects.filter(level="buurt").values_list("id", "parent_id"))
    rows = list(Asset.objects.filter(outside_areas=False).values_list("lon", "lat", "buurt_id", "wijk_id"))
    for lon, lat, buurt_id, wijk_id in rows:
        assert polygons[buurt_id].intersects(shapely.Point(lon, lat))
        assert wijk_id == parents[buurt_id]

    mast = Asset.objects.get(external_id="03.11|Teun de Jagerdreef|1")
    assert mast.asset_type.code == "street_light"
    assert mast.attributes["mast_height"] == 7.0
    assert mast.attributes["street"] == "Teun de Jagerdreef" and mast.attributes["mast_number"] == "1"
    assert mast.attributes["BUURT"] == "03.11"  # the file's other columns are kept
    assert mast.geometry == {"type": "Point", "coordinates": [5.118501, 52.109981]}
    assert (mast.lon, mast.lat) == (5.118501, 52.109981)
    x, y = wgs84_to_rd(mast.lon, mast.lat)
    assert abs(mast.x - x) < 0.01 and abs(mast.y - y) < 0.01
    assert mast.min_lon == mast.max_lon == mast.lon
    assert (mast.quantity, mast.unit, mast.version) == (1, "st", 1)
    assert Asset.objects.filter(attributes__street="Thomas à Kempisplantsoen").exists()

    again = run_import(capsys, MAST_FILE, *MAST_ARGS)
    assert (again["created"], again["updated"], again["unchanged"], again["rejected"]) == (0, 0, 9793, 0)
    assert again["outside_areas"] == 59
    assert not AssetHistory.objects.exists()
    entry = AuditLogEntry.objects.filter(action="assets.import").first()
    assert entry.detail["file"] == "mastoverzicht.geojson" and entry.detail["unchanged"] == 9793


def _masts_subset(tmp_path, count=30, transform=None) -> Path:
    """The first `count` masts as a UTF-8 GeoJSON (optionally changed)."""
    data = json.loads(MAST_FILE.read_bytes().decode("latin-1"))
    data["features"] = data["features"][:count]
    if transform:
        transform(data["features"])
    path = tmp_path / "masten.geojson"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_changed_row_updates_asset_and_writes_history(capsys, utrecht, tmp_path):
    path = _masts_subset(tmp_path)
    assert run_import(capsys, path, *MAST_ARGS)["created"] == 30

    def change(features):
        features[0]["properties"]["MASTLENGTE"] = "9"
        features[1]["geometry"]["coordinates"] = [5.1190, 52.1102]

    path = _masts_subset(tmp_path, transform=change)
    result = run_import(capsys, path, *MAST_ARGS)
    assert (result["created"], result["updated"], result["unchanged"]) == (0, 2, 28)
    first = Asset.objects.get(external_id="03.11|Teun de Jagerdreef|1")
    assert first.version == 2 and first.attributes["mast_height"] == 9.0
    entry = first.history.get()
    assert entry.kind == "updated" and entry.changes == {"mast_height": [7.0, 9.0]}
    assert entry.source == "masten.geojson"
    second = Asset.objects.get(external_id="03.11|Teun de Jagerdreef|2")
    assert (second.lon, second.lat) == (5.119, 52.1102)
    assert "geometry" in second.history.get().changes
    # and the same file once more: nothing
    assert run_import(capsys, path, *MAST_ARGS)["unchanged"] == 30


def test_edit_outside_the_import_is_noticed(capsys, utrecht, tmp_path):
    path = _masts_subset(tmp_path, count=3)
    run_import(capsys, path, *MAST_ARGS)
    asset = Asset.objects.get(external_id="03.11|Teun de Jagerdreef|1")
    asset.attributes["mast_height"] = 12.0
    asset.version += 1
    asset.save()
    result = run_import(capsys, path, *MAST_ARGS)
    assert (result["updated"], result["unchanged"]) == (1, 2)
    asset.refresh_from_db()
    assert asset.attributes["mast_height"] == 7.0 and asset.version == 3


def test_refused_rows_have_reasons_and_the_rest_is_imported(capsys, utrecht, tmp_path):
    def damage(features):
        features[0]["properties"]["MASTLENGTE"] = "hoog"  # invalid attribute
        features[1]["geometry"] = None  # missing geometry
        features[2]["geometry"]["coordinates"] = [2.35, 48.85]  # Paris
        features[3]["properties"] = dict(features[4]["properties"])  # duplicate id
        features[5]["properties"].update(BUURT=None, STRAAT=None, MASTNUMMER=None)  # empty id

    path = _masts_subset(tmp_path, count=10, transform=damage)
    result = run_import(capsys, path, *MAST_ARGS)
    assert (result["read"], result["created"], result["rejected"]) == (10, 5, 5)
    by_row = {e["row"]: e for e in result["errors"]}
    assert by_row[1]["field"] == "MASTLENGTE" and "hoog" in by_row[1]["message"]
    assert by_row[2]["field"] == "geometrie"
    assert "buiten Nederland" in by_row[3]["message"]
    assert "komt al voor in rij 4" in by_row[5]["message"]  # the second one is refused
    assert "leeg" in by_row[6]["message"]
    report = Path(result["report_csv"])
    assert report.is_file()
    with report.open(encoding="utf-8") as handle:
        assert len(list(csv.reader(handle))) == 1 + 5


def test_type_field_with_map_and_unknown_values(capsys, utrecht, tmp_path):
    points = [shapely.Point(5.118501, 52.109981), shapely.Point(5.118807, 52.110098), shapely.Point(5.119, 52.1103)]
    fields = {"nummer": ["1", "2", "3"], "soort_object": ["BOOM", "BANK", "UFO"], "boomsoort": ["Quercus robur",
                                                                                                None, None],
              "plantjaar": [1990, None, None], "materiaal": [None, "hout", None]}
    path = write_geo(tmp_path / "mix.gpkg", points, fields, crs="EPSG:4326", driver="GPKG")
    mapping = tmp_path / "map.yaml"
    mapping.write_text("BOOM: tree\nBANK: bench\n", encoding="utf-8")
    result = run_import(capsys, path, "--type-field", "soort_object", "--type-map", str(mapping),
                        "--id-field", "nummer")
    assert (result["created"], result["rejected"]) == (2, 1)
    assert "UFO" in result["errors"][0]["message"] and "typetabel" in result["errors"][0]["message"]
    tree = Asset.objects.get(external_id="1")
    assert tree.asset_type.code == "tree"
    # id columns other than a plain "id" stay attributes too: they are the source's own data
    assert tree.attributes == {"species": "Quercus robur", "planting_year": 1990, "nummer": "1"}
    assert Asset.objects.get(external_id="2").attributes == {"material": "hout", "nummer": "2"}


def test_unknown_asset_type_lists_valid_codes(utrecht):
    with pytest.raises(CommandError, match="Geldige codes: .*street_light"):
        call_command("import_assets", str(MAST_FILE), "--gemeente", "utrecht", "--asset-type", "lantaarn")


@pytest.mark.parametrize("crs", ["EPSG:28992", "EPSG:3857"])
@pytest.mark.parametrize("kind", ["gpkg", "shp", "zip"])
def test_geopackage_and_shapefile_in_other_crs_land_within_a_metre(capsys, utrecht, tmp_path, crs, kind):
    data = json.loads(MAST_FILE.read_bytes().decode("latin-1"))["features"][:50]
    points = [shapely.Point(*f["geometry"]["coordinates"]) for f in data]
    fields = {"mastnummer": [f"{i}" for i in range(len(data))], "mastlengte": [7.5] * len(data),
              "straat": ["Ærøstraat"] * len(data)}
    if kind == "gpkg":
        path = write_geo(tmp_path / "masten.gpkg", points, fields, crs=crs, driver="GPKG")
    else:
        path = write_geo(tmp_path / "masten.shp", points, fields, crs=crs, driver="ESRI Shapefile")
        if kind == "zip":
            archive = tmp_path / "masten.zip"
            with zipfile.ZipFile(archive, "w") as handle:
                for part in tmp_path.glob("masten.*"):
                    if part.suffix != ".zip":
                        handle.write(part, part.name)
            path = archive
    result = run_import(capsys, path, "--asset-type", "street_light", "--id-field", "mastnummer")
    assert (result["created"], result["rejected"]) == (50, 0)
    for feature, i in zip(data, range(len(data)), strict=True):
        asset = Asset.objects.get(external_id=str(i))
        lon, lat = feature["geometry"]["coordinates"]
        x, y = wgs84_to_rd(lon, lat)
        assert abs(asset.x - x) < 1 and abs(asset.y - y) < 1
        assert asset.attributes["mast_height"] == 7.5 and asset.attributes["street"] == "Ærøstraat"
    assert run_import(capsys, path, "--asset-type", "street_light", "--id-field", "mastnummer")["unchanged"] == 50


def test_csv_with_rd_coordinates_semicolons_and_decimal_commas(capsys, utrecht, tmp_path):
    path = tmp_path / "bomen.csv"
    lines = ["ID;X;Y;Boomsoort;Plantjaar;Hoogteklasse;Eigenaar;Aanlegjaar;Opmerking",
             "b1;136592,986;458006,052;Tilia cordata;1985;9-12 m;gemeente;1985;bij de école",
             "b2;136613,996;458018,991;Acer;20xx;;;;",
             "b3;136700;458100;Fagus;1990;12-15 m;;;"]
    path.write_bytes("\n".join(lines).encode("cp1252"))
    result = run_import(capsys, path, "--asset-type", "tree")
    assert (result["created"], result["rejected"]) == (2, 1)
    assert result["errors"][0]["row"] == 2 and result["errors"][0]["field"] == "Plantjaar"
    assert any("RD New" in m for m in result["messages"])  # the CRS guess is said
    assert any("UTF-8" in m for m in result["messages"])
    tree = Asset.objects.get(external_id="b1")
    assert abs(tree.x - 136592.986) < 0.01 and abs(tree.y - 458006.052) < 0.01
    assert tree.attributes == {"species": "Tilia cordata", "planting_year": 1985, "height_class": "9-12 m",
                               "owner": "gemeente", "Opmerking": "bij de école"}
    assert tree.installation_year == 1985
    assert tree.buurt.code == "0311"


def test_crs_option_overrides(capsys, utrecht, tmp_path):
    path = tmp_path / "punten.csv"
    path.write_text("id,x,y\n1,5.118501,52.109981\n", encoding="utf-8")
    result = run_import(capsys, path, "--asset-type", "bench", "--crs", "EPSG:28992")
    assert result["rejected"] == 1 and "buiten Nederland" in result["errors"][0]["message"]
    with pytest.raises(CommandError, match="coördinatenstelsel"):
        call_command("import_assets", str(path), "--gemeente", "utrecht", "--asset-type", "bench", "--crs", "EPSG:x")


def test_xlsx_with_lat_lon(capsys, utrecht, tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Nummer", "Latitude", "Longitude", "Inhoud", "Soort"])
    sheet.append([101, 52.109981, 5.118501, 120, "afvalbak"])
    sheet.append([102, 52.110098, 5.118807, "veel", "afvalbak"])
    path = tmp_path / "bakken.xlsx"
    workbook.save(path)
    result = run_import(capsys, path, "--asset-type", "bin", "--id-field", "nummer")
    assert (result["created"], result["rejected"]) == (1, 1)
    asset = Asset.objects.get(external_id="101")
    assert asset.attributes == {"volume_l": 120.0, "bin_kind": "afvalbak", "Nummer": "101"}
    assert asset.buurt.code == "0311"


def test_polygons_get_their_centroid(capsys, utrecht, tmp_path):
    polygon = shapely.box(5.1180, 52.1095, 5.1190, 52.1100)
    line = shapely.LineString([(5.1180, 52.1095), (5.1190, 52.1100)])
    features = [
        {"type": "Feature", "properties": {"id": "p1", "type": "plant_bed", "oppervlakte": "56,5"},
         "geometry": json.loads(shapely.to_geojson(polygon))},
        {"type": "Feature", "properties": {"id": "h1", "type": "hedge", "lengte": 40},
         "geometry": json.loads(shapely.to_geojson(line))},
        {"type": "Feature", "properties": {"id": "x", "type": "hedge"},
         "geometry": {"type": "Polygon", "coordinates": [[[5.1, 52.1], [5.2, 52.2], [5.2, 52.1], [5.1, 52.2],
                                                          [5.1, 52.1]]]}},
    ]
    path = tmp_path / "vlakken.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    result = run_import(capsys, path)
    assert (result["created"], result["rejected"]) == (2, 1)
    assert "Ongeldig vlak" in result["errors"][0]["message"]
    bed = Asset.objects.get(external_id="p1")
    assert bed.asset_type.code == "plant_bed" and bed.unit == "m2"
    assert bed.geometry["type"] == "Polygon"
    assert (bed.lon, bed.lat) == (pytest.approx(5.1185), pytest.approx(52.10975))
    assert (bed.min_lon, bed.max_lon) == (5.118, 5.119)
    assert bed.attributes == {"area_m2": 56.5}
    assert Asset.objects.get(external_id="h1").attributes == {"length_m": 40.0}


@pytest.mark.parametrize("content,name", [
    (None, "masten.geojson"),  # truncated
    (b"\x89PNG\r\n\x1a\n\x00\x00garbage" * 20, "masten.geojson"),
    (b"", "masten.geojson"),
    (b"PK\x03\x04 broken zip", "masten.zip"),
    (b"just some text without columns\n", "masten.csv"),
    (b"not an excel file", "masten.xlsx"),
    (b"{}", "masten.pdf"),
])
def test_unreadable_files_fail_cleanly_and_write_nothing(utrecht, tmp_path, content, name):
    path = tmp_path / name
    path.write_bytes(MAST_FILE.read_bytes()[:50_000] if content is None else content)
    with pytest.raises(CommandError) as info:
        call_command("import_assets", str(path), "--gemeente", "utrecht", *MAST_ARGS)
    message = str(info.value)
    assert "\n" not in message and "Traceback" not in message and len(message) < 400
    assert not Asset.objects.exists()
    assert not AuditLogEntry.objects.filter(action="assets.import").exists()


def test_dry_run_reports_without_writing(capsys, utrecht, tmp_path):
    path = _masts_subset(tmp_path, count=20)
    result = run_import(capsys, path, *MAST_ARGS, "--dry-run")
    assert (result["created"], result["dry_run"]) == (20, True)
    assert not Asset.objects.exists()
    run_import(capsys, path, *MAST_ARGS)
    path = _masts_subset(tmp_path, count=25, transform=lambda f: f[0]["properties"].update(MASTLENGTE="8"))
    result = run_import(capsys, path, *MAST_ARGS, "--dry-run")
    assert (result["created"], result["updated"], result["unchanged"]) == (5, 1, 19)
    assert Asset.objects.count() == 20 and not AssetHistory.objects.exists()


def test_readable_summary_without_json(capsys, utrecht, tmp_path):
    path = _masts_subset(tmp_path, count=5)
    call_command("import_assets", str(path), "--gemeente", "utrecht", *MAST_ARGS)
    out = capsys.readouterr().out
    assert "Gelezen: 5 rijen" in out and "Nieuw: 5" in out


def test_encoding_option_and_default_id(capsys, utrecht, tmp_path):
    path = tmp_path / "banken.csv"
    path.write_bytes("lon,lat,materiaal,opmerking\n5.118501,52.109981,hout,café\n".encode("cp1252"))
    result = run_import(capsys, path, "--asset-type", "bench", "--encoding", "cp1252")
    assert result["created"] == 1 and any("rijnummer" in m for m in result["messages"])
    asset = Asset.objects.get()
    assert asset.external_id == "1" and asset.attributes == {"material": "hout", "opmerking": "café"}
    with pytest.raises(CommandError, match="tekenset"):
        call_command("import_assets", str(path), "--gemeente", "utrecht", "--asset-type", "bench",
                     "--encoding", "klingon")


def test_import_before_areas_is_placed_when_areas_arrive(capsys, tmp_path):
    from wijkwerk.areas.services import areas_import

    from ..areas.helpers import BUURT_FILE, WIJK_FILE

    gemeente = GemeenteFactory(slug="utrecht")
    path = _masts_subset(tmp_path, count=10)
    result = run_import(capsys, path, *MAST_ARGS)
    assert result["outside_areas"] == 0 and not Asset.objects.filter(buurt__isnull=False).exists()
    areas_import(gemeente=gemeente, path=BUURT_FILE, level="buurt", code_field="KODE", name_field="NAAM")
    assert not Asset.objects.filter(buurt__isnull=True).exists()
    assert not Asset.objects.filter(wijk__isnull=False).exists()  # no wijken yet
    areas_import(gemeente=gemeente, path=WIJK_FILE, level="wijk", code_field="KODE", name_field="NAAM")
    for asset in Asset.objects.select_related("buurt", "wijk"):
        assert asset.wijk is not None and asset.wijk == asset.buurt.parent


def test_service_and_import_job_tasks(utrecht, tmp_path):
    user = UserFactory()
    path = _masts_subset(tmp_path, count=12)
    job = ImportJob.objects.create(gemeente=utrecht, created_by=user, file_name=path.name, file_path=str(path),
                                   options={"asset_type": "street_light",
                                            "id_fields": ["BUURT", "STRAAT", "MASTNUMMER"]})
    from wijkwerk.assets.tasks import import_job_check, import_job_run

    import_job_check(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "checked" and job.dry_run_report["created"] == 12 and not Asset.objects.exists()
    import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "done" and job.report["created"] == 12 and job.progress == 1.0
    assert Asset.objects.count() == 12
    assert AuditLogEntry.objects.get(action="assets.import").actor == user

    broken = tmp_path / "kapot.geojson"
    broken.write_text("{", encoding="utf-8")
    bad = ImportJob.objects.create(gemeente=utrecht, file_name="kapot.geojson", file_path=str(broken),
                                   options={"asset_type": "tree"})
    import_job_check(job_id=bad.pk)
    bad.refresh_from_db()
    assert bad.status == "failed" and bad.error

    with pytest.raises(ImportFileError):
        assets_import(gemeente=utrecht, path=broken, options=ImportOptions(asset_type="tree"))


def test_many_errors_are_capped_in_json(capsys, utrecht, tmp_path):
    rows = "\n".join(f"{i},4.0,40.0" for i in range(150))
    path = tmp_path / "ver.csv"
    path.write_text("id,lon,lat\n" + rows + "\n", encoding="utf-8")
    result = run_import(capsys, path, "--asset-type", "bench")
    assert result["rejected"] == 150 and len(result["errors"]) == 100
    assert np.isclose(result["created"], 0)


def test_geojson_crs_member_and_rd_values_without_one(capsys, utrecht, tmp_path):
    feature = {"type": "Feature", "properties": {"id": "a"},
               "geometry": {"type": "Point", "coordinates": [136592.986, 458006.052]}}
    declared = {"type": "FeatureCollection", "features": [feature],
                "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}}}
    path = tmp_path / "rd.geojson"
    path.write_text(json.dumps(declared), encoding="utf-8")
    result = run_import(capsys, path, "--asset-type", "bench")
    assert result["created"] == 1 and not any("RD New" in m for m in result["messages"])
    asset = Asset.objects.get()
    assert (round(asset.lon, 6), round(asset.lat, 6)) == (5.118501, 52.109981)

    undeclared = {"type": "FeatureCollection", "features": [feature]}
    path.write_text(json.dumps(undeclared), encoding="utf-8")
    result = run_import(capsys, path, "--asset-type", "bench")
    assert result["unchanged"] == 1 and any("RD New" in m for m in result["messages"])


def test_awkward_text_survives_the_bulk_write(capsys, utrecht, tmp_path):
    """Backslashes, tabs, newlines and quotes go through the bulk insert (COPY on PostgreSQL) intact."""
    awkward = 'C:\\pad\\naar "bord"\tmet tab\nen regel'
    path = tmp_path / "borden.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "lon", "lat", "opmerking", "rvv_code"])
        writer.writerow(["b\\1", "5.118501", "52.109981", awkward, "C1"])
    result = run_import(capsys, path, "--asset-type", "sign")
    assert result["created"] == 1
    asset = Asset.objects.get()
    assert asset.external_id == "b\\1"
    assert asset.attributes == {"sign_code": "C1", "opmerking": awkward}
    assert run_import(capsys, path, "--asset-type", "sign")["unchanged"] == 1
