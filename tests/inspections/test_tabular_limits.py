"""The schouw and condition importers' table reader refuses an Excel bomb and an oversized file
before openpyxl opens them."""

import pytest

from tests.assets.hostile_files import zip_bomb
from wijkwerk.inspections.tabular import TableFileError, read_table


def test_an_xlsx_that_unpacks_too_large_is_refused(tmp_path, settings):
    settings.WIJKWERK_MAX_UNPACKED_MB = 5
    bomb = zip_bomb(tmp_path / "schouw.xlsx", member="xl/worksheets/sheet1.xml", megabytes=20)
    with pytest.raises(TableFileError, match="uitgepakt te groot"):
        read_table(bomb)


def test_a_file_over_the_upload_limit_is_refused(tmp_path, settings):
    settings.WIJKWERK_MAX_UPLOAD_MB = 0.001
    path = tmp_path / "schouw.csv"
    path.write_text("meetlocatie,aspect,score\n" + "P1,onkruid,B\n" * 200, encoding="utf-8")
    with pytest.raises(TableFileError, match="te groot"):
        read_table(path)
