"""Reads for the map page: the filtered assets, the first view, and server-side aggregation of
many assets into grid clusters (so the map stays smooth with 100,000 assets and more)."""

import math

from django.db.models import Avg, Count, F, FloatField, IntegerField, Max, Min, Value
from django.db.models.functions import Cast, Floor

from wijkwerk.areas.models import Area

from .models import Asset

POINT_LIMIT = 2000  # below this many assets in view, the map gets the individual points
POINT_ZOOM = 17  # from this zoom on, always individual points (capped at MAX_POINTS)
MAX_POINTS = 10000
CLUSTER_CELL_PX = 64  # size of a cluster cell on screen
NL_BBOX = (3.2, 50.7, 7.3, 53.6)
OUTSIDE = "-"  # buurt filter value for "outside every buurt"


def map_filtered_assets(gemeente, params) -> tuple:
    """Assets of the municipality filtered by the map's type/wijk/buurt selects."""
    qs = Asset.objects.filter(gemeente=gemeente)
    filters = {
        "type": (params.get("type") or "").strip(),
        "wijk": (params.get("wijk") or "").strip(),
        "buurt": (params.get("buurt") or "").strip(),
    }
    if filters["type"]:
        qs = qs.filter(asset_type__code=filters["type"])
    if filters["wijk"]:
        qs = qs.filter(wijk__code=filters["wijk"])
    if filters["buurt"] == OUTSIDE:
        qs = qs.filter(buurt__isnull=True)
    elif filters["buurt"]:
        qs = qs.filter(buurt__code=filters["buurt"])
    return qs, filters


def map_extent(gemeente, filters) -> list[float] | None:
    """[min_lon, min_lat, max_lon, max_lat] to show first: the chosen area, else all areas,
    else all assets."""
    areas = Area.objects.filter(gemeente=gemeente)
    if filters["buurt"] and filters["buurt"] != OUTSIDE:
        areas = areas.filter(level=Area.Level.BUURT, code=filters["buurt"])
    elif filters["wijk"]:
        areas = areas.filter(level=Area.Level.WIJK, code=filters["wijk"])
    box = areas.aggregate(a=Min("min_lon"), b=Min("min_lat"), c=Max("max_lon"), d=Max("max_lat"))
    if box["a"] is None:
        box = Asset.objects.filter(gemeente=gemeente).aggregate(
            a=Min("min_lon"), b=Min("min_lat"), c=Max("max_lon"), d=Max("max_lat")
        )
    if box["a"] is None:
        return None
    return [box["a"], box["b"], box["c"], box["d"]]


def parse_bbox(text: str | None) -> tuple[float, float, float, float]:
    if not text:
        return NL_BBOX
    parts = text.split(",")
    if len(parts) != 4:
        raise ValueError
    min_lon, min_lat, max_lon, max_lat = (float(p) for p in parts)
    if not all(math.isfinite(v) for v in (min_lon, min_lat, max_lon, max_lat)):
        raise ValueError
    if min_lon > max_lon or min_lat > max_lat:
        raise ValueError
    return min_lon, min_lat, max_lon, max_lat


def map_clusters(qs, *, bbox, zoom: int) -> list[list]:
    """Groups the assets into square screen cells of about CLUSTER_CELL_PX pixels at this zoom:
    one SQL GROUP BY over integer cell numbers (FLOOR, then CAST: the same on SQLite and
    PostgreSQL). Returns [[mean lon, mean lat, count], ...]."""
    size_lon = 360.0 * CLUSTER_CELL_PX / (256.0 * 2**zoom)
    mid_lat = math.radians((bbox[1] + bbox[3]) / 2)
    size_lat = size_lon * max(math.cos(mid_lat), 0.1)  # Mercator: a degree of latitude is taller
    cell_x = Cast(Floor(F("lon") / Value(size_lon, output_field=FloatField())), IntegerField())
    cell_y = Cast(Floor(F("lat") / Value(size_lat, output_field=FloatField())), IntegerField())
    rows = (
        qs.annotate(cx=cell_x, cy=cell_y)
        .values("cx", "cy")
        .annotate(n=Count("id"), mlon=Avg("lon"), mlat=Avg("lat"))
        .order_by()
    )
    return [[round(r["mlon"], 6), round(r["mlat"], 6), r["n"]] for r in rows]


