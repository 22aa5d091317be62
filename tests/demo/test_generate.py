"""The demo's generated assets: the same every time, inside the real buurten, valid per type."""

import json

import numpy as np
import shapely
from shapely.geometry import shape

from wijkwerk.assets.schemas import clean_attributes
from wijkwerk.assets.types import ASSET_TYPES
from wijkwerk.demo import generate
from wijkwerk.demo.generate import BUURT_FILE

SMALL = {"tree": 300, "bench": 60, "bin": 60, "bicycle_rack": 40, "playground_equipment": 30,
         "plant_bed": 40, "grass": 30, "paving": 50}
STANDARD_FIELDS = {"external_id", "quantity", "unit", "installation_year", "condition", "condition_date"}


def test_generated_assets_are_seeded_and_plausible():
    first = generate.generate_features(BUURT_FILE, counts=SMALL)
    second = generate.generate_features(BUURT_FILE, counts=SMALL)
    assert first == second  # seeded: the same every time
    assert {code: len(f) for code, f in first.items()} == SMALL

    with open(BUURT_FILE, "rb") as fh:
        buurten = shapely.union_all([shape(f["geometry"]) for f in json.load(fh)["features"]])
    schemas = {t["code"]: t for t in ASSET_TYPES}
    seen_ids = set()
    for code, features in first.items():
        spec = schemas[code]
        for feature in features:
            geom = shape(feature["geometry"])
            assert geom.geom_type.lower() == spec["geometry_kind"]
            assert buurten.buffer(1e-6).contains(geom), (code, feature["properties"]["external_id"])
            props = feature["properties"]
            assert props["external_id"] not in seen_ids
            seen_ids.add(props["external_id"])
            attributes = {k: v for k, v in props.items() if k not in STANDARD_FIELDS}
            cleaned, errors = clean_attributes(spec["schema"], attributes)
            assert errors == [], (code, errors)
            assert set(cleaned) <= {f["name"] for f in spec["schema"]}
            assert props.get("condition") in (None, 1, 2, 3, 4, 5, 6)
            assert 1850 <= props["installation_year"] <= generate.REFERENCE_YEAR
            if spec["geometry_kind"] == "polygon":
                assert props["unit"] == "m2" and props["area_m2"] > 0


def test_trees_have_dutch_species_and_mostly_municipal_owner():
    trees = generate.generate_features(BUURT_FILE, counts={**{k: 0 for k in SMALL}, "tree": 500})["tree"]
    species = {t["properties"]["species"] for t in trees}
    assert {"Tilia x europaea", "Quercus robur", "Platanus x hispanica"} <= species
    owners = [t["properties"]["owner"] for t in trees]
    assert owners.count("gemeente") / len(owners) > 0.9
    years = np.array([t["properties"]["planting_year"] for t in trees])
    assert (years <= generate.REFERENCE_YEAR).all()
