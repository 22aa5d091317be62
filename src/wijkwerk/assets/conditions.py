"""Condition measurements (NEN 2767, from the inspections) in the asset register: the asset's
current condition and its condition history. Other apps use them through `assets.services`.

The asset shows its latest measurement: a measurement dated on or after the asset's current
condition date becomes the current condition (on the same day the one recorded last wins); an
older one only goes into the history. Every measurement appends an AssetHistory entry."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkwerk.core.audit import audit_log

from .models import Asset, AssetHistory

CONDITION_BATCH = 500  # assets locked and written per query in the batched variant
CONDITION_SOURCE = "conditiemeting"  # history source when the caller gives none (stored data)


def condition_message(value) -> str:
    return (_("Conditie '%(value)s' is ongeldig: geef een geheel getal van 1 (uitstekend) tot en met 6 (zeer "
              "slecht), volgens NEN 2767.") % {"value": value})


@dataclass(frozen=True)
class ConditionMeasurement:
    """One measured condition (1..6) of an asset on a date, as the asset register receives it."""

    asset_id: int
    condition: int
    date: datetime.date


def _condition_check(condition, date) -> None:
    if isinstance(condition, bool) or not isinstance(condition, int) or not 1 <= condition <= 6:
        raise ValidationError({"condition": [condition_message(condition)]})
    if not isinstance(date, datetime.date) or isinstance(date, datetime.datetime):
        raise ValidationError({"condition_date": [_("Conditiedatum '%(value)s' is ongeldig: geef een datum.")
                                                  % {"value": date}]})


def _condition_apply(asset: Asset, condition: int, date: datetime.date) -> tuple[dict, bool]:
    """Applies one measurement to the locked asset in memory: (history changes, became current)."""
    if asset.condition_date is None or date >= asset.condition_date:
        old = [asset.condition, asset.condition_date.isoformat() if asset.condition_date else None]
        asset.condition = condition
        asset.condition_date = date
        asset.version += 1
        return {"condition": [old[0], condition], "condition_date": [old[1], date.isoformat()]}, True
    return {"condition_measured": [None, condition], "date": [None, date.isoformat()]}, False


def _history_entry(asset: Asset, changes: dict, source: str, actor) -> AssetHistory:
    return AssetHistory(asset=asset, kind=AssetHistory.Kind.CONDITION, changes=changes,
                        source=source[:255] or CONDITION_SOURCE,
                        actor=actor if getattr(actor, "is_authenticated", False) else None)


def asset_condition_record(*, asset, condition: int, date: datetime.date, source: str = "", actor=None,
                           origin: str = "system") -> bool:
    """Records one measured condition of `asset` (an Asset or its id). In one transaction: locks
    the asset's row, makes the measurement the current condition when it is not older than the
    current one (condition, condition_date, version), appends an AssetHistory "condition" entry
    and writes the audit log. Returns whether the measurement became the current condition.
    Raises ValidationError for a condition outside 1..6 or a date that is not a date."""
    _condition_check(condition, date)
    asset_id = asset if isinstance(asset, int) else asset.pk
    with transaction.atomic():
        # Lock only the asset's own row (a join would lock its type and areas too on PostgreSQL).
        current = Asset.objects.select_for_update().get(pk=asset_id)
        changes, became_current = _condition_apply(current, condition, date)
        if became_current:
            current.save(update_fields=["condition", "condition_date", "version", "updated"])
        _history_entry(current, changes, source, actor).save()
        audit_log(action="asset.condition", actor=actor, gemeente=current.gemeente, obj=current, origin=origin,
                  detail={"changes": changes, "version": current.version, "source": source[:255]})
    if not isinstance(asset, int) and became_current:
        asset.condition, asset.condition_date, asset.version = current.condition, current.condition_date, current.version
    return became_current


def asset_conditions_record(*, gemeente, measurements: Iterable[ConditionMeasurement], source: str = "",
                            actor=None, origin: str = "system", batch_size: int = CONDITION_BATCH) -> dict:
    """Records many measured conditions (an import) with the rules of asset_condition_record, in
    batches of `batch_size` assets: each batch locks its assets' rows (in id order, so two imports
    never wait on each other crosswise), updates them with one query per batch and appends their
    history entries. One transaction for all batches and one audit entry for the whole call.
    Measurements of one asset are applied in date order (on the same day, in the order given).
    Returns {"measurements", "assets", "current"} (current: measurements that became current).
    Raises ValidationError for a bad value or an asset that is not the municipality's."""
    by_asset: dict[int, list[ConditionMeasurement]] = {}
    for m in measurements:
        _condition_check(m.condition, m.date)
        by_asset.setdefault(int(m.asset_id), []).append(m)
    asset_ids = sorted(by_asset)
    counts = {"measurements": sum(len(v) for v in by_asset.values()), "assets": len(asset_ids), "current": 0}
    with transaction.atomic():
        for start in range(0, len(asset_ids), batch_size):
            batch = asset_ids[start:start + batch_size]
            counts["current"] += _conditions_batch(gemeente=gemeente, batch=batch, by_asset=by_asset, source=source,
                                                   actor=actor)
        audit_log(action="asset.conditions_record", actor=actor, gemeente=gemeente, object_type="assets.asset",
                  origin=origin, detail={**counts, "source": source[:255]})
    return counts


def _conditions_batch(*, gemeente, batch: list[int], by_asset: dict[int, list[ConditionMeasurement]], source: str,
                      actor) -> int:
    """One batch of asset_conditions_record; returns how many measurements became current."""
    assets = list(Asset.objects.select_for_update().filter(gemeente=gemeente, pk__in=batch).order_by("pk"))
    if len(assets) != len(batch):
        missing = sorted(set(batch) - {a.pk for a in assets})
        raise ValidationError(_("Asset(s) %(ids)s bestaan niet in deze gemeente.")
                              % {"ids": ", ".join(str(i) for i in missing[:10])})
    now = timezone.now()
    changed: list[Asset] = []
    history: list[AssetHistory] = []
    current = 0
    for asset in assets:
        version = asset.version
        for m in sorted(by_asset[asset.pk], key=lambda m: m.date):
            changes, became_current = _condition_apply(asset, m.condition, m.date)
            current += became_current
            history.append(_history_entry(asset, changes, source, actor))
        if asset.version != version:
            asset.updated = now
            changed.append(asset)
    Asset.objects.bulk_update(changed, ["condition", "condition_date", "version", "updated"], batch_size=len(batch))
    AssetHistory.objects.bulk_create(history, batch_size=len(batch))
    return current
