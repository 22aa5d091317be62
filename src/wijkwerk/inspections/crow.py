"""CROW quality levels (A+ .. D) and measurement scales. Pure Python: no Django."""

from __future__ import annotations

import re
from collections.abc import Mapping

LEVELS = ("A+", "A", "B", "C", "D")  # best to worst
THRESHOLD_LEVELS = ("A+", "A", "B", "C")  # upper bounds; above the C bound is D
RANK = {level: i for i, level in enumerate(LEVELS)}


class ScaleError(ValueError):
    """A level, value or scale that cannot be used; str() is a Dutch message naming the field."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def normalise_level(value) -> str:
    """'a+', ' B ', 'b' -> canonical level; anything else is refused."""
    text = str(value if value is not None else "").strip().upper().replace(" ", "")
    if text in RANK:
        return text
    raise ScaleError("level", f"Niveau '{value}' bestaat niet; kies A+, A, B, C of D.")


def at_or_above(level: str, target: str) -> bool:
    """A+ > A > B > C > D: is `level` at least as good as `target`?"""
    return RANK[level] <= RANK[target]


def parse_number(value, field: str = "value", label: str = "Waarde") -> float:
    if isinstance(value, bool):
        raise ScaleError(field, f"{label} '{value}' is geen getal.")
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = str(value if value is not None else "").strip().replace(",", ".").rstrip("%").strip()
        try:
            number = float(text)
        except ValueError:
            raise ScaleError(field, f"{label} '{value}' is geen getal.") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ScaleError(field, f"{label} '{value}' is geen getal.")
    return number


def validate_thresholds(thresholds: Mapping) -> dict[str, float]:
    """Upper bounds {"A+": 0, "A": 2, "B": 4, "C": 8} (an optional "D" bound is kept for display);
    they must be numbers, not negative, and strictly rising from A+ to C (D)."""
    if not isinstance(thresholds, Mapping):
        raise ScaleError("thresholds", "De grenzen moeten per niveau (A+, A, B, C) een getal hebben.")
    clean: dict[str, float] = {}
    for level in (*THRESHOLD_LEVELS, "D"):
        if level not in thresholds or thresholds[level] in (None, ""):
            if level == "D":
                continue
            raise ScaleError("thresholds", f"De grens voor niveau {level} ontbreekt.")
        clean[level] = parse_number(thresholds[level], "thresholds", f"De grens voor niveau {level}")
        if clean[level] < 0:
            raise ScaleError("thresholds", f"De grens voor niveau {level} kan niet negatief zijn.")
    unknown = set(thresholds) - set(LEVELS)
    if unknown:
        raise ScaleError("thresholds", f"Onbekend niveau in de grenzen: {', '.join(sorted(map(str, unknown)))}.")
    ordered = [lvl for lvl in LEVELS if lvl in clean]
    for a, b in zip(ordered, ordered[1:], strict=False):
        if clean[b] <= clean[a]:
            raise ScaleError(
                "thresholds",
                f"De grenzen staan niet op volgorde: de grens voor {b} ({clean[b]:g}) moet hoger zijn dan "
                f"die voor {a} ({clean[a]:g}).",
            )
    return clean


def level_from_value(thresholds: Mapping, value) -> str:
    """The level of a measured value: the first level from A+ whose upper bound is >= value;
    above the C bound it is D (also above an optional D bound: worse than D is still D)."""
    number = parse_number(value)
    if number < 0:
        raise ScaleError("value", f"Waarde {value} kan niet negatief zijn.")
    for level in THRESHOLD_LEVELS:
        if number <= float(thresholds[level]) + 1e-12:
            return level
    return "D"


def norm_key(text) -> str:
    """How aspect names and codes are compared: letter case, hyphens, underscores and extra
    spaces do not matter ('Onkruid op verharding' == 'onkruid_op_verharding')."""
    return re.sub(r"[\s_\-]+", " ", str(text or "")).strip().lower()
