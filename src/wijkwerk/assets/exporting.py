"""Exporting a gemeente's assets to GeoJSON, GeoPackage, CSV or XLSX, in a form the import reads back.

Columns: id, external_id, type, wijk, buurt (area codes), lon, lat (WGS84 point or centroid), x, y
(RD New), geometry (WKT, only for non-point assets; CSV/XLSX), the attributes, then quantity, unit,
installation_year, condition, condition_date. Re-importing the file into the same gemeente changes
nothing; into an empty gemeente it gives the same assets.

CSV and XLSX are written with the file layer's formula-safe writers (core/files/writers.py): a text
such as "=HYPERLINK(...)" is never a live formula, and the import reads it back unchanged.
"""

import json
from decimal import Decimal
from pathlib import Path

import numpy as np
import openpyxl
import pyogrio.raw
import shapely
from django.utils.translation import gettext as _

from wijkwerk.areas.models import Area
from wijkwerk.assets.importing.rows import ATTRIBUTE_PREFIX, RESERVED_COLUMNS
from wijkwerk.assets.models import Asset, AssetType
from wijkwerk.core.files import append_row, csv_writer

FORMATS = ("geojson", "gpkg", "csv", "xlsx")
HEAD_COLUMNS = ["id", "external_id", "type", "wijk", "buurt"]
POSITION_COLUMNS = ["lon", "lat", "x", "y"]
CORE_COLUMNS = ["quantity", "unit", "installation_year", "condition", "condition_date"]
FIELDS = ("id", "external_id", "asset_type_id", "buurt_id", "wijk_id", "geometry", "lon", "lat", "x", "y",
          "attributes", "quantity", "unit", "installation_year", "condition", "condition_date")


def _rows(gemeente):
    return Asset.objects.filter(gemeente=gemeente).order_by("id").values_list(*FIELDS).iterator(chunk_size=5000)


def _attribute_columns(gemeente, types: dict[int, AssetType]) -> list[str]:
    """Schema attributes of the types present (in schema order), then other keys in order of appearance."""
    present = set(Asset.objects.filter(gemeente=gemeente).values_list("asset_type_id", flat=True).distinct())
    columns: dict[str, None] = {}
    for type_id in sorted(present):
        for spec in types[type_id].schema or []:
            columns.setdefault(spec["name"], None)
    extra: dict[str, None] = {}
    for attrs in Asset.objects.filter(gemeente=gemeente).values_list("attributes", flat=True).iterator(
            chunk_size=5000):
        for key in attrs or {}:
            if key not in columns:
                extra.setdefault(key, None)
    return [*columns, *extra]


def _column_names(attribute_keys: list[str], *, case_insensitive: bool) -> list[str]:
    """File column name per attribute: the key itself, or `kenmerk:<key>` where it would collide with
    another column (GeoPackage compares column names ignoring case: then `kenmerk2:<key>`, ...)."""
    own = [*HEAD_COLUMNS, *POSITION_COLUMNS, *CORE_COLUMNS, "geometry", *RESERVED_COLUMNS]

    def probe(name: str) -> str:
        return name.lower() if case_insensitive else name

    taken = {probe(c) for c in own}
    names = []
    for key in attribute_keys:
        name = key
        number = 1
        while probe(name) in taken:
            name = f"{ATTRIBUTE_PREFIX[:-1]}{number if number > 1 else ''}:{key}"
            number += 1
        taken.add(probe(name))
        names.append(name)
    return names


def assets_export(*, gemeente, path, fmt: str) -> int:
    """Writes the gemeente's assets to `path` in `fmt` (geojson, gpkg, csv, xlsx); returns the count."""
    if fmt not in FORMATS:
        raise ValueError(_("Onbekend exportformaat '%(format)s': kies uit %(formats)s.")
                         % {"format": fmt, "formats": ", ".join(FORMATS)})
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    types = {t.id: t for t in AssetType.objects.all()}
    areas = dict(Area.objects.filter(gemeente=gemeente).values_list("id", "code"))
    attribute_columns = _attribute_columns(gemeente, types)
    writer = {"geojson": _write_geojson, "gpkg": _write_gpkg, "csv": _write_csv, "xlsx": _write_xlsx}[fmt]
    return writer(path, _records(gemeente, types, areas), attribute_columns)


def _number(value):
    if isinstance(value, Decimal):
        return float(value)
    return value


def _records(gemeente, types, areas):
    for (pk, ext, type_id, buurt_id, wijk_id, geometry, lon, lat, x, y, attrs, quantity, unit, year, condition,
         condition_date) in _rows(gemeente):
        yield {
            "id": pk,
            "external_id": ext,
            "type": types[type_id].code,
            "wijk": areas.get(wijk_id, "") if wijk_id else "",
            "buurt": areas.get(buurt_id, "") if buurt_id else "",
            "geometry": geometry,
            "lon": lon, "lat": lat, "x": x, "y": y,
            "attributes": attrs or {},
            "quantity": _number(quantity), "unit": unit, "installation_year": year, "condition": condition,
            "condition_date": condition_date.isoformat() if condition_date else None,
        }


def _flat(record: dict, attribute_columns: list[str]) -> list:
    attrs = record["attributes"]
    geometry = record["geometry"] or {}
    wkt = ""
    if geometry.get("type") != "Point":
        wkt = shapely.to_wkt(shapely.from_geojson(json.dumps(geometry)), rounding_precision=-1)
    return [
        record["id"], record["external_id"], record["type"], record["wijk"], record["buurt"],
        record["lon"], record["lat"], record["x"], record["y"], wkt,
        *[attrs.get(name) for name in attribute_columns],
        *[record[name] for name in CORE_COLUMNS],
    ]


def _table_header(attribute_columns):
    return [*HEAD_COLUMNS, *POSITION_COLUMNS, "geometry", *_column_names(attribute_columns, case_insensitive=False),
            *CORE_COLUMNS]


def _csv_value(value):
    """Booleans as the import reads them (ja/nee); the writer formats the rest (numbers in full)."""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return value


def _write_csv(path: Path, records, attribute_columns) -> int:
    count = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv_writer(handle)
        writer.writerow(_table_header(attribute_columns))
        for record in records:
            writer.writerow([_csv_value(v) for v in _flat(record, attribute_columns)])
            count += 1
    return count


def _write_xlsx(path: Path, records, attribute_columns) -> int:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("assets")
    append_row(sheet, _table_header(attribute_columns))
    count = 0
    for record in records:
        append_row(sheet, [v if v != "" else None for v in _flat(record, attribute_columns)])
        count += 1
    workbook.save(path)
    return count


def _write_geojson(path: Path, records, attribute_columns) -> int:
    count = 0
    names = _column_names(attribute_columns, case_insensitive=True)
    with path.open("w", encoding="utf-8") as handle:
        handle.write('{"type": "FeatureCollection", "features": [\n')
        for record in records:
            properties = {name: record[name] for name in HEAD_COLUMNS}
            attrs = record["attributes"]
            properties.update(
                (column, attrs[key]) for key, column in zip(attribute_columns, names, strict=True) if key in attrs)
            for name in CORE_COLUMNS:
                if record[name] is not None:
                    properties[name] = record[name]
            feature = {"type": "Feature", "geometry": record["geometry"], "properties": properties}
            handle.write(("" if count == 0 else ",\n") + json.dumps(feature, ensure_ascii=False))
            count += 1
        handle.write("\n]}\n")
    return count


def _write_gpkg(path: Path, records, attribute_columns) -> int:
    records = list(records)
    if path.exists():
        path.unlink()
    names = [*HEAD_COLUMNS, *_column_names(attribute_columns, case_insensitive=True), *CORE_COLUMNS]
    columns: list[np.ndarray] = []
    for name in HEAD_COLUMNS:
        columns.append(_gpkg_column([record[name] for record in records]))
    for key in attribute_columns:
        columns.append(_gpkg_column([record["attributes"].get(key) for record in records]))
    for name in CORE_COLUMNS:
        columns.append(_gpkg_column([record[name] for record in records]))
    geometries = shapely.from_geojson([json.dumps(r["geometry"]) for r in records]) if records else np.array([])
    wkb = shapely.to_wkb(geometries) if records else np.array([], dtype=object)
    kinds = set(shapely.get_type_id(geometries).tolist()) if records else {0}
    geometry_type = {0: "Point", 1: "LineString", 3: "Polygon", 4: "MultiPoint", 5: "MultiLineString",
                     6: "MultiPolygon"}.get(next(iter(kinds))) if len(kinds) == 1 else "Unknown"
    pyogrio.raw.write(
        str(path), wkb, columns, names, driver="GPKG", layer="assets", crs="EPSG:4326",
        geometry_type=geometry_type, promote_to_multi=False,
    )
    return len(records)


def _gpkg_column(values: list) -> np.ndarray:
    """Numbers as a float column (None -> null); anything else as text."""
    present = [v for v in values if v is not None]
    if present and len(present) == len(values) and all(isinstance(v, int) and not isinstance(v, bool)
                                                        for v in present):
        return np.array(values, dtype=np.int64)
    if present and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return np.array([np.nan if v is None else float(v) for v in values], dtype=float)
    return np.array([None if v is None else v if isinstance(v, str) else _gpkg_text(v) for v in values],
                    dtype=object)


def _gpkg_text(value):
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return repr(value) if isinstance(value, float) else value
