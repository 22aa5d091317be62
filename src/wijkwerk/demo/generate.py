"""Generated but plausible public-space assets for the demo municipality.

Trees, benches, bins, bicycle racks, playground equipment (points) and plant beds, grass and
paving (polygons), placed inside the real Utrecht buurt polygons. Everything is drawn from one
seeded random generator, so the same call gives the same assets every time (and a second demo
load changes nothing). Geometry is built in RD New metres and reprojected to WGS84 for GeoJSON.

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

UTRECHT = Path(__file__).resolve().parent / "data" / "utrecht"
BUURT_FILE = UTRECHT / "buurt.geojson"

SEED = 20260101
# Fixed "now" for ages and dates, so the output does not depend on the day it is generated.
REFERENCE_YEAR = 2025

DEFAULT_COUNTS: dict[str, int] = {
    "tree": 8000,
    "bench": 1500,
    "bin": 1500,
    "bicycle_rack": 1000,
    "playground_equipment": 400,
    "plant_bed": 2000,
    "grass": 1500,
    "paving": 3000,
}

# Prefix of the external id (source key) per type: DEMO-BOOM-000001 etc.
ID_PREFIX = {
    "tree": "BOOM",
    "bench": "BANK",
    "bin": "AFVALBAK",
    "bicycle_rack": "FIETSENREK",
    "playground_equipment": "SPEEL",
    "plant_bed": "PLANTVAK",
    "grass": "GRAS",
    "paving": "VERHARDING",
}

# (species, weight, mature height in m, trunk growth cm/year)
TREE_SPECIES = [
    ("Tilia x europaea", 14, 25, 0.9),
    ("Quercus robur", 10, 25, 0.7),
    ("Platanus x hispanica", 9, 30, 1.0),
    ("Acer pseudoplatanus", 8, 22, 0.8),
    ("Fraxinus excelsior", 6, 25, 0.9),
    ("Betula pendula", 6, 18, 0.7),
    ("Carpinus betulus", 6, 15, 0.6),
    ("Acer platanoides", 5, 18, 0.8),
    ("Alnus glutinosa", 5, 18, 0.8),
    ("Aesculus hippocastanum", 4, 22, 0.9),
    ("Ulmus 'Columella'", 4, 15, 0.6),
    ("Prunus avium", 4, 12, 0.6),
    ("Gleditsia triacanthos", 3, 15, 0.7),
    ("Sorbus aucuparia", 3, 10, 0.5),
    ("Pyrus calleryana 'Chanticleer'", 3, 12, 0.5),
    ("Corylus colurna", 2, 15, 0.6),
    ("Liquidambar styraciflua", 2, 18, 0.6),
    ("Salix alba", 2, 20, 1.2),
    ("Populus x canadensis", 2, 30, 1.3),
    ("Fagus sylvatica", 2, 25, 0.7),
]
HEIGHT_CLASSES = [(6, "0-6 m"), (9, "6-9 m"), (12, "9-12 m"), (15, "12-15 m"), (18, "15-18 m"), (24, "18-24 m")]
DIAMETER_CLASSES = [(10, "0-10 cm"), (20, "10-20 cm"), (30, "20-30 cm"), (50, "30-50 cm"), (80, "50-80 cm"),
                    (100, "80-100 cm")]

PLAYGROUND_KINDS = ["schommel", "glijbaan", "wipwap", "duikelrek", "klimrek", "zandbak", "draaitoestel",
                    "speelhuisje", "kabelbaan", "veerwip", "klimnet", "doeltje", "trampoline", "evenwichtsbalk"]
PLAYGROUND_MAKERS = ["Kompan", "Yalp", "IJslander", "Eibe", "Lappset", "Boerplay", "Proludic"]


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


def _points_in(rng: np.random.Generator, polygon, n: int) -> tuple[np.ndarray, np.ndarray]:
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


def _scatter(rng: np.random.Generator, buurten: Buurten, n: int, power: float = 0.7):
    """n points over all buurten, more in larger buurten (weight area**power). Returns x, y, buurt index."""
    weights = buurten.areas**power
    per_buurt = rng.multinomial(n, weights / weights.sum())
    xs, ys, idx = [], [], []
    for i, k in enumerate(per_buurt):
        if k:
            x, y = _points_in(rng, buurten.polygons[i], int(k))
            xs.append(x)
            ys.append(y)
            idx.append(np.full(k, i))
    return np.concatenate(xs), np.concatenate(ys), np.concatenate(idx)


def _near(rng: np.random.Generator, buurten: Buurten, x, y, idx, radius: float):
    """Points within `radius` m of the given ones, kept inside the same buurt (else the original point)."""
    angle = rng.uniform(0, 2 * np.pi, len(x))
    dist = rng.uniform(radius * 0.2, radius, len(x))
    nx, ny = x + dist * np.cos(angle), y + dist * np.sin(angle)
    inside = np.array([shapely.contains_xy(buurten.polygons[i], a, b) for i, a, b in zip(idx, nx, ny, strict=True)],
                      dtype=bool)
    return np.where(inside, nx, x), np.where(inside, ny, y)


def _condition(rng: np.random.Generator, years: np.ndarray, life: float, share: float = 0.7):
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


def _classify(value: float, classes: list[tuple[float, str]], last: str) -> str:
    for limit, label in classes:
        if value < limit:
            return label
    return last


def _choice(rng: np.random.Generator, options: list, weights: list[float], n: int) -> list:
    p = np.asarray(weights, dtype=float)
    picks = rng.choice(len(options), size=n, p=p / p.sum())
    return [options[i] for i in picks]


# --- points ---------------------------------------------------------------------------------------------


def _planting_years(rng: np.random.Generator, n: int) -> np.ndarray:
    """Most street trees are 10..60 years old; a few are very old."""
    age = np.clip(np.rint(rng.gamma(2.5, 14.0, n)) + 2, 2, 150).astype(int)
    return REFERENCE_YEAR - age


def _trees(rng: np.random.Generator, buurten: Buurten, n: int) -> tuple[np.ndarray, np.ndarray, list[dict]]:
    """About 60 % of the trees stand in rows along streets (same species and planting year), the rest
    scattered in parks and gardens."""
    names = [s[0] for s in TREE_SPECIES]
    weights = np.array([s[1] for s in TREE_SPECIES], dtype=float)
    weights /= weights.sum()
    xs, ys, species, planted = [], [], [], []
    n_rows = int(n * 0.6)
    got = 0
    starts_x, starts_y, starts_i = _scatter(rng, buurten, max(n_rows // 8, 1))
    for sx, sy, bi in zip(starts_x, starts_y, starts_i, strict=True):
        if got >= n_rows:
            break
        length = int(rng.integers(5, 21))
        spacing = rng.uniform(8, 12)
        angle = rng.uniform(0, np.pi)
        steps = np.arange(length) * spacing
        rx, ry = sx + steps * np.cos(angle), sy + steps * np.sin(angle)
        keep = shapely.contains_xy(buurten.polygons[bi], rx, ry)
        k = int(keep.sum())
        sp = int(rng.choice(len(names), p=weights))
        year = int(_planting_years(rng, 1)[0])
        xs.append(rx[keep])
        ys.append(ry[keep])
        species += [sp] * k
        planted += [year] * k
        got += k
    rest = n - sum(len(a) for a in xs)
    if rest > 0:
        x, y, _ = _scatter(rng, buurten, rest)
        xs.append(x)
        ys.append(y)
        species += list(rng.choice(len(names), size=rest, p=weights))
        planted += list(_planting_years(rng, rest))
    x = np.concatenate(xs)[:n]
    y = np.concatenate(ys)[:n]
    species = species[:n]
    planted = np.asarray(planted[:n], dtype=int)
    age = REFERENCE_YEAR - planted
    mature = np.array([TREE_SPECIES[s][2] for s in species], dtype=float)
    growth = np.array([TREE_SPECIES[s][3] for s in species], dtype=float)
    height = mature * (1 - np.exp(-age / 30)) * rng.uniform(0.8, 1.15, n) + 2
    diameter = age * growth * rng.uniform(0.75, 1.25, n) + 4
    owners = _choice(rng, ["gemeente", "particulier", "waterschap"], [0.96, 0.03, 0.01], n)
    conditions = _condition(rng, planted, 80)
    props = []
    for i in range(n):
        props.append({
            "installation_year": int(planted[i]),
            "condition": conditions[i][0],
            "condition_date": conditions[i][1],
            "species": names[species[i]],
            "planting_year": int(planted[i]),
            "height_class": _classify(height[i], HEIGHT_CLASSES, ">24 m"),
            "trunk_diameter_class": _classify(diameter[i], DIAMETER_CLASSES, ">100 cm"),
            "owner": owners[i],
        })
    return x, y, props


def _years(rng: np.random.Generator, first: int, last: int, n: int) -> np.ndarray:
    return rng.integers(first, last + 1, n)


def _benches(rng, buurten, n):
    x, y, idx = _scatter(rng, buurten, n)
    years = _years(rng, 1985, REFERENCE_YEAR - 1, n)
    conditions = _condition(rng, years, 50)
    materials = _choice(rng, ["hout", "staal", "beton", "gerecycled", "kunststof"], [45, 20, 15, 15, 5], n)
    seats = _choice(rng, [2, 3, 4, 5], [20, 45, 30, 5], n)
    props = [{"installation_year": int(years[i]), "condition": conditions[i][0], "condition_date": conditions[i][1],
              "material": materials[i], "seats": int(seats[i]), "owner": "gemeente"} for i in range(n)]
    return x, y, idx, props


def _bins(rng, buurten, n, near=None):
    """Half of the bins stand next to a bench; the rest along streets and paths."""
    x, y, idx = _scatter(rng, buurten, n)
    if near is not None:
        bx, by, bidx = near
        k = min(n // 2, len(bx))
        pick = rng.choice(len(bx), size=k, replace=False)
        nx, ny = _near(rng, buurten, bx[pick], by[pick], bidx[pick], 4.0)
        x[:k], y[:k] = nx, ny
    kinds = _choice(rng, ["afvalbak", "hondenpoepbak", "ondergrondse container"], [80, 12, 8], n)
    volumes = [{"afvalbak": [50, 60, 80, 100][int(rng.integers(0, 4))], "hondenpoepbak": 40,
                "ondergrondse container": [3000, 5000][int(rng.integers(0, 2))]}[k] for k in kinds]
    materials = [("beton" if k == "ondergrondse container" else m) for k, m in
                 zip(kinds, _choice(rng, ["staal", "kunststof", "hout"], [70, 20, 10], n), strict=True)]
    years = _years(rng, 1995, REFERENCE_YEAR - 1, n)
    conditions = _condition(rng, years, 30)
    props = [{"installation_year": int(years[i]), "condition": conditions[i][0], "condition_date": conditions[i][1],
              "bin_kind": kinds[i], "volume_l": volumes[i], "material": materials[i]} for i in range(n)]
    return x, y, props


def _racks(rng, buurten, n):
    x, y, _ = _scatter(rng, buurten, n, power=0.5)
    places = _choice(rng, [4, 6, 8, 10, 12, 16, 20, 30, 40], [10, 20, 20, 15, 12, 10, 6, 4, 3], n)
    materials = _choice(rng, ["staal", "aluminium", "beton"], [85, 10, 5], n)
    years = _years(rng, 1990, REFERENCE_YEAR - 1, n)
    conditions = _condition(rng, years, 50)
    props = [{"installation_year": int(years[i]), "condition": conditions[i][0], "condition_date": conditions[i][1],
              "places": int(places[i]), "material": materials[i]} for i in range(n)]
    return x, y, props


def _playground(rng, buurten, n):
    """Equipment in playgrounds of 2..7 pieces each, within 20 m of the playground's centre."""
    sizes = []
    while sum(sizes) < n:
        sizes.append(int(rng.integers(2, 8)))
    sizes[-1] -= sum(sizes) - n
    cx, cy, cidx = _scatter(rng, buurten, len(sizes), power=0.5)
    rep = np.repeat(np.arange(len(sizes)), sizes)
    x, y = _near(rng, buurten, cx[rep], cy[rep], cidx[rep], 20.0)
    kinds = _choice(rng, PLAYGROUND_KINDS, [12, 10, 6, 6, 8, 9, 6, 6, 3, 8, 5, 6, 3, 4], n)
    groups = _choice(rng, ["0-4", "4-8", "8-12", "12+", "alle"], [25, 35, 20, 5, 15], n)
    makers = _choice(rng, PLAYGROUND_MAKERS, [1] * len(PLAYGROUND_MAKERS), n)
    years = _years(rng, 2000, REFERENCE_YEAR - 1, n)
    conditions = _condition(rng, years, 20, share=0.95)
    certificate = rng.integers(10000, 99999, n)
    props = [{"installation_year": int(years[i]), "condition": conditions[i][0], "condition_date": conditions[i][1],
              "equipment_kind": kinds[i], "manufacturer": makers[i], "age_group": groups[i],
              "inspection_certificate": f"KE-{int(years[i])}-{int(certificate[i])}"} for i in range(n)]
    return x, y, props


# --- polygons -------------------------------------------------------------------------------------------


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
    x, y, idx = _scatter(rng, buurten, n)
    out = []
    for i in range(n):
        for attempt in range(20):
            poly = shapely.Polygon(make_ring(rng, i, x[i], y[i], attempt))
            if poly.is_valid and buurten.polygons[idx[i]].contains(poly):
                break
            nx, ny = _points_in(rng, buurten.polygons[idx[i]], 1)
            x[i], y[i] = nx[0], ny[0]
        else:  # a sliver of a buurt: fall back to a small square around an inside point
            poly = shapely.Polygon(_rect(rng, x[i], y[i], 1.0, 1.0))
        out.append(poly)
    return out


def _shrink(attempt: int) -> float:
    return 0.8**attempt


def _plant_beds(rng, buurten, n):
    polys = _polygons(rng, buurten, n, lambda r, i, cx, cy, a: _blob(r, cx, cy, r.uniform(2, 9) * _shrink(a)))
    kinds = _choice(rng, ["heesters", "bodembedekkers", "vaste planten", "rozen", "bloembollen", "wisselperk"],
                    [40, 25, 18, 6, 6, 5], n)
    years = _years(rng, 1975, REFERENCE_YEAR - 1, n)
    conditions = _condition(rng, years, 40, share=0.6)
    props = [{"installation_year": int(years[i]), "condition": conditions[i][0], "condition_date": conditions[i][1],
              "planting_kind": kinds[i]} for i in range(n)]
    return polys, props


def _grass(rng, buurten, n):
    def ring(r, i, cx, cy, a):
        if r.random() < 0.5:
            return _blob(r, cx, cy, r.uniform(6, 30) * _shrink(a))
        return _rect(r, cx, cy, r.uniform(4, 25) * _shrink(a), r.uniform(15, 90) * _shrink(a))

    polys = _polygons(rng, buurten, n, ring)
    kinds = _choice(rng, ["gazon", "ruw gras", "bloemrijk gras", "sportveld", "bermgras"], [50, 15, 12, 3, 20], n)
    years = _years(rng, 1960, 2022, n)
    conditions = _condition(rng, np.full(n, REFERENCE_YEAR - 10), 40, share=0.4)
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


def _paving(rng, buurten, n):
    functions = _choice(rng, list(PAVING_SHAPES), [30, 15, 30, 12, 5, 8], n)

    def ring(r, i, cx, cy, a):
        _, (w0, w1), (l0, l1) = PAVING_SHAPES[functions[i]]
        return _rect(r, cx, cy, r.uniform(w0, w1) * _shrink(a), r.uniform(l0, l1) * _shrink(a))

    polys = _polygons(rng, buurten, n, ring)
    materials = []
    for f in functions:
        weights = PAVING_SHAPES[f][0]
        materials.append(_choice(rng, list(weights), list(weights.values()), 1)[0])
    years = _years(rng, 1965, REFERENCE_YEAR - 1, n)
    conditions = _condition(rng, years, 50)
    props = [{"installation_year": int(years[i]), "condition": conditions[i][0], "condition_date": conditions[i][1],
              "material": materials[i], "function": functions[i]} for i in range(n)]
    return polys, props


# --- output ---------------------------------------------------------------------------------------------


def _point_features(prefix: str, x, y, props: list[dict], unit: str = "st") -> list[dict]:
    lon, lat = transformer(RD_NEW, WGS84).transform(np.asarray(x), np.asarray(y))
    features = []
    for i, p in enumerate(props):
        properties = {"external_id": f"DEMO-{prefix}-{i + 1:06d}", "quantity": 1, "unit": unit}
        properties.update({k: v for k, v in p.items() if v is not None})
        features.append({
            "type": "Feature",
            "properties": properties,
            "geometry": {"type": "Point", "coordinates": [round(float(lon[i]), 7), round(float(lat[i]), 7)]},
        })
    return features


def _polygon_features(prefix: str, polys: list, props: list[dict]) -> list[dict]:
    to_wgs = transformer(RD_NEW, WGS84)
    features = []
    for i, (poly, p) in enumerate(zip(polys, props, strict=True)):
        ring = np.asarray(poly.exterior.coords)
        lon, lat = to_wgs.transform(ring[:, 0], ring[:, 1])
        coords = np.round(np.column_stack([lon, lat]), 7)
        if not shapely.Polygon(coords).is_valid:  # rounding can fold a very thin corner
            coords = np.asarray(shapely.Polygon(coords).convex_hull.exterior.coords)
        coords = coords.tolist()
        area = round(float(poly.area), 1)
        properties = {"external_id": f"DEMO-{prefix}-{i + 1:06d}", "quantity": area, "unit": "m2"}
        properties.update({k: v for k, v in p.items() if v is not None})
        properties["area_m2"] = area
        features.append({"type": "Feature", "properties": properties,
                         "geometry": {"type": "Polygon", "coordinates": [coords]}})
    return features


def generate_features(
    buurt_path: str | Path, *, seed: int = SEED, counts: dict[str, int] | None = None
) -> dict[str, list[dict]]:
    """GeoJSON features (WGS84) per asset type code. Same seed and counts: same features."""
    counts = {**DEFAULT_COUNTS, **(counts or {})}
    buurten = load_buurten(buurt_path)
    # One child generator per type, so changing one type's count leaves the others unchanged.
    streams = dict(zip(DEFAULT_COUNTS, np.random.default_rng(seed).spawn(len(DEFAULT_COUNTS)), strict=True))
    out: dict[str, list[dict]] = {}

    if counts["tree"]:
        x, y, props = _trees(streams["tree"], buurten, counts["tree"])
        out["tree"] = _point_features(ID_PREFIX["tree"], x, y, props)
    benches = None
    if counts["bench"]:
        x, y, idx, props = _benches(streams["bench"], buurten, counts["bench"])
        benches = (x, y, idx)
        out["bench"] = _point_features(ID_PREFIX["bench"], x, y, props)
    if counts["bin"]:
        x, y, props = _bins(streams["bin"], buurten, counts["bin"], near=benches)
        out["bin"] = _point_features(ID_PREFIX["bin"], x, y, props)
    if counts["bicycle_rack"]:
        x, y, props = _racks(streams["bicycle_rack"], buurten, counts["bicycle_rack"])
        out["bicycle_rack"] = _point_features(ID_PREFIX["bicycle_rack"], x, y, props)
    if counts["playground_equipment"]:
        x, y, props = _playground(streams["playground_equipment"], buurten, counts["playground_equipment"])
        out["playground_equipment"] = _point_features(ID_PREFIX["playground_equipment"], x, y, props)
    for code, make in (("plant_bed", _plant_beds), ("grass", _grass), ("paving", _paving)):
        if counts[code]:
            polys, props = make(streams[code], buurten, counts[code])
            out[code] = _polygon_features(ID_PREFIX[code], polys, props)
    return out


def write_geojson(features: list[dict], path: str | Path) -> Path:
    path = Path(path)
    with open(path, "w", encoding="utf-8") as fh:
        json.dump({"type": "FeatureCollection", "features": features}, fh, ensure_ascii=False,
                  separators=(",", ":"))
    return path
