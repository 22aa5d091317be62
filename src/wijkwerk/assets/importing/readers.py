"""Reading files into a plain table: columns of values plus an array of shapely geometries.

Formats: GeoJSON, GeoPackage, Shapefile (.shp or a .zip holding one) through pyogrio (GDAL in a
wheel); CSV and XLSX with coordinate columns (or a WKT/GeoJSON geometry column) read here.
Every way a file can fail to be read ends in `ImportFileError` with a one-line Dutch message.
"""

import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import shapely

from wijkwerk.core.geo import RD_NEW, WGS84

from .errors import ImportFileError

GEO_SUFFIXES = {".geojson": "geojson", ".json": "geojson", ".gpkg": "gpkg", ".shp": "shp", ".zip": "zip"}
TABLE_SUFFIXES = {".csv": "csv", ".txt": "csv", ".tsv": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx"}
FORMAT_NAMES = "GeoJSON, GeoPackage, Shapefile (.shp of .zip), CSV of XLSX"

ENCODING_LABELS = {"utf-8": "UTF-8", "cp1252": "Windows-1252 (Latin-1)", "latin-1": "Latin-1"}


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


def _norm(name: str) -> str:
    return re.sub(r"[\s\-.]+", "_", str(name).strip().lower())


# --- encodings -------------------------------------------------------------------------------------


def _check_encoding_name(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise ImportFileError(f"Onbekende tekenset '{encoding}' (bijvoorbeeld: utf-8, cp1252, latin-1).") from None


def detect_encoding(data: bytes) -> str:
    """UTF-8 when the bytes are valid UTF-8; otherwise the best West-European guess."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(
            data[:200_000], cp_isolation=["cp1252", "latin_1", "iso8859_15", "cp850", "mac_roman"]
        ).best()
        guess = codecs.lookup(best.encoding).name if best is not None else None
    except Exception:  # charset detection is a guess; never fail the import on it
        guess = None
    if guess in (None, "latin-1", "iso8859-15", "cp1252"):
        # cp1252 is Latin-1 plus the characters Windows puts in 0x80-0x9f (euro sign, quotes).
        try:
            data.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            return "latin-1"
    return guess


def _encoding_note(encoding: str) -> str:
    label = ENCODING_LABELS.get(encoding, encoding)
    return f"Het bestand is niet in UTF-8 opgeslagen; gelezen als {label}. Klopt dat niet, geef dan --encoding op."


# --- entry point -----------------------------------------------------------------------------------


def read_table(path: str | Path, *, encoding: str | None = None) -> RawTable:
    path = Path(path)
    if not path.exists():
        raise ImportFileError(f"Bestand '{path}' bestaat niet.")
    if path.is_dir():
        raise ImportFileError(f"'{path}' is een map, geen bestand.")
    if path.stat().st_size == 0:
        raise ImportFileError(f"Bestand '{path.name}' is leeg.")
    if encoding:
        encoding = _check_encoding_name(encoding)
    suffix = path.suffix.lower()
    if suffix in GEO_SUFFIXES:
        table = _read_geo(path, GEO_SUFFIXES[suffix], encoding)
    elif suffix in TABLE_SUFFIXES:
        kind = TABLE_SUFFIXES[suffix]
        table = _read_xlsx(path) if kind == "xlsx" else _read_csv(path, encoding)
    elif suffix == ".xls":
        raise ImportFileError("Het oude Excel-formaat (.xls) wordt niet ondersteund; sla het bestand op als .xlsx.")
    else:
        raise ImportFileError(
            f"Onbekend bestandsformaat '{suffix or path.name}': gebruik {FORMAT_NAMES}."
        )
    if table.n == 0:
        raise ImportFileError(f"Bestand '{path.name}' bevat geen objecten.")
    return table


# --- GeoJSON, GeoPackage, Shapefile ----------------------------------------------------------------


def _geo_source(path: Path, kind: str) -> tuple[str, str]:
    """The path pyogrio opens and the real format (a .zip holds a shapefile or another geo file)."""
    if kind != "zip":
        return str(path), kind
    try:
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if not n.endswith("/") and "__MACOSX" not in n]
    except (zipfile.BadZipFile, OSError):
        raise ImportFileError(f"'{path.name}' is geen geldig zip-bestand (beschadigd of afgebroken).") from None
    for wanted, real in ((".shp", "shp"), (".gpkg", "gpkg"), (".geojson", "geojson"), (".json", "geojson")):
        found = [n for n in names if n.lower().endswith(wanted)]
        if found:
            if len(found) > 1:
                raise ImportFileError(
                    f"Het zip-bestand bevat meer dan één {wanted}-bestand ({', '.join(found[:3])}); "
                    "lever er één per keer aan."
                )
            return f"/vsizip/{path.resolve()}/{found[0]}", real
    raise ImportFileError("Het zip-bestand bevat geen shapefile (.shp), GeoPackage of GeoJSON.")


def _read_geo(path: Path, kind: str, encoding: str | None) -> RawTable:
    import pyogrio
    from pyogrio.errors import DataLayerError, DataSourceError, FieldError, GeometryError

    source, kind = _geo_source(path, kind)
    messages: list[str] = []
    crs_explicit = True
    if kind == "geojson" and not source.startswith("/vsizip/"):
        head = path.read_bytes()
        stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        if not stripped.startswith((b"{", b"[")):
            raise ImportFileError(f"'{path.name}' is geen GeoJSON: het bestand begint niet met '{{'.")
        crs_explicit = re.search(rb'"crs"\s*:', head[:1_000_000]) is not None
        if encoding is None:
            detected = detect_encoding(head)
            if detected not in ("utf-8", "utf-8-sig"):
                encoding = detected
                messages.append(_encoding_note(detected))
        del head
    if kind == "shp" and not source.startswith("/vsizip/"):
        missing = [ext for ext in (".dbf", ".shx") if not _sibling(path, ext)]
        if ".dbf" in missing:
            raise ImportFileError(
                f"Bij '{path.name}' ontbreekt het .dbf-bestand; lever de shapefile compleet aan "
                "(bij voorkeur als .zip met .shp, .shx, .dbf en .prj)."
            )
    layer = None
    try:
        layers = pyogrio.list_layers(source)
        if len(layers) == 0:
            raise ImportFileError(f"'{path.name}' bevat geen kaartlaag.")
        if len(layers) > 1:
            layer = str(layers[0][0])
            messages.append(f"Het bestand heeft {len(layers)} lagen; alleen de eerste laag '{layer}' is gelezen.")
        meta, _fids, wkb, field_data = _pyogrio_read(source, layer, encoding)
    except ImportFileError:
        raise
    except UnicodeDecodeError:
        if encoding is not None:
            raise ImportFileError(
                f"'{path.name}' kan niet worden gelezen met tekenset {encoding}; probeer een andere --encoding."
            ) from None
        try:
            meta, _fids, wkb, field_data = _pyogrio_read(source, layer, "cp1252")
        except Exception:
            raise ImportFileError(
                f"De tekst in '{path.name}' is niet te lezen; geef de tekenset op met --encoding."
            ) from None
        encoding = "cp1252"
        messages.append(_encoding_note("cp1252"))
    except (DataSourceError, DataLayerError, FieldError, GeometryError, OSError, RuntimeError, ValueError) as exc:
        raise ImportFileError(_gdal_message(path, kind, exc)) from None
    except Exception as exc:  # pyogrio raises a handful of other error types for corrupt files
        raise ImportFileError(_gdal_message(path, kind, exc)) from None

    columns = [str(c) for c in meta["fields"]]
    data = {name: _clean_column(values) for name, values in zip(columns, field_data, strict=True)}
    if wkb is None:
        raise ImportFileError(f"'{path.name}' bevat geen geometrie.")
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


def _pyogrio_read(source: str, layer, encoding):
    import pyogrio.raw

    return pyogrio.raw.read(source, layer=layer, encoding=encoding, force_2d=True, datetime_as_string=True)


def _sibling(path: Path, ext: str) -> bool:
    return any(path.with_suffix(e).exists() for e in (ext, ext.upper()))


def _gdal_message(path: Path, kind: str, exc: Exception) -> str:
    names = {"geojson": "GeoJSON", "gpkg": "GeoPackage", "shp": "Shapefile"}
    detail = str(exc).splitlines()[0].strip() if str(exc).strip() else type(exc).__name__
    detail = detail.replace(str(path.resolve()), path.name).replace(str(path), path.name)
    detail = detail.split("; It might help")[0]
    if len(detail) > 160:
        detail = detail[:157] + "..."
    return (
        f"'{path.name}' kan niet worden gelezen als {names.get(kind, kind)}: het bestand is beschadigd, "
        f"afgebroken of heeft een ander formaat ({detail})."
    )


def _clean_column(values) -> list:
    """A pyogrio field array as a list of Python values; NaN and empty text become None."""
    values = np.asarray(values)
    if values.dtype.kind == "f":
        out = values.astype(object)
        out[np.isnan(values)] = None
        return out.tolist()
    return values.tolist()


# --- CSV and XLSX ----------------------------------------------------------------------------------

# Coordinate column pairs (normalised names), most specific first; the CRS they suggest.
COORDINATE_PAIRS: list[tuple[str, str, str | None]] = [
    *[(a, b, WGS84) for a, b in [
        ("lon", "lat"), ("lng", "lat"), ("long", "lat"), ("longitude", "latitude"),
        ("lon_wgs84", "lat_wgs84"), ("wgs84_lon", "wgs84_lat"), ("lengtegraad", "breedtegraad"),
    ]],
    *[(a, b, RD_NEW) for a, b in [
        ("rd_x", "rd_y"), ("x_rd", "y_rd"), ("rdx", "rdy"), ("x_coord_rd", "y_coord_rd"),
        ("rd_x_coordinaat", "rd_y_coordinaat"),
    ]],
    *[(a, b, None) for a, b in [
        ("x", "y"), ("xcoord", "ycoord"), ("x_coord", "y_coord"), ("coord_x", "coord_y"),
        ("x_coordinaat", "y_coordinaat"), ("xcoordinaat", "ycoordinaat"), ("easting", "northing"),
        ("point_x", "point_y"),
    ]],
]
GEOMETRY_COLUMNS = ("geometry", "geometrie", "geom", "the_geom", "wkt", "geojson")


def _read_csv(path: Path, encoding: str | None) -> RawTable:
    data = path.read_bytes()
    messages: list[str] = []
    if b"\x00" in data[:100_000] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ImportFileError(f"'{path.name}' is geen tekstbestand (CSV); controleer het formaat.")
    if encoding is None:
        encoding = detect_encoding(data)
        if encoding not in ("utf-8", "utf-8-sig"):
            messages.append(_encoding_note(encoding))
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise ImportFileError(
            f"'{path.name}' kan niet worden gelezen met tekenset {encoding}; probeer een andere --encoding."
        ) from None
    del data
    text = text.lstrip("\ufeff")
    first_line = text[: text.find("\n")] if "\n" in text else text
    delimiter = max([",", ";", "\t", "|"], key=first_line.count)
    if first_line.count(delimiter) == 0:
        raise ImportFileError(
            f"'{path.name}' lijkt geen CSV met kolommen: de eerste regel bevat geen scheidingsteken (, of ;)."
        )
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        header = next(reader)
        rows = list(reader)
    except csv.Error as exc:
        raise ImportFileError(f"'{path.name}' is geen geldige CSV: {exc}.") from None
    del text
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    width = len(header)
    columns_data: list[list] = [[] for _ in range(width)]
    for row in rows:
        if len(row) < width:
            row = row + [""] * (width - len(row))
        for j in range(width):
            cell = row[j]
            columns_data[j].append(cell if cell != "" else None)
    return _table_from_columns(path, "csv", header, columns_data, len(rows), encoding, messages, decimal_comma=delimiter != ",")


def _read_xlsx(path: Path) -> RawTable:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:
        raise ImportFileError(
            f"'{path.name}' kan niet worden gelezen als Excel-bestand (.xlsx): beschadigd of een ander formaat."
        ) from None
    try:
        sheet = workbook.worksheets[0]
        header = None
        columns_data: list[list] = []
        count = 0
        for values in sheet.iter_rows(values_only=True):
            if header is None:
                if values and any(v is not None and str(v).strip() for v in values):
                    header = ["" if v is None else str(v).strip() for v in values]
                    while header and not header[-1]:
                        header.pop()
                    columns_data = [[] for _ in header]
                continue
            if not values or all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            for j in range(len(header)):
                value = values[j] if j < len(values) else None
                if isinstance(value, str) and not value.strip():
                    value = None
                columns_data[j].append(value)
            count += 1
    except Exception:
        raise ImportFileError(f"'{path.name}' kan niet worden gelezen als Excel-bestand: het is beschadigd.") from None
    finally:
        workbook.close()
    if header is None:
        raise ImportFileError(f"Bestand '{path.name}' bevat geen gegevens.")
    return _table_from_columns(path, "xlsx", header, columns_data, count, None, [], decimal_comma=True)


def _table_from_columns(
    path: Path, fmt: str, header: list[str], columns_data: list[list], n: int, encoding, messages, *, decimal_comma
) -> RawTable:
    columns: list[str] = []
    data: dict[str, list] = {}
    for j, name in enumerate(header):
        name = str(name).strip() or f"kolom_{j + 1}"
        while name in data:
            name = f"{name}_{j + 1}"
        columns.append(name)
        data[name] = columns_data[j]
    by_norm: dict[str, str] = {}
    for name in columns:
        by_norm.setdefault(_norm(name), name)

    geometry_column = next((by_norm[g] for g in GEOMETRY_COLUMNS if g in by_norm), None)
    pair = next(((by_norm[a], by_norm[b], hint) for a, b, hint in COORDINATE_PAIRS
                 if a in by_norm and b in by_norm), None)
    if geometry_column is None and pair is None:
        shown = ", ".join(columns[:12]) + (" ..." if len(columns) > 12 else "")
        raise ImportFileError(
            f"Geen coördinaatkolommen gevonden in '{path.name}' (verwacht x/y, lon/lat of een kolom geometry); "
            f"kolommen: {shown}."
        )
    consumed = {by_norm[a] for a, b, _ in COORDINATE_PAIRS if a in by_norm and b in by_norm}
    consumed |= {by_norm[b] for a, b, _ in COORDINATE_PAIRS if a in by_norm and b in by_norm}
    geometries = None
    points = None
    if geometry_column is not None:
        consumed.add(geometry_column)
        geometries = _parse_geometry_texts(data[geometry_column])
        if not any(g is not None for g in geometries) and pair is not None:
            geometries = None  # an empty geometry column: the coordinates are all there is
    if pair is not None:
        xs = _parse_floats(data[pair[0]], decimal_comma)
        ys = _parse_floats(data[pair[1]], decimal_comma)
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


def _parse_floats(values: list, decimal_comma: bool) -> np.ndarray:
    """Text or numbers to floats; NaN where empty or not a number. Accepts a decimal comma."""
    try:
        return np.array([np.nan if v is None else v for v in values], dtype=float)
    except (TypeError, ValueError):
        pass
    out = np.full(len(values), np.nan)
    for i, v in enumerate(values):
        if v is None:
            continue
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            out[i] = v
            continue
        text = str(v).strip().replace(" ", "")
        if decimal_comma or text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
        try:
            out[i] = float(text)
        except ValueError:
            pass
    return out


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
