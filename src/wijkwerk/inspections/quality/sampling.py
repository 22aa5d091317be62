"""Drawing sample plots: random points inside a buurt, reproducible with a seed."""

from __future__ import annotations

import json

import numpy as np
import shapely

from wijkwerk.core.geo import RD_NEW, WGS84, transformer


def sample_points(geometry: dict, count: int, seed: int) -> list[tuple[float, float]]:
    """`count` random points (lon, lat) inside a GeoJSON polygon; the same seed gives the same
    points. Uniform in the polygon's RD New plane (rejection sampling in its bounding box)."""
    polygon = shapely.from_geojson(json.dumps(geometry))
    if not polygon.is_valid:
        polygon = shapely.make_valid(polygon)
    to_rd = transformer(WGS84, RD_NEW)
    to_wgs = transformer(RD_NEW, WGS84)
    rd = shapely.transform(polygon, lambda xy: np.column_stack(to_rd.transform(xy[:, 0], xy[:, 1])))
    if rd.is_empty or rd.area <= 0 or count <= 0:
        return []
    shapely.prepare(rd)
    minx, miny, maxx, maxy = rd.bounds
    rng = np.random.default_rng(seed)
    xs: list[float] = []
    ys: list[float] = []
    for _attempt in range(200):
        n = max(64, count * 4)
        cx = rng.uniform(minx, maxx, n)
        cy = rng.uniform(miny, maxy, n)
        inside = shapely.contains_xy(rd, cx, cy)
        xs.extend(cx[inside].tolist())
        ys.extend(cy[inside].tolist())
        if len(xs) >= count:
            break
    xs, ys = xs[:count], ys[:count]
    lon, lat = to_wgs.transform(np.array(xs), np.array(ys))
    return [(round(float(a), 7), round(float(b), 7)) for a, b in zip(lon, lat, strict=True)]
