"""import-schouw and schouw-report: shares and norm verdicts match a hand computation."""

import json
import random
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from wijkwerk.core.geo import wgs84_to_rd
from wijkwerk.inspections.models import InspectionRound, Plot, PlotScore
from wijkwerk.inspections.quality.services import area_type_save, buurt_area_type_assign

from ..helpers import B1_POINT, B2_POINT, OUTSIDE, make_town, write_csv, write_xlsx

pytestmark = pytest.mark.django_db
RANK = {"A+": 0, "A": 1, "B": 2, "C": 3, "D": 4}


def report(slug, name):
    out = StringIO()
    call_command("schouw_report", gemeente=slug, round_name=name, json=True, stdout=out)
    return json.loads(out.getvalue())


def test_import_and_report_match_hand_computation(tmp_path):
    make_town()
    rng = random.Random(7)
    rows = []
    expected: dict[tuple[str, str], list[int]] = {}
    for buurt, (lon, lat) in (("B1", B1_POINT), ("B2", B2_POINT)):
        for i in range(13):
            plot = f"{buurt}-{i}"
            plon, plat = lon + rng.uniform(-0.04, 0.04), lat + rng.uniform(-0.04, 0.04)
            level = rng.choice(["A+", "A", "B", "C", "D", "B", "A"])
            rows.append([plot, plat, plon, "Gras", level.lower() if i % 3 == 0 else level, ""])
            e = expected.setdefault((buurt, "gras"), [0, 0])
            e[0] += 1
            e[1] += RANK[level] <= RANK["B"]
            value = rng.choice([0, 1, 2, 3, 4, 5, 8, 9, 20])
            rows.append([plot, plat, plon, "ONKRUID OP VERHARDING", "", str(value).replace(".", ",")])
            e = expected.setdefault((buurt, "onkruid op verharding"), [0, 0])
            e[0] += 1
            e[1] += value <= 4  # B bound of the weeds scale
    path = write_csv(tmp_path / "schouw.csv", ["plot", "lat", "lon", "aspect", "level", "value"], rows)
    out = StringIO()
    call_command("import_schouw", str(path), gemeente="teststad", round_name="Voorjaar 2026", stdout=out)
    assert "26 meetlocaties" in out.getvalue()
    result = report("teststad", "Voorjaar 2026")
    assert len(result) == 4
    for r in result:
        assert set(r) == {"buurt", "aspect", "plots", "at_or_above_target", "share", "target", "pass_share", "meets_norm"}
        plots, ok = expected[(r["buurt"], r["aspect"])]
        assert r["plots"] == plots
        assert r["at_or_above_target"] == ok
        assert r["share"] == round(ok / plots, 4)
        assert r["target"] == "B"
        assert r["pass_share"] == 0.9
        assert r["meets_norm"] is (ok / plots >= 0.9)


def test_area_type_targets_skips_and_rd_xlsx(tmp_path):
    gemeente, _w, b1, _b2 = make_town()
    centrum = area_type_save(gemeente=gemeente, code="centrum", name="Centrum", default_target="A", pass_share=0.75)
    buurt_area_type_assign(gemeente=gemeente, buurt=b1, area_type=centrum)
    x1, y1 = (float(v) for v in wgs84_to_rd(*B1_POINT))
    x2, y2 = (float(v) for v in wgs84_to_rd(*B2_POINT))
    rows = [
        ["p1", x1, y1, "zwerfafval grof", None, 3, None],  # A  -> ok in centrum (A)
        ["p2", x1 + 5, y1, "zwerfafval grof", None, 4, None],  # B -> not ok in centrum
        ["p3", x1 + 9, y1, "zwerfafval grof", None, 0, None],  # A+
        ["p4", x1 + 12, y1, "zwerfafval grof", None, 60, None],  # D (worse than 50 is still D)
        ["p5", x1 + 15, y1, "zwerfafval grof", None, None, "Afgesloten terrein"],  # skipped: not counted
        ["q1", x2, y2, "Zwerfafval-Grof", "b", None, None],
    ]
    path = write_xlsx(tmp_path / "schouw.xlsx", ["Plot", "X", "Y", "Aspect", "Level", "Value", "Skip"], rows)
    call_command("import_schouw", str(path), gemeente="teststad", round_name="R1", stdout=StringIO())
    result = {(r["buurt"], r["aspect"]): r for r in report("teststad", "R1")}
    b1r = result[("B1", "zwerfafval grof")]
    assert (b1r["plots"], b1r["at_or_above_target"], b1r["target"], b1r["pass_share"]) == (4, 2, "A", 0.75)
    assert b1r["share"] == 0.5 and b1r["meets_norm"] is False
    b2r = result[("B2", "zwerfafval grof")]
    assert (b2r["plots"], b2r["at_or_above_target"], b2r["meets_norm"]) == (1, 1, True)
    assert Plot.objects.get(code="p5").status == Plot.Status.SKIPPED
    assert PlotScore.objects.get(plot__code="p4").level == "D"


def test_bad_rows_refused_nothing_written(tmp_path):
    make_town()
    rows = [
        ["ok1", *reversed(B1_POINT), "gras", "B", "", ""],
        ["bad1", *reversed(B1_POINT), "gras", "E", "", ""],
        ["bad2", *reversed(OUTSIDE), "gras", "B", "", ""],
        ["bad3", *reversed(B1_POINT), "bloemen", "B", "", ""],
        ["bad4", *reversed(B1_POINT), "onkruid op verharding", "", "veel", ""],
        ["bad5", *reversed(B1_POINT), "gras", "A", "", "B2"],
        ["bad6", *reversed(B1_POINT), "gras", "", "3", ""],
    ]
    path = write_csv(tmp_path / "s.csv", ["plot", "lat", "lon", "aspect", "level", "value", "buurt"], rows, ";")
    err = StringIO()
    with pytest.raises(CommandError, match="6 regel"):
        call_command("import_schouw", str(path), gemeente="teststad", round_name="R", stderr=err)
    text = err.getvalue()
    assert "Regel 3, veld level: Niveau 'E' bestaat niet" in text
    assert "Regel 4, veld lat/lon" in text and "buiten alle buurten" in text
    assert "Regel 5, veld aspect: Aspect 'bloemen'" in text
    assert "Regel 6, veld value: Waarde 'veel' is geen getal" in text
    assert "Regel 7, veld buurt" in text and "niet in buurt B2" in text
    assert "Regel 8, veld value" in text
    assert not InspectionRound.objects.exists()
    assert not Plot.objects.exists()


def test_missing_columns_and_unknown_round(tmp_path):
    make_town()
    path = write_csv(tmp_path / "s.csv", ["plot", "aspect", "level"], [["p", "gras", "B"]])
    with pytest.raises(CommandError, match="Kolom"):
        call_command("import_schouw", str(path), gemeente="teststad", round_name="R")
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("schouw_report", gemeente="teststad", round_name="Onbekend", json=True)
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("import_schouw", str(tmp_path / "nope.csv"), gemeente="teststad", round_name="R")


def test_same_plot_number_in_two_buurten_is_two_plots(tmp_path):
    make_town()
    rows = [["1", *reversed(B1_POINT), "gras", "B"], ["1", *reversed(B2_POINT), "gras", "D"],
            ["2", *reversed(B1_POINT), "gras", "C"]]
    path = write_csv(tmp_path / "s.csv", ["plot", "lat", "lon", "aspect", "level"], rows)
    call_command("import_schouw", str(path), gemeente="teststad", round_name="R", stdout=StringIO())
    assert sorted(Plot.objects.values_list("code", flat=True)) == ["1 (B1)", "1 (B2)", "2"]
    result = {(r["buurt"], r["aspect"]): r for r in report("teststad", "R")}
    assert (result[("B1", "gras")]["plots"], result[("B1", "gras")]["at_or_above_target"]) == (2, 1)
    assert (result[("B2", "gras")]["plots"], result[("B2", "gras")]["at_or_above_target"]) == (1, 0)
