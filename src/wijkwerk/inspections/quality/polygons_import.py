"""Import of the polygons drawn for an area type (GeoJSON, GeoPackage, Shapefile, or CSV/XLSX
with WKT): read the file, check every polygon, then save them. A plot inside such a polygon is
judged against the polygon's area type."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wijkwerk.core.audit import audit_log
from wijkwerk.core.files import FileRefused, find_column, read_table, resolve_crs, to_wgs84_rounded
from wijkwerk.core.geo import in_netherlands_wgs84

from ..models import AreaType, AreaTypePolygon

NAME_COLUMNS = ("naam", "name", "omschrijving")
POLYGON, MULTIPOLYGON = 3, 6  # shapely geometry type ids
ERRORS_KEPT = 100


@dataclass
class _Shapes:
    """What the read step gives: WGS84 geometries, a name per row ("" without), notes on the CRS."""

    geometries: np.ndarray
    names: list[str]
    messages: list[str]


def area_type_polygons_import(*, area_type: AreaType, path, name_field: str | None = None, replace: bool = True,
                              crs: str | None = None, actor=None, origin: str = "web") -> dict:
    """Reads polygons for an area type; `replace` drops the area type's earlier polygons. Rows
    without a usable polygon are refused with their row number; when none is usable nothing
    changes. Raises FileRefused (a file the file layer refuses, or one without a geometry or the
    name field asked for) or ValidationError (no usable polygon)."""
    path = Path(path)
    shapes = _read(path, name_field=name_field, crs=crs)
    records, errors = _check(shapes, area_type=area_type)
    result = {"read": len(shapes.names), "created": 0, "rejected": len(errors), "removed": 0,
              "errors": errors[:ERRORS_KEPT], "messages": shapes.messages}
    if not records:
        raise ValidationError(_("Geen enkel bruikbaar vlak in het bestand: %(reasons)s") % {
            "reasons": "; ".join(_("rij %(row)s: %(message)s") % e for e in errors[:3])})
    with transaction.atomic():
        result["removed"], result["created"] = _save(area_type=area_type, records=records, replace=replace,
                                                     source=path.name)
        audit_log(action="inspections.area_type_polygons", actor=actor, gemeente=area_type.gemeente, obj=area_type,
                  origin=origin, detail={"file": path.name, **{k: result[k] for k in ("read", "created", "rejected", "removed")}})
    return result


# --- read ------------------------------------------------------------------------------------------


def _read(path: Path, *, name_field: str | None, crs: str | None) -> _Shapes:
    """The file's geometries in WGS84 and the name of each (from `name_field`, or a column that
    looks like a name), read by the file layer. FileRefused when the file cannot be read or has no
    geometry."""
    table = read_table(path)
    if table.geometries is None and table.points is None:
        raise FileRefused(_("'%(file)s' bevat geen geometrie; verwacht vlakken (Polygon of MultiPolygon).")
                              % {"file": path.name})
    if name_field:
        name_column = find_column(table.columns, name_field)
        if name_column is None:
            raise FileRefused(_("Veld '%(field)s' bestaat niet in '%(file)s'; velden: %(fields)s.")
                                  % {"field": name_field, "file": path.name, "fields": ", ".join(table.columns)})
    else:
        name_column = find_column(table.columns, NAME_COLUMNS)
    crs_used, notes = resolve_crs(table=table, option=crs)
    names = [str(table.data[name_column][i] or "").strip() if name_column else "" for i in range(table.n)]
    return _Shapes(geometries=to_wgs84_rounded(table.geometry_array(), crs_used), names=names,
                   messages=list(table.messages) + notes)


# --- check -----------------------------------------------------------------------------------------


def _check(shapes: _Shapes, *, area_type: AreaType) -> tuple[list[tuple[str, object]], list[dict]]:
    """([(name, polygon)], [refused rows {"row", "field", "message"}]); invalid polygons are repaired."""
    records: list[tuple[str, object]] = []
    errors: list[dict] = []
    for i, geom in enumerate(shapes.geometries):
        geom, message = _polygon(geom)
        if message:
            errors.append({"row": i + 1, "field": "geometrie", "message": message})
            continue
        name = shapes.names[i][:150] or f"{area_type.name} {len(records) + 1}"
        records.append((name, geom))
    return records, errors


def _polygon(geom) -> tuple[object, str]:
    """(usable polygon, "") or (None, why not)."""
    if geom is None or shapely.is_empty(geom):
        return None, _("De geometrie ontbreekt of is onleesbaar.")
    if shapely.get_type_id(geom) not in (POLYGON, MULTIPOLYGON):
        return None, _("Verwacht een vlak (Polygon of MultiPolygon), niet %(kind)s.") % {"kind": geom.geom_type}
    if not shapely.is_valid(geom):
        parts = [p for p in shapely.get_parts(shapely.make_valid(geom)) if shapely.get_type_id(p) in (POLYGON, MULTIPOLYGON)]
        if not parts:
            return None, _("Ongeldig vlak.")
        geom = shapely.multipolygons(parts) if len(parts) > 1 else parts[0]
    point = shapely.point_on_surface(geom)
    if not in_netherlands_wgs84([point.x], [point.y])[0]:
        return None, _("Het vlak ligt buiten Nederland; klopt het coördinatenstelsel?")
    return geom, ""


# --- save ------------------------------------------------------------------------------------------


def _save(*, area_type: AreaType, records: list[tuple[str, object]], replace: bool, source: str) -> tuple[int, int]:
    """Stores the polygons; returns (removed, created)."""
    removed = 0
    if replace:
        removed, _detail = AreaTypePolygon.objects.filter(area_type=area_type).delete()
    polygons = []
    for name, geom in records:
        minx, miny, maxx, maxy = geom.bounds
        polygons.append(AreaTypePolygon(
            gemeente=area_type.gemeente, area_type=area_type, name=name, source=source[:255],
            geometry=json.loads(shapely.to_geojson(geom)), min_lon=minx, min_lat=miny, max_lon=maxx, max_lat=maxy,
        ))
    AreaTypePolygon.objects.bulk_create(polygons, batch_size=500)
    return removed, len(polygons)
