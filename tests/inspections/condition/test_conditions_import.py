"""import-conditions: NEN 2767 measurements from a file, the asset's current condition and history, API, selectors."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from tests.assets.factories import make_asset
from tests.core.http import client_for
from tests.municipalities.factories import UserFactory, make_member
from wijkwerk.assets.models import Asset, AssetHistory, AssetType
from wijkwerk.core.files import max_error_rows
from wijkwerk.inspections.condition.conditions_import import conditions_import
from wijkwerk.inspections.condition.selectors import condition_counts, condition_history
from wijkwerk.inspections.models import ConditionDefect, ConditionInspection

from ..helpers import make_town, write_csv, write_xlsx

pytestmark = pytest.mark.django_db
HEADER = ["asset", "element", "replacement_value", "defect", "severity", "intensity", "extent", "date"]


def test_import_conditions_sets_asset_and_history(tmp_path):
    gemeente, _w, b1, _b2 = make_town()
    bridge = make_asset(gemeente, type_code="bench", external_id="BANK-1", buurt=b1)
    light = make_asset(gemeente, type_code="street_light", external_id="MAST-7", buurt=b1)
    rows = [
        # school example of NEN 2767-1: index 1134/920 -> 4
        ["BANK-1", "dak", 300, "scheur", "ernstig", 2, 4, "2025-03-01"],
        ["BANK-1", "gevel", 150, "rot", "ernstig", 3, 4, "2025-03-01"],
        ["BANK-1", "kozijnen", 250, "verf", "serieus", 2, 3, "2025-03-01"],
        ["BANK-1", "vloer", 120, "slijtage", "gering", 3, "10%", "2025-03-01"],
        ["BANK-1", "trap", 90, "vuil", "ernstig", 1, 3, "2025-03-01"],
        ["BANK-1", "leuning", 10, "", "", "", "", "2025-03-01"],
        ["BANK-1", "leuning", "", "roest", "ernstig", 2, "2%", "2025-03-01"],
        ["MAST-7", "mast", 1000, "roest", "gering", 1, 1, "2024-05-01"],
        ["MAST-7", "mast", 1000, "roest", "serieus", 3, "75%", "2025-06-01"],
    ]
    path = write_csv(tmp_path / "c.csv", HEADER, rows)
    out = StringIO()
    call_command("import_conditions", str(path), gemeente=gemeente.slug, stdout=out)
    assert "3 conditiemeting(en) van 2 asset(s)" in out.getvalue()
    bridge.refresh_from_db()
    light.refresh_from_db()
    assert (bridge.condition, bridge.condition_date) == (4, datetime.date(2025, 3, 1))
    assert (light.condition, light.condition_date) == (5, datetime.date(2025, 6, 1))
    ins = ConditionInspection.objects.get(asset=bridge)
    assert {e.name: e.condition for e in ins.elements.all()} == {
        "dak": 4, "gevel": 5, "kozijnen": 2, "vloer": 2, "trap": 2, "leuning": 2,
    }
    assert ConditionDefect.objects.get(name="slijtage").extent_class == 3
    assert AssetHistory.objects.filter(asset=light, kind="condition").count() == 2
    assert condition_history(gemeente=gemeente) == [
        (bridge.id, datetime.date(2025, 3, 1), 4),
        (light.id, datetime.date(2024, 5, 1), 1),
        (light.id, datetime.date(2025, 6, 1), 5),
    ]
    assert condition_history(gemeente=gemeente, asset_type_code="street_light") == [
        (light.id, datetime.date(2024, 5, 1), 1), (light.id, datetime.date(2025, 6, 1), 5),
    ]
    # the API shows the current condition
    user = UserFactory()
    make_member(user, gemeente, "raadpleger")
    body = client_for(user).get(f"/api/v1/gemeenten/{gemeente.slug}/assets/{light.id}").json()["properties"]
    assert body["condition"] == 5 and body["condition_date"] == "2025-06-01"
    counts = {r["label"]: r for r in condition_counts(gemeente=gemeente, by="type")}
    assert sum(r["counts"]["5"] for r in counts.values()) == 1


def test_bad_rows_refused_nothing_written(tmp_path):
    gemeente, _w, b1, _b2 = make_town()
    asset = make_asset(gemeente, type_code="bench", external_id="BANK-1", buurt=b1)
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    rows = [
        ["BANK-1", "zitting", 100, "rot", "ernstig", 1, 1, "2025-01-01"],
        ["BANK-404", "zitting", 100, "rot", "ernstig", 1, 1, "2025-01-01"],
        ["BANK-1", "zitting", 100, "rot", "ernstig", 4, 1, "2025-01-01"],
        ["BANK-1", "zitting", 100, "rot", "ernstig", 1, "120%", "2025-01-01"],
        ["BANK-1", "zitting", 100, "rot", "ernstig", 1, 1, future],
        ["BANK-1", "zitting", -5, "rot", "ernstig", 1, 1, "2025-01-01"],
        ["BANK-1", "zitting", 100, "rot", "heel erg", 1, 1, "2025-01-01"],
    ]
    path = write_xlsx(tmp_path / "c.xlsx", HEADER, rows)
    err = StringIO()
    with pytest.raises(CommandError, match="6 regel"):
        call_command("import_conditions", str(path), gemeente=gemeente.slug, stderr=err)
    text = err.getvalue()
    assert "Regel 3, veld asset: Asset 'BANK-404' bestaat niet" in text
    assert "Regel 4, veld intensity: Intensiteit 4" in text
    assert "Regel 5, veld extent: Omvang 120" in text
    assert "Regel 6, veld date" in text and "toekomst" in text
    assert "Regel 7, veld replacement_value" in text
    assert "Regel 8, veld severity" in text
    assert not ConditionInspection.objects.exists()
    asset.refresh_from_db()
    assert asset.condition is None


def test_missing_columns(tmp_path):
    gemeente, *_ = make_town()
    path = write_csv(tmp_path / "c.csv", ["asset", "element", "date"], [["X", "y", "2025-01-01"]])
    with pytest.raises(CommandError, match="Kolom.*replacement_value"):
        call_command("import_conditions", str(path), gemeente=gemeente.slug)


def _import_widest(gemeente, n: int, path) -> tuple[dict, int]:
    """Imports a file of `n` rows for `n` new benches (every other one with a defect); returns the
    report and the most parameters one query had."""
    bench = AssetType.objects.get(code="bench")
    Asset.objects.bulk_create([
        Asset(gemeente=gemeente, asset_type=bench, external_id=f"BANK-{i}", geometry={"type": "Point", "coordinates": [5.1, 52.1]},
              lon=5.1, lat=52.1, x=0, y=0, min_lon=5.1, min_lat=52.1, max_lon=5.1, max_lat=52.1)
        for i in range(n)
    ], batch_size=500)
    rows = [[f"BANK-{i}", "zitting", 100, "rot" if i % 2 else "", "ernstig" if i % 2 else "", 3 if i % 2 else "",
             "45%" if i % 2 else "", "2025-04-01"] for i in range(n)]
    write_csv(path, HEADER, rows)
    widest = [0]

    def count_params(execute, sql, params, many, context):
        widest[0] = max(widest[0], len(params or ()))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count_params):
        report = conditions_import(gemeente=gemeente, path=path)
    return report, widest[0]


def test_a_big_file_is_read_and_written_in_batches(tmp_path):
    """The widest query is as wide for a file of 1,600 rows as for one of 600: no query is built
    from all rows (SQLite refuses too many variables in one query, so a million-row file would fail)."""
    gemeente, *_ = make_town()
    other, *_ = make_town("anderstad")
    _report, widest_small = _import_widest(other, 600, tmp_path / "klein.csv")
    report, widest_big = _import_widest(gemeente, 1600, tmp_path / "groot.csv")
    assert widest_big == widest_small
    assert (report["rows"], report["assets"], report["inspections"]) == (1600, 1600, 1600)
    assert report["conditions"] == {"1": 800, "5": 800}
    inspections = ConditionInspection.objects.filter(gemeente=gemeente)
    assert inspections.count() == 1600 and ConditionDefect.objects.filter(element__inspection__in=inspections).count() == 800
    assert AssetHistory.objects.filter(kind="condition", asset__gemeente=gemeente).count() == 1600
    assert Asset.objects.filter(gemeente=gemeente, condition=5, condition_date="2025-04-01").count() == 800


def test_a_file_of_many_bad_rows_lists_the_first_and_counts_them_all(tmp_path, settings):
    """The refused rows are kept up to WIJKWERK_MAX_ERROR_ROWS (memory stays small for a huge bad
    file); the command still counts every one and says how many it did not list."""
    settings.WIJKWERK_MAX_ERROR_ROWS = 1  # raised to the smallest list the layer keeps
    kept = max_error_rows()
    gemeente, *_ = make_town()
    rows = [[f"ONBEKEND-{i}", "zitting", 100, "", "", "", "", "2025-01-01"] for i in range(kept + 35)]
    path = write_csv(tmp_path / "veel-fout.csv", HEADER, rows)
    err = StringIO()
    with pytest.raises(CommandError, match=f"{kept + 35} regels geweigerd"):
        call_command("import_conditions", str(path), gemeente=gemeente.slug, stderr=err)
    text = err.getvalue()
    assert text.count("Regel ") == kept and "Regel 2, veld asset" in text and f"Regel {kept + 1}, veld" in text
    assert "en nog 35 geweigerde regels" in text
    assert not ConditionInspection.objects.exists()
