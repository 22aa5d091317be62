"""Validation of an asset's attributes against its type's schema."""

import math
from typing import Any

from django.utils.translation import gettext

ATTRIBUTE_NAME_MAX_LENGTH = 100
ATTRIBUTE_TEXT_MAX_LENGTH = 2000


def _parse_number(value: Any) -> float:
    """A finite float; ValueError for text that is no number, for NaN and for infinity (1e400)."""
    if isinstance(value, bool):
        raise ValueError
    text = value if isinstance(value, (int, float)) else str(value).strip().replace(",", ".")
    if isinstance(text, str) and len(text) > 100:
        raise ValueError
    try:
        number = float(text)
    except OverflowError:  # an integer with hundreds of digits
        raise ValueError from None
    if not math.isfinite(number):
        raise ValueError
    return number


def _name_error(name: Any) -> str | None:
    if not isinstance(name, str) or not name.strip():
        return gettext("Een kenmerk heeft een naam nodig: een lege naam kan niet.")
    if len(name) > ATTRIBUTE_NAME_MAX_LENGTH:
        return gettext("De naam van een kenmerk mag hoogstens %(n)s tekens lang zijn.") % {"n": ATTRIBUTE_NAME_MAX_LENGTH}
    return None


def _shown(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:60] + "..."


def clean_attributes(schema: list[dict], raw: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Returns (cleaned attributes, [(attribute, Dutch message), ...]).

    Empty values are dropped; attributes outside the schema are kept as text (a file's extra
    columns are the manager's information too).
    """
    fields = {f["name"]: f for f in schema}
    cleaned: dict[str, Any] = {}
    errors: list[tuple[str, str]] = []
    for name, value in raw.items():
        name_error = _name_error(name)
        if name_error:
            errors.append((_shown(name), name_error))
            continue
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if isinstance(value, str) and len(value.strip()) > ATTRIBUTE_TEXT_MAX_LENGTH:
            label = gettext(fields[name]["label"]) if name in fields else name
            errors.append((name, gettext("De waarde van kenmerk %(label)s is te lang: hoogstens %(n)s tekens.")
                           % {"label": label, "n": ATTRIBUTE_TEXT_MAX_LENGTH}))
            continue
        spec = fields.get(name)
        if spec is None:
            if isinstance(value, float) and not math.isfinite(value):
                errors.append((name, gettext("Kenmerk %(name)s: '%(value)s' is geen geldig getal.")
                               % {"name": name, "value": _shown(value)}))
                continue
            if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**15:
                errors.append((name, gettext("Kenmerk %(name)s: het getal is te groot.") % {"name": name}))
                continue
            cleaned[name] = value if isinstance(value, (int, float, bool)) else str(value).strip()
            continue
        kind = spec["type"]
        label = gettext(spec["label"])
        try:
            if kind == "integer":
                number = _parse_number(value)
                if number != int(number):
                    raise ValueError
                value = int(number)
            elif kind == "number":
                value = _parse_number(value)
            elif kind == "boolean":
                text = str(value).strip().lower()
                if text not in {"ja", "nee", "true", "false", "1", "0"}:
                    raise ValueError
                value = text in {"ja", "true", "1"}
            else:
                value = str(value).strip()
        except (TypeError, ValueError):
            expected = {"integer": gettext("een geheel getal"), "number": gettext("een getal"),
                        "boolean": gettext("ja of nee")}[kind]
            errors.append((name, gettext("'%(value)s' is geen geldige waarde voor %(label)s: verwacht %(expected)s.")
                           % {"value": _shown(value), "label": label, "expected": expected}))
            continue
        if kind == "choice":
            choices = spec.get("choices", [])
            match = next((c for c in choices if c.lower() == value.lower()), None)
            if match is None:
                errors.append((name, gettext("'%(value)s' is geen keuze voor %(label)s: kies uit %(choices)s.")
                               % {"value": value, "label": label, "choices": ", ".join(choices)}))
                continue
            value = match
        if kind in {"integer", "number"}:
            if "min" in spec and value < spec["min"]:
                errors.append((name, gettext("%(label)s %(value)s is kleiner dan %(min)s.")
                               % {"label": label, "value": value, "min": spec["min"]}))
                continue
            if "max" in spec and value > spec["max"]:
                errors.append((name, gettext("%(label)s %(value)s is groter dan %(max)s.")
                               % {"label": label, "value": value, "max": spec["max"]}))
                continue
        cleaned[name] = value
    return cleaned, errors
