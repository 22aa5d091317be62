"""Reading a whole file column-wise: columns of values plus its geometry (the fast path for big
geodata imports, e.g. a million assets).

Formats: GeoJSON, GeoPackage, Shapefile (.shp or a .zip holding one) through pyogrio (GDAL in a
wheel, restricted by `gdal_guard`); CSV and XLSX with coordinate columns (or a WKT/GeoJSON geometry
column). Every way a file can fail to be read ends in `FileRefused` with a one-line Dutch message.
Rows are numbered by position among the data rows (1 = the first data row), as `RawTable` holds them.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyogrio
import pyogrio.raw
import shapely
from django.utils.translation import gettext as _
from pyogrio.errors import DataLayerError, DataSourceError, FieldError, GeometryError

from wijkwerk.core.geo import RD_NEW, WGS84

from . import gdal_guard, limits
from .charsets import TEXT_CHUNK, check_encoding_name, detect_file_encoding, encoding_note
from .checks import FORMAT_LABELS, GDAL_FORMATS, CheckedFile, check_file
from .columns import column_key
from .errors import FileRefused
from .rows import Records, unique_columns
from .values import parse_floats

GDAL_DRIVERS = {"geojson": "GeoJSON", "gpkg": "GPKG", "shp": "ESRI Shapefile"}


@dataclass
class RawTable:
    """A file as columns of values plus its geometry: either `points` (x and y arrays, NaN where a
    row has no point; the fast path for point files) or `geometries` (shapely objects, None where
    missing or unreadable)."""

    fmt: str
    columns: list[str]
    data: dict[str, list]  # column -> one Python value per row (None where empty)
    geometries: np.ndarray | None  # shapely geometries (object array)
    crs: str | None = None  # as declared by the file (EPSG code or WKT)
    crs_explicit: bool = False  # the file itself states its CRS (GeoJSON without "crs" does not)
    crs_hint: str | None = None  # from coordinate column names (CSV/XLSX)
    consumed: set[str] = field(default_factory=set)  # coordinate/geometry columns, not attributes
    encoding: str | None = None
    messages: list[str] = field(default_factory=list)
    points: tuple[np.ndarray, np.ndarray] | None = None

    @property
    def n(self) -> int:
        return len(self.points[0]) if self.points is not None else len(self.geometries)

    def geometry_array(self) -> np.ndarray:
        """The geometries as shapely objects (built from `points` when the file holds points)."""
        if self.geometries is not None:
            return self.geometries
        x, y = self.points
        out = np.full(len(x), None, dtype=object)
        ok = np.isfinite(x) & np.isfinite(y)
        out[ok] = shapely.points(x[ok], y[ok])
        return out

    def sample_xy(self, limit: int = 20_000) -> tuple[np.ndarray, np.ndarray]:
        """Up to `limit` representative coordinates (for telling RD New from WGS84)."""
        if self.points is not None:
            xs, ys = self.points[0][:limit], self.points[1][:limit]
            ok = np.isfinite(xs) & np.isfinite(ys)
            return xs[ok], ys[ok]
        head = self.geometries[:limit]
        present = head[np.array([g is not None for g in head], dtype=bool)] if len(head) else head
        if len(present) == 0:
            return np.array([]), np.array([])
        bounds = shapely.bounds(present)
        return (bounds[:, 0] + bounds[:, 2]) / 2, (bounds[:, 1] + bounds[:, 3]) / 2


def read_table(path: str | Path, *, encoding: str | None = None) -> RawTable:
    """Reads a whole GeoJSON, GeoPackage, Shapefile, CSV or XLSX file column-wise (checked first)."""
    if encoding:
        encoding = check_encoding_name(encoding)
    checked = check_file(path)
    if checked.fmt in GDAL_FORMATS:
        table = _read_geo(checked, encoding)
    else:
        table = _read_simple(checked, encoding)
    if table.n == 0:
        raise FileRefused(_("Bestand '%(name)s' bevat geen objecten.") % {"name": checked.path.name})
    return table


# --- GeoJSON, GeoPackage, Shapefile ----------------------------------------------------------------


def _open_with_gdal(checked: CheckedFile) -> str:
    """GDAL restricted (see gdal_guard), and the driver it would pick must be the expected one."""
    try:
        driver = gdal_guard.identify(checked.source)
    except gdal_guard.GdalUnavailable:
        raise FileRefused(
            _("GeoJSON, GeoPackage en Shapefile kunnen op deze server nu niet veilig worden gelezen; lever CSV of "
              "Excel aan, of vraag de beheerder van Wijkwerk om hulp.")
        ) from None
    if driver != GDAL_DRIVERS[checked.fmt]:
        raise FileRefused(
            _("'%(name)s' kan niet worden gelezen als %(label)s: het bestand is beschadigd of heeft een ander "
              "formaat.") % {"name": checked.path.name, "label": FORMAT_LABELS[checked.fmt]}
        )
    return checked.source


def _read_geo(checked: CheckedFile, encoding: str | None) -> RawTable:
    path, kind = checked.path, checked.fmt
    source = _open_with_gdal(checked)
    messages: list[str] = []
    crs_explicit = True
    if kind == "geojson" and not checked.in_zip:
        with path.open("rb") as handle:
            head = handle.read(TEXT_CHUNK)
        crs_explicit = re.search(rb'"crs"\s*:', head) is not None
        del head
        if encoding is None:
            detected = detect_file_encoding(path)
            if detected not in ("utf-8", "utf-8-sig"):
                encoding = detected
                messages.append(encoding_note(detected))
    layer = None
    try:
        layers = pyogrio.list_layers(source)
        if len(layers) == 0:
            raise FileRefused(_("'%(name)s' bevat geen kaartlaag.") % {"name": path.name})
        if len(layers) > 1:
            layer = str(layers[0][0])
            messages.append(_("Het bestand heeft %(count)s lagen; alleen de eerste laag '%(layer)s' is gelezen.")
                            % {"count": len(layers), "layer": layer})
        meta, _fids, wkb, field_data = _pyogrio_read(source, layer, encoding)
    except FileRefused:
        raise
    except UnicodeDecodeError:
        if encoding is not None:
            raise FileRefused(_("'%(name)s' kan niet worden gelezen met tekenset %(encoding)s; probeer een andere "
                                "--encoding.") % {"name": path.name, "encoding": encoding}) from None
        try:
            meta, _fids, wkb, field_data = _pyogrio_read(source, layer, "cp1252")
        except Exception:
            raise FileRefused(_("De tekst in '%(name)s' is niet te lezen; geef de tekenset op met --encoding.")
                              % {"name": path.name}) from None
        encoding = "cp1252"
        messages.append(encoding_note("cp1252"))
    except (DataSourceError, DataLayerError, FieldError, GeometryError, OSError, RuntimeError, ValueError) as exc:
        raise FileRefused(_gdal_message(path, kind, exc)) from None
    except Exception as exc:  # pyogrio raises a handful of other error types for corrupt files
        raise FileRefused(_gdal_message(path, kind, exc)) from None

    if wkb is None:
        raise FileRefused(_("'%(name)s' bevat geen geometrie.") % {"name": path.name})
    limits.check_row_count(len(wkb), name=path.name)
    columns = [str(c) for c in meta["fields"]]
    data = {name: _clean_column(values) for name, values in zip(columns, field_data, strict=True)}
    points = _wkb_points(wkb)
    geometries = None if points is not None else shapely.from_wkb(wkb, on_invalid="ignore")
    del wkb
    return RawTable(
        fmt=kind,
        columns=columns,
        data=data,
        geometries=geometries,
        points=points,
        crs=meta.get("crs"),
        crs_explicit=crs_explicit and bool(meta.get("crs")),
        encoding=encoding,
        messages=messages,
    )


def _pyogrio_read(source: str, layer, encoding):
    # One feature more than the row limit: enough to refuse the file without reading all of it.
    return pyogrio.raw.read(source, layer=layer, encoding=encoding, force_2d=True, datetime_as_string=True,
                            max_features=limits.max_rows() + 1)


def _wkb_points(wkb: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """x and y straight from the bytes when every geometry is a 2D little-endian WKB point (or missing):
    much faster and lighter than a million shapely objects. None for anything else."""
    n = len(wkb)
    if n == 0:
        return None
    lengths = np.fromiter((21 if b is None else len(b) for b in wkb), dtype=np.int64, count=n)
    if not (lengths == 21).all():
        return None
    missing = np.fromiter((b is None for b in wkb), dtype=bool, count=n)
    blob = b"".join(b"\x01\x01\x00\x00\x00" + b"\x00" * 16 if b is None else b for b in wkb)
    raw = np.frombuffer(blob, dtype=np.uint8).reshape(n, 21)
    if not ((raw[:, 0] == 1).all() and (raw[:, 1:5] == np.array([1, 0, 0, 0], dtype=np.uint8)).all()):
        return None
    x = raw[:, 5:13].copy().view("<f8").ravel()
    y = raw[:, 13:21].copy().view("<f8").ravel()
    x[missing] = np.nan
    y[missing] = np.nan
    return x, y


def _gdal_message(path: Path, kind: str, exc: Exception) -> str:
    detail = str(exc).splitlines()[0].strip() if str(exc).strip() else type(exc).__name__
    detail = detail.replace(str(path.resolve()), path.name).replace(str(path), path.name)
    detail = detail.split("; It might help")[0]
    if len(detail) > 160:
        detail = detail[:157] + "..."
    return _("'%(name)s' kan niet worden gelezen als %(label)s: het bestand is beschadigd, afgebroken of heeft een "
             "ander formaat (%(detail)s).") % {"name": path.name, "label": FORMAT_LABELS.get(kind, kind),
                                               "detail": detail}


def _clean_column(values) -> list:
    """A pyogrio field array as a list of Python values; NaN and empty text become None."""
    values = np.asarray(values)
    if values.dtype.kind == "f":
        out = values.astype(object)
        out[np.isnan(values)] = None
        return out.tolist()
    return values.tolist()


# --- CSV and XLSX ----------------------------------------------------------------------------------

# Coordinate column pairs, most specific first; the CRS they suggest. Compared by `column_key`.
COORDINATE_PAIRS: list[tuple[str, str, str | None]] = [
    *[(a, b, WGS84) for a, b in [
        ("lon", "lat"), ("lng", "lat"), ("long", "lat"), ("longitude", "latitude"),
        ("lon_wgs84", "lat_wgs84"), ("wgs84_lon", "wgs84_lat"), ("lengtegraad", "breedtegraad"),
    ]],
    *[(a, b, RD_NEW) for a, b in [
        ("rd_x", "rd_y"), ("x_rd", "y_rd"), ("x_coord_rd", "y_coord_rd"), ("rd_x_coordinaat", "rd_y_coordinaat"),
    ]],
    *[(a, b, None) for a, b in [
        ("x", "y"), ("x_coord", "y_coord"), ("coord_x", "coord_y"), ("x_coordinaat", "y_coordinaat"),
        ("easting", "northing"), ("point_x", "point_y"),
    ]],
]
GEOMETRY_COLUMNS = ("geometry", "geometrie", "geom", "the_geom", "wkt", "geojson")


def _read_simple(checked: CheckedFile, encoding: str | None) -> RawTable:
    """CSV or XLSX, streamed record by record into columns (never the file's bytes or text at once)."""
    source = Records(checked.path, checked.fmt, encoding=encoding)
    try:
        header = source.header
        width = len(header)
        columns_data: list[list] = [[] for _ in range(width)]
        appends = [column.append for column in columns_data]
        text = source.fmt == "csv"  # CSV cells are all text: "" (empty) becomes None
        for _number, cells in source.records:
            if len(cells) < width:
                cells = [*cells, *([None] * (width - len(cells)))]
            if text:
                for append, cell in zip(appends, cells, strict=False):
                    append(cell or None)
            else:
                for append, cell in zip(appends, cells, strict=False):
                    append(cell)
    finally:
        source.close()
    return _table_from_columns(checked.path, checked.fmt, header, columns_data, source.encoding, source.messages,
                               decimal_comma=source.decimal_comma)


def _table_from_columns(
    path: Path, fmt: str, header: list, columns_data: list[list], encoding, messages, *, decimal_comma
) -> RawTable:
    columns = unique_columns(header)
    data = dict(zip(columns, columns_data, strict=True))
    by_key: dict[str, str] = {}
    for name in columns:
        by_key.setdefault(column_key(name), name)

    def column(name: str) -> str | None:
        return by_key.get(column_key(name))

    geometry_column = next((column(g) for g in GEOMETRY_COLUMNS if column(g)), None)
    pairs = [(column(a), column(b), hint) for a, b, hint in COORDINATE_PAIRS if column(a) and column(b)]
    pair = pairs[0] if pairs else None
    if geometry_column is None and pair is None:
        shown = ", ".join(columns[:12]) + (" ..." if len(columns) > 12 else "")
        raise FileRefused(
            _("Geen coördinaatkolommen gevonden in '%(name)s' (verwacht x/y, lon/lat of een kolom geometry); "
              "kolommen: %(columns)s.") % {"name": path.name, "columns": shown}
        )
    consumed = {a for a, _b, _h in pairs} | {b for _a, b, _h in pairs}
    geometries = None
    points = None
    if geometry_column is not None:
        consumed.add(geometry_column)
        geometries = _parse_geometry_texts(data[geometry_column])
        if not any(g is not None for g in geometries) and pair is not None:
            geometries = None  # an empty geometry column: the coordinates are all there is
    if pair is not None:
        xs = parse_floats(data[pair[0]], decimal_comma)
        ys = parse_floats(data[pair[1]], decimal_comma)
        if geometries is None:
            points = (xs, ys)
        else:
            missing = np.array([g is None for g in geometries], dtype=bool)
            ok = missing & np.isfinite(xs) & np.isfinite(ys)
            geometries[ok] = shapely.points(xs[ok], ys[ok])
    return RawTable(
        fmt=fmt,
        columns=columns,
        data=data,
        geometries=geometries,
        points=points,
        crs=None,
        crs_explicit=False,
        crs_hint=pair[2] if pair is not None else None,
        consumed=consumed,
        encoding=encoding,
        messages=messages,
    )


def _parse_geometry_texts(values: list) -> np.ndarray:
    """A column of WKT or GeoJSON geometry texts to shapely geometries (None where empty/unreadable)."""
    texts = np.array([v.strip() if isinstance(v, str) and v.strip() else None for v in values], dtype=object)
    out = np.full(len(texts), None, dtype=object)
    present = np.array([t is not None for t in texts], dtype=bool)
    if not present.any():
        return out
    is_json = present & np.array([t is not None and t.startswith("{") for t in texts], dtype=bool)
    is_wkt = present & ~is_json
    if is_wkt.any():
        out[is_wkt] = shapely.from_wkt(texts[is_wkt], on_invalid="ignore")
    if is_json.any():
        out[is_json] = shapely.from_geojson(texts[is_json], on_invalid="ignore")
    return out
