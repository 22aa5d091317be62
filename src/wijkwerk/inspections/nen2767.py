"""NEN 2767 condition arithmetic. Pure Python (only gettext from Django, for the messages), tested
with plain inputs.

Tables (defaults from DOMAIN.md section 3; a municipality can store corrected ones, see
`inspections.models.ConditionConfig`, passed in here as `Tables`):

- Condition of one defect = MATRIX[severity][intensity][extent class - 1].
- Extent class from a percentage p (0..100), half-open intervals, lower bound inclusive:
  class 1: p < 2; class 2: 2 <= p < 10; class 3: 10 <= p < 30; class 4: 30 <= p < 70;
  class 5: p >= 70. So exactly 2 % is class 2, exactly 10 % class 3, exactly 30 % class 4 and
  exactly 70 % class 5.
- Element condition = the worst (highest) condition of its defects; no defects -> 1.
- Asset (object) condition, the aggregation of NEN 2767-1 (par. 5.4, annex B): every element
  weighs its replacement value times the correction factor of its condition; the condition index
  is the corrected value divided by the total replacement value, i.e. the replacement-value
  weighted mean of the factors:
      index = sum(rv_i * factor(c_i)) / sum(rv_i)
  The object's condition is the smallest (best) condition whose factor is >= the index; an index
  between two factors therefore gives the worse of the two. This is the reading of the norm's
  worked example (a school: corrected value 1134 over total value 920, index 1.2326, lies between
  the factors of 3 (1.10) and 4 (1.30): condition 4). When all replacement values are zero the
  elements weigh equally.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

SEVERITIES = ("gering", "serieus", "ernstig")
INTENSITIES = (1, 2, 3)
EXTENT_CLASSES = (1, 2, 3, 4, 5)
CONDITIONS = (1, 2, 3, 4, 5, 6)

# {severity: {intensity: [condition for extent class 1..5]}}
DEFAULT_MATRIX: dict[str, dict[int, list[int]]] = {
    "ernstig": {1: [1, 1, 2, 3, 4], 2: [1, 2, 3, 4, 5], 3: [2, 3, 4, 5, 6]},
    "serieus": {1: [1, 1, 1, 2, 3], 2: [1, 1, 2, 3, 4], 3: [1, 2, 3, 4, 5]},
    "gering": {1: [1, 1, 1, 1, 2], 2: [1, 1, 1, 2, 3], 3: [1, 1, 2, 3, 4]},
}
DEFAULT_FACTORS: dict[int, float] = {1: 1.00, 2: 1.02, 3: 1.10, 4: 1.30, 5: 1.70, 6: 2.00}
# Lower bounds (percent, inclusive) of extent classes 2..5.
DEFAULT_EXTENT_BOUNDS: list[float] = [2.0, 10.0, 30.0, 70.0]

SEVERITY_LABELS = {"gering": gettext_lazy("gering"), "serieus": gettext_lazy("serieus"),
                   "ernstig": gettext_lazy("ernstig")}
CONDITION_LABELS = {
    1: gettext_lazy("uitstekend"), 2: gettext_lazy("goed"), 3: gettext_lazy("redelijk"), 4: gettext_lazy("matig"),
    5: gettext_lazy("slecht"), 6: gettext_lazy("zeer slecht"),
}

_EPS = 1e-9


class Nen2767Error(ValueError):
    """A value outside the NEN 2767 scales; str() is a Dutch message naming the field."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Tables:
    matrix: Mapping[str, Mapping[int, Sequence[int]]] = field(default_factory=lambda: DEFAULT_MATRIX)
    factors: Mapping[int, float] = field(default_factory=lambda: DEFAULT_FACTORS)
    extent_bounds: Sequence[float] = field(default_factory=lambda: DEFAULT_EXTENT_BOUNDS)

    @classmethod
    def from_config(cls, matrix: Mapping | None, factors: Mapping | None, extent_bounds: Sequence | None) -> Tables:
        """Tables from stored JSON (keys may be strings), laid over the defaults: cells or factors not
        given keep their default."""
        m = {s: dict(rows) for s, rows in DEFAULT_MATRIX.items()}
        for severity, rows in (matrix or {}).items():
            m.setdefault(str(severity).lower(), {}).update({int(i): [int(c) for c in row] for i, row in rows.items()})
        f = dict(DEFAULT_FACTORS)
        f.update({int(k): float(v) for k, v in (factors or {}).items()})
        b = [float(v) for v in (extent_bounds or [])]
        tables = cls(m, f, b or DEFAULT_EXTENT_BOUNDS)
        validate_tables(tables)
        return tables


DEFAULT_TABLES = Tables()


def validate_tables(tables: Tables) -> None:
    """Refuses tables that cannot be used: missing cells, conditions outside 1..6, factors not
    rising with the condition, extent bounds not rising."""
    for severity in SEVERITIES:
        rows = tables.matrix.get(severity)
        if rows is None:
            raise Nen2767Error("matrix", _("De conditietabel mist de ernst '%(severity)s'.") % {"severity": severity})
        for intensity in INTENSITIES:
            row = rows.get(intensity)
            if row is None or len(row) != 5:
                raise Nen2767Error("matrix", _("De conditietabel mist een rij voor ernst '%(severity)s', intensiteit "
                                               "%(intensity)s.") % {"severity": severity, "intensity": intensity})
            if any(c not in CONDITIONS for c in row):
                raise Nen2767Error("matrix", _("De conditietabel bevat voor ernst '%(severity)s', intensiteit "
                                               "%(intensity)s een conditie buiten 1 t/m 6.")
                                   % {"severity": severity, "intensity": intensity})
    if sorted(tables.factors) != list(CONDITIONS):
        raise Nen2767Error("factors", _("De correctiefactoren moeten voor de condities 1 t/m 6 gegeven zijn."))
    values = [tables.factors[c] for c in CONDITIONS]
    if any(b <= a for a, b in zip(values, values[1:], strict=False)) or values[0] <= 0:
        raise Nen2767Error("factors", _("De correctiefactoren moeten positief zijn en oplopen van conditie 1 naar 6."))
    bounds = list(tables.extent_bounds)
    if len(bounds) != 4 or any(b <= a for a, b in zip(bounds, bounds[1:], strict=False)) or bounds[0] <= 0 or bounds[-1] > 100:
        raise Nen2767Error("extent_bounds", _("De grenzen van de omvangklassen moeten vier oplopende percentages "
                                              "tussen 0 en 100 zijn."))


def normalise_severity(value) -> str:
    text = str(value or "").strip().lower()
    if text not in SEVERITIES:
        raise Nen2767Error("severity", _("Ernst '%(value)s' bestaat niet; kies gering, serieus of ernstig.")
                           % {"value": value})
    return text


def _as_int(value, name: str, label: str, allowed: Iterable[int]) -> int:
    allowed = tuple(allowed)
    try:
        number = float(str(value).strip().replace(",", "."))
    except (TypeError, ValueError):
        raise Nen2767Error(name, _("%(label)s '%(value)s' is geen getal; kies %(low)s t/m %(high)s.")
                           % {"label": label, "value": value, "low": allowed[0], "high": allowed[-1]}) from None
    if number != int(number) or int(number) not in allowed:
        raise Nen2767Error(name, _("%(label)s %(value)s kan niet; kies %(low)s t/m %(high)s.")
                           % {"label": label, "value": value, "low": allowed[0], "high": allowed[-1]})
    return int(number)


def normalise_intensity(value) -> int:
    return _as_int(value, "intensity", _("Intensiteit"), INTENSITIES)


def extent_class_from_percentage(percentage: float, tables: Tables = DEFAULT_TABLES) -> int:
    """Extent class 1..5 of a percentage 0..100 (see the module docstring for the boundaries)."""
    p = float(percentage)
    if p != p or p < 0 or p > 100:
        raise Nen2767Error("extent", _("Omvang %(percentage)s %% kan niet; een percentage ligt tussen 0 en 100.")
                           % {"percentage": f"{percentage:g}"})
    klass = 1
    for bound in tables.extent_bounds:
        if p >= bound:
            klass += 1
    return klass


def parse_extent(value, tables: Tables = DEFAULT_TABLES) -> tuple[int, float | None]:
    """An extent as written in a file or form. Returns (class, percentage or None).

    - "25%" / "25 %": a percentage (0..100) converted to its class;
    - a whole number 1..5: the class itself;
    - any other number 0..100 (e.g. 0, 7.5, 40): cannot be a class, so read as a percentage;
    - anything else (120, -3, "veel"): refused.
    """
    text = str(value if value is not None else "").strip().replace(",", ".")
    if not text:
        raise Nen2767Error("extent", _("Omvang ontbreekt; geef een klasse 1 t/m 5 of een percentage (bijv. 25%)."))
    is_pct = text.endswith("%")
    try:
        number = float(text[:-1].strip() if is_pct else text)
    except ValueError:
        raise Nen2767Error("extent", _("Omvang '%(value)s' is geen klasse 1 t/m 5 of percentage.")
                           % {"value": value}) from None
    if not is_pct and number == int(number) and int(number) in EXTENT_CLASSES:
        return int(number), None
    if number != number or number < 0 or number > 100:
        raise Nen2767Error(
            "extent", _("Omvang %(value)s kan niet; geef een klasse 1 t/m 5 of een percentage van 0 t/m 100 %%.")
            % {"value": value}
        )
    return extent_class_from_percentage(number, tables), number


def defect_condition(severity: str, intensity: int, extent_class: int, tables: Tables = DEFAULT_TABLES) -> int:
    """Condition 1..6 of one defect from the matrix."""
    severity = normalise_severity(severity)
    intensity = normalise_intensity(intensity)
    extent_class = _as_int(extent_class, "extent", _("Omvangklasse"), EXTENT_CLASSES)
    return int(tables.matrix[severity][intensity][extent_class - 1])


def element_condition(defect_conditions: Iterable[int]) -> int:
    """The element is never better than its worst defect; without defects it is 1."""
    return max((int(c) for c in defect_conditions), default=1)


def condition_index(elements: Iterable[tuple[float, int]], tables: Tables = DEFAULT_TABLES) -> float:
    """Replacement-value weighted mean correction factor of (replacement_value, condition) pairs."""
    pairs = [(float(rv), int(c)) for rv, c in elements]
    if not pairs:
        return tables.factors[1]
    if any(rv < 0 for rv, _ in pairs):
        raise Nen2767Error("replacement_value", _("Een vervangingswaarde kan niet negatief zijn."))
    total = sum(rv for rv, _ in pairs)
    if total <= 0:  # no values known: every element weighs the same
        pairs = [(1.0, c) for _, c in pairs]
        total = float(len(pairs))
    return sum(rv * tables.factors[c] for rv, c in pairs) / total


def condition_from_index(index: float, tables: Tables = DEFAULT_TABLES) -> int:
    """The smallest condition whose correction factor is >= the index (6 at most)."""
    for c in CONDITIONS:
        if tables.factors[c] >= index - _EPS:
            return c
    return CONDITIONS[-1]


def asset_condition(elements: Iterable[tuple[float, int]], tables: Tables = DEFAULT_TABLES) -> int:
    """Condition of an object from its elements as (replacement_value, element condition)."""
    pairs = list(elements)
    if not pairs:
        return 1
    return condition_from_index(condition_index(pairs, tables), tables)
