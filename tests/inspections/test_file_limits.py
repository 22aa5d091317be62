"""The schouw and condition importers read files through the file layer: an Excel bomb and an
oversized file are refused before openpyxl opens them, with nothing written."""

import pytest
from django.core.exceptions import ValidationError

from tests.assets.hostile_files import zip_bomb
from wijkwerk.inspections.condition.conditions_import import conditions_import
from wijkwerk.inspections.models import ConditionInspection, InspectionRound
from wijkwerk.inspections.quality.schouw_import import schouw_import

from .helpers import make_town

pytestmark = pytest.mark.django_db


def _imports(gemeente, path):
    yield lambda: schouw_import(gemeente=gemeente, round_name="R", path=path)
    yield lambda: conditions_import(gemeente=gemeente, path=path)


def test_an_xlsx_that_unpacks_too_large_is_refused(tmp_path, settings):
    gemeente, *_ = make_town()
    settings.WIJKWERK_IMPORT_MAX_MB = 5  # the bomb file is small, unpacked it is 20 MB
    bomb = zip_bomb(tmp_path / "schouw.xlsx", member="xl/worksheets/sheet1.xml", megabytes=20)
    for run in _imports(gemeente, bomb):
        with pytest.raises(ValidationError, match="uitgepakt te groot"):
            run()
    assert not InspectionRound.objects.exists() and not ConditionInspection.objects.exists()


def test_a_file_over_the_upload_limit_is_refused(tmp_path, settings):
    gemeente, *_ = make_town()
    settings.WIJKWERK_IMPORT_MAX_MB = 0.001
    path = tmp_path / "schouw.csv"
    path.write_text("meetlocatie,aspect,score\n" + "P1,onkruid,B\n" * 200, encoding="utf-8")
    for run in _imports(gemeente, path):
        with pytest.raises(ValidationError, match="te groot"):
            run()
    assert not InspectionRound.objects.exists() and not ConditionInspection.objects.exists()


def test_a_file_with_only_a_header_is_refused(tmp_path):
    gemeente, *_ = make_town()
    path = tmp_path / "leeg.csv"
    path.write_text("plot,lat,lon,aspect,level\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="bevat geen regels"):
        schouw_import(gemeente=gemeente, round_name="R", path=path)
    path.write_text("asset,element,replacement_value,defect,severity,intensity,extent,date\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="bevat geen regels"):
        conditions_import(gemeente=gemeente, path=path)
