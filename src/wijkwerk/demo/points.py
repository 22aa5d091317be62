"""The demo's point assets: trees (in rows along streets and scattered), benches, bins (half of
them next to a bench), bicycle racks and playground equipment (in playgrounds), each with the
attributes of its asset type. Placed and drawn with `draw`.

Pure: no Django import, so it can be tested and benchmarked on its own.
"""

from __future__ import annotations

import numpy as np
import shapely

from . import draw
from .draw import REFERENCE_YEAR, Buurten

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


def _classify(value: float, classes: list[tuple[float, str]], last: str) -> str:
    for limit, label in classes:
        if value < limit:
            return label
    return last


def _planting_years(rng: np.random.Generator, n: int) -> np.ndarray:
    """Most street trees are 10..60 years old; a few are very old."""
    age = np.clip(np.rint(rng.gamma(2.5, 14.0, n)) + 2, 2, 150).astype(int)
    return REFERENCE_YEAR - age


def trees(rng: np.random.Generator, buurten: Buurten, n: int) -> tuple[np.ndarray, np.ndarray, list[dict]]:
    """About 60 % of the trees stand in rows along streets (same species and planting year), the rest
    scattered in parks and gardens."""
    names = [s[0] for s in TREE_SPECIES]
    weights = np.array([s[1] for s in TREE_SPECIES], dtype=float)
    weights /= weights.sum()
    xs, ys, species, planted = [], [], [], []
    n_rows = int(n * 0.6)
    got = 0
    starts_x, starts_y, starts_i = draw.scatter(rng, buurten, max(n_rows // 8, 1))
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
        x, y, _ = draw.scatter(rng, buurten, rest)
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
    owners = draw.choice(rng, ["gemeente", "particulier", "waterschap"], [0.96, 0.03, 0.01], n)
    conditions = draw.conditions(rng, planted, 80)
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


def benches(rng, buurten, n):
    x, y, idx = draw.scatter(rng, buurten, n)
    years = draw.years(rng, 1985, REFERENCE_YEAR - 1, n)
    conditions = draw.conditions(rng, years, 50)
    materials = draw.choice(rng, ["hout", "staal", "beton", "gerecycled", "kunststof"], [45, 20, 15, 15, 5], n)
    seats = draw.choice(rng, [2, 3, 4, 5], [20, 45, 30, 5], n)
    props = [{"installation_year": int(years[i]), "condition": conditions[i][0], "condition_date": conditions[i][1],
              "material": materials[i], "seats": int(seats[i]), "owner": "gemeente"} for i in range(n)]
    return x, y, idx, props


def bins(rng, buurten, n, near=None):
    """Half of the bins stand next to a bench; the rest along streets and paths."""
    x, y, idx = draw.scatter(rng, buurten, n)
    if near is not None:
        bx, by, bidx = near
        k = min(n // 2, len(bx))
        pick = rng.choice(len(bx), size=k, replace=False)
        nx, ny = draw.near(rng, buurten, bx[pick], by[pick], bidx[pick], 4.0)
        x[:k], y[:k] = nx, ny
    kinds = draw.choice(rng, ["afvalbak", "hondenpoepbak", "ondergrondse container"], [80, 12, 8], n)
    volumes = [{"afvalbak": [50, 60, 80, 100][int(rng.integers(0, 4))], "hondenpoepbak": 40,
                "ondergrondse container": [3000, 5000][int(rng.integers(0, 2))]}[k] for k in kinds]
    materials = [("beton" if k == "ondergrondse container" else m) for k, m in
                 zip(kinds, draw.choice(rng, ["staal", "kunststof", "hout"], [70, 20, 10], n), strict=True)]
    years = draw.years(rng, 1995, REFERENCE_YEAR - 1, n)
    conditions = draw.conditions(rng, years, 30)
    props = [{"installation_year": int(years[i]), "condition": conditions[i][0], "condition_date": conditions[i][1],
              "bin_kind": kinds[i], "volume_l": volumes[i], "material": materials[i]} for i in range(n)]
    return x, y, props


def racks(rng, buurten, n):
    x, y, _ = draw.scatter(rng, buurten, n, power=0.5)
    places = draw.choice(rng, [4, 6, 8, 10, 12, 16, 20, 30, 40], [10, 20, 20, 15, 12, 10, 6, 4, 3], n)
    materials = draw.choice(rng, ["staal", "aluminium", "beton"], [85, 10, 5], n)
    years = draw.years(rng, 1990, REFERENCE_YEAR - 1, n)
    conditions = draw.conditions(rng, years, 50)
    props = [{"installation_year": int(years[i]), "condition": conditions[i][0], "condition_date": conditions[i][1],
              "places": int(places[i]), "material": materials[i]} for i in range(n)]
    return x, y, props


def playground(rng, buurten, n):
    """Equipment in playgrounds of 2..7 pieces each, within 20 m of the playground's centre."""
    sizes = []
    while sum(sizes) < n:
        sizes.append(int(rng.integers(2, 8)))
    sizes[-1] -= sum(sizes) - n
    cx, cy, cidx = draw.scatter(rng, buurten, len(sizes), power=0.5)
    rep = np.repeat(np.arange(len(sizes)), sizes)
    x, y = draw.near(rng, buurten, cx[rep], cy[rep], cidx[rep], 20.0)
    kinds = draw.choice(rng, PLAYGROUND_KINDS, [12, 10, 6, 6, 8, 9, 6, 6, 3, 8, 5, 6, 3, 4], n)
    groups = draw.choice(rng, ["0-4", "4-8", "8-12", "12+", "alle"], [25, 35, 20, 5, 15], n)
    makers = draw.choice(rng, PLAYGROUND_MAKERS, [1] * len(PLAYGROUND_MAKERS), n)
    years = draw.years(rng, 2000, REFERENCE_YEAR - 1, n)
    conditions = draw.conditions(rng, years, 20, share=0.95)
    certificate = rng.integers(10000, 99999, n)
    props = [{"installation_year": int(years[i]), "condition": conditions[i][0], "condition_date": conditions[i][1],
              "equipment_kind": kinds[i], "manufacturer": makers[i], "age_group": groups[i],
              "inspection_certificate": f"KE-{int(years[i])}-{int(certificate[i])}"} for i in range(n)]
    return x, y, props
