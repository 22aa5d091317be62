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

from wijkwerk.areas.locate import AreaLocator
from wijkwerk.assets.models import Asset, AssetHistory, AssetType
from wijkwerk.core.audit import audit_log

from . import bulk_sql
from .errors import ImportFileError
from .options import ImportOptions, load_type_map
from .prepare import PreparedRows, prepare_rows
from .readers import read_table
from .report import ImportReport

INSERT_BATCH = 10_000
COMPARE_BATCH = 500
CORE_FIELDS = ("quantity", "unit", "installation_year", "condition", "condition_date")

UPDATE_COLUMNS = (
    "asset_type_id", "geometry", "lon", "lat", "x", "y", "min_lon", "min_lat", "max_lon", "max_lat",
    "buurt_id", "wijk_id", "outside_areas", "quantity", "unit", "installation_year", "condition",
    "condition_date", "attributes", "version", "updated", "source", "import_fingerprint", "import_version",
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
            f"Onbekend assettype '{options.asset_type}'. Geldige codes: {', '.join(sorted(types))}."
        )
    type_map = load_type_map(options.type_map)
    if type_map is not None:
        unknown = sorted({code for code in type_map.values() if code not in types})
        if unknown:
            raise ImportFileError(
                f"De typetabel noemt onbekende assettype-code(s) {', '.join(unknown)}. "
                f"Geldige codes: {', '.join(sorted(types))}."
            )
    progress(0.02)
    table = read_table(path, encoding=options.encoding)
    report.read = table.n
    report.messages.extend(table.messages)
    progress(0.15)
    locator = AreaLocator.for_gemeente(gemeente)
    prepared = prepare_rows(table=table, options=options, types=types, type_map=type_map, locator=locator,
                            report=report)
    del table
    if not locator.has_areas:
        report.messages.append("Deze gemeente heeft nog geen wijken of buurten; importeer die met "
                               "import-areas, dan worden de assets er alsnog in geplaatst.")
    progress(0.35)
    types_by_id = {t.id: t for t in types.values()}
    if options.dry_run:
        _upsert(gemeente=gemeente, prepared=prepared, report=report, types_by_id=types_by_id, source=path.name,
                actor=actor, write=False, progress=progress)
    else:
        with transaction.atomic():
            _upsert(gemeente=gemeente, prepared=prepared, report=report, types_by_id=types_by_id,
                    source=path.name, actor=actor, write=True, progress=progress)
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
    report.write_error_csv(prefix=f"import-{gemeente.slug}")
    progress(1.0)
    return report


def _load_existing(gemeente) -> dict[str, tuple[int, int, str, int]]:
    """{external_id: (id, version, import_fingerprint, import_version)} of the gemeente's assets."""
    table = connection.ops.quote_name(Asset._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT external_id, id, version, import_fingerprint, import_version FROM {table} "
            "WHERE gemeente_id = %s",
            [gemeente.pk],
        )
        existing = {}
        while True:
            chunk = cursor.fetchmany(50_000)
            if not chunk:
                break
            for ext, pk, version, fingerprint, import_version in chunk:
                existing[ext] = (pk, version, fingerprint, import_version)
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


def _upsert(*, gemeente, prepared: PreparedRows, report: ImportReport, types_by_id: dict, source: str, actor,
            write: bool, progress) -> None:
    if write:
        # Serialise imports per gemeente (PostgreSQL; SQLite already allows one writer at a time).
        type(gemeente).objects.select_for_update().filter(pk=gemeente.pk).first()
    existing = _load_existing(gemeente)
    fingerprints = prepared.fingerprint
    new_rows: list[int] = []
    compare: list[tuple[int, int]] = []  # (row index in prepared, asset pk)
    unchanged = 0
    for k, ext in enumerate(prepared.external_id):
        found = existing.get(ext)
        if found is None:
            new_rows.append(k)
        elif found[2] == fingerprints[k] and found[3] == found[1]:
            unchanged += 1
        else:
            compare.append((k, found[0]))
    del existing
    updates, refresh, history = _compare(prepared, compare, types_by_id, source=source, actor=actor)
    report.created = len(new_rows)
    report.updated = len(updates)
    report.unchanged = unchanged + len(refresh)
    progress(0.4)
    if not write:
        return

    now = timezone.now()
    now_db = connection.ops.adapt_datetimefield_value(now)
    adapt_date = connection.ops.adapt_datefield_value
    table = Asset._meta.db_table
    g_id = gemeente.pk
    total = max(len(new_rows), 1)
    for start in range(0, len(new_rows), INSERT_BATCH):
        batch = new_rows[start:start + INSERT_BATCH]
        bulk_sql.insert_rows(table, bulk_sql.ASSET_INSERT_COLUMNS,
                             _insert_tuples(prepared, batch, types_by_id, g_id, now_db, adapt_date, source))
        progress(0.4 + 0.5 * min(start + INSERT_BATCH, total) / total)
    if updates:
        rows = []
        for pk, values in updates:
            values["updated"] = now_db
            values["condition_date"] = adapt_date(values["condition_date"])
            rows.append(tuple(values[c] for c in UPDATE_COLUMNS) + (pk,))
        bulk_sql.update_rows(table, UPDATE_COLUMNS, rows, json_columns={"geometry", "attributes"})
        for entry in history:
            entry.at = now
        AssetHistory.objects.bulk_create(history, batch_size=1000)
    if refresh:
        bulk_sql.update_rows(table, ("import_fingerprint", "import_version"), refresh)
    progress(0.98)


def _insert_tuples(prepared: PreparedRows, batch, types_by_id, g_id, now_db, adapt_date, source):
    lon, lat, x, y = prepared.lon, prepared.lat, prepared.x, prepared.y
    bounds = prepared.bounds
    buurt, wijk, outside = prepared.buurt_id, prepared.wijk_id, prepared.outside
    idx = np.asarray(batch, dtype=np.int64)
    lon_l, lat_l, x_l, y_l = lon[idx].tolist(), lat[idx].tolist(), x[idx].tolist(), y[idx].tolist()
    b_l = bounds[idx].tolist()
    buurt_l, wijk_l, out_l = buurt[idx].tolist(), wijk[idx].tolist(), outside[idx].tolist()
    type_l = prepared.type_id[idx].tolist()
    one = Decimal("1.00")
    for j, k in enumerate(batch):
        type_id = type_l[j]
        core = prepared.core[k]
        if core:
            quantity = core.get("quantity")
            unit = core.get("unit")
            condition_date = core.get("condition_date")
            year, condition = core.get("installation_year"), core.get("condition")
        else:
            quantity = unit = condition_date = year = condition = None
        bb = b_l[j]
        yield (
            g_id, type_id, prepared.external_id[k], prepared.geometry[k], lon_l[j], lat_l[j], x_l[j], y_l[j],
            bb[0], bb[1], bb[2], bb[3], buurt_l[j] or None, wijk_l[j] or None, out_l[j],
            str(quantity if quantity is not None else one), unit or types_by_id[type_id].default_unit,
            year, condition, adapt_date(condition_date) if condition_date else None, prepared.attributes[k],
            1, now_db, now_db, source[:255], prepared.fingerprint[k], 1,
        )


def _compare(prepared: PreparedRows, compare: list[tuple[int, int]], types_by_id: dict, *, source: str, actor):
    """Field-by-field comparison for rows whose fingerprint does not prove them unchanged."""
    updates: list[tuple[int, dict]] = []
    refresh: list[tuple[str, int, int]] = []
    history: list[AssetHistory] = []
    fields = ("id", "asset_type_id", "geometry", "quantity", "unit", "installation_year", "condition",
              "condition_date", "attributes", "version", "buurt_id", "wijk_id", "outside_areas")
    for start in range(0, len(compare), COMPARE_BATCH):
        batch = compare[start:start + COMPARE_BATCH]
        olds = {row["id"]: row for row in Asset.objects.filter(id__in=[pk for _, pk in batch]).values(*fields)}
        for k, pk in batch:
            old = olds[pk]
            new_type = int(prepared.type_id[k])
            plan = prepared.plans[new_type]
            changes: dict[str, list] = {}
            if old["asset_type_id"] != new_type:
                changes["type"] = [types_by_id[old["asset_type_id"]].code, types_by_id[new_type].code]
            new_geometry = json.loads(prepared.geometry[k])
            geometry_changed = not _same_geometry(old["geometry"], new_geometry)
            if geometry_changed:
                changes["geometry"] = [old["geometry"], new_geometry]
            file_attrs = json.loads(prepared.attributes[k])
            old_attrs = old["attributes"] or {}
            merged = {key: value for key, value in old_attrs.items() if key not in plan.targeted}
            merged.update(file_attrs)
            for key in list(dict.fromkeys([*old_attrs, *merged])):
                before, after = old_attrs.get(key), merged.get(key)
                if before != after:
                    changes[key] = [before, after]
            core = prepared.core[k]
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
                refresh.append((prepared.fingerprint[k], old["version"], pk))
                continue
            version = old["version"] + 1
            bb = prepared.bounds[k]
            values = {
                "asset_type_id": new_type,
                "geometry": json.dumps(new_geometry if geometry_changed else old["geometry"]),
                "lon": float(prepared.lon[k]), "lat": float(prepared.lat[k]),
                "x": float(prepared.x[k]), "y": float(prepared.y[k]),
                "min_lon": float(bb[0]), "min_lat": float(bb[1]), "max_lon": float(bb[2]), "max_lat": float(bb[3]),
                "buurt_id": int(prepared.buurt_id[k]) or None, "wijk_id": int(prepared.wijk_id[k]) or None,
                "outside_areas": bool(prepared.outside[k]),
                "quantity": str(new_core["quantity"]), "unit": new_core["unit"],
                "installation_year": new_core["installation_year"], "condition": new_core["condition"],
                "condition_date": new_core["condition_date"],
                "attributes": json.dumps(merged, ensure_ascii=False),
                "version": version, "source": source[:255],
                "import_fingerprint": prepared.fingerprint[k], "import_version": version,
            }
            if not geometry_changed:
                values["lon"], values["lat"] = None, None  # filled below from the old row's location
            updates.append((pk, values))
            history.append(AssetHistory(asset_id=pk, kind=AssetHistory.Kind.UPDATED, changes=changes,
                                        source=source[:255], actor=actor if _is_user(actor) else None))
    # Unchanged geometry: keep the stored location fields too (they may come from another source).
    keep_location = [pk for pk, values in updates if values["lon"] is None]
    if keep_location:
        stored = {}
        for start in range(0, len(keep_location), COMPARE_BATCH):
            for row in Asset.objects.filter(id__in=keep_location[start:start + COMPARE_BATCH]).values(
                    "id", "lon", "lat", "x", "y", "min_lon", "min_lat", "max_lon", "max_lat"):
                stored[row["id"]] = row
        for pk, values in updates:
            if values["lon"] is None:
                row = stored[pk]
                for name in ("lon", "lat", "x", "y", "min_lon", "min_lat", "max_lon", "max_lat"):
                    values[name] = row[name]
    return updates, refresh, history


def _is_user(actor) -> bool:
    return bool(getattr(actor, "is_authenticated", False))
