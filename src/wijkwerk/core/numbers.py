"""Numbers and amounts as a municipal user writes and reads them.

Formatting follows the active language (Dutch: 1.199.985 and 0,005 %; English: 1,199,985 and 0.005%), the same
way the pages format numbers, so a PDF or a message says what the page says. `parse_amount` reads an amount the
way people type it: "€ 1.200.000", "1.200.000,50", "€1.200.000,-", "1 200 000" or plainly "1200000".
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _

# Spaces people and spreadsheets put in amounts: plain, no-break, narrow no-break, thin.
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']+")
_CURRENCY = re.compile(r"^(?:€|eur(?:o)?)|(?:€|eur(?:o)?)$", re.IGNORECASE)
_GROUPED = re.compile(r"^\d{1,3}(?:[.,]\d{3})+$")


def format_number(value, decimals: int = 0) -> str:
    """`value` with thousands grouping and `decimals` decimals, in the active language."""
    if value is None:
        return ""
    # number_format cuts digits off; a report rounds (66.666 -> 66,67, not 66,66).
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # no "-0"
    return formats.number_format(rounded, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def format_percent(fraction, decimals: int = 1) -> str:
    """A share (0.125) as a percentage ("12,5 %")."""
    if fraction is None:
        return ""
    return _("%(value)s %%") % {"value": format_number(float(fraction) * 100, decimals)}


def format_money(value, decimals: int = 0) -> str:
    """An amount in euros ("€ 1.199.985")."""
    if value is None:
        return ""
    return _("€ %(amount)s") % {"amount": format_number(value, decimals)}


def _not_an_amount(text: str) -> ValueError:
    return ValueError(_("'%(text)s' is geen bedrag. Schrijf bijvoorbeeld € 1.200.000 of 1200000,50.")
                      % {"text": text[:40]})


def _decimal_comma() -> bool:
    """Whether the active language writes 0,5 (Dutch) rather than 0.5 (English)."""
    return (get_language() or "nl").split("-")[0] != "en"


def parse_amount(text) -> Decimal:
    """The amount in `text` as a Decimal; ValueError with a message for the user when it is not one.

    With both a dot and a comma, the last one is the decimal separator. With only one kind, several of them
    are thousands separators; a single one is a decimal separator unless exactly three digits follow it and the
    language writes that separator between thousands (Dutch "1.200" is twelve hundred, "1,5" one and a half).
    """
    if isinstance(text, Decimal):
        return text
    if isinstance(text, int | float):
        return Decimal(str(text))
    raw = str(text or "").strip()
    cleaned = _SPACES.sub("", raw)
    cleaned = _CURRENCY.sub("", cleaned)
    cleaned = re.sub(r"[.,]-$", "", cleaned)  # "1.200.000,-"
    sign = ""
    if cleaned[:1] in "+-" and cleaned:
        sign, cleaned = ("-" if cleaned[0] == "-" else ""), cleaned[1:]
    cleaned = _CURRENCY.sub("", cleaned)  # "-€ 5"
    if not cleaned or not re.fullmatch(r"[\d.,]+", cleaned) or not cleaned[0].isdigit():
        raise _not_an_amount(raw)
    number = _normalise(cleaned)
    if number is None:
        raise _not_an_amount(raw)
    try:
        return Decimal(sign + number)
    except InvalidOperation as exc:
        raise _not_an_amount(raw) from exc


def _normalise(text: str) -> str | None:
    """`text` (digits, dots, commas) as a plain decimal string, or None when it is ambiguous or malformed."""
    if "." in text and "," in text:
        decimal_sep = "." if text.rfind(".") > text.rfind(",") else ","
        group_sep = "," if decimal_sep == "." else "."
        whole, _sep, fraction = text.rpartition(decimal_sep)
        if group_sep not in whole or not _GROUPED.match(whole) or decimal_sep in whole or not fraction.isdigit():
            return None
        return whole.replace(group_sep, "") + "." + fraction
    for sep in (".", ","):
        if sep not in text:
            continue
        parts = text.split(sep)
        if len(parts) > 2:
            return text.replace(sep, "") if _GROUPED.match(text) else None
        whole, fraction = parts
        if not whole or not fraction:
            return None
        groups_thousands = (sep == ".") == _decimal_comma()
        if groups_thousands and len(fraction) == 3 and len(whole) <= 3:
            return whole + fraction
        return whole + "." + fraction
    return text
