"""Which coordinate reference system a file uses, and reprojection to WGS84 (vectorised)."""

import numpy as np
import shapely
from pyproj import CRS
from pyproj.exceptions import CRSError

from wijkwerk.core.geo import RD_NEW, WGS84, guess_crs, transformer

from .errors import ImportFileError

# Coordinates are stored rounded to 1e-7 degree (about 1 cm): re-importing the same file then gives
# exactly the same numbers, so an unchanged row is recognised as unchanged.
DECIMALS = 7

CRS_LABELS = {WGS84: "WGS84 (EPSG:4326, lengte- en breedtegraden)", RD_NEW: "RD New (EPSG:28992)"}


def crs_label(crs: str) -> str:
    if crs in CRS_LABELS:
        return CRS_LABELS[crs]
    try:
        parsed = CRS.from_user_input(crs)
        code = parsed.to_epsg()
        return f"{parsed.name} (EPSG:{code})" if code else parsed.name
    except CRSError:
        return crs


def parse_crs_option(value: str) -> str:
    try:
        parsed = CRS.from_user_input(value.strip())
    except CRSError:
        raise ImportFileError(f"Onbekend coördinatenstelsel '{value}': gebruik bijvoorbeeld EPSG:28992.") from None
    code = parsed.to_epsg()
    return f"EPSG:{code}" if code else parsed.to_wkt()


def resolve_crs(*, table, option: str | None) -> tuple[str, list[str]]:
    """The CRS to read the table's coordinates in, and Dutch notes on how it was chosen."""
    if option:
        crs = parse_crs_option(option)
        return crs, [f"Coördinatenstelsel opgegeven: {crs_label(crs)}."]
    if table.crs and table.crs_explicit:
        crs = table.crs
        try:
            CRS.from_user_input(crs)
        except CRSError:
            raise ImportFileError(
                "Het coördinatenstelsel in het bestand is onbekend; geef het op met --crs (bijvoorbeeld EPSG:28992)."
            ) from None
        return crs, []
    xs, ys = table.sample_xy()
    guess = guess_crs(xs, ys) if len(xs) else None
    if table.fmt == "geojson" and table.crs:
        # GeoJSON without a "crs" member is WGS84 by the standard; check the values anyway.
        if guess == RD_NEW:
            return RD_NEW, ["Het GeoJSON-bestand noemt geen coördinatenstelsel maar de waarden zijn RD New "
                            "(EPSG:28992); zo gelezen. Geef anders --crs op."]
        return WGS84, []
    if guess is not None:
        how = "op grond van de waarden"
        if table.crs_hint and table.crs_hint != guess:
            how = "op grond van de waarden (de kolomnamen wijzen op iets anders)"
        return guess, [f"Het bestand noemt geen coördinatenstelsel; {how} aangenomen: {crs_label(guess)}. "
                       "Klopt dat niet, geef dan --crs op."]
    fallback = table.crs_hint or WGS84
    return fallback, [f"Het bestand noemt geen coördinatenstelsel en de waarden passen niet bij RD New of WGS84; "
                      f"gelezen als {crs_label(fallback)}. Geef het juiste stelsel op met --crs."]


def points_to_wgs84_rounded(x: np.ndarray, y: np.ndarray, crs: str) -> tuple[np.ndarray, np.ndarray]:
    """Reprojects x/y arrays to WGS84 lon/lat and rounds to DECIMALS (vectorised)."""
    if not CRS.from_user_input(crs).equals(CRS.from_user_input(WGS84)):
        with np.errstate(invalid="ignore"):
            x, y = transformer(crs, WGS84).transform(x, y)
    return np.round(np.asarray(x, dtype=float), DECIMALS), np.round(np.asarray(y, dtype=float), DECIMALS)


def to_wgs84_rounded(geometries: np.ndarray, crs: str) -> np.ndarray:
    """Reprojects an array of shapely geometries to WGS84 and rounds to DECIMALS (vectorised)."""
    same = CRS.from_user_input(crs).equals(CRS.from_user_input(WGS84))
    if same:
        def convert(coords):
            return np.round(coords, DECIMALS)
    else:
        tr = transformer(crs, WGS84)

        def convert(coords):
            lon, lat = tr.transform(coords[:, 0], coords[:, 1])
            return np.round(np.column_stack([lon, lat]), DECIMALS)

    with np.errstate(invalid="ignore"):
        return shapely.transform(geometries, convert)
