"""The import service: read, prepare, and upsert by external id in one transaction.

Unchanged rows are recognised by a hash of the imported row (`Asset.import_fingerprint`), valid while
the asset's version is the one the import wrote; otherwise the stored fields are compared one by one.
New assets are written with bulk inserts (see bulk_sql); an update bumps the asset's version and
appends an AssetHistory entry with {field: [old, new]}.
"""

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import numpy as np
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wijkwerk.areas.locate import AreaLocator
from wijkwerk.assets.models import Asset, AssetHistory, AssetType
from wijkwerk.assets.search_keys import attributes_address_key, id_key
from wijkwerk.core.audit import audit_log
from wijkwerk.core.files import BATCH_SIZE, batched, read_table

from . import bulk_sql
from .chunks import prepare_chunk
from .errors import ImportFileError
from .options import ImportOptions, load_type_map
from .prepare import PreparedTable, prepare_table
from .report import ImportReport

CHUNK_SIZE = 20_000  # rows cleaned and written at a time (bulk writes: executemany / COPY, no IN lists)
COMPARE_BATCH = BATCH_SIZE  # assets read back per query for the field-by-field comparison
CORE_FIELDS = ("quantity", "unit", "installation_year", "condition", "condition_date")

HISTORY_COLUMNS = ("asset_id", "at", "kind", "changes", "source", "actor_id")
UPDATE_COLUMNS = (
    "asset_type_id", "geometry", "lon", "lat", "x", "y", "min_lon", "min_lat", "max_lon", "max_lat",
    "buurt_id", "wijk_id", "outside_areas", "quantity", "unit", "installation_year", "condition",
    "condition_date", "attributes", "version", "updated", "source", "import_fingerprint", "import_version",
    "search_address",
)


def _noop(_fraction: float) -> None:
    return None


def assets_import(
    *,
    gemeente,
    path: str | Path,
    options: ImportOptions,
    actor=None,
    origin: str = "system",
    progress: Callable[[float], None] | None = None,
) -> ImportReport:
    """Imports a file of assets into `gemeente`. Raises ImportFileError when the file cannot be read."""
    path = Path(path)
    progress = progress or _noop
    report = ImportReport(file_name=path.name, dry_run=options.dry_run)
    types = {t.code: t for t in AssetType.objects.all()}
    if options.asset_type and options.asset_type not in types:
        raise ImportFileError(
            _("Onbekend assettype '%(value)s'. Geldige codes: %(codes)s.")
            % {"value": options.asset_type, "codes": ", ".join(sorted(types))}
        )
    type_map = load_type_map(options.type_map)
    if type_map is not None:
        unknown = sorted({code for code in type_map.values() if code not in types})
        if unknown:
            raise ImportFileError(
                ngettext("De typetabel noemt een onbekende assettype-code: %(unknown)s. Geldige codes: %(codes)s.",
                         "De typetabel noemt onbekende assettype-codes: %(unknown)s. Geldige codes: %(codes)s.",
                         len(unknown)) % {"unknown": ", ".join(unknown), "codes": ", ".join(sorted(types))}
            )
    progress(0.02)
    table = read_table(path, encoding=options.encoding)
    report.read = table.n
    report.messages.extend(table.messages)
    progress(0.1)
    locator = AreaLocator.for_gemeente(gemeente)
    prepared = prepare_table(table=table, options=options, types=types, type_map=type_map, locator=locator,
                             report=report)
    del table
    if not locator.has_areas:
        report.messages.append(_("Deze gemeente heeft nog geen wijken of buurten; importeer die met "
                                 "import-areas, dan worden de assets er alsnog in geplaatst."))
    progress(0.25)
    if options.dry_run:
        _upsert(gemeente=gemeente, prepared=prepared, report=report, source=path.name, actor=actor, write=False,
                progress=progress)
    else:
        with transaction.atomic():
            _upsert(gemeente=gemeente, prepared=prepared, report=report, source=path.name, actor=actor,
                    write=True, progress=progress)
            audit_log(
                action="assets.import",
                actor=actor,
                gemeente=gemeente,
                object_type="assets.asset",
                origin=origin,
                detail={
                    "file": path.name,
                    "read": report.read,
                    "created": report.created,
                    "updated": report.updated,
                    "unchanged": report.unchanged,
                    "rejected": report.rejected,
                    "outside_areas": report.outside_areas,
                    "options": options.as_dict() | {"type_map": bool(options.type_map)},
                },
            )
    report.sort_errors()
    report.write_error_csv(prefix=f"import-{gemeente.slug}")
    progress(1.0)
    return report


def _load_existing(gemeente) -> dict[str, tuple[int, str]]:
    """{external_id: (id, fingerprint)} of the gemeente's assets. The fingerprint is '' unless the
    asset is still exactly as an import wrote it (version == import_version)."""
    table = connection.ops.quote_name(Asset._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT external_id, id, CASE WHEN version = import_version THEN import_fingerprint ELSE '' END "
            f"FROM {table} WHERE gemeente_id = %s",
            [gemeente.pk],
        )
        existing = {}
        while True:
            chunk = cursor.fetchmany(50_000)
            if not chunk:
                break
            for ext, pk, fingerprint in chunk:
                existing[ext] = (pk, fingerprint)
    return existing


def _round_coordinates(value):
    if isinstance(value, float):
        return round(value, 7)
    if isinstance(value, list):
        return [_round_coordinates(v) for v in value]
    return value


def _same_geometry(old: dict, new: dict) -> bool:
    if not isinstance(old, dict):
        return False
    return old.get("type") == new.get("type") and _round_coordinates(old.get("coordinates")) == new.get(
        "coordinates")


def _plain(value):
    """A value as it goes into the history's JSON."""
    if isinstance(value, Decimal):
        return float(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _upsert(*, gemeente, prepared: PreparedTable, report: ImportReport, source: str, actor, write: bool,
            progress) -> None:
    if write:
        # Serialise imports per gemeente (PostgreSQL; SQLite already allows one writer at a time).
        type(gemeente).objects.select_for_update().filter(pk=gemeente.pk).first()
        bulk_sql.tune_connection_for_bulk()
    existing = _load_existing(gemeente)
    now = timezone.now()
    now_db = connection.ops.adapt_datetimefield_value(now)
    adapt_date = connection.ops.adapt_datefield_value
    table = Asset._meta.db_table
    rows = np.flatnonzero(prepared.alive).tolist()
    total = max(len(rows), 1)
    external = prepared.external_id
    # New assets are inserted on a second thread while this one prepares the next chunk.
    inserter = bulk_sql.BackgroundInserter(table, bulk_sql.ASSET_INSERT_COLUMNS) if write else None
    try:
        for start in range(0, len(rows), CHUNK_SIZE):
            chunk = prepare_chunk(prepared, rows[start:start + CHUNK_SIZE], report)
            new: list[int] = []
            compare: list[tuple[int, int]] = []  # (position in chunk, asset pk)
            for j, i in enumerate(chunk.rows):
                found = existing.get(external[i])
                if found is None:
                    new.append(j)
                elif found[1] == chunk.fingerprint[j]:
                    report.unchanged += 1
                else:
                    compare.append((j, found[0]))
            if compare and inserter is not None:
                inserter.wait()  # the comparison reads the database
            updates, refresh, history = _compare(prepared, chunk, compare, source=source, actor=actor)
            report.created += len(new)
            report.updated += len(updates)
            report.unchanged += len(refresh)
            if inserter is not None:
                if updates or refresh:
                    inserter.wait()
                    _write_updates(table, updates, refresh, history, now, now_db, adapt_date)
                if new:
                    inserter.submit(_insert_tuples(prepared, chunk, new, gemeente.pk, now_db, adapt_date, source))
            progress(0.25 + 0.73 * min(start + CHUNK_SIZE, total) / total)
    finally:
        if inserter is not None:
            inserter.close()
    report.rejected = int(len(prepared.alive) - prepared.alive.sum())
    report.outside_areas = int((prepared.outside & prepared.alive).sum())
    type_ids, counts = np.unique(prepared.type_id[prepared.alive], return_counts=True)
    report.by_type = {prepared.types_by_id[int(t)].code: int(n) for t, n in zip(type_ids, counts, strict=True)}


def _write_updates(table, updates, refresh, history, now, now_db, adapt_date) -> None:
    if updates:
        values = []
        for pk, update in updates:
            update["updated"] = now_db
            update["condition_date"] = adapt_date(update["condition_date"])
            values.append(tuple(update[c] for c in UPDATE_COLUMNS) + (pk,))
        bulk_sql.update_rows(table, UPDATE_COLUMNS, values)
        at = connection.ops.adapt_datetimefield_value(now)
        bulk_sql.insert_rows(
            AssetHistory._meta.db_table, HISTORY_COLUMNS,
            [(pk, at, AssetHistory.Kind.UPDATED.value, changes, source, actor_id)
             for pk, changes, source, actor_id in history],
        )
    if refresh:
        bulk_sql.update_rows(table, ("import_fingerprint", "import_version"), refresh)


def _insert_tuples(prepared: PreparedTable, chunk, positions, g_id, now_db, adapt_date, source):
    idx = np.asarray([chunk.rows[j] for j in positions], dtype=np.int64)
    lon_l, lat_l = prepared.lon[idx].tolist(), prepared.lat[idx].tolist()
    x_l, y_l = prepared.x[idx].tolist(), prepared.y[idx].tolist()
    bounds_l = prepared.bounds[idx].tolist() if prepared.bounds is not None else None
    buurt_l, wijk_l = prepared.buurt_id[idx].tolist(), prepared.wijk_id[idx].tolist()
    out_l, type_l = prepared.outside[idx].tolist(), prepared.type_id[idx].tolist()
    default_units = {t: prepared.types_by_id[t].default_unit for t in set(type_l)}
    source = source[:255]
    one = "1.00"
    for n, j in enumerate(positions):
        core = chunk.core[j]
        if core:
            quantity, unit = core.get("quantity"), core.get("unit")
            year, condition, condition_date = core.get("installation_year"), core.get("condition"), core.get(
                "condition_date")
            quantity = one if quantity is None else str(quantity)
            condition_date = adapt_date(condition_date) if condition_date else None
        else:
            quantity, unit, year, condition, condition_date = one, None, None, None, None
        lon, lat = lon_l[n], lat_l[n]
        bb = bounds_l[n] if bounds_l is not None else (lon, lat, lon, lat)
        external = prepared.external_id[chunk.rows[j]]
        yield (
            g_id, type_l[n], external, chunk.geometry[j], lon, lat, x_l[n], y_l[n],
            bb[0], bb[1], bb[2], bb[3], buurt_l[n] or None, wijk_l[n] or None, out_l[n],
            quantity, unit or default_units[type_l[n]], year, condition, condition_date, chunk.attributes[j],
            1, now_db, now_db, source, chunk.fingerprint[j], 1, id_key(external), chunk.search_address[j],
        )


def _compare(prepared: PreparedTable, chunk, compare: list[tuple[int, int]], *, source: str, actor):
    """Field-by-field comparison for rows whose fingerprint does not prove them unchanged."""
    updates: list[tuple[int, dict]] = []
    refresh: list[tuple[str, int, int]] = []
    history: list[tuple] = []  # (asset id, changes JSON, source, actor id)
    types_by_id = prepared.types_by_id
    fields = ("id", "asset_type_id", "geometry", "quantity", "unit", "installation_year", "condition",
              "condition_date", "attributes", "version", "lon", "lat", "x", "y", "min_lon", "min_lat", "max_lon",
              "max_lat")
    for batch in batched(compare, COMPARE_BATCH):
        olds = {row["id"]: row for row in Asset.objects.filter(id__in=[pk for _, pk in batch]).values(*fields)}
        for j, pk in batch:
            i = chunk.rows[j]
            old = olds[pk]
            new_type = int(prepared.type_id[i])
            plan = prepared.plan_for(new_type)
            changes: dict[str, list] = {}
            if old["asset_type_id"] != new_type:
                changes["type"] = [types_by_id[old["asset_type_id"]].code, types_by_id[new_type].code]
            new_geometry = json.loads(chunk.geometry[j])
            geometry_changed = not _same_geometry(old["geometry"], new_geometry)
            if geometry_changed:
                changes["geometry"] = [old["geometry"], new_geometry]
            old_attrs = old["attributes"] or {}
            merged = {key: value for key, value in old_attrs.items() if key not in plan.targeted}
            merged.update(json.loads(chunk.attributes[j]))
            for key in dict.fromkeys([*old_attrs, *merged]):
                before, after = old_attrs.get(key), merged.get(key)
                if before != after:
                    changes[key] = [before, after]
            core = chunk.core[j] or {}
            new_core = {}
            for name in CORE_FIELDS:
                before = old[name]
                after = core[name] if name in core else before
                if name == "quantity" and after is None:
                    after = Decimal("1.00")
                if name == "unit" and not after:
                    after = types_by_id[new_type].default_unit
                new_core[name] = after
                if before != after:
                    changes[name] = [_plain(before), _plain(after)]
            if not changes:
                refresh.append((chunk.fingerprint[j], old["version"], pk))
                continue
            version = old["version"] + 1
            if geometry_changed:
                min_lon, min_lat, max_lon, max_lat = prepared.bbox(i)
                location = {"lon": float(prepared.lon[i]), "lat": float(prepared.lat[i]),
                            "x": float(prepared.x[i]), "y": float(prepared.y[i]),
                            "min_lon": min_lon, "min_lat": min_lat, "max_lon": max_lon, "max_lat": max_lat}
            else:  # keep the stored location fields (the geometry may come from another source)
                location = {k: old[k] for k in ("lon", "lat", "x", "y", "min_lon", "min_lat", "max_lon", "max_lat")}
            updates.append((pk, {
                "asset_type_id": new_type,
                "geometry": json.dumps(new_geometry if geometry_changed else old["geometry"]),
                **location,
                "buurt_id": int(prepared.buurt_id[i]) or None, "wijk_id": int(prepared.wijk_id[i]) or None,
                "outside_areas": bool(prepared.outside[i]),
                "quantity": str(new_core["quantity"]), "unit": new_core["unit"],
                "installation_year": new_core["installation_year"], "condition": new_core["condition"],
                "condition_date": new_core["condition_date"],
                "attributes": json.dumps(merged, ensure_ascii=False),
                "version": version, "source": source[:255],
                "import_fingerprint": chunk.fingerprint[j], "import_version": version,
                "search_address": attributes_address_key(merged),
            }))
            history.append((pk, json.dumps(changes, ensure_ascii=False, default=str), source[:255],
                            actor.pk if _is_user(actor) else None))
    return updates, refresh, history


def _is_user(actor) -> bool:
    return bool(getattr(actor, "is_authenticated", False))
