"""The demo's polygon assets: plant beds, grass and paving, each polygon entirely inside one buurt
and with the attributes of its asset type. Placed and drawn with `draw`.

Pure: no Django import, so it can be tested and benchmarked on its own.
"""

from __future__ import annotations

import numpy as np
import shapely

from . import draw
from .draw import REFERENCE_YEAR


def _blob(rng, cx, cy, radius) -> np.ndarray:
    """An irregular, star-shaped polygon ring around (cx, cy)."""
    k = int(rng.integers(6, 11))
    # evenly spread angles with some jitter: no two vertices nearly on one ray, so always a simple ring
    angles = (np.arange(k) + rng.uniform(-0.3, 0.3, k)) * (2 * np.pi / k)
    r = radius * rng.uniform(0.7, 1.3, k)
    ring = np.column_stack([cx + r * np.cos(angles), cy + r * np.sin(angles)])
    return np.vstack([ring, ring[:1]])


def _rect(rng, cx, cy, width, length) -> np.ndarray:
    a = rng.uniform(0, np.pi)
    ux, uy, vx, vy = np.cos(a), np.sin(a), -np.sin(a), np.cos(a)
    hl, hw = length / 2, width / 2
    ring = np.array([
        [cx - hl * ux - hw * vx, cy - hl * uy - hw * vy],
        [cx + hl * ux - hw * vx, cy + hl * uy - hw * vy],
        [cx + hl * ux + hw * vx, cy + hl * uy + hw * vy],
        [cx - hl * ux + hw * vx, cy - hl * uy + hw * vy],
    ])
    return np.vstack([ring, ring[:1]])


def _polygons(rng, buurten, n, make_ring) -> list:
    """n polygons, each entirely inside one buurt; a polygon that crosses the border is drawn again."""
    x, y, idx = draw.scatter(rng, buurten, n)
    out = []
    for i in range(n):
        for attempt in range(20):
            poly = shapely.Polygon(make_ring(rng, i, x[i], y[i], attempt))
            if poly.is_valid and buurten.polygons[idx[i]].contains(poly):
                break
            nx, ny = draw.points_in(rng, buurten.polygons[idx[i]], 1)
            x[i], y[i] = nx[0], ny[0]
        else:  # a sliver of a buurt: fall back to a small square around an inside point
            poly = shapely.Polygon(_rect(rng, x[i], y[i], 1.0, 1.0))
        out.append(poly)
    return out


def _shrink(attempt: int) -> float:
    return 0.8**attempt


def plant_beds(rng, buurten, n):
    polys = _polygons(rng, buurten, n, lambda r, i, cx, cy, a: _blob(r, cx, cy, r.uniform(2, 9) * _shrink(a)))
    kinds = draw.choice(rng, ["heesters", "bodembedekkers", "vaste planten", "rozen", "bloembollen", "wisselperk"],
                    [40, 25, 18, 6, 6, 5], n)
    years = draw.years(rng, 1975, REFERENCE_YEAR - 1, n)
    conditions = draw.conditions(rng, years, 40, share=0.6)
    props = [{"installation_year": int(years[i]), "condition": conditions[i][0], "condition_date": conditions[i][1],
              "planting_kind": kinds[i]} for i in range(n)]
    return polys, props


def grass(rng, buurten, n):
    def ring(r, i, cx, cy, a):
        if r.random() < 0.5:
            return _blob(r, cx, cy, r.uniform(6, 30) * _shrink(a))
        return _rect(r, cx, cy, r.uniform(4, 25) * _shrink(a), r.uniform(15, 90) * _shrink(a))

    polys = _polygons(rng, buurten, n, ring)
    kinds = draw.choice(rng, ["gazon", "ruw gras", "bloemrijk gras", "sportveld", "bermgras"], [50, 15, 12, 3, 20], n)
    years = draw.years(rng, 1960, 2022, n)
    conditions = draw.conditions(rng, np.full(n, REFERENCE_YEAR - 10), 40, share=0.4)
    props = [{"installation_year": int(years[i]), "condition": conditions[i][0], "condition_date": conditions[i][1],
              "grass_kind": kinds[i]} for i in range(n)]
    return polys, props


PAVING_SHAPES = {  # function: (material weights, width range m, length range m)
    "rijbaan": ({"asfalt": 50, "betonklinkers": 25, "gebakken klinkers": 25}, (5, 8), (40, 150)),
    "fietspad": ({"asfalt": 70, "beton": 20, "betonklinkers": 10}, (2, 4), (40, 150)),
    "voetpad": ({"tegels": 75, "betonklinkers": 15, "natuursteen": 5, "halfverharding": 5}, (1.5, 3), (20, 120)),
    "parkeerplaats": ({"betonklinkers": 60, "gebakken klinkers": 25, "asfalt": 15}, (5, 16), (10, 50)),
    "plein": ({"natuursteen": 40, "gebakken klinkers": 35, "tegels": 25}, (10, 35), (10, 40)),
    "erf": ({"gebakken klinkers": 70, "betonklinkers": 30}, (4, 7), (20, 80)),
}


def paving(rng, buurten, n):
    functions = draw.choice(rng, list(PAVING_SHAPES), [30, 15, 30, 12, 5, 8], n)

    def ring(r, i, cx, cy, a):
        _, (w0, w1), (l0, l1) = PAVING_SHAPES[functions[i]]
        return _rect(r, cx, cy, r.uniform(w0, w1) * _shrink(a), r.uniform(l0, l1) * _shrink(a))

    polys = _polygons(rng, buurten, n, ring)
    materials = []
    for f in functions:
        weights = PAVING_SHAPES[f][0]
        materials.append(draw.choice(rng, list(weights), list(weights.values()), 1)[0])
    years = draw.years(rng, 1965, REFERENCE_YEAR - 1, n)
    conditions = draw.conditions(rng, years, 50)
    props = [{"installation_year": int(years[i]), "condition": conditions[i][0], "condition_date": conditions[i][1],
              "material": materials[i], "function": functions[i]} for i in range(n)]
    return polys, props
