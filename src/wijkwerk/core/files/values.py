"""File values as text and numbers, the way a person wrote them."""

import datetime as dt
import math

import numpy as np


def to_text(value) -> str | None:
    """A file value as text: 113.0 -> '113', True -> 'ja', a date as ISO; empty -> None."""
    if value is None:
        return None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return None
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.isoformat() if (value.hour, value.minute, value.second) != (0, 0, 0) else value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    return text or None


def parse_float(value, *, decimal_comma: bool = False) -> float:
    """A number from a file value: numbers as they are, text with a decimal point or (when
    `decimal_comma`, or when it is the only separator) a decimal comma; NaN when empty or not a number."""
    if value is None or isinstance(value, bool):
        return math.nan
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip().replace(" ", "")
    if decimal_comma or text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return math.nan


def parse_floats(values: list, decimal_comma: bool) -> np.ndarray:
    """`parse_float` for a column (vectorised when the values are numbers already)."""
    try:
        return np.array([np.nan if v is None else v for v in values], dtype=float)
    except (TypeError, ValueError):
        pass
    return np.fromiter((parse_float(v, decimal_comma=decimal_comma) for v in values), dtype=float,
                       count=len(values))
