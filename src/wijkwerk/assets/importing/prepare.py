"""From a read table to validated rows ready to write (no database writes here), phase one.

Phase one (`prepare_table`) works on the whole file at once and is vectorised: types, external ids,
CRS and reprojection (pyproj), geometry checks and centroids (shapely 2), RD New, buurt and wijk
(AreaLocator). Phase two (`chunks.prepare_chunk`) cleans attributes for a run of rows at a time, per
distinct value (see rows.ValueCleaner), so memory stays flat for a million rows.
"""

from dataclasses import dataclass, field

import numpy as np
import shapely
from django.utils.translation import gettext as _

from wijkwerk.core.files import (
    RawTable,
    column_key,
    coordinate_problems,
    crs_label,
    find_column,
    outside_message,
    resolve_crs,
    to_text,
    to_wgs84_rounded,
)
from wijkwerk.core.geo import in_netherlands_wgs84, wgs84_to_rd

from .errors import ImportFileError
from .report import MAX_TYPE_VALUES, ImportReport
from .rows import (
    DEFAULT_ID_NAMES,
    ID_SEPARATOR,
    PURE_ID_NAMES,
    RESERVED_COLUMNS,
    TYPE_COLUMN_NAMES,
    ColumnPlan,
    column_plan,
    core_plan,
)

ALLOWED_GEOMETRY_TYPES = {0: "Point", 1: "LineString", 3: "Polygon", 4: "MultiPoint", 5: "MultiLineString",
                          6: "MultiPolygon"}
MAX_EXTERNAL_ID = 255


def _resolve_type_column(table: RawTable, options, report: ImportReport) -> str | None:
    if options.type_field:
        column = find_column(table.columns, options.type_field)
        if column is None:
            raise ImportFileError(
                _("Kolom '%(column)s' (--type-field) bestaat niet; kolommen: %(columns)s.")
                % {"column": options.type_field, "columns": _columns_text(table)}
            )
        return column
    column = find_column(table.columns, TYPE_COLUMN_NAMES)
    if column is not None:
        report.messages.append(_("Het assettype is gelezen uit kolom '%(column)s'.") % {"column": column})
    return column


def _columns_text(table: RawTable) -> str:
    cols = [c for c in table.columns]
    return ", ".join(cols[:15]) + (" ..." if len(cols) > 15 else "") if cols else _("(geen)")


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
            result = (None, _("Het assettype ontbreekt."))
        elif type_map is not None:
            code = type_map.get(text) or mapped.get(text.lower())
            result = (types[code], None) if code else (
                None, _("Waarde '%(value)s' staat niet in de typetabel; deze rij is niet ingelezen.") % {"value": text})
        else:
            t = by_code.get(text.lower()) or by_label.get(text.lower())
            result = (t, None) if t else (None, _("Onbekende soort '%(value)s'.") % {"value": text})
        cache[value] = result
        return result

    return lookup


def _report_type_values(report: ImportReport, column: str, values, lookup, types: dict, type_map) -> None:
    """Puts the type column's distinct values (most rows first), their row counts and the type each
    became in the report: the import page offers a choice of type for each of them."""
    counts: dict = {}
    for value in values:
        try:
            counts[value] = counts.get(value, 0) + 1
        except TypeError:  # an unhashable value counts as its text
            counts[to_text(value)] = counts.get(to_text(value), 0) + 1
    by_text: dict[str, list] = {}
    for value, n in counts.items():
        text = to_text(value)
        if text is None:
            continue
        asset_type, _message = lookup(value)
        entry = by_text.setdefault(text, [0, asset_type.code if asset_type else None])
        entry[0] += n
    ordered = sorted(by_text.items(), key=lambda item: (-item[1][0], item[0]))
    report.type_column = column
    report.type_values = [{"value": text, "count": n, "type": code} for text, (n, code) in ordered[:MAX_TYPE_VALUES]]
    report.type_values_more = max(0, len(ordered) - MAX_TYPE_VALUES)
    if type_map is None and any(code is None for _text, (_n, code) in ordered):
        report.valid_codes = sorted(types)


@dataclass
class PreparedTable:
    """Phase one (whole file, vectorised): which rows are valid so far, and per row its type, external
    id, location and areas. Attributes are cleaned per chunk in phase two (`prepare_chunk`)."""

    table: RawTable
    alive: np.ndarray  # bool per row
    type_id: np.ndarray  # int64 per row
    external_id: list  # str (or None) per row
    lon: np.ndarray
    lat: np.ndarray
    x: np.ndarray  # RD New
    y: np.ndarray
    bounds: np.ndarray | None  # (n, 4) WGS84 bbox; None when every row is a point (bbox = the point)
    geometry_json: np.ndarray | None  # GeoJSON text of non-point rows (object array; None for points)
    buurt_id: np.ndarray
    wijk_id: np.ndarray
    outside: np.ndarray
    crs: str
    attribute_columns: list[str]
    core_columns: list[tuple[str, str]]
    types_by_id: dict
    plans: dict[int, ColumnPlan] = field(default_factory=dict)
    core_cache: dict = field(default_factory=dict)
    cleaners: dict = field(default_factory=dict)

    def plan_for(self, type_id: int) -> ColumnPlan:
        plan = self.plans.get(type_id)
        if plan is None:
            schema = self.types_by_id[type_id].schema or []
            plan = self.plans[type_id] = column_plan(self.attribute_columns, schema, self.core_columns)
        return plan

    def geometry_text(self, i: int) -> str:
        if self.geometry_json is not None and self.geometry_json[i] is not None:
            return self.geometry_json[i]
        return f'{{"type":"Point","coordinates":[{float(self.lon[i])!r},{float(self.lat[i])!r}]}}'

    def bbox(self, i: int) -> tuple[float, float, float, float]:
        if self.bounds is None:
            lon, lat = float(self.lon[i]), float(self.lat[i])
            return lon, lat, lon, lat
        b = self.bounds[i]
        return float(b[0]), float(b[1]), float(b[2]), float(b[3])


def prepare_table(*, table: RawTable, options, types: dict, type_map: dict | None, locator,
                  report: ImportReport) -> PreparedTable:
    n = table.n
    alive = np.ones(n, dtype=bool)

    def refuse(i: int, field_name: str, message: str) -> None:
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
                raise ImportFileError(_("Bij --type-map hoort --type-field: de kolom met de waarden uit de typetabel."))
            raise ImportFileError(
                _("Geef het assettype op met --asset-type of met --type-field (en eventueel --type-map). "
                  "Geldige codes: %(codes)s.") % {"codes": ", ".join(sorted(types))}
            )
        lookup = _type_lookup(types, type_map)
        column_values = table.data[type_column]
        for i, value in enumerate(column_values):
            asset_type, message = lookup(value)
            if asset_type is None:
                refuse(i, type_column, message)
            else:
                type_ids[i] = asset_type.id
        _report_type_values(report, type_column, column_values, lookup, types, type_map)

    # --- external id
    id_columns: list[str] = []
    for wanted in options.id_fields:
        column = find_column(table.columns, wanted)
        if column is None:
            raise ImportFileError(_("Kolom '%(column)s' (--id-field) bestaat niet; kolommen: %(columns)s.")
                                  % {"column": wanted, "columns": _columns_text(table)})
        id_columns.append(column)
    if not id_columns:
        default = find_column(table.columns, DEFAULT_ID_NAMES)
        if default is not None:
            id_columns = [default]
            report.messages.append(_("Geen --id-field opgegeven: kolom '%(column)s' is gebruikt als bronsleutel.")
                                   % {"column": default})
    if id_columns:
        texts = [[to_text(v) for v in table.data[c]] for c in id_columns]
        if len(texts) == 1:
            external = texts[0]
        else:
            external = [
                None if all(p is None for p in parts) else ID_SEPARATOR.join(p or "" for p in parts)
                for parts in zip(*texts, strict=True)
            ]
        del texts
        id_label = "+".join(id_columns)
        for i, ext in enumerate(external):
            if ext is None:
                refuse(i, id_label,
                       _("De bronsleutel is leeg; deze rij kan niet worden bijgewerkt en is niet ingelezen."))
            elif len(ext) > MAX_EXTERNAL_ID:
                refuse(i, id_label, _("De bronsleutel is langer dan %(n)s tekens.") % {"n": MAX_EXTERNAL_ID})
    else:
        external = [str(i + 1) for i in range(n)]
        id_label = "rijnummer"
        report.messages.append(
            _("Geen --id-field opgegeven en geen kolom id: het rijnummer is gebruikt als bronsleutel. "
              "Lees een bijgewerkt bestand daarom alleen opnieuw in als de volgorde gelijk is gebleven.")
        )

    # --- geometry: CRS, reprojection, checks (vectorised)
    crs, notes = resolve_crs(table=table, option=options.crs)
    report.messages.extend(notes)
    if table.points is not None:
        # NaN, infinite, not convertible or outside the Netherlands: refused per row (file layer).
        lon, lat, problems = coordinate_problems(table.points[0], table.points[1], crs)
        table.points = None  # free the source coordinates
        for i, reason in problems:
            # A missing or broken point is reported also on a row refused already; "outside" only once.
            if alive[i] or not (np.isfinite(lon[i]) and np.isfinite(lat[i])):
                refuse(i, "geometrie", reason)
        bounds = None
        geometry_json = None
    else:
        lon, lat, bounds, geometry_json = _prepare_geometries(table, crs, alive, refuse, report)
        inside = in_netherlands_wgs84(lon, lat)
        label = crs_label(crs)
        for i in np.flatnonzero(alive & ~inside).tolist():
            refuse(i, "geometrie", outside_message(lon[i], lat[i], label))

    # --- duplicates (the first row with an id wins)
    seen: dict[str, int] = {}
    for i in np.flatnonzero(alive).tolist():
        ext = external[i]
        first = seen.setdefault(ext, i)
        if first != i:
            refuse(i, id_label, _("Bronsleutel '%(key)s' komt al voor in rij %(row)s; deze rij is niet ingelezen.")
                   % {"key": ext, "row": first + 1})
    del seen

    # --- RD New and areas of the valid rows
    keep = np.flatnonzero(alive)
    x = np.full(n, np.nan)
    y = np.full(n, np.nan)
    rd_x, rd_y = wgs84_to_rd(lon[keep], lat[keep])
    x[keep], y[keep] = np.round(rd_x, 3), np.round(rd_y, 3)
    buurt = np.zeros(n, dtype=np.int64)
    wijk = np.zeros(n, dtype=np.int64)
    outside = np.zeros(n, dtype=bool)
    found_buurt, found_wijk = locator.locate(lon[keep], lat[keep])
    buurt[keep], wijk[keep] = found_buurt, found_wijk
    outside[keep] = locator.outside(found_buurt, found_wijk)

    # --- which columns are attributes
    skip = set(table.consumed) | {c for c in table.columns if c in RESERVED_COLUMNS}
    if type_column:
        skip.add(type_column)
    pure_ids = {column_key(name) for name in PURE_ID_NAMES}
    skip |= {c for c in id_columns if column_key(c) in pure_ids}
    attribute_columns = [c for c in table.columns if c not in skip]
    return PreparedTable(
        table=table, alive=alive, type_id=type_ids, external_id=external, lon=lon, lat=lat, x=x, y=y,
        bounds=bounds, geometry_json=geometry_json, buurt_id=buurt, wijk_id=wijk, outside=outside, crs=crs,
        attribute_columns=attribute_columns, core_columns=core_plan(attribute_columns),
        types_by_id={t.id: t for t in types.values()},
    )


def _prepare_geometries(table: RawTable, crs: str, alive: np.ndarray, refuse, report):
    """General geometries (lines, polygons, mixed): reproject, check, centroid, bbox, GeoJSON text."""
    n = table.n
    geoms = table.geometries
    missing = np.array([g is None for g in geoms], dtype=bool)
    for i in np.flatnonzero(missing).tolist():
        refuse(i, "geometrie", _("De geometrie ontbreekt of is onleesbaar."))
    geoms84 = to_wgs84_rounded(geoms, crs)
    table.geometries = None  # free the source geometries
    present = ~missing
    type_codes = np.full(n, -1, dtype=np.int64)
    type_codes[present] = shapely.get_type_id(geoms84[present])
    empty = np.zeros(n, dtype=bool)
    empty[present] = shapely.is_empty(geoms84[present])
    bounds = np.full((n, 4), np.nan)
    ok = present & ~empty
    bounds[ok] = shapely.bounds(geoms84[ok])
    unsupported = present & ~np.isin(type_codes, list(ALLOWED_GEOMETRY_TYPES))
    not_finite = present & ~unsupported & ~empty & ~np.isfinite(bounds).all(axis=1)
    for i in np.flatnonzero(alive & (unsupported | empty | not_finite)).tolist():
        if unsupported[i]:
            refuse(i, "geometrie", _("Geometrietype %(type)s wordt niet ondersteund (punt, lijn of vlak).")
                   % {"type": geoms84[i].geom_type})
        elif empty[i]:
            refuse(i, "geometrie", _("De geometrie is leeg."))
        else:
            refuse(i, "geometrie", _("De coördinaten zijn ongeldig (leeg, oneindig of niet om te rekenen)."))
    polygonal = np.flatnonzero(alive & np.isin(type_codes, (3, 6)))
    if len(polygonal):
        valid = shapely.is_valid(geoms84[polygonal])
        for i in polygonal[~valid].tolist():
            refuse(i, "geometrie", _("Ongeldig vlak (%(reason)s).") % {"reason": shapely.is_valid_reason(geoms84[i])})
    lon = np.full(n, np.nan)
    lat = np.full(n, np.nan)
    points = alive & (type_codes == 0)
    lon[points] = shapely.get_x(geoms84[points])
    lat[points] = shapely.get_y(geoms84[points])
    others = np.flatnonzero(alive & (type_codes != 0))
    geometry_json = np.full(n, None, dtype=object)
    if len(others):
        centroids = shapely.centroid(geoms84[others])
        lon[others] = np.round(shapely.get_x(centroids), 7)
        lat[others] = np.round(shapely.get_y(centroids), 7)
        geometry_json[others] = shapely.to_geojson(geoms84[others])
    return lon, lat, bounds, geometry_json
