"""Search keys of an asset: what finds it by its source key (bronsleutel) or its street and number.

Two indexed columns of Asset hold them: `search_id` (from the external id) and `search_address` (from
the street and number among its attributes). A key is the text in lower case, without accents and
with nothing but the letters a-z and the digits 0-9 ("03.11|Teun de Jagerdreef|1" becomes
"0311teundejagerdreef1"). A search turns the query into a key the same way and looks for keys that
start with it: a range on the index (`key >= q and key < next(q)`), which every database and every
collation orders alike for these characters, so the lookup stays an index seek on a million assets.

Every writer of an asset (the file import, `asset_update`, the migration that added the columns)
calls these functions, so the keys always follow the data.
"""

import re
import unicodedata
from collections.abc import Iterable, Mapping

KEY_LENGTH = 100
_NOT_KEY = re.compile(r"[^0-9a-z]+")
# Attribute names (lower case) that hold a street or an address, and a number on that street, in
# order of preference. `street` is the shipped schema's name (the importer also maps straat,
# straatnaam and openbare_ruimte to it); the others are common columns kept as extra attributes.
STREET_NAMES = ("street", "straat", "straatnaam", "openbare_ruimte", "openbareruimte", "adres", "address",
                "locatie")
NUMBER_NAMES = ("huisnummer", "huisnr", "house_number", "housenumber", "nummer", "mast_number")
_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"


def search_key(value) -> str:
    """The key of a text: lower case, accents dropped, only a-z and 0-9, at most KEY_LENGTH."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a house number read from a spreadsheet as 12.0
    text = value if isinstance(value, str) else str(value)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_KEY.sub("", text.lower())[:KEY_LENGTH]


def id_key(external_id) -> str:
    return search_key(external_id)


def _first_key(values: Iterable) -> str:
    for value in values:
        key = search_key(value)
        if key:
            return key
    return ""


def address_key(streets: Iterable, numbers: Iterable = ()) -> str:
    """The key of the first filled street with the first filled number; empty without a street.
    `streets` and `numbers` are the values of the candidate attributes in order of preference."""
    street = _first_key(streets)
    if not street:
        return ""
    return (street + _first_key(numbers))[:KEY_LENGTH]


def address_names(names: Iterable[str]) -> tuple[list[str], list[str]]:
    """Which of these attribute names may hold the street and which the number, in order of preference."""
    by_lower: dict[str, str] = {}
    for name in names:
        by_lower.setdefault(str(name).lower(), name)
    return ([by_lower[n] for n in STREET_NAMES if n in by_lower],
            [by_lower[n] for n in NUMBER_NAMES if n in by_lower])


def attributes_address_key(attributes: Mapping | None) -> str:
    """The address key of an asset's attributes."""
    if not attributes:
        return ""
    streets, numbers = address_names(attributes.keys())
    if not streets:
        return ""
    return address_key((attributes.get(n) for n in streets), (attributes.get(n) for n in numbers))


def address_text(attributes: Mapping | None) -> str:
    """The street and number among these attributes as written there ("" without a street)."""
    if not attributes:
        return ""
    streets, numbers = address_names(attributes.keys())

    def first(names):
        return next((text for n in names if (text := str(attributes.get(n) or "").strip())), "")

    street = first(streets)
    return f"{street} {first(numbers)}".strip() if street else ""


def prefix_range(key: str) -> tuple[str, str | None]:
    """(lowest, above): the keys that start with `key` are those >= lowest and < above (no upper
    bound when `key` is all z's). Counting up stays inside the key alphabet (digits before letters),
    so the range means the same under the C collation and under linguistic ones."""
    chars = list(key)
    while chars:
        last = chars.pop()
        position = _ALPHABET.index(last)
        if position + 1 < len(_ALPHABET):
            return key, "".join(chars) + _ALPHABET[position + 1]
    return key, None
