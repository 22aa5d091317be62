"""What a file really is, checked by its content before any parser sees it.

Its first bytes must fit its name (a .gpkg is an SQLite database, not GDAL XML pointing elsewhere),
a zip may hold only the one dataset (a shapefile's parts, or one GeoPackage or GeoJSON) within the
size and compression limits, an .xlsx is a sane zip, and the file itself is within the size limit.
Every refusal is a `FileRefused` with one Dutch sentence.
"""

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.utils.translation import gettext as _

from . import limits
from .errors import FileRefused
from .sniffing import SHAPEFILE_MAGIC, SQLITE_MAGIC, sniff
from .zips import is_junk, member_head, zip_member_names

GEO_SUFFIXES = {".geojson": "geojson", ".json": "geojson", ".gpkg": "gpkg", ".shp": "shp", ".zip": "zip"}
TABLE_SUFFIXES = {".csv": "csv", ".txt": "csv", ".tsv": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx"}
GDAL_FORMATS = ("geojson", "gpkg", "shp")
TABLE_FORMATS = ("csv", "xlsx")
FORMAT_LABELS = {"geojson": "GeoJSON", "gpkg": "GeoPackage", "shp": "Shapefile", "csv": "CSV", "xlsx": "Excel (.xlsx)",
                 "zip": "zip"}
# What a zipped shapefile may hold besides the .shp (and one readme).
SHAPEFILE_PARTS = {".shp", ".shx", ".dbf", ".prj", ".cpg", ".qix", ".sbn", ".sbx", ".xml"}
README_STEMS = ("readme", "leesmij", "lees_mij", "lees-mij")
README_SUFFIXES = {"", ".txt", ".md", ".pdf", ".html", ".htm"}
# dBASE versions a shapefile's .dbf starts with.
DBF_VERSIONS = {0x02, 0x03, 0x04, 0x05, 0x30, 0x31, 0x32, 0x43, 0x63, 0x83, 0x8B, 0xCB, 0xF5, 0xFB}
SHAPE_TYPES = {0, 1, 3, 5, 8, 11, 13, 15, 18, 21, 23, 25, 28, 31}


def format_names() -> str:
    return _("GeoJSON, GeoPackage, Shapefile (.shp of .zip), CSV of XLSX")


@dataclass(frozen=True)
class CheckedFile:
    """A file that passed `check_file`: its format and, for GDAL formats, what GDAL opens (the file
    itself or one member of the zip, as /vsizip/...)."""

    path: Path
    fmt: str  # geojson, gpkg, shp, csv, xlsx
    source: str | None = None
    in_zip: bool = False


def check_file(path: str | Path, *, formats: tuple[str, ...] | None = None) -> CheckedFile:
    """Checks what a file really is (see the module); `formats` limits the formats accepted (e.g.
    ("csv", "xlsx") for a simple table). Raises FileRefused."""
    path = Path(path)
    if str(path).startswith("/vsi"):
        raise FileRefused(_("Alleen gewone bestanden kunnen worden ingelezen, geen GDAL-paden (/vsi...)."))
    if not path.exists():
        raise FileRefused(_("Bestand '%(path)s' bestaat niet.") % {"path": path})
    if path.is_dir():
        raise FileRefused(_("'%(path)s' is een map, geen bestand.") % {"path": path})
    if not path.is_file():
        raise FileRefused(_("'%(name)s' is geen gewoon bestand.") % {"name": path.name})
    if path.stat().st_size == 0:
        raise FileRefused(_("Bestand '%(name)s' is leeg.") % {"name": path.name})
    limits.check_size(path)
    suffix = path.suffix.lower()
    kind = GEO_SUFFIXES.get(suffix) or TABLE_SUFFIXES.get(suffix)
    if suffix == ".xls":
        raise FileRefused(_("Het oude Excel-formaat (.xls) wordt niet ondersteund; sla het bestand op als .xlsx."))
    zip_allowed = formats is None or bool(set(formats) & set(GDAL_FORMATS))
    if kind is None or formats is not None and kind not in formats and not (kind == "zip" and zip_allowed):
        expected = format_names() if formats is None else ", ".join(FORMAT_LABELS[f] for f in formats)
        raise FileRefused(_("Onbekend bestandsformaat '%(suffix)s': gebruik %(formats)s.")
                          % {"suffix": suffix or path.name, "formats": expected})
    if suffix in GEO_SUFFIXES:
        checked = _check_geo(path, kind)
    else:
        checked = _check_table(path, kind)
    if formats is not None and checked.fmt not in formats:
        raise FileRefused(_("'%(name)s' is een %(found)s-bestand; verwacht: %(formats)s.") % {
            "name": path.name, "found": FORMAT_LABELS[checked.fmt],
            "formats": ", ".join(FORMAT_LABELS[f] for f in formats)})
    return checked


def _not_what_it_says(path: Path, label: str, kind: str) -> FileRefused:
    found = {
        "sqlite": _("een SQLite-database"), "zip": _("een zip-bestand"), "shp": _("een shapefile"),
        "ole": _("een oud Office-bestand"), "xml": _("een XML-bestand"), "json": _("een JSON-bestand"),
        "text": _("een tekstbestand"),
    }.get(kind, _("een ander soort bestand"))
    return FileRefused(
        _("'%(name)s' is geen echt %(label)s-bestand: de inhoud is %(found)s. Lever het bestand aan in het "
          "formaat dat de naam aangeeft.") % {"name": path.name, "label": label, "found": found}
    )


def _check_geo(path: Path, kind: str) -> CheckedFile:
    found = sniff(path)
    if kind == "zip":
        if found != "zip":
            raise _not_what_it_says(path, "zip", found)
        return _check_zip(path)
    expected = {"gpkg": "sqlite", "geojson": "json", "shp": "shp"}[kind]
    if found != expected:
        if kind == "geojson":
            raise FileRefused(_("'%(name)s' is geen GeoJSON: het bestand begint niet met '{'.") % {"name": path.name})
        raise _not_what_it_says(path, FORMAT_LABELS[kind], found)
    if kind == "shp":
        _check_shapefile_siblings(path)
    return CheckedFile(path=path, fmt=kind, source=str(path))


def _check_table(path: Path, kind: str) -> CheckedFile:
    found = sniff(path)
    if kind == "xlsx":
        if found == "ole":
            raise FileRefused(
                _("'%(name)s' is in het oude Excel-formaat (.xls) opgeslagen; sla het op als .xlsx.") % {"name": path.name}
            )
        if found != "zip":
            raise FileRefused(_("'%(name)s' kan niet worden gelezen als Excel-bestand (.xlsx): beschadigd of een "
                                "ander formaat.") % {"name": path.name})
        zip_member_names(path, label=_("Excel-bestand"))
        return CheckedFile(path=path, fmt="xlsx")
    if found in ("sqlite", "zip", "shp", "ole", "binary"):
        raise FileRefused(_("'%(name)s' is geen tekstbestand (CSV); controleer het formaat.") % {"name": path.name})
    return CheckedFile(path=path, fmt="csv")


def _check_shapefile_siblings(path: Path) -> None:
    dbf = sibling(path, ".dbf")
    if dbf is None:
        raise FileRefused(
            _("Bij '%(name)s' ontbreekt het .dbf-bestand; lever de shapefile compleet aan (bij voorkeur als .zip "
              "met .shp, .shx, .dbf en .prj).") % {"name": path.name}
        )
    with path.open("rb") as handle:
        _check_shape_header(handle.read(100), path.name)
    with dbf.open("rb") as handle:
        _check_dbf_header(handle.read(32), dbf.name)
    shx = sibling(path, ".shx")
    if shx is not None:
        with shx.open("rb") as handle:
            _check_shape_header(handle.read(100), shx.name)


def _check_shape_header(head: bytes, name: str) -> None:
    """The 100-byte header of a .shp or .shx: file code 9994, version 1000, a known shape type."""
    if (
        len(head) < 100 or not head.startswith(SHAPEFILE_MAGIC)
        or int.from_bytes(head[28:32], "little") != 1000
        or int.from_bytes(head[32:36], "little") not in SHAPE_TYPES
    ):
        raise FileRefused(_("'%(name)s' is geen geldig shapefile-onderdeel (de kop van het bestand klopt niet).")
                          % {"name": name})


def _check_dbf_header(head: bytes, name: str) -> None:
    """The 32-byte header of a dBASE file: a known version, a plausible header and record length."""
    if (
        len(head) < 32 or head[0] not in DBF_VERSIONS
        or int.from_bytes(head[8:10], "little") < 33 or int.from_bytes(head[10:12], "little") < 1
    ):
        raise FileRefused(_("'%(name)s' is geen geldig .dbf-bestand (de kop van het bestand klopt niet).")
                          % {"name": name})


def _is_readme(member: PurePosixPath) -> bool:
    return member.stem.lower().startswith(README_STEMS) and member.suffix.lower() in README_SUFFIXES


def _check_zip(path: Path) -> CheckedFile:
    """A zip may hold one shapefile (its parts and one readme at most) or one GeoPackage or GeoJSON
    and nothing else; checked for paths, size and compression ratio before anything is unpacked."""
    names = [n for n in zip_member_names(path) if not is_junk(n)]
    members = {n: PurePosixPath(n.replace("\\", "/")) for n in names}
    by_suffix: dict[str, list[str]] = {}
    for name, member in members.items():
        by_suffix.setdefault(member.suffix.lower(), []).append(name)
    for wanted in (".shp", ".gpkg", ".geojson", ".json"):
        found = by_suffix.get(wanted, [])
        if len(found) > 1:
            raise FileRefused(
                _("Het zip-bestand bevat meer dan één %(suffix)s-bestand (%(names)s); lever er één per keer aan.")
                % {"suffix": wanted, "names": ", ".join(found[:3])}
            )
    shp = by_suffix.get(".shp", [])
    if shp:
        return _check_zipped_shapefile(path, shp[0], members)
    data = [n for n in names if members[n].suffix.lower() in (".gpkg", ".geojson", ".json")]
    if not data:
        raise FileRefused(_("Het zip-bestand bevat geen shapefile (.shp), GeoPackage of GeoJSON."))
    if len(data) > 1 or len(names) > 1:
        extra = [n for n in names if n != data[0]]
        raise FileRefused(
            _("Het zip-bestand bevat naast '%(name)s' nog andere bestanden (%(extra)s); lever alleen dat ene "
              "bestand aan.") % {"name": data[0], "extra": ", ".join(extra[:3])}
        )
    kind = "gpkg" if members[data[0]].suffix.lower() == ".gpkg" else "geojson"
    found = _sniff_member(path, data[0])
    if found != {"gpkg": "sqlite", "geojson": "json"}[kind]:
        raise FileRefused(
            _("'%(name)s' in het zip-bestand is geen echt %(label)s-bestand; lever het bestand aan in het formaat "
              "dat de naam aangeeft.") % {"name": data[0], "label": FORMAT_LABELS[kind]}
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
        raise FileRefused(
            _("Het zip-bestand bevat bestanden die niet bij de shapefile horen (%(names)s); lever alleen de delen "
              "van de shapefile aan (.shp, .shx, .dbf, .prj, .cpg).") % {"names": ", ".join(unexpected[:3])}
        )
    parts = {m.suffix.lower(): n for n, m in members.items() if m.stem.lower() == stem and m.parent == folder}
    missing = [ext for ext in (".shx", ".dbf") if ext not in parts]
    if missing:
        raise FileRefused(
            _("In het zip-bestand ontbreekt bij '%(name)s' het %(parts)s-bestand; lever de shapefile compleet aan "
              "(.shp, .shx, .dbf en .prj).") % {"name": shp, "parts": _(" en het ").join(missing)}
        )
    for ext, size in ((".shp", 100), (".shx", 100), (".dbf", 32)):
        head = member_head(path, parts[ext], size)
        if ext == ".dbf":
            _check_dbf_header(head, parts[ext])
        else:
            _check_shape_header(head, parts[ext])
    return CheckedFile(path=path, fmt="shp", source=_vsizip(path, shp), in_zip=True)


def _sniff_member(path: Path, name: str) -> str:
    head = member_head(path, name, 4096)
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return "json" if stripped.startswith((b"{", b"[")) else "other"


def _vsizip(path: Path, member: str) -> str:
    return f"/vsizip/{path.resolve()}/{member}"


def sibling(path: Path, ext: str) -> Path | None:
    """The shapefile part next to `path` with extension `ext` (either case), if it exists."""
    for candidate in (path.with_suffix(ext), path.with_suffix(ext.upper())):
        if candidate.is_file():
            return candidate
    return None
