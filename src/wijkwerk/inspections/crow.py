"""CROW quality levels (A+ .. D) and measurement scales. Pure Python; only gettext from Django, for the
messages."""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

LEVELS = ("A+", "A", "B", "C", "D")  # best to worst
# The CROW names of the levels and what they look like in the street, for people who do not know
# the scale (entry card, results, catalogue, printed list).
LEVEL_NAMES = {
    "A+": gettext_lazy("zeer hoog"),
    "A": gettext_lazy("hoog"),
    "B": gettext_lazy("basis"),
    "C": gettext_lazy("laag"),
    "D": gettext_lazy("zeer laag"),
}
LEVEL_DESCRIPTIONS = {
    "A+": gettext_lazy("Als nieuw: schoon en heel, geen gebreken te zien."),
    "A": gettext_lazy("Verzorgd: hier en daar een klein gebrek."),
    "B": gettext_lazy("Functioneel en redelijk verzorgd: wat gebreken, maar niet storend. Het gebruikelijke "
                      "niveau voor een woonwijk."),
    "C": gettext_lazy("Matig: gebreken en vuil vallen op, het ziet er slordig uit, maar alles is nog bruikbaar."),
    "D": gettext_lazy("Verwaarloosd: hinder, onveilige plekken of schade die duur wordt als er niets gebeurt."),
}
THRESHOLD_LEVELS = ("A+", "A", "B", "C")  # upper bounds; above the C bound is D
RANK = {level: i for i, level in enumerate(LEVELS)}


class ScaleError(ValueError):
    """A level, value or scale that cannot be used; str() is a Dutch message naming the field."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def level_legend() -> list[dict]:
    """[{"level", "name", "description"}] from A+ to D: what the schouw levels mean."""
    return [{"level": level, "name": LEVEL_NAMES[level], "description": LEVEL_DESCRIPTIONS[level]} for level in LEVELS]


def normalise_level(value) -> str:
    """'a+', ' B ', 'b' -> canonical level; anything else is refused."""
    text = str(value if value is not None else "").strip().upper().replace(" ", "")
    if text in RANK:
        return text
    raise ScaleError("level", _("Niveau '%(level)s' bestaat niet; kies A+, A, B, C of D.") % {"level": value})


def at_or_above(level: str, target: str) -> bool:
    """A+ > A > B > C > D: is `level` at least as good as `target`?"""
    return RANK[level] <= RANK[target]


def parse_number(value, field: str = "value", label: str | None = None) -> float:
    """`label` names the value in the message (default: "Waarde")."""
    if label is None:
        label = _("Waarde")
    if isinstance(value, bool):
        raise ScaleError(field, _("%(label)s '%(value)s' is geen getal.") % {"label": label, "value": value})
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = str(value if value is not None else "").strip().replace(",", ".").rstrip("%").strip()
        try:
            number = float(text)
        except ValueError:
            raise ScaleError(field, _("%(label)s '%(value)s' is geen getal.") % {"label": label, "value": value}) from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ScaleError(field, _("%(label)s '%(value)s' is geen getal.") % {"label": label, "value": value})
    return number


def validate_thresholds(thresholds: Mapping) -> dict[str, float]:
    """Upper bounds {"A+": 0, "A": 2, "B": 4, "C": 8} (an optional "D" bound is kept for display);
    they must be numbers, not negative, and strictly rising from A+ to C (D)."""
    if not isinstance(thresholds, Mapping):
        raise ScaleError("thresholds", _("De grenzen moeten per niveau (A+, A, B, C) een getal hebben."))
    clean: dict[str, float] = {}
    for level in (*THRESHOLD_LEVELS, "D"):
        if level not in thresholds or thresholds[level] in (None, ""):
            if level == "D":
                continue
            raise ScaleError("thresholds", _("De grens voor niveau %(level)s ontbreekt.") % {"level": level})
        clean[level] = parse_number(thresholds[level], "thresholds",
                                    _("De grens voor niveau %(level)s") % {"level": level})
        if clean[level] < 0:
            raise ScaleError("thresholds", _("De grens voor niveau %(level)s kan niet negatief zijn.") % {"level": level})
    unknown = set(thresholds) - set(LEVELS)
    if unknown:
        raise ScaleError("thresholds", _("Onbekend niveau in de grenzen: %(levels)s.")
                         % {"levels": ", ".join(sorted(map(str, unknown)))})
    ordered = [lvl for lvl in LEVELS if lvl in clean]
    for a, b in zip(ordered, ordered[1:], strict=False):
        if clean[b] <= clean[a]:
            raise ScaleError(
                "thresholds",
                _("De grenzen staan niet op volgorde: de grens voor %(higher)s (%(higher_value)s) moet hoger zijn "
                  "dan die voor %(lower)s (%(lower_value)s).")
                % {"higher": b, "higher_value": f"{clean[b]:g}", "lower": a, "lower_value": f"{clean[a]:g}"},
            )
    return clean


def level_from_value(thresholds: Mapping, value) -> str:
    """The level of a measured value: the first level from A+ whose upper bound is >= value;
    above the C bound it is D (also above an optional D bound: worse than D is still D)."""
    number = parse_number(value)
    if number < 0:
        raise ScaleError("value", _("Waarde %(value)s kan niet negatief zijn.") % {"value": value})
    for level in THRESHOLD_LEVELS:
        if number <= float(thresholds[level]) + 1e-12:
            return level
    return "D"


def norm_key(text) -> str:
    """How aspect names and codes are compared: letter case, hyphens, underscores and extra
    spaces do not matter ('Onkruid op verharding' == 'onkruid_op_verharding')."""
    return re.sub(r"[\s_\-]+", " ", str(text or "")).strip().lower()
