"""Which coordinate reference system a file uses, conversion to WGS84 (vectorised) and the per-row
check of coordinates.

Files come in RD New (EPSG:28992), WGS84 (EPSG:4326) or Web Mercator (EPSG:3857, web maps); a file
that names its CRS is read in that one (any CRS pyproj knows), otherwise the values decide.
Coordinates are stored rounded to 1e-7 degree (about 1 cm): re-importing the same file then gives
exactly the same numbers, so an unchanged row is recognised as unchanged.
"""

import numpy as np
import shapely
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pyproj import CRS
from pyproj.exceptions import CRSError

from wijkwerk.core.geo import NL_BOUNDS_WGS84, RD_NEW, WGS84, guess_crs, in_netherlands_wgs84, transformer

from .errors import FileRefused

WEB_MERCATOR = "EPSG:3857"
DECIMALS = 7

CRS_LABELS = {WGS84: gettext_lazy("WGS84 (EPSG:4326, lengte- en breedtegraden)"), RD_NEW: "RD New (EPSG:28992)",
              WEB_MERCATOR: "Web Mercator (EPSG:3857)"}


def _web_mercator_bounds() -> tuple[float, float, float, float]:
    minx, miny, maxx, maxy = NL_BOUNDS_WGS84
    xs, ys = transformer(WGS84, WEB_MERCATOR).transform([minx, maxx], [miny, maxy])
    return xs[0], ys[0], xs[1], ys[1]


NL_BOUNDS_WEB_MERCATOR = _web_mercator_bounds()


def crs_label(crs: str) -> str:
    if crs in CRS_LABELS:
        return str(CRS_LABELS[crs])
    try:
        parsed = CRS.from_user_input(crs)
        code = parsed.to_epsg()
        return f"{parsed.name} (EPSG:{code})" if code else parsed.name
    except CRSError:
        return crs


def parse_crs_option(value: str) -> str:
    """A CRS the user gave (e.g. --crs EPSG:28992) as 'EPSG:<code>' (or WKT); refuses an unknown one."""
    try:
        parsed = CRS.from_user_input(value.strip())
    except CRSError:
        raise FileRefused(_("Onbekend coördinatenstelsel '%(crs)s': gebruik bijvoorbeeld EPSG:28992.")
                          % {"crs": value}) from None
    code = parsed.to_epsg()
    return f"EPSG:{code}" if code else parsed.to_wkt()


def guess_file_crs(xs, ys) -> str | None:
    """RD New, WGS84 or Web Mercator by the values (Dutch data), None when they fit none."""
    guess = guess_crs(xs, ys)
    if guess is not None:
        return guess
    xs = np.asarray(xs, dtype=float)
    ys = np.asarray(ys, dtype=float)
    ok = np.isfinite(xs) & np.isfinite(ys)
    if not ok.any():
        return None
    minx, miny, maxx, maxy = NL_BOUNDS_WEB_MERCATOR
    inside = (xs[ok] >= minx) & (xs[ok] <= maxx) & (ys[ok] >= miny) & (ys[ok] <= maxy)
    return WEB_MERCATOR if np.median(inside) else None


def resolve_crs(*, table, option: str | None) -> tuple[str, list[str]]:
    """The CRS to read the table's coordinates in, and Dutch notes on how it was chosen."""
    if option:
        crs = parse_crs_option(option)
        return crs, [_("Coördinatenstelsel opgegeven: %(crs)s.") % {"crs": crs_label(crs)}]
    if table.crs and table.crs_explicit:
        crs = table.crs
        try:
            CRS.from_user_input(crs)
        except CRSError:
            raise FileRefused(
                _("Het coördinatenstelsel in het bestand is onbekend; geef het op met --crs (bijvoorbeeld "
                  "EPSG:28992).")
            ) from None
        return crs, []
    xs, ys = table.sample_xy()
    guess = guess_file_crs(xs, ys) if len(xs) else None
    if table.fmt == "geojson" and table.crs:
        # GeoJSON without a "crs" member is WGS84 by the standard; check the values anyway.
        if guess in (RD_NEW, WEB_MERCATOR):
            return guess, [_("Het GeoJSON-bestand noemt geen coördinatenstelsel maar de waarden zijn %(crs)s; zo "
                             "gelezen. Geef anders --crs op.") % {"crs": crs_label(guess)}]
        return WGS84, []
    if guess is not None:
        if table.crs_hint and table.crs_hint != guess:
            how = _("op grond van de waarden (de kolomnamen wijzen op iets anders)")
        else:
            how = _("op grond van de waarden")
        return guess, [_("Het bestand noemt geen coördinatenstelsel; %(how)s aangenomen: %(crs)s. Klopt dat niet, "
                         "geef dan --crs op.") % {"how": how, "crs": crs_label(guess)}]
    fallback = table.crs_hint or WGS84
    return fallback, [_("Het bestand noemt geen coördinatenstelsel en de waarden passen niet bij RD New of WGS84; "
                        "gelezen als %(crs)s. Geef het juiste stelsel op met --crs.") % {"crs": crs_label(fallback)}]


def is_wgs84(crs: str) -> bool:
    return crs == WGS84 or CRS.from_user_input(crs).equals(CRS.from_user_input(WGS84))


def points_to_wgs84_rounded(x: np.ndarray, y: np.ndarray, crs: str) -> tuple[np.ndarray, np.ndarray]:
    """Reprojects x/y arrays to WGS84 lon/lat and rounds to DECIMALS (vectorised)."""
    if not is_wgs84(crs):
        with np.errstate(invalid="ignore"):
            x, y = transformer(crs, WGS84).transform(x, y)
    return np.round(np.asarray(x, dtype=float), DECIMALS), np.round(np.asarray(y, dtype=float), DECIMALS)


def to_wgs84_rounded(geometries: np.ndarray, crs: str) -> np.ndarray:
    """Reprojects an array of shapely geometries to WGS84 and rounds to DECIMALS (vectorised)."""
    if is_wgs84(crs):
        def convert(coords):
            return np.round(coords, DECIMALS)
    else:
        tr = transformer(crs, WGS84)

        def convert(coords):
            lon, lat = tr.transform(coords[:, 0], coords[:, 1])
            return np.round(np.column_stack([lon, lat]), DECIMALS)

    with np.errstate(invalid="ignore"):
        return shapely.transform(geometries, convert)


def coordinate_problems(x, y, crs: str) -> tuple[np.ndarray, np.ndarray, list[tuple[int, str]]]:
    """Converts points in `crs` to WGS84 (rounded) and checks them per row.

    Returns lon, lat and the refused rows as (0-based index, Dutch reason): a coordinate that is
    missing or not a number (NaN), infinite, or that lands outside the Netherlands (its bounding box
    with a margin: land and territorial sea, generously). The caller refuses those rows."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    lon, lat = points_to_wgs84_rounded(x, y, crs)
    nan = np.isnan(x) | np.isnan(y)
    infinite = ~nan & (np.isinf(x) | np.isinf(y))
    unconverted = ~nan & ~infinite & ~(np.isfinite(lon) & np.isfinite(lat))
    outside = ~nan & ~infinite & ~unconverted & ~in_netherlands_wgs84(lon, lat)
    problems: list[tuple[int, str]] = []
    for i in np.flatnonzero(nan).tolist():
        problems.append((i, _("De coördinaten ontbreken of zijn geen getal.")))
    for i in np.flatnonzero(infinite).tolist():
        problems.append((i, _("De coördinaten zijn oneindig groot.")))
    for i in np.flatnonzero(unconverted).tolist():
        problems.append((i, _("De coördinaten kunnen niet worden omgerekend naar WGS84.")))
    label = crs_label(crs)
    for i in np.flatnonzero(outside).tolist():
        problems.append((i, outside_message(lon[i], lat[i], label)))
    problems.sort()
    return lon, lat, problems


def outside_message(lon: float, lat: float, crs_text: str) -> str:
    """The Dutch reason for a point outside the Netherlands."""
    return _("Ligt buiten Nederland (lon %(lon).5f, lat %(lat).5f); klopt het coördinatenstelsel (%(crs)s)? "
             "Geef anders --crs op.") % {"lon": lon, "lat": lat, "crs": crs_text}
