"""Reading every format, encoding and delimiter; corrupt, truncated, empty and unsupported files are
refused with one Dutch sentence."""

import zipfile

import pytest

from tests.assets.hostile_files import nothing_unpacked, write_zip, zip_bomb
from wijkwerk.core.files import (
    FileRefused,
    LimitExceeded,
    batched,
    check_file,
    iter_rows,
    open_rows,
    read_table,
)

from .helpers import ROWS, write_csv_file, write_points, write_xlsx_file, zip_folder

NAMES = [row[1] for row in ROWS]


def assert_clean_message(exc: Exception) -> str:
    message = str(exc)
    assert message and "\n" not in message and "Traceback" not in message and len(message) < 400
    return message


# --- formats ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name, driver", [("punten.geojson", "GeoJSON"), ("punten.gpkg", "GPKG"),
                                          ("punten.shp", "ESRI Shapefile")])
def test_geo_formats_are_read(tmp_path, name, driver):
    table = read_table(write_points(tmp_path / name, driver))
    assert table.fmt == name.rsplit(".", 1)[1]
    assert table.n == 3 and table.data["naam"] == NAMES
    assert table.points is not None and table.points[0][0] == pytest.approx(5.105)


def test_a_shapefile_in_one_zip_is_read(tmp_path):
    folder = tmp_path / "shp"
    folder.mkdir()
    write_points(folder / "punten.shp", "ESRI Shapefile")
    archive = zip_folder(folder, tmp_path / "punten.zip", (".shp", ".shx", ".dbf", ".prj", ".cpg"))
    table = read_table(archive)
    assert table.fmt == "shp" and table.data["naam"] == NAMES


@pytest.mark.parametrize("maker", ["csv", "xlsx"])
def test_simple_tables_are_read_whole_and_streamed(tmp_path, maker):
    path = write_csv_file(tmp_path / "t.csv") if maker == "csv" else write_xlsx_file(tmp_path / "t.xlsx")
    table = read_table(path)
    assert table.n == 3 and table.data["naam"] == NAMES and table.crs_hint == "EPSG:4326"
    with open_rows(path) as rows:
        assert rows.columns == ["id", "naam", "lon", "lat"]
        streamed = list(rows)
    assert [number for number, _ in streamed] == [2, 3, 4]  # as a spreadsheet shows them
    assert [row["naam"] for _, row in streamed] == NAMES


def test_streaming_skips_empty_rows_keeps_row_numbers_and_gives_batches(tmp_path):
    path = tmp_path / "t.csv"
    lines = ["plot;aspect"] + [f"P{i};onkruid" if i % 10 else ";" for i in range(1, 26)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = list(iter_rows(path))
    assert len(rows) == 23 and rows[0] == (2, {"plot": "P1", "aspect": "onkruid"})
    assert 11 not in [n for n, _ in rows]  # P10 was empty: skipped, its number not reused
    assert rows[-1][0] == 26
    with open_rows(path) as table:
        sizes = [len(batch) for batch in table.batches(10)]
    assert sizes == [10, 10, 3]
    assert [len(b) for b in batched(range(7), 3)] == [3, 3, 1]


def test_streaming_holds_one_batch_not_the_file(tmp_path):
    """A big CSV is a generator: reading the first batch does not read the rest."""
    path = tmp_path / "groot.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("asset,element\n")
        for i in range(200_000):
            handle.write(f"A{i},dak\n")
    with open_rows(path) as table:
        first = next(table.batches(1000))
        assert len(first) == 1000 and table.rows_read == 1000


def test_xlsx_values_keep_their_type(tmp_path):
    path = write_xlsx_file(tmp_path / "t.xlsx", [["plot", "waarde", "leeg"], ["P1", 3.5, None], [None, None, None],
                                                   ["  P2 ", 4, "  "]])
    assert list(iter_rows(path)) == [(2, {"plot": "P1", "waarde": 3.5, "leeg": None}),
                                     (4, {"plot": "P2", "waarde": 4, "leeg": None})]


# --- encodings and delimiters ------------------------------------------------------------------------


@pytest.mark.parametrize("encoding, label", [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"),
                                             ("utf-16-le", "utf-16-le"), ("cp1252", "cp1252")])
def test_each_encoding_is_found(tmp_path, encoding, label):
    path = write_csv_file(tmp_path / "t.csv", encoding=encoding, delimiter=";")
    with open_rows(path) as table:
        assert table.encoding == label
        assert table.columns[0] == "id"  # no byte order mark left in the first column name
        assert [row["naam"] for _, row in table] == NAMES
        assert bool(table.messages) == (encoding == "cp1252")  # only a guess is mentioned
    assert read_table(path).data["naam"] == NAMES


def test_latin1_bytes_that_cp1252_cannot_decode_are_read_as_latin1(tmp_path):
    path = tmp_path / "t.csv"
    lines = [f"B{i};Café à la carte, crème brûlée en één patiënt;5.1;52.1" for i in range(200)]
    lines.append("B-laatste;Caf\xe9\x81;5.1;52.1")  # 0x81: no character in cp1252
    path.write_bytes(("id;naam;x;y\r\n" + "\r\n".join(lines) + "\r\n").encode("latin-1"))
    with open_rows(path) as table:
        assert table.encoding == "latin-1"
        names = [row["naam"] for _, row in table]
    assert names[0] == "Café à la carte, crème brûlée en één patiënt" and names[-1] == "Café\x81"


def test_a_wrong_encoding_given_is_refused_not_a_traceback(tmp_path):
    path = write_csv_file(tmp_path / "t.csv", encoding="utf-16", delimiter=";")
    with pytest.raises(FileRefused) as info:
        list(iter_rows(path, encoding="ascii"))
    assert "tekenset" in assert_clean_message(info.value)
    with pytest.raises(FileRefused, match="Onbekende tekenset"):
        open_rows(path, encoding="klingon")


@pytest.mark.parametrize("delimiter", [";", ",", "\t", "|"])
def test_each_delimiter_is_found(tmp_path, delimiter):
    path = write_csv_file(tmp_path / "t.csv", delimiter=delimiter)
    with open_rows(path) as table:
        assert table.delimiter == delimiter
        assert [row["naam"] for _, row in table] == NAMES


def test_a_decimal_comma_is_read_in_a_semicolon_csv(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("id;x;y\nB1;5,105;52,085\n", encoding="utf-8")
    table = read_table(path)
    assert table.points[0][0] == pytest.approx(5.105) and table.points[1][0] == pytest.approx(52.085)


# --- files that are refused --------------------------------------------------------------------------


def test_a_corrupt_geopackage_is_refused(tmp_path):
    path = tmp_path / "kapot.gpkg"
    path.write_bytes(b"SQLite format 3\x00" + b"\x07" * 20_000)
    with pytest.raises(FileRefused) as info:
        read_table(path)
    assert "GeoPackage" in assert_clean_message(info.value)


def test_a_truncated_geopackage_is_refused(tmp_path):
    good = write_points(tmp_path / "goed.gpkg", "GPKG").read_bytes()
    path = tmp_path / "afgebroken.gpkg"
    path.write_bytes(good[: len(good) // 3])
    with pytest.raises(FileRefused) as info:
        read_table(path)
    assert "GeoPackage" in assert_clean_message(info.value)


def test_a_truncated_zip_is_refused(tmp_path):
    folder = tmp_path / "shp"
    folder.mkdir()
    write_points(folder / "punten.shp", "ESRI Shapefile")
    data = zip_folder(folder, tmp_path / "heel.zip", (".shp", ".shx", ".dbf", ".prj")).read_bytes()
    path = tmp_path / "punten.zip"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(FileRefused) as info:
        read_table(path)
    assert "beschadigd of afgebroken" in assert_clean_message(info.value)


def test_a_truncated_xlsx_is_refused(tmp_path):
    data = write_xlsx_file(tmp_path / "heel.xlsx").read_bytes()
    path = tmp_path / "t.xlsx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(FileRefused) as info:
        open_rows(path)
    assert "Excel" in assert_clean_message(info.value)


def test_a_zip_bomb_is_refused_unopened_naming_the_limit(tmp_path):
    bomb = zip_bomb(tmp_path / "bomen.zip", megabytes=60)
    with nothing_unpacked() as unpacked, pytest.raises(LimitExceeded) as info:
        read_table(bomb)
    assert unpacked == []
    assert info.value.setting == "WIJKWERK_MAX_ZIP_RATIO"
    assert "verdacht sterk ingepakt" in assert_clean_message(info.value) and "WIJKWERK_MAX_ZIP_RATIO" in str(info.value)


def test_an_xlsx_bomb_is_refused_before_it_is_opened(tmp_path):
    bomb = zip_bomb(tmp_path / "schouw.xlsx", member="xl/worksheets/sheet1.xml", megabytes=40)
    with pytest.raises(LimitExceeded, match="verdacht sterk ingepakt"):
        open_rows(bomb)


@pytest.mark.parametrize("name, content, expected", [
    ("leeg.csv", b"", "is leeg"),
    ("oud.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, ".xls"),
    ("tekst.docx", b"hallo", "Onbekend bestandsformaat"),
    ("plaatje.csv", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + b"\0" * 100, "geen tekstbestand"),
    ("geen.xlsx", b"id,naam\n1,x\n", "Excel"),
    ("kaart.gpkg", b'{"type": "FeatureCollection"}', "geen echt GeoPackage"),
    ("alleen.csv", b"een kolom\nwaarde\n", "scheidingsteken"),
])
def test_unreadable_files_are_refused_with_one_sentence(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(FileRefused) as info:
        read_table(path)
    assert expected in assert_clean_message(info.value)


def test_simple_table_readers_refuse_geodata(tmp_path):
    path = write_points(tmp_path / "punten.geojson", "GeoJSON")
    with pytest.raises(FileRefused, match="CSV, Excel"):
        open_rows(path)
    assert check_file(path).fmt == "geojson"


def test_a_zip_with_two_datasets_is_refused(tmp_path):
    archive = write_zip(tmp_path / "twee.zip", {"a.geojson": b"{}", "b.geojson": b"{}"})
    with pytest.raises(FileRefused, match="meer dan één"):
        read_table(archive)
    with zipfile.ZipFile(archive) as check:  # nothing was unpacked or changed
        assert len(check.namelist()) == 2
