"""The seeded random draws the demo's assets are made of: the buurt polygons they are placed in
(RD New), random points inside them, installation years, NEN 2767 conditions and weighted choices.

Pure: no Django import, so it can be tested and benchmarked on its own.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import shape

from wijkwerk.core.geo import RD_NEW, WGS84, transformer

# Fixed "now" for ages and dates, so the output does not depend on the day it is generated.
REFERENCE_YEAR = 2025


@dataclass


class Buurten:
    codes: list[str]
    polygons: np.ndarray  # shapely polygons in RD New
    areas: np.ndarray  # m2


def load_buurten(path: str | Path) -> Buurten:
    """The buurt polygons of a (WGS84) GeoJSON file, reprojected to RD New."""
    with open(path, "rb") as fh:
        data = json.load(fh)
    to_rd = transformer(WGS84, RD_NEW)
    codes, polygons = [], []
    for feature in data["features"]:
        geom = shape(feature["geometry"])
        if geom.is_empty:
            continue
        geom = shapely.transform(geom, lambda c: np.column_stack(to_rd.transform(c[:, 0], c[:, 1])))
        geom = shapely.make_valid(geom)
        codes.append(str(feature["properties"].get("KODE", "")))
        polygons.append(geom)
    polys = np.array(polygons, dtype=object)
    shapely.prepare(polys)
    return Buurten(codes=codes, polygons=polys, areas=shapely.area(polys))


def points_in(rng: np.random.Generator, polygon, n: int) -> tuple[np.ndarray, np.ndarray]:
    """n random points inside one polygon (rejection sampling in its bounding box)."""
    minx, miny, maxx, maxy = polygon.bounds
    fill = max(polygon.area / ((maxx - minx) * (maxy - miny)), 0.05)
    xs: list[np.ndarray] = []
    ys: list[np.ndarray] = []
    got = 0
    while got < n:
        m = int((n - got) / fill * 1.3) + 8
        x = rng.uniform(minx, maxx, m)
        y = rng.uniform(miny, maxy, m)
        inside = shapely.contains_xy(polygon, x, y)
        xs.append(x[inside])
        ys.append(y[inside])
        got += int(inside.sum())
    return np.concatenate(xs)[:n], np.concatenate(ys)[:n]


def scatter(rng: np.random.Generator, buurten: Buurten, n: int, power: float = 0.7):
    """n points over all buurten, more in larger buurten (weight area**power). Returns x, y, buurt index."""
    weights = buurten.areas**power
    per_buurt = rng.multinomial(n, weights / weights.sum())
    xs, ys, idx = [], [], []
    for i, k in enumerate(per_buurt):
        if k:
            x, y = points_in(rng, buurten.polygons[i], int(k))
            xs.append(x)
            ys.append(y)
            idx.append(np.full(k, i))
    return np.concatenate(xs), np.concatenate(ys), np.concatenate(idx)


def near(rng: np.random.Generator, buurten: Buurten, x, y, idx, radius: float):
    """Points within `radius` m of the given ones, kept inside the same buurt (else the original point)."""
    angle = rng.uniform(0, 2 * np.pi, len(x))
    dist = rng.uniform(radius * 0.2, radius, len(x))
    nx, ny = x + dist * np.cos(angle), y + dist * np.sin(angle)
    inside = np.array([shapely.contains_xy(buurten.polygons[i], a, b) for i, a, b in zip(idx, nx, ny, strict=True)],
                      dtype=bool)
    return np.where(inside, nx, x), np.where(inside, ny, y)


def conditions(rng: np.random.Generator, years: np.ndarray, life: float, share: float = 0.7):
    """NEN 2767 condition 1..6 (3 is the usual acceptable level), worse with age; about `share` of the
    assets has been inspected, in the last four years and not before it was installed."""
    years = np.asarray(years, dtype=int)
    age = (REFERENCE_YEAR - years).astype(float)
    score = 1.3 + 3.4 * np.clip(age / life, 0, 1.2) + rng.normal(0, 0.7, len(age))
    condition = np.clip(np.rint(score), 1, 6).astype(int)
    inspected = rng.random(len(age)) < share
    year = np.maximum(REFERENCE_YEAR - rng.integers(1, 5, len(age)), np.minimum(years, REFERENCE_YEAR - 1))
    month = rng.integers(1, 13, len(age))
    day = rng.integers(1, 29, len(age))
    dates = [f"{y:04d}-{m:02d}-{d:02d}" for y, m, d in zip(year, month, day, strict=True)]
    return [(int(c), dt) if ok else (None, None) for c, dt, ok in zip(condition, dates, inspected, strict=True)]


def choice(rng: np.random.Generator, options: list, weights: list[float], n: int) -> list:
    p = np.asarray(weights, dtype=float)
    picks = rng.choice(len(options), size=n, p=p / p.sum())
    return [options[i] for i in picks]


def years(rng: np.random.Generator, first: int, last: int, n: int) -> np.ndarray:
    return rng.integers(first, last + 1, n)
