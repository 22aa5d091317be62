"""Generated but plausible public-space assets for the demo municipality.

Trees, benches, bins, bicycle racks, playground equipment (points) and plant beds, grass and
paving (polygons), placed inside the real Utrecht buurt polygons. Everything is drawn from one
seeded random generator, so the same call gives the same assets every time (and a second demo
load changes nothing). Geometry is built in RD New metres and reprojected to WGS84 for GeoJSON.
The draws are in `draw`, the assets of each type in `points` and `polygons`; here the features.

Pure: no Django import, so it can be tested and benchmarked on its own.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import shapely

from wijkwerk.core.geo import RD_NEW, WGS84, transformer

from . import points, polygons
from .draw import REFERENCE_YEAR as REFERENCE_YEAR  # the fixed "now" of the ages and dates
from .draw import load_buurten

UTRECHT = Path(__file__).resolve().parent / "data" / "utrecht"
BUURT_FILE = UTRECHT / "buurt.geojson"

SEED = 20260101

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
        x, y, props = points.trees(streams["tree"], buurten, counts["tree"])
        out["tree"] = _point_features(ID_PREFIX["tree"], x, y, props)
    benches = None
    if counts["bench"]:
        x, y, idx, props = points.benches(streams["bench"], buurten, counts["bench"])
        benches = (x, y, idx)
        out["bench"] = _point_features(ID_PREFIX["bench"], x, y, props)
    if counts["bin"]:
        x, y, props = points.bins(streams["bin"], buurten, counts["bin"], near=benches)
        out["bin"] = _point_features(ID_PREFIX["bin"], x, y, props)
    if counts["bicycle_rack"]:
        x, y, props = points.racks(streams["bicycle_rack"], buurten, counts["bicycle_rack"])
        out["bicycle_rack"] = _point_features(ID_PREFIX["bicycle_rack"], x, y, props)
    if counts["playground_equipment"]:
        x, y, props = points.playground(streams["playground_equipment"], buurten, counts["playground_equipment"])
        out["playground_equipment"] = _point_features(ID_PREFIX["playground_equipment"], x, y, props)
    for code, make in (("plant_bed", polygons.plant_beds), ("grass", polygons.grass), ("paving", polygons.paving)):
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
