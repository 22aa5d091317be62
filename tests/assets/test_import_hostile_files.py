"""Hostile files through the import service and the command line: a GDAL virtual file (VRT) named
.gpkg that reads the server's database or fetches a URL, files whose content does not fit their
name, zips with more than one dataset, zip bombs. Each is refused cleanly, before GDAL opens it,
and nothing of the secret ends up anywhere."""

import json

import numpy as np
import pytest
import shapely
from django.core.management import CommandError, call_command

from wijkwerk.assets.importing import ImportFileError, ImportOptions, assets_import
from wijkwerk.assets.models import Asset
from wijkwerk.core.files import FileRefused, gdal_guard, read_table

from ..areas.helpers import write_geo
from ..municipalities.factories import GemeenteFactory
from .hostile_files import (
    SECRET_HASH,
    SECRET_TOKEN,
    Listener,
    nothing_unpacked,
    secret_database,
    vrt,
    write_zip,
    zip_bomb,
)

pytestmark = pytest.mark.django_db

POINTS = [shapely.Point(5.105 + i * 0.001, 52.085) for i in range(3)]


@pytest.fixture
def gemeente():
    return GemeenteFactory(slug="utrecht", name="Utrecht")


@pytest.fixture
def gdal_never_called(monkeypatch):
    """Fails the test when anything asks GDAL (pyogrio) to open a file (also when the code under test
    swallowed the AssertionError)."""
    import pyogrio
    import pyogrio.raw

    calls = []

    def forbidden(*args, **kwargs):
        calls.append(args)
        raise AssertionError(f"GDAL was asked to open {args[:1]}")

    monkeypatch.setattr(pyogrio, "list_layers", forbidden)
    monkeypatch.setattr(pyogrio, "read_info", forbidden)
    monkeypatch.setattr(pyogrio.raw, "read", forbidden)
    monkeypatch.setattr(gdal_guard, "identify", forbidden)
    yield calls
    assert calls == [], "GDAL was asked to open a file that should have been refused before"


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


def refused_by_command(path, gemeente) -> str:
    with pytest.raises(CommandError) as info:
        call_command("import_assets", str(path), "--gemeente", gemeente.slug, "--asset-type", "tree",
                     "--id-field", "id")
    message = str(info.value)
    assert "\n" not in message and "Traceback" not in message and len(message) < 400
    return message


def assert_no_secret(*texts):
    for text in texts:
        assert SECRET_TOKEN not in str(text) and SECRET_HASH not in str(text) and "SECRETHASH" not in str(text)


# --- GDAL virtual files ---------------------------------------------------------------------------


def test_vrt_named_gpkg_reading_the_server_database_is_refused_before_gdal(gemeente, tmp_path, gdal_never_called):
    database = secret_database(tmp_path)
    leak = tmp_path / "leak.gpkg"
    leak.write_bytes(vrt(str(database)))

    with pytest.raises(ImportFileError) as info:
        read_table(leak)
    assert "geen echt GeoPackage-bestand" in str(info.value) and "XML" in str(info.value)
    assert isinstance(info.value, FileRefused)

    with pytest.raises(ImportFileError):
        assets_import(gemeente=gemeente, path=leak, options=ImportOptions(asset_type="tree", id_fields=("id",)))
    message = refused_by_command(leak, gemeente)
    assert "leak.gpkg" in message
    assert_no_secret(message, info.value)
    assert not Asset.objects.exists()
    assert not gdal_never_called


def test_vrt_with_a_relative_path_to_the_database_is_refused(gemeente, tmp_path, gdal_never_called):
    secret_database(tmp_path)
    folder = tmp_path / "media" / "imports" / "abc"
    folder.mkdir(parents=True)
    leak = folder / "leak.gpkg"
    leak.write_bytes(vrt("../../../wijkwerk.sqlite3"))
    with pytest.raises(ImportFileError) as info:
        read_table(leak)
    assert_no_secret(info.value, refused_by_command(leak, gemeente))
    assert not Asset.objects.exists()


@pytest.mark.parametrize("name", ["leak.gpkg", "leak.geojson", "leak.json", "leak.shp"])
def test_vrt_fetching_a_url_is_refused_without_any_connection(gemeente, tmp_path, listener, name):
    leak = tmp_path / name
    leak.write_bytes(vrt(f"/vsicurl/{listener.url()}", sql="SELECT * FROM x"))
    if name.endswith(".shp"):
        (tmp_path / "leak.dbf").write_bytes(vrt("/etc/passwd"))
    with pytest.raises(ImportFileError):
        read_table(leak)
    refused_by_command(leak, gemeente)
    assert listener.connections_made() == []
    assert not Asset.objects.exists()


def test_a_vsi_path_on_the_command_line_is_refused(gemeente, listener):
    message = refused_by_command(f"/vsicurl/{listener.url('/x.geojson')}", gemeente)
    assert "/vsi" in message
    assert listener.connections_made() == []


def test_gdal_itself_no_longer_opens_vrt_nor_fetches_urls(tmp_path, listener, settings):
    """Defence in depth: even a VRT handed straight to pyogrio, or a GeoJSON whose "crs" links to a
    URL, reaches no other file and no network once the reader has restricted GDAL."""
    import pyogrio
    import pyogrio.raw
    from pyogrio.errors import DataSourceError

    good = write_geo(tmp_path / "bomen.gpkg", POINTS, {"id": ["1", "2", "3"]}, crs="EPSG:4326", driver="GPKG")
    assert read_table(good).n == 3
    assert sorted(gdal_guard.registered_drivers()) == sorted(gdal_guard.ALLOWED_DRIVERS)
    assert "OGR_VRT" not in pyogrio.list_drivers() and "SQLite" not in pyogrio.list_drivers()

    database = secret_database(tmp_path)
    raw_vrt = tmp_path / "leak.vrt"
    raw_vrt.write_bytes(vrt(str(database)))
    with pytest.raises(DataSourceError) as info:
        pyogrio.raw.read(str(raw_vrt))
    assert_no_secret(info.value)
    with pytest.raises(DataSourceError):
        pyogrio.raw.read(f"/vsicurl/{listener.url('/x.geojson')}")

    linked = tmp_path / "gekoppeld.geojson"
    linked.write_text(json.dumps({
        "type": "FeatureCollection",
        "crs": {"type": "link", "properties": {"href": listener.url("/crs.txt"), "type": "proj4"}},
        "features": [{"type": "Feature", "properties": {"id": "1"},
                      "geometry": {"type": "Point", "coordinates": [5.1, 52.1]}}],
    }))
    assert read_table(linked).n == 1
    assert listener.connections_made() == []


def test_a_geopackage_view_on_another_database_leaks_nothing(gemeente, tmp_path):
    """A real GeoPackage whose only layer is a view over a VirtualOGR table naming the server's
    database: GDAL refuses the virtual table; the secret is in no message."""
    import sqlite3

    database = secret_database(tmp_path)
    path = write_geo(tmp_path / "slim.gpkg", POINTS, {"id": ["1", "2", "3"]}, crs="EPSG:4326", driver="GPKG")
    db = sqlite3.connect(path)
    db.execute("PRAGMA writable_schema=ON")
    db.execute("INSERT INTO sqlite_master(type, name, tbl_name, rootpage, sql) VALUES ('table', 'vx', 'vx', 0, ?)",
               (f"CREATE VIRTUAL TABLE vx USING VirtualOGR('{database}')",))
    db.commit()
    db.close()
    db = sqlite3.connect(path)
    db.execute("CREATE VIEW leak AS SELECT s.fid AS fid, s.geom AS geom, (SELECT key FROM vx) AS id FROM slim s")
    db.execute("DELETE FROM gpkg_contents")
    db.execute("DELETE FROM gpkg_geometry_columns")
    db.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) "
               "VALUES ('leak', 'features', 'leak', 4326)")
    db.execute("INSERT INTO gpkg_geometry_columns VALUES ('leak', 'geom', 'POINT', 4326, 0, 0)")
    db.commit()
    db.close()
    with pytest.raises(ImportFileError) as info:
        read_table(path)
    assert_no_secret(info.value, refused_by_command(path, gemeente))
    assert not Asset.objects.exists()


# --- content that does not fit the name ----------------------------------------------------------


@pytest.mark.parametrize("name, content, expected", [
    ("bomen.gpkg", b"id,x,y\n1,5.1,52.1\n", "geen echt GeoPackage-bestand"),
    ("bomen.gpkg", b"PK\x03\x04" + b"\x00" * 100, "geen echt GeoPackage-bestand"),
    ("bomen.geojson", b"<OGRVRTDataSource/>", "geen GeoJSON"),
    ("bomen.shp", b"just text pretending", "geen echt Shapefile-bestand"),
    ("bomen.zip", b"<OGRVRTDataSource/>", "geen echt zip-bestand"),
    ("bomen.xlsx", b"SQLite format 3\x00" + b"\x00" * 100, "Excel-bestand"),
    ("bomen.csv", b"SQLite format 3\x00" + b"\x00" * 100, "geen tekstbestand"),
])
def test_content_must_fit_the_name(gemeente, tmp_path, gdal_never_called, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ImportFileError) as info:
        read_table(path)
    assert expected in str(info.value)
    refused_by_command(path, gemeente)
    assert not gdal_never_called


def test_a_bare_shapefile_with_a_fake_dbf_is_refused(gemeente, tmp_path, gdal_never_called):
    path = write_geo(tmp_path / "bomen.shp", POINTS, {"id": ["1", "2", "3"]}, crs="EPSG:4326",
                     driver="ESRI Shapefile")
    (tmp_path / "bomen.dbf").write_bytes(vrt("/etc/passwd"))
    with pytest.raises(ImportFileError, match="geen geldig .dbf-bestand"):
        read_table(path)


# --- zips ----------------------------------------------------------------------------------------


def shapefile_parts(tmp_path) -> dict[str, bytes]:
    write_geo(tmp_path / "bomen.shp", POINTS, {"id": ["1", "2", "3"]}, crs="EPSG:4326", driver="ESRI Shapefile")
    return {p.name: p.read_bytes() for p in sorted(tmp_path.glob("bomen.*"))}


def test_a_zipped_shapefile_with_its_parts_and_a_readme_is_read(tmp_path):
    parts = shapefile_parts(tmp_path)
    assert {".shp", ".shx", ".dbf", ".prj"} <= {name[-4:] for name in parts}
    archive = write_zip(tmp_path / "bomen.zip", {
        **{f"bomen/{name}": data for name, data in parts.items()},
        "bomen/readme.txt": b"Bomen van de gemeente.",
        "__MACOSX/bomen/._bomen.shp": b"\x00\x05\x16\x07junk",
    })
    assert read_table(archive).n == 3


@pytest.mark.parametrize("extra, expected", [
    ({"leak.vrt": "VRT"}, "niet bij de shapefile horen"),
    ({"binnen.zip": "ZIP"}, "niet bij de shapefile horen"),
    ({"andere.csv": b"id,x,y\n"}, "niet bij de shapefile horen"),
    ({"readme.txt": b"a", "leesmij.txt": b"b"}, "niet bij de shapefile horen"),
    ({"elders/bomen.cpg": b"UTF-8"}, "niet bij de shapefile horen"),
])
def test_a_zipped_shapefile_with_anything_else_is_refused(gemeente, tmp_path, gdal_never_called, extra, expected):
    parts = shapefile_parts(tmp_path)
    members = dict(parts)
    for name, data in extra.items():
        if data == "VRT":
            data = vrt(str(secret_database(tmp_path)))
        elif data == "ZIP":
            data = (write_zip(tmp_path / "in.zip", {"x.vrt": vrt("/etc/passwd")})).read_bytes()
        members[name] = data
    archive = write_zip(tmp_path / "bomen.zip", members)
    with pytest.raises(ImportFileError) as info:
        read_table(archive)
    assert expected in str(info.value)
    assert_no_secret(refused_by_command(archive, gemeente))


@pytest.mark.parametrize("members, expected", [
    ({"leak.vrt": "VRT"}, "geen shapefile"),
    ({"leak.gpkg": "VRT"}, "geen echt GeoPackage-bestand"),
    ({"bomen.geojson": b"<x/>"}, "geen echt GeoJSON-bestand"),
    ({"bomen.gpkg": b"SQLite format 3\x00", "leak.vrt": "VRT"}, "nog andere bestanden"),
    ({"bomen.geojson": b"{}", "binnen.zip": b"PK\x05\x06" + b"\x00" * 18}, "nog andere bestanden"),
    ({"a.shp": b"x", "b.shp": b"y"}, "meer dan één .shp-bestand"),
    ({"bomen.shp": b"x", "bomen.dbf": b"y"}, "ontbreekt"),
    ({"../../etc/bomen.geojson": b"{}"}, "ongeldig pad"),
])
def test_zips_hold_one_dataset_only(gemeente, tmp_path, gdal_never_called, members, expected):
    database = secret_database(tmp_path)
    members = {name: vrt(str(database)) if data == "VRT" else data for name, data in members.items()}
    archive = write_zip(tmp_path / "upload.zip", members)
    with pytest.raises(ImportFileError) as info:
        read_table(archive)
    assert expected in str(info.value)
    assert_no_secret(refused_by_command(archive, gemeente))


def test_a_zipped_shapefile_with_broken_headers_is_refused(tmp_path, gdal_never_called):
    parts = shapefile_parts(tmp_path)
    parts["bomen.shx"] = b"\x00" * 100
    with pytest.raises(ImportFileError, match="geen geldig shapefile-onderdeel"):
        read_table(write_zip(tmp_path / "bomen.zip", parts))


def test_a_zip_bomb_is_refused_without_unpacking(gemeente, tmp_path, gdal_never_called):
    bomb = zip_bomb(tmp_path / "bomen.zip", megabytes=60)
    assert bomb.stat().st_size < 1024 * 1024
    with nothing_unpacked() as unpacked, pytest.raises(ImportFileError) as info:
        read_table(bomb)
    assert "verdacht sterk ingepakt" in str(info.value)
    assert unpacked == []
    refused_by_command(bomb, gemeente)
    assert not Asset.objects.exists()


def test_a_zip_unpacking_beyond_the_limit_is_refused(tmp_path, settings, gdal_never_called):
    settings.WIJKWERK_IMPORT_MAX_MB = 1
    rng = np.random.default_rng(1)
    # Letters: compress about 1.5 times (no ratio alarm), so the zip is under 1 MB but unpacks to 1.4 MB.
    text = rng.integers(ord("a"), ord("z"), 1_400_000, dtype=np.uint8).tobytes()
    archive = write_zip(tmp_path / "bomen.zip", {"bomen.geojson": b"{" + text})
    assert archive.stat().st_size < 1024 * 1024
    with pytest.raises(ImportFileError, match="uitgepakt te groot.*WIJKWERK_IMPORT_MAX_MB"):
        read_table(archive)


def test_an_xlsx_bomb_is_refused_before_openpyxl(tmp_path, monkeypatch):
    import openpyxl

    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: pytest.fail("openpyxl opened the bomb"))
    bomb = zip_bomb(tmp_path / "bomen.xlsx", member="xl/worksheets/sheet1.xml", megabytes=40)
    with pytest.raises(ImportFileError, match="verdacht sterk ingepakt"):
        read_table(bomb)


# --- memory: big text files are streamed ---------------------------------------------------------


def test_csv_encoding_is_detected_over_the_whole_file(tmp_path):
    """A CSV that is plain ASCII for its first megabytes and Windows-1252 near the end (streamed in
    chunks now, not read whole): detected, said, and every row read."""
    path = tmp_path / "bomen.csv"
    rows = [f"B{i},5.1,52.1,Tilia" for i in range(60_000)]
    rows.append("B-laatste,5.1,52.1,Café")
    path.write_bytes(("id,x,y,soort\n" + "\n".join(rows) + "\n").encode("cp1252"))
    assert path.stat().st_size > 1024 * 1024
    table = read_table(path)
    assert table.n == 60_001
    assert table.data["soort"][-1] == "Café"
    assert any("UTF-8" in m for m in table.messages)


def test_a_zip_with_a_corrupt_member_is_refused_cleanly(gemeente, tmp_path, gdal_never_called):
    archive = write_zip(tmp_path / "bomen.zip", {"bomen.gpkg": b"SQLite format 3\x00" + b"\x01" * 5000})
    data = bytearray(archive.read_bytes())
    start = 30 + len("bomen.gpkg")  # the first member's data follows its local header
    data[start:start + 40] = b"\xff" * 40
    archive.write_bytes(bytes(data))
    with pytest.raises(ImportFileError, match="kan niet worden uitgepakt"):
        read_table(archive)
    refused_by_command(archive, gemeente)
