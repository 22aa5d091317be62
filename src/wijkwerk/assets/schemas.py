"""Validation of an asset's attributes against its type's schema."""

from typing import Any


def _parse_number(value: Any) -> float:
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, (int, float)):
        return float(value)
    return float(str(value).strip().replace(",", "."))


def clean_attributes(schema: list[dict], raw: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Returns (cleaned attributes, [(attribute, Dutch message), ...]).

    Empty values are dropped; attributes outside the schema are kept as text (a file's extra
    columns are the manager's information too).
    """
    fields = {f["name"]: f for f in schema}
    cleaned: dict[str, Any] = {}
    errors: list[tuple[str, str]] = []
    for name, value in raw.items():
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        spec = fields.get(name)
        if spec is None:
            cleaned[name] = value if isinstance(value, (int, float, bool)) else str(value).strip()
            continue
        kind = spec["type"]
        try:
            if kind == "integer":
                number = _parse_number(value)
                if number != int(number):
                    raise ValueError
                value = int(number)
            elif kind == "number":
                value = _parse_number(value)
                if value != value:  # NaN
                    raise ValueError
            elif kind == "boolean":
                text = str(value).strip().lower()
                if text not in {"ja", "nee", "true", "false", "1", "0"}:
                    raise ValueError
                value = text in {"ja", "true", "1"}
            else:
                value = str(value).strip()
        except (TypeError, ValueError):
            expected = {"integer": "een geheel getal", "number": "een getal", "boolean": "ja of nee"}[kind]
            errors.append((name, f"'{value}' is geen geldige waarde voor {spec['label']}: verwacht {expected}."))
            continue
        if kind == "choice":
            choices = spec.get("choices", [])
            match = next((c for c in choices if c.lower() == value.lower()), None)
            if match is None:
                errors.append((name, f"'{value}' is geen keuze voor {spec['label']}: kies uit {', '.join(choices)}."))
                continue
            value = match
        if kind in {"integer", "number"}:
            if "min" in spec and value < spec["min"]:
                errors.append((name, f"{spec['label']} {value} is kleiner dan {spec['min']}."))
                continue
            if "max" in spec and value > spec["max"]:
                errors.append((name, f"{spec['label']} {value} is groter dan {spec['max']}."))
                continue
        cleaned[name] = value
    return cleaned, errors
