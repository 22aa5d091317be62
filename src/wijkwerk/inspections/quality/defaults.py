"""The quality catalogue and area types a municipality starts with (DOMAIN.md). They are data: a
municipality changes them, and the names are stored as written here (not translated)."""

from __future__ import annotations

from ..models import AreaType, QualityAspect

LITTER = {"A+": 0, "A": 3, "B": 10, "C": 25, "D": 50}
DEFAULT_ASPECTS: list[dict] = [
    {"code": "onkruid-verharding", "name": "onkruid op verharding", "scale_kind": "measured",
     "unit": "% van het oppervlak", "thresholds": {"A+": 0, "A": 2, "B": 4, "C": 8}},
    {"code": "zwerfafval-grof", "name": "zwerfafval grof", "scale_kind": "measured",
     "unit": "stuks per 100 m2 (>= 10 cm)", "thresholds": LITTER},
    {"code": "zwerfafval-fijn", "name": "zwerfafval fijn", "scale_kind": "measured",
     "unit": "stuks per 100 m2 (1-10 cm)", "thresholds": LITTER},
    {"code": "gras", "name": "gras", "scale_kind": "levels", "unit": "", "thresholds": {}},
    {"code": "hagen", "name": "hagen", "scale_kind": "levels", "unit": "", "thresholds": {}},
    {"code": "boomspiegels", "name": "boomspiegels", "scale_kind": "levels", "unit": "", "thresholds": {}},
    {"code": "straatmeubilair", "name": "straatmeubilair", "scale_kind": "levels", "unit": "", "thresholds": {}},
]
DEFAULT_CATALOGUE_NOTE = "Standaardcatalogus (CROW-kwaliteitscatalogus 2023)"
DEFAULT_AREA_TYPES: list[dict] = [
    {"code": "centrum", "name": "Centrum", "default_target": "A", "pass_share": 0.90},
    {"code": "woonwijk", "name": "Woonwijk", "default_target": "B", "pass_share": 0.90, "is_default": True},
    {"code": "bedrijventerrein", "name": "Bedrijventerrein", "default_target": "C", "pass_share": 0.90},
    {"code": "park", "name": "Park", "default_target": "B", "pass_share": 0.90},
]
# Buurten without an area type, in a municipality without a default one, are judged as a woonwijk.
BUILT_IN_DEFAULT_AREA_TYPE = {"code": "woonwijk", "name": "Woonwijk", "default_target": "B", "pass_share": 0.9}


def unsaved_default_aspects() -> list[QualityAspect]:
    """The default catalogue's aspects as unsaved objects: what a page shows before the
    municipality's catalogue is stored (a page that only reads never stores it)."""
    return [QualityAspect(position=i, **spec) for i, spec in enumerate(DEFAULT_ASPECTS)]


def unsaved_default_area_types(gemeente) -> list[AreaType]:
    """The default area types as unsaved objects, sorted by name like the stored ones."""
    return sorted((AreaType(gemeente=gemeente, **spec) for spec in DEFAULT_AREA_TYPES), key=lambda t: t.name)
