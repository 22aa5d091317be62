"""Reading files into a plain table: columns of values plus an array of shapely geometries.

Formats: GeoJSON, GeoPackage, Shapefile (.shp or a .zip holding one) through pyogrio (GDAL in a
wheel); CSV and XLSX with coordinate columns (or a WKT/GeoJSON geometry column) read here.
Every way a file can fail to be read ends in `ImportFileError` with a one-line Dutch message.

Files come from outside (the import page), so `check_file` looks at what a file really is before
anything parses it: its first bytes must fit its name (a .gpkg is an SQLite database, not GDAL XML
pointing elsewhere), a zip may hold only the one dataset (a shapefile's parts, or one GeoPackage
or GeoJSON) within size and compression limits, an .xlsx is a sane zip. GDAL itself is restricted
to the three drivers we use, without network (`gdal_guard`), and must pick the expected driver.
"""

import codecs
import csv
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import numpy as np
import shapely

from wijkwerk.core import uploads
from wijkwerk.core.geo import RD_NEW, WGS84

from . import gdal_guard
from .errors import ImportFileError

GEO_SUFFIXES = {".geojson": "geojson", ".json": "geojson", ".gpkg": "gpkg", ".shp": "shp", ".zip": "zip"}
TABLE_SUFFIXES = {".csv": "csv", ".txt": "csv", ".tsv": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx"}
FORMAT_NAMES = "GeoJSON, GeoPackage, Shapefile (.shp of .zip), CSV of XLSX"
GDAL_DRIVERS = {"geojson": "GeoJSON", "gpkg": "GPKG", "shp": "ESRI Shapefile"}
FORMAT_LABELS = {"geojson": "GeoJSON", "gpkg": "GeoPackage", "shp": "Shapefile"}
# What a zipped shapefile may hold besides the .shp (and one readme).
SHAPEFILE_PARTS = {".shp", ".shx", ".dbf", ".prj", ".cpg", ".qix", ".sbn", ".sbx", ".xml"}
README_STEMS = ("readme", "leesmij", "lees_mij", "lees-mij")
README_SUFFIXES = {"", ".txt", ".md", ".pdf", ".html", ".htm"}
# Zip entries that operating systems add by themselves; never opened.
ZIP_JUNK = ("__MACOSX/", ".DS_Store", "Thumbs.db", "desktop.ini")
# dBASE versions a shapefile's .dbf starts with.
DBF_VERSIONS = {0x02, 0x03, 0x04, 0x05, 0x30, 0x31, 0x32, 0x43, 0x63, 0x83, 0x8B, 0xCB, 0xF5, 0xFB}
SHAPE_TYPES = {0, 1, 3, 5, 8, 11, 13, 15, 18, 21, 23, 25, 28, 31}
TEXT_CHUNK = 1 << 20  # bytes read at a time when a whole text file must be looked at

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
    return _guess_legacy_encoding(data)


def detect_file_encoding(path: Path) -> str:
    """`detect_encoding` for a whole file without holding it in memory: UTF-8 is checked chunk by
    chunk; the guess for other encodings looks at the first megabyte and the part that is not UTF-8."""
    with path.open("rb") as handle:
        head = handle.read(TEXT_CHUNK)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        decoder = codecs.getincrementaldecoder("utf-8")()
        chunk = head
        try:
            while chunk:
                decoder.decode(chunk)
                chunk = handle.read(TEXT_CHUNK)
            decoder.decode(b"", final=True)
            return "utf-8"
        except UnicodeDecodeError:
            sample = head if chunk is head else chunk[: TEXT_CHUNK // 2] + head[: TEXT_CHUNK // 2]
    return _guess_legacy_encoding(sample)


def _guess_legacy_encoding(data: bytes) -> str:
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
    if encoding:
        encoding = _check_encoding_name(encoding)
    checked = check_file(path)
    path = checked.path
    if checked.fmt in GDAL_DRIVERS:
        table = _read_geo(checked, encoding)
    elif checked.fmt == "xlsx":
        table = _read_xlsx(path)
    else:
        table = _read_csv(path, encoding)
    if table.n == 0:
        raise ImportFileError(f"Bestand '{path.name}' bevat geen objecten.")
    return table


# --- what a file really is -------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckedFile:
    """A file that passed `check_file`: its format and, for GDAL formats, what GDAL opens (the file
    itself or one member of the zip, as /vsizip/...)."""

    path: Path
    fmt: str  # geojson, gpkg, shp, csv, xlsx
    source: str | None = None
    in_zip: bool = False


def check_file(path: str | Path) -> CheckedFile:
    """Checks what a file really is by its content before any parser sees it; raises ImportFileError
    (a FileRefused) with a Dutch message when it does not fit its name or breaks a limit."""
    path = Path(path)
    if str(path).startswith("/vsi"):
        raise ImportFileError("Alleen gewone bestanden kunnen worden ingelezen, geen GDAL-paden (/vsi...).")
    if not path.exists():
        raise ImportFileError(f"Bestand '{path}' bestaat niet.")
    if path.is_dir():
        raise ImportFileError(f"'{path}' is een map, geen bestand.")
    if not path.is_file():
        raise ImportFileError(f"'{path.name}' is geen gewoon bestand.")
    if path.stat().st_size == 0:
        raise ImportFileError(f"Bestand '{path.name}' is leeg.")
    suffix = path.suffix.lower()
    try:
        if suffix in GEO_SUFFIXES:
            return _check_geo(path, GEO_SUFFIXES[suffix])
        if suffix in TABLE_SUFFIXES:
            return _check_table(path, TABLE_SUFFIXES[suffix])
    except uploads.FileRefused as exc:
        if isinstance(exc, ImportFileError):
            raise
        raise ImportFileError(str(exc)) from None
    if suffix == ".xls":
        raise ImportFileError("Het oude Excel-formaat (.xls) wordt niet ondersteund; sla het bestand op als .xlsx.")
    raise ImportFileError(f"Onbekend bestandsformaat '{suffix or path.name}': gebruik {FORMAT_NAMES}.")


def _not_what_it_says(path: Path, label: str, kind: str) -> ImportFileError:
    found = {
        "sqlite": "een SQLite-database", "zip": "een zip-bestand", "shp": "een shapefile", "ole": "een oud Office-bestand",
        "xml": "een XML-bestand", "json": "een JSON-bestand", "text": "een tekstbestand",
    }.get(kind, "een ander soort bestand")
    return ImportFileError(
        f"'{path.name}' is geen echt {label}-bestand: de inhoud is {found}. Lever het bestand aan in het "
        f"formaat dat de naam aangeeft."
    )


def _check_geo(path: Path, kind: str) -> CheckedFile:
    found = uploads.sniff(path)
    if kind == "zip":
        if found != "zip":
            raise _not_what_it_says(path, "zip", found)
        return _check_zip(path)
    expected = {"gpkg": "sqlite", "geojson": "json", "shp": "shp"}[kind]
    if found != expected:
        if kind == "geojson":
            raise ImportFileError(f"'{path.name}' is geen GeoJSON: het bestand begint niet met '{{'.")
        raise _not_what_it_says(path, FORMAT_LABELS[kind], found)
    if kind == "shp":
        _check_shapefile_siblings(path)
    return CheckedFile(path=path, fmt=kind, source=str(path))


def _check_table(path: Path, kind: str) -> CheckedFile:
    found = uploads.sniff(path)
    if kind == "xlsx":
        if found == "ole":
            raise ImportFileError(
                f"'{path.name}' is in het oude Excel-formaat (.xls) opgeslagen; sla het op als .xlsx."
            )
        if found != "zip":
            raise ImportFileError(
                f"'{path.name}' kan niet worden gelezen als Excel-bestand (.xlsx): beschadigd of een ander formaat."
            )
        uploads.zip_member_names(path, label="Excel-bestand")
        return CheckedFile(path=path, fmt="xlsx")
    if found in ("sqlite", "zip", "shp", "ole", "binary"):
        raise ImportFileError(f"'{path.name}' is geen tekstbestand (CSV); controleer het formaat.")
    return CheckedFile(path=path, fmt="csv")


def _check_shapefile_siblings(path: Path) -> None:
    dbf = _sibling(path, ".dbf")
    if dbf is None:
        raise ImportFileError(
            f"Bij '{path.name}' ontbreekt het .dbf-bestand; lever de shapefile compleet aan "
            "(bij voorkeur als .zip met .shp, .shx, .dbf en .prj)."
        )
    with path.open("rb") as handle:
        _check_shape_header(handle.read(100), path.name)
    with dbf.open("rb") as handle:
        _check_dbf_header(handle.read(32), dbf.name)
    shx = _sibling(path, ".shx")
    if shx is not None:
        with shx.open("rb") as handle:
            _check_shape_header(handle.read(100), shx.name)


def _check_shape_header(head: bytes, name: str) -> None:
    """The 100-byte header of a .shp or .shx: file code 9994, version 1000, a known shape type."""
    if (
        len(head) < 100 or not head.startswith(uploads.SHAPEFILE_MAGIC)
        or int.from_bytes(head[28:32], "little") != 1000
        or int.from_bytes(head[32:36], "little") not in SHAPE_TYPES
    ):
        raise ImportFileError(f"'{name}' is geen geldig shapefile-onderdeel (de kop van het bestand klopt niet).")


def _check_dbf_header(head: bytes, name: str) -> None:
    """The 32-byte header of a dBASE file: a known version, a plausible header and record length."""
    if (
        len(head) < 32 or head[0] not in DBF_VERSIONS
        or int.from_bytes(head[8:10], "little") < 33 or int.from_bytes(head[10:12], "little") < 1
    ):
        raise ImportFileError(f"'{name}' is geen geldig .dbf-bestand (de kop van het bestand klopt niet).")


def _is_junk(name: str) -> bool:
    return name.startswith(ZIP_JUNK[0]) or "/__MACOSX/" in name or PurePosixPath(name).name in ZIP_JUNK[1:]


def _is_readme(member: PurePosixPath) -> bool:
    return member.stem.lower().startswith(README_STEMS) and member.suffix.lower() in README_SUFFIXES


def _check_zip(path: Path) -> CheckedFile:
    """A zip may hold one shapefile (its parts and one readme at most) or one GeoPackage or GeoJSON
    and nothing else; checked for paths, size and compression ratio before anything is unpacked."""
    names = [n for n in uploads.zip_member_names(path) if not _is_junk(n)]
    members = {n: PurePosixPath(n.replace("\\", "/")) for n in names}
    by_suffix: dict[str, list[str]] = {}
    for name, member in members.items():
        by_suffix.setdefault(member.suffix.lower(), []).append(name)
    for wanted in (".shp", ".gpkg", ".geojson", ".json"):
        found = by_suffix.get(wanted, [])
        if len(found) > 1:
            raise ImportFileError(
                f"Het zip-bestand bevat meer dan één {wanted}-bestand ({', '.join(found[:3])}); "
                "lever er één per keer aan."
            )
    shp = by_suffix.get(".shp", [])
    if shp:
        return _check_zipped_shapefile(path, shp[0], members)
    data = [n for n in names if members[n].suffix.lower() in (".gpkg", ".geojson", ".json")]
    if not data:
        raise ImportFileError("Het zip-bestand bevat geen shapefile (.shp), GeoPackage of GeoJSON.")
    if len(data) > 1 or len(names) > 1:
        extra = [n for n in names if n != data[0]]
        raise ImportFileError(
            f"Het zip-bestand bevat naast '{data[0]}' nog andere bestanden ({', '.join(extra[:3])}); "
            "lever alleen dat ene bestand aan."
        )
    kind = "gpkg" if members[data[0]].suffix.lower() == ".gpkg" else "geojson"
    found = _sniff_member(path, data[0])
    if found != {"gpkg": "sqlite", "geojson": "json"}[kind]:
        raise ImportFileError(
            f"'{data[0]}' in het zip-bestand is geen echt {FORMAT_LABELS[kind]}-bestand; lever het bestand aan "
            "in het formaat dat de naam aangeeft."
        )
    return CheckedFile(path=path, fmt=kind, source=_vsizip(path, data[0]), in_zip=True)


def _check_zipped_shapefile(path: Path, shp: str, members: dict[str, PurePosixPath]) -> CheckedFile:
    folder = members[shp].parent
    stem = members[shp].stem.lower()
    readmes = [n for n, m in members.items() if _is_readme(m)]
    unexpected = [
        n for n, m in members.items()
        if n not in readmes[:1] and (m.suffix.lower() not in SHAPEFILE_PARTS or m.parent != folder)
    ]
    if unexpected:
        raise ImportFileError(
            f"Het zip-bestand bevat bestanden die niet bij de shapefile horen ({', '.join(unexpected[:3])}); "
            "lever alleen de delen van de shapefile aan (.shp, .shx, .dbf, .prj, .cpg)."
        )
    parts = {m.suffix.lower(): n for n, m in members.items() if m.stem.lower() == stem and m.parent == folder}
    missing = [ext for ext in (".shx", ".dbf") if ext not in parts]
    if missing:
        raise ImportFileError(
            f"In het zip-bestand ontbreekt bij '{shp}' het {' en het '.join(missing)}-bestand; "
            "lever de shapefile compleet aan (.shp, .shx, .dbf en .prj)."
        )
    for ext, size in ((".shp", 100), (".shx", 100), (".dbf", 32)):
        head = _member_head(path, parts[ext], size)
        if ext == ".dbf":
            _check_dbf_header(head, parts[ext])
        else:
            _check_shape_header(head, parts[ext])
    return CheckedFile(path=path, fmt="shp", source=_vsizip(path, shp), in_zip=True)


def _member_head(path: Path, name: str, size: int) -> bytes:
    """The first `size` bytes of one zip member (only those are unpacked)."""
    try:
        with zipfile.ZipFile(path) as archive, archive.open(name) as handle:
            return handle.read(size)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError, NotImplementedError):
        # RuntimeError: encrypted; NotImplementedError: an unsupported compression method
        raise ImportFileError(
            f"'{name}' in het zip-bestand kan niet worden uitgepakt (beschadigd, versleuteld of een onbekende "
            "compressie)."
        ) from None


def _sniff_member(path: Path, name: str) -> str:
    head = _member_head(path, name, 4096)
    if head.startswith(uploads.SQLITE_MAGIC):
        return "sqlite"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return "json" if stripped.startswith((b"{", b"[")) else "other"


def _vsizip(path: Path, member: str) -> str:
    return f"/vsizip/{path.resolve()}/{member}"


# --- GeoJSON, GeoPackage, Shapefile ----------------------------------------------------------------


def _open_with_gdal(checked: CheckedFile) -> str:
    """GDAL restricted (see gdal_guard), and the driver it would pick must be the expected one."""
    try:
        driver = gdal_guard.identify(checked.source)
    except gdal_guard.GdalUnavailable:
        raise ImportFileError(
            "GeoJSON, GeoPackage en Shapefile kunnen op deze server nu niet veilig worden gelezen; "
            "lever CSV of Excel aan, of vraag de beheerder van Wijkwerk om hulp."
        ) from None
    if driver != GDAL_DRIVERS[checked.fmt]:
        raise ImportFileError(
            f"'{checked.path.name}' kan niet worden gelezen als {FORMAT_LABELS[checked.fmt]}: het bestand is "
            "beschadigd of heeft een ander formaat."
        )
    return checked.source


def _read_geo(checked: CheckedFile, encoding: str | None) -> RawTable:
    import pyogrio
    from pyogrio.errors import DataLayerError, DataSourceError, FieldError, GeometryError

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
                messages.append(_encoding_note(detected))
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


def _sibling(path: Path, ext: str) -> Path | None:
    """The shapefile part next to `path` with extension `ext` (either case), if it exists."""
    for candidate in (path.with_suffix(ext), path.with_suffix(ext.upper())):
        if candidate.is_file():
            return candidate
    return None


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
    """Streams the file (never holds its bytes and text at once); the columns are all that is kept."""
    with path.open("rb") as handle:
        head = handle.read(100_000)
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ImportFileError(f"'{path.name}' is geen tekstbestand (CSV); controleer het formaat.")
    del head
    given = encoding is not None
    if encoding is None:
        encoding = detect_file_encoding(path)
    messages = [] if encoding in ("utf-8", "utf-8-sig") else [_encoding_note(encoding)]
    try:
        return _parse_csv(path, encoding, messages)
    except UnicodeDecodeError:
        if given or encoding == "latin-1":
            raise ImportFileError(
                f"'{path.name}' kan niet worden gelezen met tekenset {encoding}; probeer een andere --encoding."
            ) from None
    # The guess came from part of the file and failed further on; Latin-1 reads every byte.
    return _parse_csv(path, "latin-1", [_encoding_note("latin-1")])


def _parse_csv(path: Path, encoding: str, messages: list[str]) -> RawTable:
    with path.open("r", encoding=encoding, newline="") as text:
        first_line = text.readline(1_000_000).lstrip("\ufeff").rstrip("\r\n")
        delimiter = max([",", ";", "\t", "|"], key=first_line.count)
        if first_line.count(delimiter) == 0:
            raise ImportFileError(
                f"'{path.name}' lijkt geen CSV met kolommen: de eerste regel bevat geen scheidingsteken (, of ;)."
            )
        text.seek(0)
        try:
            reader = csv.reader(text, delimiter=delimiter)
            header = next(reader)
            if header:
                header[0] = header[0].lstrip("\ufeff")
            width = len(header)
            columns_data: list[list] = [[] for _ in range(width)]
            count = 0
            for row in reader:
                if not any(cell.strip() for cell in row):
                    continue
                count += 1
                for j in range(width):
                    cell = row[j] if j < len(row) else ""
                    columns_data[j].append(cell if cell != "" else None)
        except csv.Error as exc:
            raise ImportFileError(f"'{path.name}' is geen geldige CSV: {exc}.") from None
    return _table_from_columns(path, "csv", header, columns_data, count, encoding, messages,
                               decimal_comma=delimiter != ",")


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
