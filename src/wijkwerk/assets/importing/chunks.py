"""From a read table to validated rows ready to write (no database writes here), phase two.

Phase two (`prepare_chunk`) cleans the attributes and core fields of a run of valid rows at a time,
per distinct value (see rows.ValueCleaner), so memory stays flat for a million rows, and gives each
row the fingerprint that tells an unchanged asset. Phase one, on the whole file, is
`prepare.prepare_table`.
"""

import hashlib
import json
from dataclasses import dataclass

from wijkwerk.assets.search_keys import address_key, address_names
from wijkwerk.core.files import to_text

from .prepare import PreparedTable
from .report import ImportReport
from .rows import ColumnPlan, ValueCleaner, attribute_name, clean_core

CACHE_LIMIT = 20_000  # distinct values remembered per column


@dataclass
class Chunk:
    """Phase two, for a run of valid rows: the attributes and core fields as they will be written."""

    rows: list[int]  # 0-based row indices into the table
    attributes: list[str]  # JSON text per row
    core: list[dict | None]  # the core fields the file gives (quantity, unit, ...), cleaned
    fingerprint: list[str]
    geometry: list[str]  # GeoJSON text per row
    search_address: list[str]  # the address search key per row (assets/search_keys.py)


def _fragment_cache(prepared: PreparedTable, type_id: int, column: str, name: str, schema_attribute: bool):
    """value -> (JSON fragment '"name":value' or None, error or None), remembered per distinct value."""
    key = (type_id, column)
    entry = prepared.cleaners.get(key)
    if entry is not None:
        return entry
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=str).encode
    prefix = encode(name) + ":"
    cache: dict = {}
    cleaner = ValueCleaner(prepared.types_by_id[type_id].schema, name) if schema_attribute else None

    def fragment(value):
        try:
            return cache[value]
        except KeyError:
            pass
        except TypeError:  # unhashable: no caching
            return compute(value)
        result = compute(value)
        if len(cache) < CACHE_LIMIT:  # columns with a value per row (ids, numbers) are not worth caching
            cache[value] = result
        return result

    def compute(value):
        if cleaner is not None:
            clean, message = cleaner(value)
            if message is not None:
                return None, message
        else:
            clean = value.strip() if isinstance(value, str) else to_text(value)
        if clean is None or clean == "":
            return None, None
        return prefix + encode(clean), None

    prepared.cleaners[key] = fragment
    return fragment


def prepare_chunk(prepared: PreparedTable, rows: list[int], report: ImportReport) -> Chunk:
    """Cleans attributes and core fields of valid rows `rows`; refuses rows with invalid values
    (marking them in prepared.alive). Returns the rows that remain, ready to write.

    Attributes are assembled as JSON text from per-value fragments (one encoding per distinct value),
    in the plan's column order: schema attributes first, then the file's other columns."""
    table = prepared.table
    type_ids = prepared.type_id
    attrs_text: dict[int, str] = {}
    core_by_row: dict[int, dict | None] = {}
    address_by_row: dict[int, str] = {}
    bad: set[int] = set()
    by_type: dict[int, list[int]] = {}
    for i, t in zip(rows, type_ids[rows].tolist(), strict=True):
        by_type.setdefault(t, []).append(i)
    for type_id, group in by_type.items():
        plan = prepared.plan_for(type_id)
        columns = [(c, name, True) for c, name in plan.schema_columns]
        columns += [(c, attribute_name(c), False) for c in plan.extra_columns]
        fragment_columns = []
        for column, name, schema_attribute in columns:
            values = table.data[column]
            fragment = _fragment_cache(prepared, type_id, column, name, schema_attribute)
            fragments = []
            append = fragments.append
            for i in group:
                v = values[i]
                if v is None:
                    append(None)
                    continue
                text, message = fragment(v)
                if message is not None:
                    report.error(i + 1, column, message)
                    bad.add(i)
                append(text)
            fragment_columns.append(fragments)
        if fragment_columns:
            texts = ["{" + ",".join([p for p in parts if p]) + "}" for parts in zip(*fragment_columns, strict=True)]
        else:
            texts = ["{}"] * len(group)
        cores: list[dict | None] = [None] * len(group)
        if plan.core_columns:
            cores = [{} for _ in group]
            for column, name in plan.core_columns:
                values = table.data[column]
                cache = prepared.core_cache.setdefault(column, {})
                for k, i in enumerate(group):
                    v = values[i]
                    if v is None or (isinstance(v, str) and not v.strip()):
                        cores[k][name] = None
                        continue
                    try:
                        value, message = cache[v]
                    except (KeyError, TypeError):
                        value, message = clean_core(name, v)
                        if len(cache) < CACHE_LIMIT:
                            try:
                                cache[v] = (value, message)
                            except TypeError:
                                pass
                    if message is not None:
                        report.error(i + 1, column, message)
                        bad.add(i)
                    else:
                        cores[k][name] = value
        addresses = _address_keys(table, columns, group)
        for k, i in enumerate(group):
            attrs_text[i] = texts[k]
            core_by_row[i] = cores[k]
            address_by_row[i] = addresses[k]
    if bad:
        for i in bad:
            prepared.alive[i] = False
        kept = [i for i in rows if i not in bad]
    else:
        kept = rows
    signatures = {t: _plan_signature(prepared.plan_for(t)) for t in by_type}
    md5 = hashlib.md5
    attributes = [attrs_text[i] for i in kept]
    cores = [core_by_row[i] for i in kept]
    geometries = [prepared.geometry_text(i) for i in kept]
    fingerprints = [
        md5("\x1f".join((str(t), signatures[t], geometry, text, repr(sorted(core.items())) if core else ""))
            .encode("utf-8"), usedforsecurity=False).hexdigest()
        for t, geometry, text, core in zip(type_ids[kept].tolist(), geometries, attributes, cores, strict=True)
    ]
    return Chunk(rows=kept, attributes=attributes, core=cores, fingerprint=fingerprints, geometry=geometries,
                 search_address=[address_by_row[i] for i in kept])


def _address_keys(table, columns: list[tuple[str, str, bool]], group: list[int]) -> list[str]:
    """The address search key of each row of `group`, from the file's values of the columns that become
    a street or number attribute (the same key `attributes_address_key` gives for the stored attributes),
    computed once per distinct combination."""
    by_name = {name: column for column, name, _ in columns}
    streets, numbers = address_names(by_name)
    if not streets:
        return [""] * len(group)
    street_values = [table.data[by_name[n]] for n in streets]
    number_values = [table.data[by_name[n]] for n in numbers]
    cache: dict = {}
    keys = []
    for i in group:
        parts = (tuple(v[i] for v in street_values), tuple(v[i] for v in number_values))
        try:
            key = cache[parts]
        except KeyError:
            key = address_key(*parts)
            if len(cache) < CACHE_LIMIT:
                cache[parts] = key
        except TypeError:  # an unhashable value
            key = address_key(*parts)
        keys.append(key)
    return keys


def _plan_signature(plan: ColumnPlan) -> str:
    return ",".join(sorted(plan.targeted)) + ";" + ",".join(sorted(n for _, n in plan.core_columns))
