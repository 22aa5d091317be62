"""Shared by the area and asset import tests: the Utrecht open data shipped with the demo."""

from pathlib import Path

import numpy as np
import pyogrio.raw
import shapely

import wijkwerk

UTRECHT = Path(wijkwerk.__file__).parent / "demo" / "data" / "utrecht"
BUURT_FILE = UTRECHT / "buurt.geojson"
WIJK_FILE = UTRECHT / "wijk.geojson"
MAST_FILE = UTRECHT / "mastoverzicht.geojson"


def load_utrecht_areas(gemeente, *, wijken: bool = True) -> None:
    from wijkwerk.areas.services import areas_import

    areas_import(gemeente=gemeente, path=BUURT_FILE, level="buurt", code_field="KODE", name_field="NAAM",
                 parent_field="WIJKKODE")
    if wijken:
        areas_import(gemeente=gemeente, path=WIJK_FILE, level="wijk", code_field="KODE", name_field="NAAM")


def write_geo(path, geometries_wgs84, fields: dict, *, crs: str, driver: str, encoding=None) -> Path:
    """Writes shapely geometries (given in WGS84) reprojected to `crs` with pyogrio."""
    from wijkwerk.core.geo import transformer

    geoms = np.asarray(geometries_wgs84, dtype=object)
    if crs != "EPSG:4326":
        tr = transformer("EPSG:4326", crs)

        def convert(coords):
            x, y = tr.transform(coords[:, 0], coords[:, 1])
            return np.column_stack([x, y])

        geoms = shapely.transform(geoms, convert)
    kinds = {g.geom_type for g in geoms}
    pyogrio.raw.write(
        str(path), shapely.to_wkb(geoms), [np.asarray(v, dtype=object) for v in fields.values()], list(fields),
        driver=driver, crs=crs, geometry_type=kinds.pop() if len(kinds) == 1 else "Unknown", encoding=encoding,
    )
    return Path(path)
