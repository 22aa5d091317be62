"""From a read table to validated rows ready to write (no database writes here).

Vectorised where the work is per coordinate (shapely 2, pyproj, numpy); per distinct value where it
is per attribute (see rows.ValueCleaner); plain loops only to assemble each row's attributes.
"""

import hashlib
import json
from dataclasses import dataclass, field

import numpy as np
import shapely

from wijkwerk.core.geo import in_netherlands_wgs84, wgs84_to_rd

from .crs import crs_label, resolve_crs, to_wgs84_rounded
from .errors import ImportFileError
from .readers import RawTable
from .report import ImportReport
from .rows import (
    DEFAULT_ID_NAMES,
    ID_SEPARATOR,
    PURE_ID_NAMES,
    RESERVED_COLUMNS,
    TYPE_COLUMN_NAMES,
    ColumnPlan,
    ValueCleaner,
    attribute_name,
    clean_core,
    column_plan,
    core_plan,
    find_column,
    norm_name,
    to_text,
)

ALLOWED_GEOMETRY_TYPES = {0: "Point", 1: "LineString", 3: "Polygon", 4: "MultiPoint", 5: "MultiLineString",
                          6: "MultiPolygon"}
MAX_EXTERNAL_ID = 255


@dataclass
class PreparedRows:
    """Valid rows, column-wise. `row` is the 1-based row number in the file."""

    row: list[int]
    external_id: list[str]
    type_id: np.ndarray
    geometry: list[str]  # WGS84 GeoJSON text
    lon: np.ndarray
    lat: np.ndarray
    x: np.ndarray
    y: np.ndarray
    bounds: np.ndarray  # (n, 4) min_lon, min_lat, max_lon, max_lat
    buurt_id: np.ndarray
    wijk_id: np.ndarray
    outside: np.ndarray
    attributes: list[str]  # JSON text of the attributes the file gives
    core: list[dict]  # the core fields the file gives (quantity, unit, ...), cleaned
    fingerprint: list[str]
    plans: dict[int, ColumnPlan] = field(default_factory=dict)  # per type id
    crs: str = ""

    def __len__(self) -> int:
        return len(self.external_id)


def _resolve_type_column(table: RawTable, options, report: ImportReport) -> str | None:
    if options.type_field:
        column = find_column(table.columns, options.type_field)
        if column is None:
            raise ImportFileError(
                f"Kolom '{options.type_field}' (--type-field) bestaat niet; kolommen: {_columns_text(table)}."
            )
        return column
    normalised = {norm_name(c): c for c in reversed(table.columns)}
    for name in TYPE_COLUMN_NAMES:
        if name in normalised:
            report.messages.append(f"Het assettype is gelezen uit kolom '{normalised[name]}'.")
            return normalised[name]
    return None


def _columns_text(table: RawTable) -> str:
    cols = [c for c in table.columns]
    return ", ".join(cols[:15]) + (" ..." if len(cols) > 15 else "") if cols else "(geen)"


def _type_lookup(types: dict, type_map: dict | None):
    """value -> (type or None, message) for a type column."""
    by_code = {code.lower(): t for code, t in types.items()}
    by_label = {t.label.lower(): t for t in types.values()}
    mapped = {k.lower(): v for k, v in (type_map or {}).items()}
    cache: dict = {}

    def lookup(value):
        if value in cache:
            return cache[value]
        text = to_text(value)
        if text is None:
            result = (None, "Het assettype ontbreekt.")
        elif type_map is not None:
            code = type_map.get(text) or mapped.get(text.lower())
            result = (types[code], None) if code else (
                None, f"Waarde '{text}' staat niet in de typetabel; deze rij is niet ingelezen.")
        else:
            t = by_code.get(text.lower()) or by_label.get(text.lower())
            result = (t, None) if t else (
                None, f"Onbekend assettype '{text}'. Geldige codes: {', '.join(sorted(types))}.")
        cache[value] = result
        return result

    return lookup


def prepare_rows(*, table: RawTable, options, types: dict, type_map: dict | None, locator,
                 report: ImportReport) -> PreparedRows:
    n = table.n
    alive = np.ones(n, dtype=bool)

    def refuse(i: int, field_name: str, message: str) -> None:
        if alive[i]:
            alive[i] = False
        report.error(i + 1, field_name, message)

    # --- asset type per row
    type_ids = np.zeros(n, dtype=np.int64)
    type_column = None
    if options.asset_type:
        type_ids[:] = types[options.asset_type].id
    else:
        type_column = _resolve_type_column(table, options, report)
        if type_column is None:
            if type_map is not None:
                raise ImportFileError("Bij --type-map hoort --type-field: de kolom met de waarden uit de typetabel.")
            raise ImportFileError(
                "Geef het assettype op met --asset-type of met --type-field (en eventueel --type-map). "
                f"Geldige codes: {', '.join(sorted(types))}."
            )
        lookup = _type_lookup(types, type_map)
        for i, value in enumerate(table.data[type_column]):
            asset_type, message = lookup(value)
            if asset_type is None:
                refuse(i, type_column, message)
            else:
                type_ids[i] = asset_type.id

    # --- external id
    id_columns: list[str] = []
    for wanted in options.id_fields:
        column = find_column(table.columns, wanted)
        if column is None:
            raise ImportFileError(f"Kolom '{wanted}' (--id-field) bestaat niet; kolommen: {_columns_text(table)}.")
        id_columns.append(column)
    if not id_columns:
        normalised = {norm_name(c): c for c in reversed(table.columns)}
        default = next((normalised[name] for name in DEFAULT_ID_NAMES if name in normalised), None)
        if default is not None:
            id_columns = [default]
            report.messages.append(f"Geen --id-field opgegeven: kolom '{default}' is gebruikt als bronsleutel.")
    if id_columns:
        texts = [[to_text(v) for v in table.data[c]] for c in id_columns]
        if len(texts) == 1:
            external = texts[0]
        else:
            external = [
                None if all(p is None for p in parts) else ID_SEPARATOR.join(p or "" for p in parts)
                for parts in zip(*texts, strict=True)
            ]
        id_label = "+".join(id_columns)
        for i, ext in enumerate(external):
            if ext is None:
                refuse(i, id_label, "De bronsleutel is leeg; deze rij kan niet worden bijgewerkt en is niet ingelezen.")
            elif len(ext) > MAX_EXTERNAL_ID:
                refuse(i, id_label, f"De bronsleutel is langer dan {MAX_EXTERNAL_ID} tekens.")
    else:
        external = [str(i + 1) for i in range(n)]
        id_label = "rijnummer"
        report.messages.append(
            "Geen --id-field opgegeven en geen kolom id: het rijnummer is gebruikt als bronsleutel. "
            "Lees een bijgewerkt bestand daarom alleen opnieuw in als de volgorde gelijk is gebleven."
        )

    # --- geometry: CRS, reprojection, checks (vectorised)
    geoms = table.geometries
    missing = np.array([g is None for g in geoms], dtype=bool)
    for i in np.flatnonzero(missing):
        refuse(int(i), "geometrie", "De geometrie ontbreekt of is onleesbaar.")
    crs, notes = resolve_crs(table=table, option=options.crs)
    report.messages.extend(notes)
    geoms84 = to_wgs84_rounded(geoms, crs)
    type_codes = np.full(n, -1, dtype=np.int64)
    present = ~missing
    type_codes[present] = shapely.get_type_id(geoms84[present])
    empty = np.zeros(n, dtype=bool)
    empty[present] = shapely.is_empty(geoms84[present])
    bounds = np.full((n, 4), np.nan)
    ok = present & ~empty
    bounds[ok] = shapely.bounds(geoms84[ok])
    unsupported = present & ~np.isin(type_codes, list(ALLOWED_GEOMETRY_TYPES))
    not_finite = present & ~unsupported & ~empty & ~np.isfinite(bounds).all(axis=1)
    for i in np.flatnonzero(present & (unsupported | empty | not_finite)).tolist():
        if unsupported[i]:
            name = geoms84[i].geom_type
            refuse(i, "geometrie", f"Geometrietype {name} wordt niet ondersteund (punt, lijn of vlak).")
        elif empty[i]:
            refuse(i, "geometrie", "De geometrie is leeg.")
        else:
            refuse(i, "geometrie", "De coördinaten zijn ongeldig (leeg, oneindig of niet om te rekenen).")
    polygonal = np.flatnonzero(alive & np.isin(type_codes, (3, 6)))
    if len(polygonal):
        valid = shapely.is_valid(geoms84[polygonal])
        for i in polygonal[~valid]:
            reason = shapely.is_valid_reason(geoms84[i])
            refuse(int(i), "geometrie", f"Ongeldig vlak ({reason}).")
    lon = np.full(n, np.nan)
    lat = np.full(n, np.nan)
    points = alive & (type_codes == 0)
    lon[points] = shapely.get_x(geoms84[points])
    lat[points] = shapely.get_y(geoms84[points])
    others = np.flatnonzero(alive & (type_codes != 0))
    if len(others):
        centroids = shapely.centroid(geoms84[others])
        lon[others] = np.round(shapely.get_x(centroids), 7)
        lat[others] = np.round(shapely.get_y(centroids), 7)
    inside = in_netherlands_wgs84(lon, lat)
    for i in np.flatnonzero(alive & ~inside):
        refuse(int(i), "geometrie",
               f"Ligt buiten Nederland (lon {lon[i]:.5f}, lat {lat[i]:.5f}); klopt het coördinatenstelsel "
               f"({crs_label(crs)})? Geef anders --crs op.")

    # --- duplicates (the first row with an id wins)
    seen: dict[str, int] = {}
    for i in np.flatnonzero(alive).tolist():
        ext = external[i]
        first = seen.get(ext)
        if first is None:
            seen[ext] = i
        else:
            refuse(i, id_label, f"Bronsleutel '{ext}' komt al voor in rij {first + 1}; deze rij is niet ingelezen.")
    del seen

    # --- attributes and core fields, per asset type
    skip = set(table.consumed) | {c for c in table.columns if c in RESERVED_COLUMNS}
    if type_column:
        skip.add(type_column)
    skip |= {c for c in id_columns if norm_name(c) in PURE_ID_NAMES}
    attribute_columns = [c for c in table.columns if c not in skip]
    core = core_plan(attribute_columns)
    types_by_id = {t.id: t for t in types.values()}
    plans: dict[int, ColumnPlan] = {}
    attrs_by_row: dict[int, dict] = {}
    core_by_row: dict[int, dict] = {}
    core_cleaners: dict[str, dict] = {}
    for type_id in np.unique(type_ids[alive]).tolist():
        asset_type = types_by_id[type_id]
        plan = plans[type_id] = column_plan(attribute_columns, asset_type.schema or [], core)
        rows = np.flatnonzero(alive & (type_ids == type_id)).tolist()
        attrs = [{} for _ in rows]
        cores = [{} for _ in rows]
        bad: set[int] = set()
        for column, name in plan.schema_columns:
            values = table.data[column]
            cleaner = ValueCleaner(asset_type.schema, name)
            for k, i in enumerate(rows):
                v = values[i]
                if v is None:
                    continue
                value, message = cleaner(v)
                if message is not None:
                    report.error(i + 1, column, message)
                    bad.add(k)
                elif value is not None:
                    attrs[k][name] = value
        for column in plan.extra_columns:
            values = table.data[column]
            name = attribute_name(column)
            for k, i in enumerate(rows):
                v = values[i]
                if v is not None:
                    text = v.strip() if isinstance(v, str) else to_text(v)
                    if text:
                        attrs[k][name] = text
        for column, name in plan.core_columns:
            values = table.data[column]
            cache = core_cleaners.setdefault(column, {})
            for k, i in enumerate(rows):
                v = values[i]
                if v is None or (isinstance(v, str) and not v.strip()):
                    cores[k][name] = None
                    continue
                try:
                    value, message = cache[v]
                except (KeyError, TypeError):
                    value, message = clean_core(name, v)
                    try:
                        cache[v] = (value, message)
                    except TypeError:
                        pass
                if message is not None:
                    report.error(i + 1, column, message)
                    bad.add(k)
                else:
                    cores[k][name] = value
        for k, i in enumerate(rows):
            if k in bad:
                alive[i] = False
            else:
                attrs_by_row[i] = attrs[k]
                core_by_row[i] = cores[k]

    # --- assemble the valid rows
    keep = np.flatnonzero(alive)
    report.rejected = int(n - len(keep))
    lon_k, lat_k = lon[keep], lat[keep]
    x, y = wgs84_to_rd(lon_k, lat_k)
    x, y = np.round(x, 3), np.round(y, 3)
    buurt, wijk = locator.locate(lon_k, lat_k)
    outside = locator.outside(buurt, wijk)
    geometry_json = _geometry_json(geoms84[keep], type_codes[keep])
    keep_list = keep.tolist()
    type_k = type_ids[keep]
    signatures = {t: _plan_signature(p) for t, p in plans.items()}
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=str).encode
    attributes, fingerprints, cores = [], [], []
    md5 = hashlib.md5
    for k, i in enumerate(keep_list):
        attrs_text = dumps(attrs_by_row[i])
        core_values = core_by_row[i]
        attributes.append(attrs_text)
        cores.append(core_values)
        key = "\x1f".join((
            str(type_k[k]), signatures[int(type_k[k])], geometry_json[k], attrs_text,
            repr(sorted(core_values.items())) if core_values else "",
        ))
        fingerprints.append(md5(key.encode("utf-8"), usedforsecurity=False).hexdigest())
    outside_count = int(outside.sum())
    report.outside_areas = outside_count
    return PreparedRows(
        row=[i + 1 for i in keep_list],
        external_id=[external[i] for i in keep_list],
        type_id=type_k,
        geometry=geometry_json,
        lon=lon_k,
        lat=lat_k,
        x=x,
        y=y,
        bounds=bounds[keep],
        buurt_id=buurt,
        wijk_id=wijk,
        outside=outside,
        attributes=attributes,
        core=cores,
        fingerprint=fingerprints,
        plans=plans,
        crs=crs,
    )


def _plan_signature(plan: ColumnPlan) -> str:
    return ",".join(sorted(plan.targeted)) + ";" + ",".join(sorted(n for _, n in plan.core_columns))


def _geometry_json(geoms: np.ndarray, type_codes: np.ndarray) -> list[str]:
    """GeoJSON text per geometry; points formatted directly (fast path for large point files)."""
    out: list[str] = [""] * len(geoms)
    points = np.flatnonzero(type_codes == 0)
    if len(points):
        xs = shapely.get_x(geoms[points]).tolist()
        ys = shapely.get_y(geoms[points]).tolist()
        for k, px, py in zip(points.tolist(), xs, ys, strict=True):
            out[k] = f'{{"type":"Point","coordinates":[{px!r},{py!r}]}}'
    others = np.flatnonzero(type_codes != 0)
    if len(others):
        texts = shapely.to_geojson(geoms[others])
        for k, text in zip(others.tolist(), texts.tolist(), strict=True):
            out[k] = text
    return out
