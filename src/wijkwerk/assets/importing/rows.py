"""From file columns to asset fields: which column holds what (Dutch aliases, matched by the file
layer's `find_column`), value cleaning, validation.

Validation of attribute values uses `assets.schemas.clean_attributes`, applied per distinct value of a
column (a file has few distinct values per column, so this is fast for a million rows).
"""

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cached_property

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wijkwerk.assets.schemas import clean_attributes
from wijkwerk.core.files import columns_by_alias, find_column, to_text

# Columns with these exact names are Wijkwerk's own (the export writes them); never attributes.
RESERVED_COLUMNS = {"id", "external_id", "type", "asset_type", "wijk", "buurt", "lon", "lat", "x", "y", "geometry"}
# Identifier columns: used for the external id and then not kept as attributes.
PURE_ID_NAMES = {"id", "fid", "external_id", "objectid", "object_id", "gid", "guid", "uuid"}
DEFAULT_ID_NAMES = ("external_id", "id", "fid", "objectid", "guid", "uuid")
TYPE_COLUMN_NAMES = ("type", "asset_type", "assettype", "asset_type_code")
ID_SEPARATOR = "|"
# The export writes an attribute whose name collides with one of the columns above as
# "kenmerk:<name>" (or "kenmerk2:<name>", ... where names differ only in case, for GeoPackage);
# the import reads it back under <name>.
ATTRIBUTE_PREFIX = "kenmerk:"

CORE_ALIASES: dict[str, tuple[str, ...]] = {
    "quantity": ("quantity", "hoeveelheid", "aantal"),
    "unit": ("unit", "eenheid"),
    "installation_year": ("installation_year", "aanlegjaar", "jaar_aanleg", "jaar_van_aanleg", "bouwjaar",
                          "plaatsingsjaar"),
    "condition": ("condition", "conditie", "conditiescore"),
    "condition_date": ("condition_date", "conditiedatum", "datum_conditie"),
}
CORE_LABELS = {
    "quantity": gettext_lazy("hoeveelheid"), "unit": gettext_lazy("eenheid"),
    "installation_year": gettext_lazy("aanlegjaar"), "condition": gettext_lazy("conditie"),
    "condition_date": gettext_lazy("conditiedatum"),
}

# Dutch (and common) column names for schema attributes, besides the attribute's name and label.
ATTRIBUTE_ALIASES: dict[str, tuple[str, ...]] = {
    "mast_height": ("mastlengte", "masthoogte", "lichtpunthoogte", "hoogte_mast"),
    "fitting": ("armatuur", "armatuurtype", "type_armatuur"),
    "street": ("straat", "straatnaam", "openbare_ruimte", "openbareruimte"),
    "mast_number": ("mastnummer", "mastnr", "mast_nr", "paalnummer"),
    "species": ("boomsoort", "soort", "soortnaam", "boomsoort_nederlands", "latijnse_naam"),
    "planting_year": ("plantjaar", "aanplantjaar", "jaar_van_planten"),
    "height_class": ("hoogteklasse", "boomhoogteklasse", "boomhoogte"),
    "trunk_diameter_class": ("stamdiameterklasse", "stamdiameter", "diameterklasse"),
    "owner": ("eigenaar", "eigendom"),
    "material": ("materiaal",),
    "seats": ("zitplaatsen", "aantal_zitplaatsen"),
    "volume_l": ("inhoud", "volume", "inhoud_l", "inhoud_liter"),
    "bin_kind": ("soort", "soort_bak", "type_bak"),
    "places": ("plaatsen", "aantal_plaatsen"),
    "removable": ("uitneembaar",),
    "height": ("hoogte",),
    "equipment_kind": ("soort_toestel", "toestel", "type_toestel", "soort"),
    "manufacturer": ("fabrikant", "leverancier"),
    "age_group": ("leeftijdsgroep", "leeftijd", "doelgroep"),
    "inspection_certificate": ("keuringscertificaat", "certificaat"),
    "sign_code": ("rvv_code", "rvv", "bordcode", "verkeersbord"),
    "planting_kind": ("soort_beplanting", "beplantingstype", "type_beplanting", "soort"),
    "area_m2": ("oppervlakte", "oppervlak", "opp", "opp_m2", "oppervlakte_m2", "area"),
    "grass_kind": ("soort_gras", "grastype", "type_gras", "soort"),
    "length_m": ("lengte", "lengte_m"),
    "bank_kind": ("soort_oever", "oevertype", "type_oever", "soort"),
    "function": ("functie",),
}


_PREFIXED = re.compile(r"^kenmerk\d*:(.+)$")


def attribute_name(column: str) -> str:
    """The attribute a column holds: its own name, without the export's "kenmerk:" prefix."""
    match = _PREFIXED.match(column)
    return match.group(1) if match else column


# --- core fields (quantity, unit, installation year, condition) --------------------------------------

QUANTITY_MAX = Decimal("999999999999.99")


def _number_text(value) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return repr(value)
    return str(value).strip().replace(" ", "").replace(",", ".")


def clean_core(name: str, value):
    """Returns (clean value, None) or (None, Dutch message). `value` is not empty."""
    label = str(CORE_LABELS[name])
    if name == "quantity":
        try:
            number = Decimal(_number_text(value))
            if not number.is_finite():
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            return None, _("'%(value)s' is geen geldige %(label)s: verwacht een getal.") % {"value": value, "label": label}
        if number < 0 or number > QUANTITY_MAX:
            return None, (_("%(label)s %(value)s valt buiten het bereik 0 tot %(max)s.")
                          % {"label": label.capitalize(), "value": value, "max": QUANTITY_MAX})
        return number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), None
    if name == "unit":
        text = to_text(value)
        if len(text) > 10:
            return None, _("Eenheid '%(unit)s' is te lang (hoogstens 10 tekens, bijv. st, m, m2).") % {"unit": text}
        return text, None
    if name in ("installation_year", "condition"):
        try:
            number = float(_number_text(value))
            if not number.is_integer():
                raise ValueError
            number = int(number)
        except (ValueError, OverflowError):
            return None, (_("'%(value)s' is geen geldige %(label)s: verwacht een geheel getal.")
                          % {"value": value, "label": label})
        low, high = (1000, 2100) if name == "installation_year" else (1, 6)
        if not low <= number <= high:
            return None, (_("%(label)s %(value)s valt buiten %(low)s tot en met %(high)s.")
                          % {"label": label.capitalize(), "value": number, "low": low, "high": high})
        return number, None
    if name == "condition_date":
        if isinstance(value, dt.datetime):
            return value.date(), None
        if isinstance(value, dt.date):
            return value, None
        text = str(value).strip()[:10]
        for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%Y/%m/%d"):
            try:
                return dt.datetime.strptime(text, fmt).date(), None
            except ValueError:
                continue
        return None, _("'%(value)s' is geen geldige datum (verwacht bijv. 2024-05-31).") % {"value": value}
    raise KeyError(name)


# --- column plans -----------------------------------------------------------------------------------


@dataclass
class ColumnPlan:
    """How one asset type reads the file's columns."""

    schema_columns: list[tuple[str, str]] = field(default_factory=list)  # (column, attribute name)
    extra_columns: list[str] = field(default_factory=list)  # kept as text attributes under their own name
    core_columns: list[tuple[str, str]] = field(default_factory=list)  # (column, core field name)

    @cached_property
    def targeted(self) -> frozenset[str]:
        """Attribute names this file sets (or clears when empty) on every asset of the type."""
        return frozenset([a for _, a in self.schema_columns] + [attribute_name(c) for c in self.extra_columns])


def core_plan(columns: list[str]) -> list[tuple[str, str]]:
    """(column, core field) for the core fields the file has (quantity, unit, ...)."""
    return [(column, name) for name, column in columns_by_alias(columns, CORE_ALIASES).items()]


def column_plan(columns: list[str], schema: list[dict], core: list[tuple[str, str]]) -> ColumnPlan:
    """Matches columns to the schema: by attribute name, then label, then Dutch alias (see find_column;
    a column written by the export as "kenmerk:<name>" counts as <name>)."""
    core_cols = {c for c, _ in core}
    candidates = [c for c in columns if c not in core_cols]
    names = {c: attribute_name(c) for c in candidates}
    assigned: dict[str, str] = {}  # attribute -> column
    used: set[str] = set()

    def find(aliases) -> str | None:
        free = [c for c in candidates if c not in used]
        stripped = [names[c] for c in free]
        name = find_column(stripped, aliases)
        return None if name is None else free[stripped.index(name)]

    rounds = [
        lambda spec: (spec["name"],),
        lambda spec: (spec["label"],),
        lambda spec: ATTRIBUTE_ALIASES.get(spec["name"], ()),
    ]
    for names_of in rounds:
        for spec in schema:
            if spec["name"] in assigned:
                continue
            column = find(names_of(spec))
            if column is not None:
                assigned[spec["name"]] = column
                used.add(column)
    plan = ColumnPlan(core_columns=list(core))
    order = {spec["name"]: i for i, spec in enumerate(schema)}
    plan.schema_columns = sorted(((c, a) for a, c in assigned.items()), key=lambda ca: order[ca[1]])
    schema_names = {spec["name"] for spec in schema}
    plan.extra_columns = [c for c in candidates if c not in used and attribute_name(c) not in schema_names]
    return plan


class ValueCleaner:
    """Cleans one column's values for one attribute, remembering the answer per distinct value."""

    def __init__(self, schema: list[dict], attribute: str):
        self.spec = next(s for s in schema if s["name"] == attribute)
        self.schema = [self.spec]
        self.attribute = attribute
        self.textual = self.spec["type"] in ("string", "choice", "boolean")
        self.cache: dict = {}

    def __call__(self, value):
        """(clean value or None, error or None)."""
        try:
            return self.cache[value]
        except KeyError:
            pass
        except TypeError:  # unhashable
            return self._clean(value)
        result = self._clean(value)
        if len(self.cache) < 20_000:  # enough for the distinct values of a column; ids are not worth it
            self.cache[value] = result
        return result

    def _clean(self, value):
        raw = to_text(value) if self.textual or not isinstance(value, (int, float)) else value
        if raw is None or (isinstance(raw, float) and math.isnan(raw)):
            return None, None
        cleaned, errors = clean_attributes(self.schema, {self.attribute: raw})
        if errors:
            return None, errors[0][1]
        return cleaned.get(self.attribute), None
