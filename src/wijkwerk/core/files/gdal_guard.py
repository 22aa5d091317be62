"""GDAL (inside pyogrio) limited to what the import needs, because the files it reads come from
outside: a GDAL "virtual" file (VRT) can name other files, SQL and URLs, and GDAL would follow
them.

`harden()` runs once per process (and checks again before every read):

- only the drivers in `ALLOWED_DRIVERS` stay registered (pyogrio registers all ~180 of GDAL and
  offers no per-open `allowed_drivers`), so VRT, the plain SQLite driver, WFS, CSV and the rest
  cannot open anything; `GDAL_SKIP` keeps them out should anything register all drivers again;
- GDAL may not use the network: `/vsicurl/` (and the cloud file systems built on it) may open no
  URL, and every HTTP request GDAL makes itself (e.g. a GeoJSON "crs" of type "link") is answered
  with an error without leaving the process;
- SQLite/GeoPackage: no extensions, no VirtualOGR tables, no OGR SQL functions from views or
  triggers.

`identify(source)` names the driver GDAL would use, so a reader can insist on the one it expects.
Everything here talks to the GDAL library pyogrio loaded (ctypes); if that library cannot be
found, `GdalUnavailable` is raised and geo files are refused rather than read unprotected.
"""

import ctypes
import ctypes.util
import logging
import threading
from pathlib import Path

import pyogrio
import pyogrio._io  # noqa: F401  (loads libgdal)

logger = logging.getLogger(__name__)

# Also what the exporters and the tests write with; extend with care (each driver is attack surface).
ALLOWED_DRIVERS = ("GPKG", "GeoJSON", "ESRI Shapefile")

CONFIG_OPTIONS = {
    # No network. /vsicurl/ and /vsis3/, /vsigs/, ... may open only this (impossible) name.
    "CPL_VSIL_CURL_ALLOWED_FILENAME": "wijkwerk-no-network-access",
    "GDAL_HTTP_TIMEOUT": "1",
    "GDAL_HTTP_CONNECTTIMEOUT": "1",
    "GDAL_HTTP_MAX_RETRY": "0",
    "GDAL_HTTP_NETRC": "NO",
    # VRT must stay off even if it were registered again.
    "GDAL_VRT_ENABLE_PYTHON": "NO",
    "GDAL_VRT_ENABLE_RAWRASTERBAND": "NO",
    # SQLite / GeoPackage: only the file itself.
    "OGR_SQLITE_LOAD_EXTENSIONS": None,
    "OGR_SQLITE_PRAGMA": None,
    "OGR_SQLITE_ALLOW_EXTERNAL_ACCESS": "NO",
    "OGR_SQLITE_STATIC_VIRTUAL_OGR": "NO",
    "OGR_SQLITE_LIST_VIRTUAL_OGR": "NO",
    "ALLOW_VIRTUAL_OGR_FROM_TRIGGER_AND_VIEW": "NO",
    "ALLOW_OGR_SQL_FUNCTIONS_FROM_TRIGGER_AND_VIEW": "NO",
    "SQLITE_LIST_ALL_TABLES": "NO",
}

GDAL_OF_VECTOR = 0x04


class GdalUnavailable(RuntimeError):
    """The GDAL library could not be restricted; geo files must not be read."""


class _HTTPResult(ctypes.Structure):
    """CPLHTTPResult from cpl_http.h."""

    _fields_ = [
        ("nStatus", ctypes.c_int),
        ("pszContentType", ctypes.c_void_p),
        ("pszErrBuf", ctypes.c_void_p),
        ("nDataLen", ctypes.c_int),
        ("nDataAlloc", ctypes.c_int),
        ("pabyData", ctypes.c_void_p),
        ("papszHeaders", ctypes.c_void_p),
        ("nMimePartCount", ctypes.c_int),
        ("pasMimePart", ctypes.c_void_p),
    ]


_FETCH_CALLBACK_TYPE = ctypes.CFUNCTYPE(
    ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p,
    ctypes.c_void_p, ctypes.c_void_p,
)

_lock = threading.Lock()
_state: dict = {"lib": None, "callback": None, "configured": False}


def _find_library() -> str:
    """The libgdal that pyogrio loaded (a wheel bundles its own; a source build uses the system's)."""
    maps = Path("/proc/self/maps")
    if maps.exists():
        for line in maps.read_text().splitlines():
            name = line.rsplit(" ", 1)[-1]
            if "libgdal" in Path(name).name:
                return name
    package = Path(pyogrio.__file__).parent
    for folder in (package.parent / "pyogrio.libs", package / ".dylibs", package):
        # Linux/macOS wheels: libgdal-<hash>.so / libgdal.*.dylib; Windows wheels: gdal-<hash>.dll
        found = sorted(p for p in folder.glob("*gdal*") if p.suffix in (".so", ".dylib", ".dll")
                       or ".so." in p.name) if folder.is_dir() else []
        if found:
            return str(found[0])
    system = ctypes.util.find_library("gdal")
    if system:
        return system
    raise GdalUnavailable("libgdal not found")


def _library() -> ctypes.CDLL:
    if _state["lib"] is None:
        lib = ctypes.CDLL(_find_library())
        lib.GDALGetDriverCount.restype = ctypes.c_int
        lib.GDALGetDriver.restype = ctypes.c_void_p
        lib.GDALGetDriver.argtypes = [ctypes.c_int]
        lib.GDALGetDriverShortName.restype = ctypes.c_char_p
        lib.GDALGetDriverShortName.argtypes = [ctypes.c_void_p]
        lib.GDALDeregisterDriver.restype = None
        lib.GDALDeregisterDriver.argtypes = [ctypes.c_void_p]
        lib.GDALIdentifyDriverEx.restype = ctypes.c_void_p
        lib.GDALIdentifyDriverEx.argtypes = [ctypes.c_char_p, ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p]
        lib.CPLHTTPSetFetchCallback.restype = None
        lib.CPLHTTPSetFetchCallback.argtypes = [_FETCH_CALLBACK_TYPE, ctypes.c_void_p]
        lib.CPLCalloc.restype = ctypes.c_void_p
        lib.CPLCalloc.argtypes = [ctypes.c_size_t, ctypes.c_size_t]
        lib.CPLStrdup.restype = ctypes.c_void_p
        lib.CPLStrdup.argtypes = [ctypes.c_char_p]
        _state["lib"] = lib
    return _state["lib"]


def _driver_names(lib) -> list[str]:
    return [lib.GDALGetDriverShortName(lib.GDALGetDriver(i)).decode() for i in range(lib.GDALGetDriverCount())]


def _refuse_http(lib):
    """A CPLHTTPFetch replacement that never connects: a failed result ("network disabled")."""

    def fetch(url, _options, _progress, _progress_arg, _write, _write_arg, _user_data):
        logger.warning("GDAL tried to fetch %r; refused (no network for file imports)", (url or b"")[:200])
        result = lib.CPLCalloc(1, ctypes.sizeof(_HTTPResult))
        view = _HTTPResult.from_address(result)
        view.nStatus = 1
        view.pszErrBuf = lib.CPLStrdup(b"network access disabled")
        return result

    return _FETCH_CALLBACK_TYPE(fetch)


def harden() -> None:
    """Restricts GDAL as described above; cheap when already done. Raises GdalUnavailable."""
    with _lock:
        try:
            lib = _library()
            if not _state["configured"]:
                names = _driver_names(lib)
                skip = [n for n in names if n not in ALLOWED_DRIVERS and " " not in n]
                pyogrio.set_gdal_config_options({**CONFIG_OPTIONS, "GDAL_SKIP": " ".join(skip)})
                callback = _refuse_http(lib)
                lib.CPLHTTPSetFetchCallback(callback, None)
                _state["callback"] = callback  # GDAL keeps only the pointer
                _state["configured"] = True
            if lib.GDALGetDriverCount() != len(ALLOWED_DRIVERS):
                for i in reversed(range(lib.GDALGetDriverCount())):
                    handle = lib.GDALGetDriver(i)
                    if lib.GDALGetDriverShortName(handle).decode() not in ALLOWED_DRIVERS:
                        lib.GDALDeregisterDriver(handle)
            remaining = set(_driver_names(lib))
        except GdalUnavailable:
            raise
        except Exception as exc:  # OSError, AttributeError (symbol missing), ...
            logger.exception("GDAL could not be restricted")
            raise GdalUnavailable(str(exc)) from None
        if not remaining <= set(ALLOWED_DRIVERS):
            raise GdalUnavailable(f"unexpected GDAL drivers: {sorted(remaining - set(ALLOWED_DRIVERS))}")


def identify(source: str) -> str | None:
    """The short name of the driver GDAL would open `source` with, None when none would."""
    harden()
    lib = _library()
    handle = lib.GDALIdentifyDriverEx(source.encode(), GDAL_OF_VECTOR, None, None)
    return lib.GDALGetDriverShortName(handle).decode() if handle else None


def registered_drivers() -> list[str]:
    """The drivers GDAL can use now (for tests and diagnostics)."""
    return _driver_names(_library())
