"""Limits refused up front, naming the setting, with nothing written: rows (WIJKWERK_IMPORT_MAX_ROWS),
file size and a zip's unpacked content (WIJKWERK_IMPORT_MAX_MB)."""

import zipfile

import pytest
from django.core.management import CommandError, call_command

from tests.areas.helpers import write_geo
from tests.assets.hostile_files import nothing_unpacked
from tests.municipalities.factories import GemeenteFactory
from wijkwerk.assets.models import Asset
from wijkwerk.core.files import LimitExceeded, check_file, iter_rows, read_table
from wijkwerk.core.files.uploads import max_upload_bytes

from .helpers import POINTS


def points_csv(path, n: int):
    path.write_text("id,lon,lat\n" + "".join(f"B{i},{5.1 + i * 1e-5!r},52.09\n" for i in range(n)), encoding="utf-8")
    return path


def import_command(path, gemeente) -> str:
    with pytest.raises(CommandError) as info:
        call_command("import_assets", str(path), "--gemeente", gemeente.slug, "--asset-type", "tree",
                     "--id-field", "id")
    message = str(info.value)
    assert "\n" not in message and "Traceback" not in message
    return message


def nothing_written(settings) -> bool:
    reports = settings.DATA_DIR / "reports"
    return not Asset.objects.exists() and not (reports.exists() and any(reports.iterdir()))


@pytest.mark.django_db
def test_101_rows_with_a_limit_of_100_are_refused_and_nothing_written(tmp_path, settings):
    settings.WIJKWERK_IMPORT_MAX_ROWS = 100
    gemeente = GemeenteFactory(slug="utrecht")
    message = import_command(points_csv(tmp_path / "bomen.csv", 101), gemeente)
    assert "WIJKWERK_IMPORT_MAX_ROWS" in message and "100" in message
    assert nothing_written(settings)
    call_command("import_assets", str(points_csv(tmp_path / "precies.csv", 100)), "--gemeente", "utrecht",
                 "--asset-type", "tree", "--id-field", "id")
    assert Asset.objects.count() == 100


def test_the_row_limit_holds_for_every_reader(tmp_path, settings):
    settings.WIJKWERK_IMPORT_MAX_ROWS = 2
    with pytest.raises(LimitExceeded) as info:
        read_table(write_geo(tmp_path / "p.gpkg", POINTS, {"id": ["a", "b", "c"]}, crs="EPSG:4326", driver="GPKG"))
    assert info.value.setting == "WIJKWERK_IMPORT_MAX_ROWS"
    rows = []
    with pytest.raises(LimitExceeded, match="WIJKWERK_IMPORT_MAX_ROWS"):
        for number, row in iter_rows(points_csv(tmp_path / "p.csv", 3)):
            rows.append((number, row["id"]))
    assert rows == [(2, "B0"), (3, "B1")]  # refused at the row after the limit, before anything else


@pytest.mark.django_db
def test_a_zip_unpacking_to_200_mb_with_a_limit_of_50_is_refused_unopened(tmp_path, settings):
    settings.WIJKWERK_IMPORT_MAX_MB = 50
    settings.WIJKWERK_MAX_ZIP_RATIO = 100_000  # so it is the size that is refused, not the compression
    gemeente = GemeenteFactory(slug="utrecht")
    archive = tmp_path / "bomen.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        with out.open("bomen.geojson", "w", force_zip64=True) as member:
            member.write(b'{"type": "FeatureCollection", "features": [')
            block = b" " * (1 << 20)
            for _ in range(200):
                member.write(block)
    assert archive.stat().st_size < 50 * 1024 * 1024
    with nothing_unpacked() as unpacked:
        message = import_command(archive, gemeente)
    assert unpacked == []
    assert "uitgepakt te groot" in message and "50 MB" in message and "WIJKWERK_IMPORT_MAX_MB" in message
    assert nothing_written(settings)


@pytest.mark.django_db
def test_a_file_above_the_size_limit_is_refused_naming_the_limit(tmp_path, settings):
    settings.WIJKWERK_IMPORT_MAX_MB = 0.01
    gemeente = GemeenteFactory(slug="utrecht")
    path = points_csv(tmp_path / "bomen.csv", 1000)
    assert path.stat().st_size > max_upload_bytes()
    message = import_command(path, gemeente)
    assert "te groot" in message and "WIJKWERK_IMPORT_MAX_MB" in message
    assert nothing_written(settings)
    with pytest.raises(LimitExceeded) as info:
        check_file(path)
    assert info.value.setting == "WIJKWERK_IMPORT_MAX_MB"
