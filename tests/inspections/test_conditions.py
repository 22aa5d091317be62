"""NEN 2767 measurements: import-conditions, the asset's current condition, history, API, selector."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.api.helpers import client_for, make_asset
from tests.municipalities.factories import UserFactory, make_member
from wijkwerk.assets.models import AssetHistory
from wijkwerk.inspections.models import ConditionDefect, ConditionInspection
from wijkwerk.inspections.selectors import condition_counts, condition_history
from wijkwerk.inspections.services import condition_config_save, condition_inspection_record

from .helpers import make_town, write_csv, write_xlsx

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


def test_older_measurement_only_in_history_and_custom_tables():
    gemeente, _w, b1, _b2 = make_town()
    asset = make_asset(gemeente, type_code="bench", buurt=b1)
    condition_inspection_record(asset=asset, date=datetime.date(2025, 5, 1),
                                elements=[{"name": "zitting", "replacement_value": 10,
                                           "defects": [{"severity": "gering", "intensity": 3, "extent": 5}]}])
    condition_inspection_record(asset=asset, date=datetime.date(2024, 5, 1),
                                elements=[{"name": "zitting", "replacement_value": 10, "defects": []}])
    asset.refresh_from_db()
    assert (asset.condition, asset.condition_date) == (4, datetime.date(2025, 5, 1))
    assert [c for _a, _d, c in condition_history(gemeente=gemeente)] == [1, 4]
    condition_config_save(gemeente=gemeente, matrix={"gering": {"3": [6, 6, 6, 6, 6]}})
    condition_inspection_record(asset=asset, date=datetime.date(2025, 6, 1),
                                elements=[{"name": "zitting", "replacement_value": 10,
                                           "defects": [{"severity": "gering", "intensity": 3, "extent": 1}]}])
    asset.refresh_from_db()
    assert asset.condition == 6
