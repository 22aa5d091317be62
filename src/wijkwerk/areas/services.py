"""Writes to the areas: importing wijken and buurten from files (read with the file layer,
wijkwerk.core.files)."""

import json
from pathlib import Path

import numpy as np
import shapely
from django.db import transaction
from django.utils.translation import gettext as _

from wijkwerk.assets.services import assets_relocate
from wijkwerk.core.audit import audit_log
from wijkwerk.core.files import (
    FileRefused,
    RowErrors,
    crs_label,
    find_column,
    outside_message,
    read_table,
    resolve_crs,
    to_text,
    to_wgs84_rounded,
)
from wijkwerk.core.geo import in_netherlands_wgs84

from .models import Area

MAX_CODE = 50
MAX_NAME = 200


def _loose(code: str) -> str:
    """A code compared loosely: "03", "3", "3.0" and "0.3"-style separators are the same wijk."""
    stripped = code.replace(".", "").replace("-", "").replace(" ", "").lstrip("0")
    return stripped or "0"


def areas_import(
    *,
    gemeente,
    path,
    level: str,
    code_field: str,
    name_field: str,
    parent_field: str | None = None,
    actor=None,
    origin: str = "system",
    crs: str | None = None,
    encoding: str | None = None,
) -> dict:
    """Imports wijken or buurten (polygons) from GeoJSON, GeoPackage or Shapefile; upserts by code.

    Buurten are linked to their wijk by `parent_field` or else by the polygons (the wijk holding the
    buurt's representative point, else the one it overlaps most). Importing wijken links existing
    buurten that still lack one. Afterwards the gemeente's assets are placed in the areas again.
    Raises FileRefused (ImportFileError) when the file cannot be read or a named field is missing.
    """
    if level not in Area.Level.values:
        raise FileRefused(_("Onbekend niveau '%(level)s': kies wijk of buurt.") % {"level": level})
    path = Path(path)
    table = read_table(path, encoding=encoding)
    columns = {}
    for option, wanted in (("--code-field", code_field), ("--name-field", name_field),
                           ("--parent-field", parent_field)):
        if wanted is None:
            continue
        column = find_column(table.columns, wanted)
        if column is None:
            raise FileRefused(
                _("Veld '%(field)s' (%(option)s) bestaat niet in '%(name)s'; velden: %(columns)s.")
                % {"field": wanted, "option": option, "name": path.name, "columns": ", ".join(table.columns)}
            )
        columns[option] = column
    if level == Area.Level.WIJK and parent_field:
        raise FileRefused(_("--parent-field hoort bij buurten (de wijkcode), niet bij wijken."))

    result = {"read": table.n, "created": 0, "updated": 0, "unchanged": 0, "rejected": 0, "errors": [],
              "linked": 0, "relocated": 0, "messages": list(table.messages)}
    errors = RowErrors()

    def refuse(i: int, field: str, message: str) -> None:
        result["rejected"] += 1
        errors.add(i + 1, field, message)

    crs_used, notes = resolve_crs(table=table, option=crs)
    result["messages"].extend(notes)
    label = crs_label(crs_used)
    geoms = to_wgs84_rounded(table.geometry_array(), crs_used)
    codes = [to_text(v) for v in table.data[columns["--code-field"]]]
    names = [to_text(v) for v in table.data[columns["--name-field"]]]
    parents = ([to_text(v) for v in table.data[columns["--parent-field"]]] if parent_field
               else [None] * table.n)
    records: dict[str, dict] = {}
    for i in range(table.n):
        code, geom = codes[i], geoms[i]
        if code is None:
            refuse(i, code_field, _("De code ontbreekt."))
            continue
        if len(code) > MAX_CODE:
            refuse(i, code_field, _("De code is langer dan %(max)s tekens.") % {"max": MAX_CODE})
            continue
        if code in records:
            refuse(i, code_field, _("Code '%(code)s' komt al voor in rij %(row)s.")
                   % {"code": code, "row": records[code]["row"]})
            continue
        if geom is None or shapely.is_empty(geom):
            refuse(i, "geometrie", _("De geometrie ontbreekt of is onleesbaar."))
            continue
        if shapely.get_type_id(geom) not in (3, 6):
            refuse(i, "geometrie", _("Verwacht een vlak (Polygon of MultiPolygon), niet %(type)s.")
                   % {"type": geom.geom_type})
            continue
        if not np.isfinite(shapely.bounds(geom)).all():
            refuse(i, "geometrie", _("De coördinaten zijn ongeldig (geen getal, oneindig of niet om te rekenen)."))
            continue
        if not shapely.is_valid(geom):
            repaired = shapely.make_valid(geom)
            polygons = shapely.get_parts(repaired)
            polygons = polygons[np.isin(shapely.get_type_id(polygons), (3, 6))]
            if len(polygons) == 0:
                refuse(i, "geometrie", _("Ongeldig vlak (%(reason)s).") % {"reason": shapely.is_valid_reason(geom)})
                continue
            geom = shapely.multipolygons(shapely.get_parts(polygons)) if len(polygons) > 1 else polygons[0]
            result["messages"].append(_("Rij %(row)s (%(code)s): ongeldig vlak hersteld.") % {"row": i + 1, "code": code})
        point = shapely.point_on_surface(geom)
        if not in_netherlands_wgs84([point.x], [point.y])[0]:
            refuse(i, "geometrie", outside_message(point.x, point.y, label))
            continue
        minx, miny, maxx, maxy = geom.bounds
        records[code] = {
            "row": i + 1,
            "name": (names[i] or code)[:MAX_NAME],
            "parent_code": (parents[i] or "")[:MAX_CODE],
            "geom": geom,
            "geometry": json.loads(shapely.to_geojson(geom)),
            "bounds": (minx, miny, maxx, maxy),
        }

    with transaction.atomic():
        existing = {a.code: a for a in Area.objects.filter(gemeente=gemeente, level=level)}
        wijken = _WijkIndex(
            list(Area.objects.filter(gemeente=gemeente, level=Area.Level.WIJK)) if level == "buurt" else [])
        for code, rec in records.items():
            parent = None
            if level == Area.Level.BUURT:
                parent = wijken.parent_for(parent_code=rec["parent_code"], geom=rec["geom"])
            area = existing.get(code)
            fields = {
                "name": rec["name"], "parent_code": rec["parent_code"], "geometry": rec["geometry"],
                "min_lon": rec["bounds"][0], "min_lat": rec["bounds"][1],
                "max_lon": rec["bounds"][2], "max_lat": rec["bounds"][3],
            }
            if level == Area.Level.BUURT:
                fields["parent"] = parent
            if area is None:
                Area.objects.create(gemeente=gemeente, level=level, code=code, **fields)
                result["created"] += 1
                continue
            changed = [name for name, value in fields.items()
                       if (getattr(area, name) if name != "parent" else area.parent) != value]
            if changed:
                for name in changed:
                    setattr(area, name, fields[name])
                area.save()
                result["updated"] += 1
            else:
                result["unchanged"] += 1
        if level == Area.Level.WIJK:
            result["linked"] = _link_orphan_buurten(gemeente)
        elif wijken:
            missing = Area.objects.filter(gemeente=gemeente, level=Area.Level.BUURT, parent__isnull=True).count()
            if missing:
                result["messages"].append(_("%(count)s buurt(en) liggen in geen enkele wijk.") % {"count": missing})
        else:
            result["messages"].append(_("Er zijn nog geen wijken; importeer die, dan worden de buurten eraan "
                                        "gekoppeld."))
        result["relocated"] = assets_relocate(gemeente=gemeente)
        audit_log(
            action="areas.import", actor=actor, gemeente=gemeente, object_type="areas.area", origin=origin,
            detail={"file": path.name, "level": level,
                    **{k: result[k] for k in ("read", "created", "updated", "unchanged", "rejected", "linked",
                                              "relocated")}},
        )
    result["errors"] = errors.as_dicts()
    return result


class _WijkIndex:
    """The wijken of a gemeente as shapely polygons, to find the wijk of a buurt."""

    def __init__(self, wijken: list[Area]):
        self.wijken = wijken
        self.shapes = [shapely.make_valid(shapely.from_geojson(json.dumps(w.geometry))) for w in wijken]

    def __bool__(self) -> bool:
        return bool(self.wijken)

    def parent_for(self, *, parent_code: str, geom):
        """By the parent code when it matches a wijk, else by the polygons."""
        if not self.wijken:
            return None
        if parent_code:
            exact = next((w for w in self.wijken if w.code == parent_code), None)
            if exact is not None:
                return exact
            loose = [w for w in self.wijken if _loose(w.code) == _loose(parent_code)]
            if len(loose) == 1:
                return loose[0]
        point = shapely.point_on_surface(geom)
        for wijk, shape in zip(self.wijken, self.shapes, strict=True):
            if shape.covers(point):
                return wijk
        best, best_area = None, 0.0
        for wijk, shape in zip(self.wijken, self.shapes, strict=True):
            area = shape.intersection(geom).area
            if area > best_area:
                best, best_area = wijk, area
        return best


def _link_orphan_buurten(gemeente) -> int:
    """Links buurten without a wijk: by their stored parent code, else by the polygons."""
    index = _WijkIndex(list(Area.objects.filter(gemeente=gemeente, level=Area.Level.WIJK)))
    if not index:
        return 0
    linked = 0
    for buurt in Area.objects.filter(gemeente=gemeente, level=Area.Level.BUURT, parent__isnull=True):
        geom = shapely.make_valid(shapely.from_geojson(json.dumps(buurt.geometry)))
        parent = index.parent_for(parent_code=buurt.parent_code, geom=geom)
        if parent is not None:
            buurt.parent = parent
            buurt.save(update_fields=["parent", "updated"])
            linked += 1
    return linked
