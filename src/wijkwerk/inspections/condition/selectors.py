"""Reads for technical condition (NEN 2767): measurement history, counts and map points."""

from __future__ import annotations

import datetime

from django.db.models import Count
from django.utils.translation import gettext as _

from wijkwerk.assets.models import Asset

from ..models import ConditionInspection

MAP_POINTS_MAX = 20_000
COUNT_FIELDS = {"type": "asset_type__label", "wijk": "wijk__name", "buurt": "buurt__name"}


def condition_history(*, gemeente, asset_type_code: str | None = None) -> list[tuple[int, datetime.date, int]]:
    """Every NEN 2767 condition measurement of the municipality's assets as
    (asset_id, date, condition), ordered by asset id, then date (then the order recorded).
    `asset_type_code` limits it to one asset type."""
    qs = ConditionInspection.objects.filter(gemeente=gemeente)
    if asset_type_code:
        qs = qs.filter(asset__asset_type__code=asset_type_code)
    return [
        (asset_id, date, condition)
        for asset_id, date, condition in qs.order_by("asset_id", "date", "id").values_list("asset_id", "date", "condition")
    ]


def condition_counts(*, gemeente, by: str = "type") -> list[dict]:
    """Counts of assets per current condition (1..6, None = not measured) per asset type
    (by="type"), per wijk (by="wijk") or per buurt (by="buurt")."""
    field = COUNT_FIELDS[by]
    rows: dict[str, dict] = {}
    for label, condition, n in (
        Asset.objects.filter(gemeente=gemeente).values_list(field, "condition").annotate(n=Count("id")).order_by(field)
    ):
        label = label or _("(geen)")
        r = rows.setdefault(label, {"label": label, "counts": {str(c): 0 for c in range(1, 7)}, "unknown": 0, "total": 0})
        if condition is None:
            r["unknown"] += n
        else:
            r["counts"][str(condition)] += n
        r["total"] += n
    return sorted(rows.values(), key=lambda r: r["label"])


def condition_points(*, gemeente) -> list[list]:
    """[id, lon, lat, condition, asset type, external id] of measured assets, for the map (at most
    MAP_POINTS_MAX)."""
    return [list(p) for p in (
        Asset.objects.filter(gemeente=gemeente, condition__isnull=False)
        .values_list("id", "lon", "lat", "condition", "asset_type__label", "external_id")[:MAP_POINTS_MAX]
    )]


def condition_inspections_for_asset(*, asset):
    return (
        ConditionInspection.objects.filter(asset=asset).prefetch_related("elements__defects").order_by("-date", "-id")
    )
