"""Recording one NEN 2767 measurement: the asset keeps its latest condition, the municipality's
tables count."""

import datetime

import pytest

from tests.assets.factories import make_asset
from wijkwerk.inspections.condition.selectors import condition_history
from wijkwerk.inspections.condition.services import condition_config_save, condition_inspection_record

from ..helpers import make_town

pytestmark = pytest.mark.django_db


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
