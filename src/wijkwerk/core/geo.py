"""Geometry helpers shared by areas and assets (no GeoDjango: shapely + pyproj).

Geometry is stored as GeoJSON in WGS84 (EPSG:4326, lon/lat order) plus RD New (EPSG:28992)
x/y and a bounding box in WGS84.
"""

from functools import lru_cache

import numpy as np
from pyproj import CRS, Transformer

WGS84 = "EPSG:4326"
RD_NEW = "EPSG:28992"

# The Netherlands (land and territorial sea, generously), in WGS84 and in RD New.
NL_BOUNDS_WGS84 = (3.0, 50.6, 7.4, 53.8)
NL_BOUNDS_RD = (-10_000.0, 290_000.0, 300_000.0, 640_000.0)


@lru_cache(maxsize=32)
def transformer(src: str, dst: str) -> Transformer:
    return Transformer.from_crs(CRS.from_user_input(src), CRS.from_user_input(dst), always_xy=True)


def to_wgs84(x, y, crs: str):
    """Vectorised: arrays of x/y in `crs` to lon/lat arrays."""
    if CRS.from_user_input(crs).equals(CRS.from_user_input(WGS84)):
        return np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    return transformer(crs, WGS84).transform(np.asarray(x, dtype=float), np.asarray(y, dtype=float))


def wgs84_to_rd(lon, lat):
    """Vectorised: lon/lat arrays to RD New x/y arrays."""
    return transformer(WGS84, RD_NEW).transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))


def in_netherlands_wgs84(lon, lat) -> np.ndarray:
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    minx, miny, maxx, maxy = NL_BOUNDS_WGS84
    return np.isfinite(lon) & np.isfinite(lat) & (lon >= minx) & (lon <= maxx) & (lat >= miny) & (lat <= maxy)


def guess_crs(xs, ys) -> str | None:
    """Tell RD New from WGS84 by value ranges; None when the values fit neither."""
    xs = np.asarray(xs, dtype=float)
    ys = np.asarray(ys, dtype=float)
    ok = np.isfinite(xs) & np.isfinite(ys)
    if not ok.any():
        return None
    xs, ys = xs[ok], ys[ok]
    minx, miny, maxx, maxy = NL_BOUNDS_RD
    if np.median((xs >= minx) & (xs <= maxx) & (ys >= miny) & (ys <= maxy)) and np.median(np.abs(xs)) > 360:
        return RD_NEW
    if np.median((np.abs(xs) <= 180) & (np.abs(ys) <= 90)):
        return WGS84
    return None
