"""Reads about the asset register, always within one municipality (tenant isolation)."""

from collections import defaultdict

from django.db.models import Count, QuerySet

from wijkwerk.municipalities.models import Gemeente

from .models import Asset, AssetHistory, AssetType
from .search_keys import prefix_range, search_key

# Columns a list answer needs; codes of the type and areas come along in the same query.
ASSET_LIST_FIELDS = (
    "id", "external_id", "geometry", "asset_type__code", "asset_type__label", "buurt__code", "wijk__code",
    "outside_areas", "quantity", "unit", "installation_year", "condition", "condition_date", "attributes",
    "version",
)


def asset_type_list() -> QuerySet[AssetType]:
    return AssetType.objects.order_by("code")


def asset_list(
    *,
    gemeente: Gemeente,
    bbox: tuple[float, float, float, float] | None = None,
    type_code: str | list[str] | None = None,
    buurt_code: str | None = None,
    wijk_code: str | None = None,
) -> QuerySet[Asset]:
    """The municipality's assets, ordered by id.

    `bbox` (min_lon, min_lat, max_lon, max_lat, WGS84): assets whose bounding box intersects it
    (uses the indexed bounding-box columns). `type_code`: one code or a list of codes.
    `buurt_code` / `wijk_code`: the area codes as imported. Unknown codes simply match nothing;
    callers that want to tell the user check them first.
    """
    qs = Asset.objects.filter(gemeente=gemeente)
    if bbox is not None:
        min_lon, min_lat, max_lon, max_lat = bbox
        qs = qs.filter(min_lon__lte=max_lon, max_lon__gte=min_lon, min_lat__lte=max_lat, max_lat__gte=min_lat)
    if type_code:
        codes = [type_code] if isinstance(type_code, str) else list(type_code)
        qs = qs.filter(asset_type__code__in=codes)
    if buurt_code is not None:
        qs = qs.filter(buurt__code=buurt_code, buurt__gemeente=gemeente)
    if wijk_code is not None:
        qs = qs.filter(wijk__code=wijk_code, wijk__gemeente=gemeente)
    return qs.order_by("id")


def asset_get(*, gemeente: Gemeente, asset_id: int) -> Asset | None:
    """One asset of this municipality (None when it does not exist *or* belongs to another one),
    with its type and areas joined in."""
    return (
        Asset.objects.filter(gemeente=gemeente, pk=asset_id)
        .select_related("asset_type", "buurt", "wijk")
        .first()
    )


def asset_history(*, asset: Asset, limit: int | None = None) -> list[AssetHistory]:
    """The asset's history, newest first."""
    qs = asset.history.select_related("actor").order_by("-at", "-id")
    return list(qs[:limit] if limit else qs)


def asset_counts_by_area(*, gemeente: Gemeente) -> dict:
    """Counts of assets per type, per buurt and per wijk, in one grouped query.

    Returns `{"by_buurt": {buurt_id | None: {type_code: n}}, "by_wijk": {wijk_id | None: {type_code: n}},
    "total": {type_code: n}}`; the key None holds the assets outside every buurt / wijk.
    """
    rows = (
        Asset.objects.filter(gemeente=gemeente)
        .values("buurt_id", "wijk_id", "asset_type__code")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_buurt: dict = defaultdict(lambda: defaultdict(int))
    by_wijk: dict = defaultdict(lambda: defaultdict(int))
    total: dict = defaultdict(int)
    for row in rows:
        code, n = row["asset_type__code"], row["n"]
        by_buurt[row["buurt_id"]][code] += n
        by_wijk[row["wijk_id"]][code] += n
        total[code] += n
    return {
        "by_buurt": {k: dict(v) for k, v in by_buurt.items()},
        "by_wijk": {k: dict(v) for k, v in by_wijk.items()},
        "total": dict(total),
    }


def asset_counts_in_area(*, gemeente: Gemeente, area) -> dict[str, int]:
    """Number of assets per type code in one wijk or buurt."""
    field = "buurt" if area.level == "buurt" else "wijk"
    rows = (
        Asset.objects.filter(gemeente=gemeente, **{field: area})
        .values("asset_type__code").annotate(n=Count("id")).order_by("asset_type__code")
    )
    return {row["asset_type__code"]: row["n"] for row in rows}


# --- search --------------------------------------------------------------------------------------

SEARCH_LIMIT = 50


def asset_search(*, gemeente: Gemeente, query: str, limit: int = SEARCH_LIMIT) -> tuple[list[Asset], bool]:
    """Assets of the municipality found by `query`: the exact source key first, then source keys and
    then addresses (street and number) that start with it, compared as search keys (case, accents,
    spaces and punctuation do not matter; see assets/search_keys.py). Each part is a range seek on an
    index of (gemeente, key), so a million assets cost no more than a hundred.

    Returns (at most `limit` assets with type and areas joined in, whether there were more)."""
    query = (query or "").strip()
    if not query:
        return [], False
    base = Asset.objects.filter(gemeente=gemeente).select_related("asset_type", "buurt", "wijk")
    found: dict[int, Asset] = {}
    exact = base.filter(external_id=query[:255]).first()
    if exact is not None:
        found[exact.pk] = exact
    key = search_key(query)
    more = False
    if key:
        low, high = prefix_range(key)
        for field in ("search_id", "search_address"):
            if len(found) > limit:
                break
            matches = base.filter(**{f"{field}__gte": low})
            if high is not None:
                matches = matches.filter(**{f"{field}__lt": high})
            for asset in matches.order_by(field, "id")[: limit + 1]:
                if getattr(asset, field).startswith(key):  # the range is exact; this only guards it
                    found.setdefault(asset.pk, asset)
    results = list(found.values())
    if len(results) > limit:
        results, more = results[:limit], True
    return results, more
