"""In which buurt and wijk does a point lie? Vectorised point-in-polygon with shapely 2."""

import json

import numpy as np
import shapely
from shapely import STRtree

from .models import Area


def _geometries(raw: list) -> np.ndarray:
    if not raw:
        return np.array([], dtype=object)
    texts = [g if isinstance(g, str) else json.dumps(g) for g in raw]
    geoms = shapely.from_geojson(texts, on_invalid="ignore")
    bad = ~shapely.is_valid(geoms)
    if bad.any():
        geoms[bad] = shapely.make_valid(geoms[bad])
    return geoms


def _bounds(geometries: np.ndarray) -> np.ndarray:
    if len(geometries) == 0:
        return np.zeros((0, 4))
    return shapely.bounds(geometries)


class AreaLocator:
    """Locates points in the buurten and wijken of one gemeente.

    A point in a buurt gets that buurt and the buurt's wijk (its parent; the wijk polygon when the
    buurt has no parent). A point in no buurt still gets the wijk it lies in, if any.
    """

    def __init__(self, *, buurt_ids, buurt_parents, buurt_geometries, wijk_ids, wijk_geometries):
        self.buurt_ids = np.asarray(buurt_ids, dtype=np.int64)
        self.buurt_parents = np.asarray(buurt_parents, dtype=np.int64)
        self.wijk_ids = np.asarray(wijk_ids, dtype=np.int64)
        self.buurt_geometries = _geometries(buurt_geometries)
        self.wijk_geometries = _geometries(wijk_geometries)
        self.buurt_bounds = _bounds(self.buurt_geometries)
        self.wijk_bounds = _bounds(self.wijk_geometries)
        shapely.prepare(self.buurt_geometries)
        shapely.prepare(self.wijk_geometries)
        # STRtrees for polygon queries (which wijk holds a buurt); points use `_first_hit`.
        self.buurt_tree = STRtree(self.buurt_geometries) if len(self.buurt_ids) else None
        self.wijk_tree = STRtree(self.wijk_geometries) if len(self.wijk_ids) else None

    @classmethod
    def for_gemeente(cls, gemeente) -> "AreaLocator":
        buurten = list(
            Area.objects.filter(gemeente=gemeente, level=Area.Level.BUURT)
            .order_by("code", "id")
            .values_list("id", "parent_id", "geometry")
        )
        wijken = list(
            Area.objects.filter(gemeente=gemeente, level=Area.Level.WIJK)
            .order_by("code", "id")
            .values_list("id", "geometry")
        )
        return cls(
            buurt_ids=[b[0] for b in buurten],
            buurt_parents=[b[1] or 0 for b in buurten],
            buurt_geometries=[b[2] for b in buurten],
            wijk_ids=[w[0] for w in wijken],
            wijk_geometries=[w[1] for w in wijken],
        )

    @property
    def has_buurten(self) -> bool:
        return len(self.buurt_ids) > 0

    @property
    def has_areas(self) -> bool:
        return len(self.buurt_ids) > 0 or len(self.wijk_ids) > 0

    @staticmethod
    def _first_hit(polygons: np.ndarray, bounds: np.ndarray, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Index of the first polygon containing each point (-1 for none); the boundary counts.

        Points are sorted by longitude once; each polygon then tests only the points in its
        longitude strip and bounding box, with a prepared-geometry `intersects_xy`. For the few
        hundred buurten of a gemeente this is about ten times faster than STRtree.query on points.
        """
        hits = np.full(len(lon), -1, dtype=np.int64)
        if len(lon) == 0 or len(polygons) == 0:
            return hits
        order = np.argsort(lon, kind="stable")
        lon_sorted = lon[order]
        lat_sorted = lat[order]
        for i, polygon in enumerate(polygons):
            if polygon is None:
                continue
            minx, miny, maxx, maxy = bounds[i]
            lo = np.searchsorted(lon_sorted, minx, side="left")
            hi = np.searchsorted(lon_sorted, maxx, side="right")
            if hi <= lo:
                continue
            strip_lat = lat_sorted[lo:hi]
            candidates = np.flatnonzero((strip_lat >= miny) & (strip_lat <= maxy)) + lo
            if len(candidates) == 0:
                continue
            candidates = candidates[hits[order[candidates]] < 0]  # the first area (by code) wins
            if len(candidates) == 0:
                continue
            inside = shapely.intersects_xy(polygon, lon_sorted[candidates], lat_sorted[candidates])
            hits[order[candidates[inside]]] = i
        return hits

    def locate(self, lon, lat) -> tuple[np.ndarray, np.ndarray]:
        """Buurt ids and wijk ids (0 = none) for arrays of WGS84 lon/lat."""
        lon = np.asarray(lon, dtype=float)
        lat = np.asarray(lat, dtype=float)
        n = len(lon)
        buurt = np.zeros(n, dtype=np.int64)
        wijk = np.zeros(n, dtype=np.int64)
        if n == 0 or not self.has_areas:
            return buurt, wijk
        finite = np.flatnonzero(np.isfinite(lon) & np.isfinite(lat))
        if len(self.buurt_ids):
            hit = self._first_hit(self.buurt_geometries, self.buurt_bounds, lon[finite], lat[finite])
            found = hit >= 0
            buurt[finite[found]] = self.buurt_ids[hit[found]]
            wijk[finite[found]] = self.buurt_parents[hit[found]]
        if len(self.wijk_ids):
            need = finite[wijk[finite] == 0]
            if len(need):
                hit = self._first_hit(self.wijk_geometries, self.wijk_bounds, lon[need], lat[need])
                found = hit >= 0
                wijk[need[found]] = self.wijk_ids[hit[found]]
        return buurt, wijk

    def outside(self, buurt_ids: np.ndarray, wijk_ids: np.ndarray) -> np.ndarray:
        """True where a located point lies outside every buurt (or every wijk, when the gemeente has
        only wijken). False everywhere when the gemeente has no areas yet."""
        if len(self.buurt_ids):
            return np.asarray(buurt_ids) == 0
        if len(self.wijk_ids):
            return np.asarray(wijk_ids) == 0
        return np.zeros(len(buurt_ids), dtype=bool)
