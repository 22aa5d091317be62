"""The asset register's one entry for a measured condition: the latest measurement is the asset's
condition, every measurement is in the history and the audit log, rows are locked (two
inspections of one asset at once both count, the later one wins), and the batched variant never
builds a query from all rows."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from tests.assets.factories import make_asset
from tests.municipalities.factories import GemeenteFactory, UserFactory
from wijkwerk.assets.models import Asset, AssetHistory, AssetType
from wijkwerk.assets.services import (
    ConditionMeasurement,
    asset_condition_record,
    asset_conditions_record,
    asset_types_sync,
)
from wijkwerk.core.models import AuditLogEntry

D = datetime.date
POSTGRES_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite locks the whole database for a write, so it cannot show row locks between two threads; "
           "run with DATABASE_URL=postgres://... to test them.",
)


def _history(asset) -> list[dict]:
    return [h.changes for h in AssetHistory.objects.filter(asset=asset, kind=AssetHistory.Kind.CONDITION).order_by("id")]


@pytest.mark.django_db
def test_the_latest_measurement_is_the_condition_and_every_one_is_history():
    gemeente = GemeenteFactory()
    asset = make_asset(gemeente, type_code="bench")
    user = UserFactory(username="inspecteur")
    assert asset_condition_record(asset=asset, condition=4, date=D(2025, 5, 1), source="ronde 1", actor=user,
                                  origin="web") is True
    assert (asset.condition, asset.condition_date, asset.version) == (4, D(2025, 5, 1), 2)  # the caller's copy too
    assert asset_condition_record(asset=asset.pk, condition=2, date=D(2024, 1, 1), source="archief") is False
    asset.refresh_from_db()
    assert (asset.condition, asset.condition_date, asset.version) == (4, D(2025, 5, 1), 2)
    # the same day: the one recorded last is the condition
    assert asset_condition_record(asset=asset, condition=5, date=D(2025, 5, 1), source="") is True
    asset.refresh_from_db()
    assert (asset.condition, asset.version) == (5, 3)
    assert _history(asset) == [
        {"condition": [None, 4], "condition_date": [None, "2025-05-01"]},
        {"condition_measured": [None, 2], "date": [None, "2024-01-01"]},
        {"condition": [4, 5], "condition_date": ["2025-05-01", "2025-05-01"]},
    ]
    sources = list(AssetHistory.objects.filter(asset=asset).order_by("id").values_list("source", flat=True))
    assert sources == ["ronde 1", "archief", "conditiemeting"]
    assert AssetHistory.objects.filter(asset=asset).order_by("id").first().actor == user
    audit = AuditLogEntry.objects.filter(action="asset.condition", object_id=str(asset.pk)).order_by("id")
    assert audit.count() == 3 and audit[0].actor == user and audit[0].origin == "web"


@pytest.mark.django_db
def test_a_condition_outside_1_to_6_or_a_date_that_is_not_one_is_refused():
    asset = make_asset(GemeenteFactory(), type_code="bench")
    for condition, date in ((7, D(2025, 1, 1)), (0, D(2025, 1, 1)), (True, D(2025, 1, 1)), ("3", D(2025, 1, 1)),
                            (3, "2025-01-01"), (3, datetime.datetime(2025, 1, 1, 12, 0))):
        with pytest.raises(ValidationError):
            asset_condition_record(asset=asset, condition=condition, date=date)
    asset.refresh_from_db()
    assert asset.condition is None and not AssetHistory.objects.exists() and not AuditLogEntry.objects.exists()


@pytest.mark.django_db
def test_the_batched_variant_follows_the_same_rules_across_batches():
    gemeente = GemeenteFactory()
    assets = [make_asset(gemeente, type_code="bench") for _ in range(7)]
    measurements = []
    for i, asset in enumerate(assets):
        measurements += [ConditionMeasurement(asset.pk, 3, D(2025, 6, 1)), ConditionMeasurement(asset.pk, 1 + i % 6,
                                                                                                 D(2024, 6, 1))]
    measurements.append(ConditionMeasurement(assets[0].pk, 6, D(2025, 6, 1)))  # same day, given last: wins
    counts = asset_conditions_record(gemeente=gemeente, measurements=measurements, source="import c.csv", batch_size=3)
    assert counts == {"measurements": 15, "assets": 7, "current": 2 * 7 + 1}
    for asset in assets:
        asset.refresh_from_db()
        assert asset.condition_date == D(2025, 6, 1)
        assert len(_history(asset)) == (3 if asset == assets[0] else 2)
    assert assets[0].condition == 6 and assets[1].condition == 3
    # in date order: the older measurement became current first, then the newer one
    assert _history(assets[1]) == [{"condition": [None, 2], "condition_date": [None, "2024-06-01"]},
                                   {"condition": [2, 3], "condition_date": ["2024-06-01", "2025-06-01"]}]
    assert AuditLogEntry.objects.filter(action="asset.conditions_record").count() == 1


@pytest.mark.django_db
def test_the_batched_variant_refuses_an_asset_of_another_municipality():
    gemeente, other = GemeenteFactory(), GemeenteFactory()
    mine, theirs = make_asset(gemeente, type_code="bench"), make_asset(other, type_code="bench")
    with pytest.raises(ValidationError, match="bestaan niet in deze gemeente"):
        asset_conditions_record(gemeente=gemeente, measurements=[ConditionMeasurement(mine.pk, 2, D(2025, 1, 1)),
                                                                 ConditionMeasurement(theirs.pk, 2, D(2025, 1, 1))])
    assert not AssetHistory.objects.exists()
    theirs.refresh_from_db()
    assert theirs.condition is None


def _many_assets(gemeente, n: int) -> list[int]:
    bench = AssetType.objects.get(code="bench")
    Asset.objects.bulk_create([
        Asset(gemeente=gemeente, asset_type=bench, external_id=f"B{i}", geometry={"type": "Point", "coordinates": [5.1, 52.1]},
              lon=5.1, lat=52.1, x=0, y=0, min_lon=5.1, min_lat=52.1, max_lon=5.1, max_lat=52.1)
        for i in range(n)
    ], batch_size=500)
    return list(Asset.objects.filter(gemeente=gemeente).values_list("pk", flat=True))


def _widest_query(gemeente, ids: list[int]) -> int:
    """The most parameters one query had while recording a measurement of each of `ids`."""
    widest = [0]

    def count_params(execute, sql, params, many, context):
        widest[0] = max(widest[0], len(params or ()))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count_params):
        counts = asset_conditions_record(gemeente=gemeente, measurements=[ConditionMeasurement(i, 2, D(2025, 1, 1))
                                                                          for i in ids])
    assert counts["current"] == len(ids)
    return widest[0]


@pytest.mark.django_db
def test_no_query_grows_with_the_number_of_measurements():
    """The widest query is as wide for 1,600 measurements as for 600: no IN (...) or insert is
    built from all rows (SQLite refuses too many variables in one query, so a million-row import
    would fail)."""
    small, big = GemeenteFactory(), GemeenteFactory()
    widest_small = _widest_query(small, _many_assets(small, 600))
    widest_big = _widest_query(big, _many_assets(big, 1600))
    assert widest_big == widest_small < 600 * 8
    assert AssetHistory.objects.count() == 2200
    assert Asset.objects.filter(gemeente=big, condition=2, version=2).count() == 1600


@POSTGRES_ONLY
@pytest.mark.django_db(transaction=True)
def test_two_inspections_of_one_asset_at_once_both_count_and_the_later_wins():
    """The newer measurement is recorded first and its transaction stays open; an older one
    recorded meanwhile waits for the row lock, then sees the newer one and only goes into the
    history (without the lock it would overwrite the asset with the older condition)."""
    asset_types_sync()  # a transactional test starts from an empty database
    asset = make_asset(GemeenteFactory(), type_code="bench")
    holding, release, second_done = threading.Event(), threading.Event(), threading.Event()
    errors = []

    def newer():
        try:
            with transaction.atomic():
                asset_condition_record(asset=asset.pk, condition=5, date=D(2025, 6, 1), source="ronde juni")
                holding.set()
                release.wait(10)
        except Exception as exc:  # reported by the test thread
            errors.append(exc)
        finally:
            connection.close()

    def older():
        try:
            holding.wait(10)
            asset_condition_record(asset=asset.pk, condition=3, date=D(2025, 3, 1), source="ronde maart")
            second_done.set()
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=newer), threading.Thread(target=older)]
    for t in threads:
        t.start()
    assert holding.wait(10)
    assert not second_done.wait(0.5)  # blocked on the asset's row lock
    release.set()
    for t in threads:
        t.join(20)
    assert errors == []
    asset.refresh_from_db()
    assert (asset.condition, asset.condition_date, asset.version) == (5, D(2025, 6, 1), 2)
    assert _history(asset) == [{"condition": [None, 5], "condition_date": [None, "2025-06-01"]},
                               {"condition_measured": [None, 3], "date": [None, "2025-03-01"]}]


@POSTGRES_ONLY
@pytest.mark.django_db(transaction=True)
def test_many_inspections_of_one_asset_at_once_lose_nothing():
    """Eight threads record a measurement of one asset at the same moment: all eight are in the
    history, each change starts from the one before it (no lost update), the latest date wins."""
    asset_types_sync()  # a transactional test starts from an empty database
    asset = make_asset(GemeenteFactory(), type_code="bench")
    dates = [D(2025, month, 1) for month in (5, 2, 8, 1, 7, 3, 6, 4)]
    start = threading.Barrier(len(dates))
    errors = []

    def record(i: int, date: datetime.date):
        try:
            start.wait(10)
            asset_condition_record(asset=asset.pk, condition=1 + i % 6, date=date, source=f"ronde {i}")
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=record, args=(i, d)) for i, d in enumerate(dates)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert errors == []
    history = _history(asset)
    assert len(history) == 8
    chain = [h for h in history if "condition" in h]
    for before, after in zip(chain, chain[1:], strict=False):
        assert after["condition_date"][0] == before["condition_date"][1]
        assert after["condition"][0] == before["condition"][1]
    asset.refresh_from_db()
    assert asset.condition_date == D(2025, 8, 1) and asset.condition == 1 + 2 % 6
    assert asset.version == 1 + len(chain)
