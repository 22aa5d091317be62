"""Finding a column by its name or an alias, the way people name columns: Dutch or English, any
letter case, with or without spaces, dashes, underscores, dots and accents ("Aanleg-jaar",
"aanleg_jaar", "AANLEGJAAR" and "aanlegjaar" are one column; so are "Café" and "cafe").

One rule for every importer: `column_key` says when two names are the same column, `find_column`
picks the column for one field, `columns_by_alias` for many fields at once.
"""

import re
import unicodedata
from collections.abc import Iterable, Mapping

_SEPARATORS = re.compile(r"[\s\-_.]+")


def column_key(name) -> str:
    """The form in which column names are compared: accents removed, case folded, without spaces,
    dashes, underscores and dots."""
    text = unicodedata.normalize("NFKD", str(name or ""))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _SEPARATORS.sub("", text.casefold())


def find_column(columns: Iterable[str], aliases: str | Iterable[str], *, exclude: Iterable[str] = ()) -> str | None:
    """The column of `columns` that one of `aliases` names (a string is one alias), or None.

    Aliases are tried in their order (list the most specific first); for each, an exact name wins
    over one that matches by `column_key`; among columns with the same key the first one wins.
    Columns in `exclude` are skipped (already used for another field)."""
    if isinstance(aliases, str):
        aliases = (aliases,)
    skip = set(exclude)
    candidates = [c for c in columns if c not in skip]
    by_key: dict[str, str] = {}
    for column in candidates:
        by_key.setdefault(column_key(column), column)
    exact = set(candidates)
    for alias in aliases:
        if alias in exact:
            return alias
        found = by_key.get(column_key(alias))
        if found is not None:
            return found
    return None


def columns_by_alias(columns: Iterable[str], aliases: Mapping[str, str | Iterable[str]]) -> dict[str, str]:
    """{field: column} for every field of `aliases` ({field: its aliases}) that a column names. A
    column serves one field: fields are matched in the order of `aliases`, the first one wins."""
    columns = list(columns)
    found: dict[str, str] = {}
    for field, names in aliases.items():
        column = find_column(columns, names, exclude=found.values())
        if column is not None:
            found[field] = column
    return found


def missing_fields(found: Mapping[str, str], required: Iterable[str]) -> list[str]:
    """The required fields that `columns_by_alias` did not find, in the order given."""
    return [name for name in required if name not in found]
