"""Writes for quality (CROW schouw) and condition (NEN 2767). Every change writes the audit log."""

from __future__ import annotations

import datetime
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from wijkwerk.core.audit import audit_log

from . import crow, nen2767
from .models import (
    AreaType,
    BuurtAreaType,
    ConditionConfig,
    ConditionDefect,
    ConditionElement,
    ConditionInspection,
    InspectionRound,
    Plot,
    PlotScore,
    QualityAspect,
    QualityCatalogue,
)

# --- defaults ------------------------------------------------------------------------------------

LITTER = {"A+": 0, "A": 3, "B": 10, "C": 25, "D": 50}
DEFAULT_ASPECTS: list[dict] = [
    {"code": "onkruid-verharding", "name": "onkruid op verharding", "scale_kind": "measured",
     "unit": "% van het oppervlak", "thresholds": {"A+": 0, "A": 2, "B": 4, "C": 8}},
    {"code": "zwerfafval-grof", "name": "zwerfafval grof", "scale_kind": "measured",
     "unit": "stuks per 100 m2 (>= 10 cm)", "thresholds": LITTER},
    {"code": "zwerfafval-fijn", "name": "zwerfafval fijn", "scale_kind": "measured",
     "unit": "stuks per 100 m2 (1-10 cm)", "thresholds": LITTER},
    {"code": "gras", "name": "gras", "scale_kind": "levels", "unit": "", "thresholds": {}},
    {"code": "hagen", "name": "hagen", "scale_kind": "levels", "unit": "", "thresholds": {}},
    {"code": "boomspiegels", "name": "boomspiegels", "scale_kind": "levels", "unit": "", "thresholds": {}},
    {"code": "straatmeubilair", "name": "straatmeubilair", "scale_kind": "levels", "unit": "", "thresholds": {}},
]
DEFAULT_AREA_TYPES: list[dict] = [
    {"code": "centrum", "name": "Centrum", "default_target": "A", "pass_share": 0.90},
    {"code": "woonwijk", "name": "Woonwijk", "default_target": "B", "pass_share": 0.90, "is_default": True},
    {"code": "bedrijventerrein", "name": "Bedrijventerrein", "default_target": "C", "pass_share": 0.90},
    {"code": "park", "name": "Park", "default_target": "B", "pass_share": 0.90},
]


class RowErrors(Exception):
    """A file was refused: nothing was written. `errors` = [{"row", "field", "message"}] (Dutch)."""

    def __init__(self, errors: list[dict], message: str = ""):
        self.errors = errors
        super().__init__(message or f"{len(errors)} regel(s) geweigerd; er is niets opgeslagen.")


class StalePlot(Exception):
    """The plot was changed by someone else since the inspector loaded it."""

    def __init__(self, plot: Plot):
        self.plot = plot
        who = plot.updated_by_label or "een andere inspecteur"
        when = timezone.localtime(plot.updated).strftime("%H:%M") if plot.updated else ""
        super().__init__(
            f"Deze meetlocatie is intussen door {who} gewijzigd{f' (om {when})' if when else ''}. "
            "Laad de meetlocatie opnieuw en voer uw waarneming zo nodig opnieuw in."
        )


class RoundClosed(ValidationError):
    """The round is done (afgerond): its plots, scores and skips are read-only."""

    MESSAGE = ("Deze schouwronde is afgerond: de uitslag ligt vast en de meetlocaties kunnen niet meer "
               "worden gewijzigd.")

    def __init__(self, round: InspectionRound):
        self.round = round
        super().__init__(self.MESSAGE, code="round_done")


def round_ensure_open(round: InspectionRound) -> None:
    """The one check before any write to a round's plots: a done round is read-only (RoundClosed)."""
    if round.status == InspectionRound.Status.DONE:
        raise RoundClosed(round)


def _actor_label(actor) -> str:
    return actor.get_username() if getattr(actor, "is_authenticated", False) else ""


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


# --- catalogue ------------------------------------------------------------------------------------


def _clean_aspects(aspects: Iterable[dict]) -> list[dict]:
    clean: list[dict] = []
    seen: set[str] = set()
    for i, raw in enumerate(aspects, start=1):
        code = str(raw.get("code") or "").strip().lower()
        name = str(raw.get("name") or "").strip()
        if not code or not name:
            raise ValidationError(f"Aspect {i}: code en naam zijn verplicht.")
        for key in (crow.norm_key(code), crow.norm_key(name)):
            if key in seen and not (key == crow.norm_key(code) == crow.norm_key(name)):
                raise ValidationError(f"Aspect {i} ({name}): de code of naam komt al voor in de catalogus.")
        seen |= {crow.norm_key(code), crow.norm_key(name)}
        kind = raw.get("scale_kind") or "levels"
        if kind not in QualityAspect.ScaleKind.values:
            raise ValidationError(f"Aspect {i} ({name}), veld schaal: kies 'levels' of 'measured'.")
        thresholds = {}
        if kind == QualityAspect.ScaleKind.MEASURED:
            try:
                thresholds = crow.validate_thresholds(raw.get("thresholds") or {})
            except crow.ScaleError as exc:
                raise ValidationError(f"Aspect {i} ({name}), veld grenzen: {exc}") from None
        clean.append({"code": code, "name": name, "scale_kind": kind, "unit": str(raw.get("unit") or ""),
                      "thresholds": thresholds})
    if not clean:
        raise ValidationError("De catalogus moet ten minste één aspect hebben.")
    return clean


@transaction.atomic
def catalogue_update(*, gemeente, aspects: list[dict], actor=None, note: str = "", origin: str = "system") -> QualityCatalogue:
    """Makes a new catalogue version with these aspects; earlier versions stay as they were
    (rounds keep the scale they were measured with)."""
    clean = _clean_aspects(aspects)
    last = QualityCatalogue.objects.filter(gemeente=gemeente).order_by("-version").first()
    catalogue = QualityCatalogue.objects.create(
        gemeente=gemeente, version=(last.version + 1) if last else 1, created_by=_user(actor), note=note[:255]
    )
    QualityAspect.objects.bulk_create(
        [QualityAspect(catalogue=catalogue, position=i, **a) for i, a in enumerate(clean)]
    )
    audit_log(action="inspections.catalogue_update", actor=actor, gemeente=gemeente, obj=catalogue, origin=origin,
              detail={"version": catalogue.version, "aspects": [a["code"] for a in clean]})
    return catalogue


def catalogue_ensure_default(*, gemeente, actor=None, origin: str = "system") -> QualityCatalogue:
    """The current catalogue; the default (DOMAIN.md) is made as version 1 when there is none."""
    current = QualityCatalogue.objects.filter(gemeente=gemeente).order_by("-version").first()
    if current is not None:
        return current
    return catalogue_update(gemeente=gemeente, aspects=DEFAULT_ASPECTS, actor=actor, origin=origin,
                            note="Standaardcatalogus (CROW-kwaliteitscatalogus 2023)")


def aspect_thresholds_update(*, gemeente, aspect_code: str, thresholds: dict, actor=None, origin: str = "web") -> QualityCatalogue:
    """Changes one aspect's thresholds: a new catalogue version."""
    current = catalogue_ensure_default(gemeente=gemeente)
    aspects = [
        {"code": a.code, "name": a.name, "scale_kind": a.scale_kind, "unit": a.unit, "thresholds": a.thresholds}
        for a in current.aspects.all()
    ]
    target = next((a for a in aspects if a["code"] == aspect_code), None)
    if target is None:
        raise ValidationError(f"Aspect '{aspect_code}' staat niet in de catalogus.")
    target["scale_kind"] = QualityAspect.ScaleKind.MEASURED
    target["thresholds"] = thresholds
    return catalogue_update(gemeente=gemeente, aspects=aspects, actor=actor, origin=origin,
                            note=f"Grenzen van {target['name']} gewijzigd")


# --- area types -----------------------------------------------------------------------------------


def area_types_ensure_default(*, gemeente) -> AreaType | None:
    """Makes the default area types when the municipality has none; returns the default one
    (buurten without an area type use it; without one flagged, the built-in woonwijk B / 90 %)."""
    if not AreaType.objects.filter(gemeente=gemeente).exists():
        for spec in DEFAULT_AREA_TYPES:
            AreaType.objects.create(gemeente=gemeente, **spec)
    return AreaType.objects.filter(gemeente=gemeente, is_default=True).first()


@transaction.atomic
def area_type_save(*, gemeente, code: str, name: str, default_target: str = "B", targets: dict | None = None,
                   pass_share: float = 0.9, is_default: bool = False, actor=None, origin: str = "web") -> AreaType:
    try:
        default_target = crow.normalise_level(default_target)
        targets = {str(k).strip().lower(): crow.normalise_level(v) for k, v in (targets or {}).items() if v}
    except crow.ScaleError as exc:
        raise ValidationError(f"Streefniveau: {exc}") from None
    try:
        pass_share = float(pass_share)
    except (TypeError, ValueError):
        raise ValidationError("Normpercentage: geef een getal tussen 0 en 1 (bijv. 0,9).") from None
    if pass_share > 1 and pass_share <= 100:
        pass_share = pass_share / 100.0
    if not 0 <= pass_share <= 1:
        raise ValidationError("Normpercentage: geef een getal tussen 0 en 1 (bijv. 0,9) of 0 t/m 100 %.")
    area_types_ensure_default(gemeente=gemeente)
    area_type, _ = AreaType.objects.update_or_create(
        gemeente=gemeente, code=code,
        defaults={"name": name, "default_target": default_target, "targets": targets, "pass_share": pass_share},
    )
    if is_default:
        AreaType.objects.filter(gemeente=gemeente).exclude(pk=area_type.pk).update(is_default=False)
        area_type.is_default = True
        area_type.save(update_fields=["is_default"])
    audit_log(action="inspections.area_type_save", actor=actor, gemeente=gemeente, obj=area_type, origin=origin,
              detail={"code": code, "default_target": default_target, "targets": targets, "pass_share": pass_share})
    return area_type


@transaction.atomic
def buurt_area_type_assign(*, gemeente, buurt, area_type: AreaType | None, actor=None, origin: str = "web") -> None:
    """Gives a buurt an area type (None: back to the default)."""
    if buurt.gemeente_id != gemeente.id or (area_type is not None and area_type.gemeente_id != gemeente.id):
        raise ValidationError("Buurt of gebiedstype hoort niet bij deze gemeente.")
    if area_type is None:
        BuurtAreaType.objects.filter(buurt=buurt).delete()
    else:
        BuurtAreaType.objects.update_or_create(buurt=buurt, defaults={"gemeente": gemeente, "area_type": area_type})
    audit_log(action="inspections.buurt_area_type", actor=actor, gemeente=gemeente, obj=buurt, origin=origin,
              detail={"area_type": area_type.code if area_type else None})


@transaction.atomic
def area_type_buurten_set(*, area_type: AreaType, buurt_ids: Iterable[int], actor=None, origin: str = "web") -> dict:
    """Makes exactly these buurten have `area_type`: the listed ones get it (taken from any other
    area type), buurten that had it and are not listed go back to the default. Returns counts."""
    from wijkwerk.areas.models import Area

    gemeente = area_type.gemeente
    wanted = set(int(i) for i in buurt_ids)
    buurten = {a.pk: a for a in Area.objects.filter(gemeente=gemeente, level=Area.Level.BUURT, pk__in=wanted)}
    if len(buurten) != len(wanted):
        raise ValidationError("Een gekozen buurt hoort niet bij deze gemeente.")
    current = set(BuurtAreaType.objects.filter(area_type=area_type).values_list("buurt_id", flat=True))
    removed = current - wanted
    BuurtAreaType.objects.filter(area_type=area_type, buurt_id__in=removed).delete()
    added = wanted - current
    for buurt_id in added:
        BuurtAreaType.objects.update_or_create(buurt_id=buurt_id, defaults={"gemeente": gemeente, "area_type": area_type})
    audit_log(action="inspections.area_type_buurten", actor=actor, gemeente=gemeente, obj=area_type, origin=origin,
              detail={"added": sorted(buurten[i].code for i in added), "removed": len(removed)})
    return {"added": len(added), "removed": len(removed), "total": len(wanted)}


def area_type_polygons_import(*, area_type: AreaType, path, name_field: str | None = None, replace: bool = True,
                              crs: str | None = None, actor=None, origin: str = "web") -> dict:
    """Reads polygons (GeoJSON, GeoPackage, Shapefile, or CSV/XLSX with WKT) for an area type with
    the readers of the asset import; `replace` drops the area type's earlier polygons. Rows without
    a usable polygon are refused with their row number; when none is usable nothing changes.
    Raises ImportFileError (unreadable file) or ValidationError."""
    import json
    from pathlib import Path

    import shapely

    from wijkwerk.assets.importing.crs import resolve_crs, to_wgs84_rounded
    from wijkwerk.assets.importing.errors import ImportFileError
    from wijkwerk.assets.importing.readers import read_table
    from wijkwerk.assets.importing.rows import find_column
    from wijkwerk.core.geo import in_netherlands_wgs84

    from .models import AreaTypePolygon

    path = Path(path)
    table = read_table(path)
    if table.geometries is None and table.points is None:
        raise ImportFileError(f"'{path.name}' bevat geen geometrie; verwacht vlakken (Polygon of MultiPolygon).")
    name_column = None
    if name_field:
        name_column = find_column(table.columns, name_field)
        if name_column is None:
            raise ImportFileError(f"Veld '{name_field}' bestaat niet in '{path.name}'; velden: {', '.join(table.columns)}.")
    else:
        for candidate in ("naam", "name", "NAAM", "omschrijving"):
            name_column = find_column(table.columns, candidate)
            if name_column:
                break
    crs_used, notes = resolve_crs(table=table, option=crs)
    geoms = to_wgs84_rounded(table.geometry_array(), crs_used)
    result = {"read": table.n, "created": 0, "rejected": 0, "removed": 0, "errors": [],
              "messages": list(table.messages) + notes}
    records = []
    for i in range(table.n):
        geom = geoms[i]
        if geom is None or shapely.is_empty(geom):
            result["errors"].append({"row": i + 1, "field": "geometrie", "message": "De geometrie ontbreekt of is onleesbaar."})
            continue
        if shapely.get_type_id(geom) not in (3, 6):
            result["errors"].append({"row": i + 1, "field": "geometrie",
                                     "message": f"Verwacht een vlak (Polygon of MultiPolygon), niet {geom.geom_type}."})
            continue
        if not shapely.is_valid(geom):
            geom = shapely.make_valid(geom)
            parts = [p for p in shapely.get_parts(geom) if shapely.get_type_id(p) in (3, 6)]
            if not parts:
                result["errors"].append({"row": i + 1, "field": "geometrie", "message": "Ongeldig vlak."})
                continue
            geom = shapely.multipolygons(parts) if len(parts) > 1 else parts[0]
        point = shapely.point_on_surface(geom)
        if not in_netherlands_wgs84([point.x], [point.y])[0]:
            result["errors"].append({"row": i + 1, "field": "geometrie", "message": "Het vlak ligt buiten Nederland; "
                                     "klopt het coördinatenstelsel?"})
            continue
        name = str(table.data[name_column][i] or "").strip() if name_column else ""
        records.append((name[:150] or f"{area_type.name} {len(records) + 1}", geom))
    result["rejected"] = len(result["errors"])
    result["errors"] = result["errors"][:100]
    if not records:
        raise ValidationError("Geen enkel bruikbaar vlak in het bestand: "
                              + "; ".join(f"rij {e['row']}: {e['message']}" for e in result["errors"][:3]))
    with transaction.atomic():
        if replace:
            result["removed"], _ = AreaTypePolygon.objects.filter(area_type=area_type).delete()
        for name, geom in records:
            minx, miny, maxx, maxy = geom.bounds
            AreaTypePolygon.objects.create(
                gemeente=area_type.gemeente, area_type=area_type, name=name, source=path.name[:255],
                geometry=json.loads(shapely.to_geojson(geom)), min_lon=minx, min_lat=miny, max_lon=maxx, max_lat=maxy,
            )
            result["created"] += 1
        audit_log(action="inspections.area_type_polygons", actor=actor, gemeente=area_type.gemeente, obj=area_type,
                  origin=origin, detail={"file": path.name, **{k: result[k] for k in ("read", "created", "rejected", "removed")}})
    return result


@transaction.atomic
def area_type_polygon_delete(*, polygon, actor=None, origin: str = "web") -> None:
    audit_log(action="inspections.area_type_polygon_delete", actor=actor, gemeente=polygon.area_type.gemeente,
              obj=polygon.area_type, origin=origin, detail={"polygon": polygon.name})
    polygon.delete()


# --- rounds ---------------------------------------------------------------------------------------


def _resolve_aspects(catalogue: QualityCatalogue, names: Iterable[str] | None) -> list[str]:
    by_key = {}
    for a in catalogue.aspects.all():
        by_key[crow.norm_key(a.code)] = a.code
        by_key[crow.norm_key(a.name)] = a.code
    if not names:
        return [a.code for a in catalogue.aspects.all()]
    codes = []
    for name in names:
        code = by_key.get(crow.norm_key(name))
        if code is None:
            raise ValidationError(f"Aspect '{name}' staat niet in de kwaliteitscatalogus.")
        if code not in codes:
            codes.append(code)
    return codes


def sample_points(geometry: dict, count: int, seed: int) -> list[tuple[float, float]]:
    """`count` random points (lon, lat) inside a GeoJSON polygon; the same seed gives the same
    points. Uniform in the polygon's RD New plane (rejection sampling in its bounding box)."""
    import shapely

    from wijkwerk.core.geo import RD_NEW, WGS84, transformer

    polygon = shapely.from_geojson(__import__("json").dumps(geometry))
    if not polygon.is_valid:
        polygon = shapely.make_valid(polygon)
    to_rd = transformer(WGS84, RD_NEW)
    to_wgs = transformer(RD_NEW, WGS84)
    rd = shapely.transform(polygon, lambda xy: np.column_stack(to_rd.transform(xy[:, 0], xy[:, 1])))
    if rd.is_empty or rd.area <= 0 or count <= 0:
        return []
    shapely.prepare(rd)
    minx, miny, maxx, maxy = rd.bounds
    rng = np.random.default_rng(seed)
    xs: list[float] = []
    ys: list[float] = []
    for _ in range(200):
        n = max(64, count * 4)
        cx = rng.uniform(minx, maxx, n)
        cy = rng.uniform(miny, maxy, n)
        inside = shapely.contains_xy(rd, cx, cy)
        xs.extend(cx[inside].tolist())
        ys.extend(cy[inside].tolist())
        if len(xs) >= count:
            break
    xs, ys = xs[:count], ys[:count]
    lon, lat = to_wgs.transform(np.array(xs), np.array(ys))
    return [(round(float(a), 7), round(float(b), 7)) for a, b in zip(lon, lat, strict=True)]


@transaction.atomic
def round_plan(*, gemeente, name: str, period_start: datetime.date | None = None, period_end: datetime.date | None = None,
               aspects: Iterable[str] | None = None, plots_per_buurt: int = 3, seed: int | None = None,
               buurt_codes: Iterable[str] | None = None, actor=None, origin: str = "web") -> InspectionRound:
    """Plans a round: draws `plots_per_buurt` sample plots at random inside every buurt (or the
    given buurten). Reproducible: the same seed gives the same plots."""
    from wijkwerk.areas.models import Area

    name = (name or "").strip()
    if not name:
        raise ValidationError("Naam: geef de schouwronde een naam.")
    if InspectionRound.objects.filter(gemeente=gemeente, name=name).exists():
        raise ValidationError(f"Naam: er is al een schouwronde '{name}'.")
    if period_start and period_end and period_end < period_start:
        raise ValidationError("Periode: de einddatum ligt voor de begindatum.")
    if not 1 <= int(plots_per_buurt) <= 100:
        raise ValidationError("Meetlocaties per buurt: kies 1 t/m 100.")
    catalogue = catalogue_ensure_default(gemeente=gemeente)
    area_types_ensure_default(gemeente=gemeente)
    codes = _resolve_aspects(catalogue, aspects)
    if seed is None:
        seed = int(zlib.crc32(f"{gemeente.slug}/{name}".encode()))
    buurten = Area.objects.filter(gemeente=gemeente, level=Area.Level.BUURT).order_by("code")
    if buurt_codes:
        wanted = {str(c) for c in buurt_codes}
        buurten = [b for b in buurten if b.code in wanted]
        missing = wanted - {b.code for b in buurten}
        if missing:
            raise ValidationError(f"Buurt: onbekende buurtcode(s) {', '.join(sorted(missing))}.")
    buurten = list(buurten)
    if not buurten:
        raise ValidationError("Deze gemeente heeft nog geen buurten; lees eerst de buurtgrenzen in.")
    rnd = InspectionRound.objects.create(
        gemeente=gemeente, catalogue=catalogue, name=name, period_start=period_start, period_end=period_end,
        aspects=codes, plots_per_buurt=int(plots_per_buurt), seed=int(seed), status=InspectionRound.Status.PLANNED,
        source="gepland", created_by=_user(actor),
    )
    from wijkwerk.core.geo import RD_NEW, WGS84, transformer

    to_rd = transformer(WGS84, RD_NEW)
    plots = []
    for buurt in buurten:
        points = sample_points(buurt.geometry, int(plots_per_buurt), int(seed) + zlib.crc32(buurt.code.encode()))
        for i, (lon, lat) in enumerate(points, start=1):
            x, y = to_rd.transform(lon, lat)
            plots.append(Plot(round=rnd, code=f"{buurt.code}-{i:02d}", buurt=buurt, wijk_id=buurt.parent_id,
                              lon=lon, lat=lat, x=round(float(x), 2), y=round(float(y), 2)))
    Plot.objects.bulk_create(plots)
    audit_log(action="inspections.round_plan", actor=actor, gemeente=gemeente, obj=rnd, origin=origin,
              detail={"name": name, "plots": len(plots), "seed": int(seed), "aspects": codes})
    return rnd


@transaction.atomic
def round_set_status(*, round: InspectionRound, status: str, actor=None, origin: str = "web") -> InspectionRound:
    """Sets the round's status. Done is final: a done round is not opened again (its results
    are read-only). Locks the round row, as every write to its plots does (see plot_record)."""
    if status not in InspectionRound.Status.values:
        raise ValidationError("Status: onbekende status.")
    current = InspectionRound.objects.select_for_update().get(pk=round.pk)
    if current.status == status:
        return current
    round_ensure_open(current)
    round.status = status
    round.save(update_fields=["status"])
    audit_log(action="inspections.round_status", actor=actor, gemeente=round.gemeente, obj=round, origin=origin,
              detail={"status": status})
    return round


def _score_for(aspect: QualityAspect, level=None, value=None) -> tuple[str, float | None]:
    """(level, value) for one aspect from a level or a measured value. Raises crow.ScaleError."""
    has_value = value not in (None, "")
    has_level = level not in (None, "")
    if has_value:
        if aspect.scale_kind != QualityAspect.ScaleKind.MEASURED:
            raise crow.ScaleError("value", f"Aspect '{aspect.name}' wordt niet gemeten maar met een niveau (A+ t/m D) gescoord.")
        number = crow.parse_number(value)
        return crow.level_from_value(aspect.thresholds, number), number
    if has_level:
        return crow.normalise_level(level), None
    raise crow.ScaleError("level", f"Geef voor '{aspect.name}' een niveau (A+ t/m D) of een gemeten waarde.")


@transaction.atomic
def plot_record(*, plot: Plot, scores: dict | None = None, skip_reason: str | None = None,
                expected_version: int | None = None, actor=None, origin: str = "web") -> Plot:
    """Saves one plot: per aspect code {"level": "B"} or {"value": 3.5} (measured aspects), or
    skips it with a reason. Optimistic concurrency: with `expected_version` an edit based on an
    older version of the plot is refused with StalePlot (nothing is written)."""
    # The round first, then the plot (the order of round_set_status and schouw_import too): while
    # this runs the round cannot be marked done, and a done round is refused here.
    rnd = InspectionRound.objects.select_for_update(of=("self",)).select_related("catalogue").get(pk=plot.round_id)
    round_ensure_open(rnd)
    plot = Plot.objects.select_for_update().get(pk=plot.pk)
    if expected_version is not None and int(expected_version) != plot.version:
        raise StalePlot(plot)
    aspects = {a.code: a for a in rnd.catalogue.aspects.all() if a.code in rnd.aspects}
    changes: dict = {}
    if skip_reason is not None and str(skip_reason).strip():
        plot.status = Plot.Status.SKIPPED
        plot.skip_reason = str(skip_reason).strip()[:255]
        changes["skipped"] = plot.skip_reason
    else:
        errors = []
        clean: dict[str, tuple[str, float | None]] = {}
        for code, entry in (scores or {}).items():
            aspect = aspects.get(code)
            if aspect is None:
                errors.append(f"{code}: dit aspect hoort niet bij deze schouwronde.")
                continue
            entry = entry if isinstance(entry, dict) else {"level": entry}
            if entry.get("level") in (None, "") and entry.get("value") in (None, ""):
                continue  # not (yet) scored
            try:
                clean[code] = _score_for(aspect, entry.get("level"), entry.get("value"))
            except crow.ScaleError as exc:
                errors.append(f"{aspect.name}: {exc}")
        if errors:
            raise ValidationError(errors)
        for code, (level, value) in clean.items():
            PlotScore.objects.update_or_create(plot=plot, aspect_code=code, defaults={"level": level, "value": value})
        changes["scores"] = {code: level for code, (level, _v) in clean.items()}
        plot.status = Plot.Status.DONE if clean or plot.scores.exists() else Plot.Status.OPEN
        plot.skip_reason = ""
    plot.version += 1
    plot.updated_by = _user(actor)
    plot.updated_by_label = _actor_label(actor) or "systeem"
    plot.save()
    if rnd.status == InspectionRound.Status.PLANNED:
        rnd.status = InspectionRound.Status.OPEN
        rnd.save(update_fields=["status"])
    audit_log(action="inspections.plot_record", actor=actor, gemeente=rnd.gemeente, obj=plot, origin=origin,
              detail={"round": rnd.name, "plot": plot.code, **changes})
    return plot


# --- import of a schouw ---------------------------------------------------------------------------

SCHOUW_ALIASES = {
    "plot": ("plot", "meetlocatie", "meetpunt", "locatie"),
    "lat": ("lat", "latitude", "breedtegraad"),
    "lon": ("lon", "lng", "long", "longitude", "lengtegraad"),
    "x": ("x", "rd_x", "x_rd"),
    "y": ("y", "rd_y", "y_rd"),
    "aspect": ("aspect", "onderdeel"),
    "level": ("level", "niveau", "kwaliteitsniveau"),
    "value": ("value", "waarde", "meetwaarde"),
    "buurt": ("buurt", "buurtcode"),
    "skip": ("skip", "overgeslagen", "reden_overslaan"),
}


def _columns(table, aliases: dict[str, tuple[str, ...]]) -> dict[str, str]:
    found = {}
    for key, names in aliases.items():
        for n in names:
            if n in table.columns:
                found[key] = n
                break
    return found


@dataclass
class _PlotRow:
    code: str
    lon: float
    lat: float
    row: int
    buurt_code: str | None = None
    scores: dict = field(default_factory=dict)  # aspect code -> (level, value)
    skip: str = ""


@transaction.atomic
def schouw_import(*, gemeente, round_name: str, path, actor=None, origin: str = "cli") -> dict:
    """Reads a schouw delivered as CSV/XLSX into the round `round_name` (created when new).

    Columns: `plot`, `lat` + `lon` (WGS84) or `x` + `y` (RD New), `aspect` (catalogue name or
    code, any letter case), and `level` (A+, A, B, C, D) or `value` (measured aspects: converted by
    the catalogue's thresholds); optional `buurt` (the plot must lie in that buurt) and `skip` (a
    reason: the plot was skipped). Atomic: when any row is refused nothing is written and
    RowErrors lists every refused row with its field and reason. An existing round keeps its
    catalogue version; plots with the same code are replaced by the file's.
    """
    from wijkwerk.areas.locate import AreaLocator
    from wijkwerk.areas.models import Area
    from wijkwerk.core.geo import RD_NEW, WGS84, transformer

    from .tabular import TableFileError, read_table

    round_name = (round_name or "").strip()
    if not round_name:
        raise ValidationError("Geef de naam van de schouwronde (--round).")
    try:
        table = read_table(path)
    except TableFileError as exc:
        raise ValidationError(str(exc)) from None
    cols = _columns(table, SCHOUW_ALIASES)
    missing = [c for c in ("plot", "aspect") if c not in cols]
    if not (("lat" in cols and "lon" in cols) or ("x" in cols and "y" in cols)):
        missing.append("lat en lon (of x en y)")
    if "level" not in cols and "value" not in cols:
        missing.append("level of value")
    if missing:
        raise ValidationError(f"Kolom(men) ontbreken: {', '.join(missing)}. Gevonden: {', '.join(table.columns)}.")
    rnd = InspectionRound.objects.select_for_update().filter(gemeente=gemeente, name=round_name).first()
    if rnd is not None:
        round_ensure_open(rnd)  # an imported round is done at once: a second file needs a new round name
    catalogue = rnd.catalogue if rnd else catalogue_ensure_default(gemeente=gemeente)
    area_types_ensure_default(gemeente=gemeente)
    aspect_by_key: dict[str, QualityAspect] = {}
    for a in catalogue.aspects.all():
        aspect_by_key[crow.norm_key(a.code)] = a
        aspect_by_key[crow.norm_key(a.name)] = a
    errors: list[dict] = []

    def err(row, fld, message):
        errors.append({"row": row, "field": fld, "message": message})

    # coordinates
    lons = np.full(len(table.rows), np.nan)
    lats = np.full(len(table.rows), np.nan)
    use_rd = not ("lat" in cols and "lon" in cols)
    for i, (number, row) in enumerate(table.rows):
        keys = ("x", "y") if use_rd else ("lon", "lat")
        try:
            a = crow.parse_number(row.get(cols[keys[0]]), keys[0], keys[0])
            b = crow.parse_number(row.get(cols[keys[1]]), keys[1], keys[1])
        except crow.ScaleError:
            err(number, "/".join(keys), f"Coördinaten {keys[0]}/{keys[1]} ontbreken of zijn geen getal.")
            continue
        lons[i], lats[i] = a, b
    if use_rd:
        ok = np.isfinite(lons)
        if ok.any():
            lons[ok], lats[ok] = transformer(RD_NEW, WGS84).transform(lons[ok], lats[ok])
    locator = AreaLocator.for_gemeente(gemeente)
    if not locator.has_buurten:
        raise ValidationError("Deze gemeente heeft nog geen buurten; lees eerst de buurtgrenzen in.")
    buurt_ids, wijk_ids = locator.locate(lons, lats)
    buurten = {a.id: a for a in Area.objects.filter(gemeente=gemeente, level=Area.Level.BUURT)}
    plots: dict[tuple[str, int], _PlotRow] = {}
    plot_buurt: dict[tuple[str, int], int] = {}
    for i, (number, row) in enumerate(table.rows):
        code = str(row.get(cols["plot"]) or "").strip()
        if isinstance(row.get(cols["plot"]), float) and float(row[cols["plot"]]).is_integer():
            code = str(int(row[cols["plot"]]))
        if not code:
            err(number, "plot", "De code van de meetlocatie (plot) ontbreekt.")
            continue
        if not np.isfinite(lons[i]):
            continue
        if buurt_ids[i] == 0:
            err(number, "lat/lon" if not use_rd else "x/y",
                f"Meetlocatie {code} ({lats[i]:.6f}, {lons[i]:.6f}) ligt buiten alle buurten van de gemeente.")
            continue
        buurt = buurten.get(int(buurt_ids[i]))
        wanted = str(row.get(cols["buurt"]) or "").strip() if "buurt" in cols else ""
        if wanted and buurt is not None and wanted not in (buurt.code, buurt.name):
            err(number, "buurt", f"Meetlocatie {code} ligt niet in buurt {wanted} maar in buurt {buurt.code} ({buurt.name}).")
            continue
        # Contractors often number plots per buurt: the same code in another buurt is another plot.
        key = (code, int(buurt_ids[i]))
        plot_buurt[key] = int(buurt_ids[i])
        entry = plots.setdefault(key, _PlotRow(code=code, lon=float(lons[i]), lat=float(lats[i]), row=number))
        entry.buurt_code = buurt.code if buurt else None
        skip = str(row.get(cols["skip"]) or "").strip() if "skip" in cols else ""
        if skip:
            entry.skip = skip
            continue
        aspect_text = row.get(cols["aspect"])
        aspect = aspect_by_key.get(crow.norm_key(aspect_text))
        if aspect is None:
            err(number, "aspect", f"Aspect '{aspect_text or ''}' staat niet in de kwaliteitscatalogus "
                f"(bekend: {', '.join(a.name for a in catalogue.aspects.all())}).")
            continue
        if rnd is not None and rnd.aspects and aspect.code not in rnd.aspects:
            err(number, "aspect", f"Aspect '{aspect.name}' hoort niet bij schouwronde {round_name}.")
            continue
        level = row.get(cols["level"]) if "level" in cols else None
        value = row.get(cols["value"]) if "value" in cols else None
        try:
            score = _score_for(aspect, level, value)
        except crow.ScaleError as exc:
            err(number, exc.field, str(exc))
            continue
        if aspect.code in entry.scores and entry.scores[aspect.code] != score:
            err(number, "aspect", f"Meetlocatie {code} heeft voor '{aspect.name}' al een andere score in het bestand.")
            continue
        entry.scores[aspect.code] = score
    if errors:
        errors.sort(key=lambda e: e["row"])
        raise RowErrors(errors)
    if not plots:
        raise ValidationError("Het bestand bevat geen meetlocaties.")
    created_round = rnd is None
    if rnd is None:
        used = sorted({c for p in plots.values() for c in p.scores})
        ordered = [a.code for a in catalogue.aspects.all() if a.code in used]
        rnd = InspectionRound.objects.create(
            gemeente=gemeente, catalogue=catalogue, name=round_name, aspects=ordered, status=InspectionRound.Status.DONE,
            source=str(getattr(path, "name", path))[-255:], created_by=_user(actor),
            period_start=timezone.localdate(), period_end=timezone.localdate(),
        )
    else:
        extra = [c for p in plots.values() for c in p.scores if c not in rnd.aspects]
        if extra:
            rnd.aspects = list(dict.fromkeys([*rnd.aspects, *extra]))
            rnd.save(update_fields=["aspects"])
    codes_seen: dict[str, int] = {}
    for code, _b in plots:
        codes_seen[code] = codes_seen.get(code, 0) + 1
    for (code, buurt_id), p in plots.items():
        if codes_seen[code] > 1:  # stored per round: make the code unique with the buurt code
            p.code = f"{code} ({buurten[buurt_id].code})"
    Plot.objects.filter(round=rnd, code__in=[p.code for p in plots.values()]).delete()
    to_rd = transformer(WGS84, RD_NEW)
    label = _actor_label(actor) or "import"
    new_plots = []
    for key, p in plots.items():
        x, y = to_rd.transform(p.lon, p.lat)
        buurt = buurten[plot_buurt[key]]
        new_plots.append(Plot(
            round=rnd, code=p.code, buurt=buurt, wijk_id=buurt.parent_id, lon=p.lon, lat=p.lat,
            x=round(float(x), 2), y=round(float(y), 2),
            status=Plot.Status.SKIPPED if p.skip else (Plot.Status.DONE if p.scores else Plot.Status.OPEN),
            skip_reason=p.skip[:255], updated_by=_user(actor), updated_by_label=label,
        ))
    Plot.objects.bulk_create(new_plots)
    saved = {p.code: p for p in Plot.objects.filter(round=rnd, code__in=[p.code for p in plots.values()])}
    scores = [
        PlotScore(plot=saved[p.code], aspect_code=code, level=level, value=value)
        for p in plots.values() if not p.skip for code, (level, value) in p.scores.items()
    ]
    PlotScore.objects.bulk_create(scores)
    report = {"round": rnd.name, "created_round": created_round, "rows": len(table.rows), "plots": len(plots),
              "scores": len(scores), "skipped": sum(1 for p in plots.values() if p.skip)}
    audit_log(action="inspections.schouw_import", actor=actor, gemeente=gemeente, obj=rnd, origin=origin, detail=report)
    return report


# --- NEN 2767 condition ---------------------------------------------------------------------------


def condition_tables(*, gemeente) -> nen2767.Tables:
    config = ConditionConfig.objects.filter(gemeente=gemeente).first()
    if config is None:
        return nen2767.DEFAULT_TABLES
    return nen2767.Tables.from_config(config.matrix, config.factors, config.extent_bounds)


@transaction.atomic
def condition_config_save(*, gemeente, matrix: dict | None = None, factors: dict | None = None,
                          extent_bounds: list | None = None, actor=None, origin: str = "web") -> ConditionConfig:
    """Stores corrected NEN 2767 tables for a municipality (cells not given keep the default)."""
    try:
        nen2767.Tables.from_config(matrix, factors, extent_bounds)
    except nen2767.Nen2767Error as exc:
        raise ValidationError(str(exc)) from None
    config, _ = ConditionConfig.objects.update_or_create(
        gemeente=gemeente,
        defaults={"matrix": matrix or {}, "factors": {str(k): v for k, v in (factors or {}).items()},
                  "extent_bounds": list(extent_bounds or [])},
    )
    audit_log(action="inspections.condition_config", actor=actor, gemeente=gemeente, obj=config, origin=origin)
    return config


def _clean_elements(elements: list[dict], tables: nen2767.Tables) -> list[dict]:
    """Validates and computes: [{"name", "replacement_value", "condition", "defects": [{... "condition"}]}].
    Raises nen2767.Nen2767Error naming the field."""
    clean = []
    for el in elements:
        name = str(el.get("name") or "").strip()
        if not name:
            raise nen2767.Nen2767Error("element", "De naam van het element ontbreekt.")
        rv_raw = el.get("replacement_value")
        try:
            rv = Decimal(str(rv_raw if rv_raw not in (None, "") else "0").replace(",", ".").replace("€", "").strip())
        except InvalidOperation:
            raise nen2767.Nen2767Error("replacement_value", f"Vervangingswaarde '{rv_raw}' is geen bedrag.") from None
        if not rv.is_finite() or rv < 0:
            raise nen2767.Nen2767Error("replacement_value", f"Vervangingswaarde {rv_raw} kan niet negatief zijn.")
        defects = []
        for d in el.get("defects") or []:
            severity = nen2767.normalise_severity(d.get("severity"))
            intensity = nen2767.normalise_intensity(d.get("intensity"))
            extent_class, pct = nen2767.parse_extent(d.get("extent"), tables)
            defects.append({"name": str(d.get("name") or "").strip()[:150] or "gebrek", "severity": severity,
                            "intensity": intensity, "extent_class": extent_class, "extent_percentage": pct,
                            "condition": nen2767.defect_condition(severity, intensity, extent_class, tables)})
        clean.append({"name": name[:100], "replacement_value": rv, "defects": defects,
                      "condition": nen2767.element_condition(d["condition"] for d in defects)})
    if not clean:
        raise nen2767.Nen2767Error("element", "Geef ten minste één element.")
    return clean


def _check_date(date) -> datetime.date:
    if isinstance(date, datetime.datetime):
        date = date.date()
    if not isinstance(date, datetime.date):
        text = str(date or "").strip()
        parsed = None
        for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S"):
            try:
                parsed = datetime.datetime.strptime(text, fmt).date()
                break
            except ValueError:
                continue
        if parsed is None:
            raise nen2767.Nen2767Error("date", f"Datum '{date}' is geen datum (gebruik JJJJ-MM-DD).")
        date = parsed
    if date > timezone.localdate():
        raise nen2767.Nen2767Error("date", f"Datum {date:%d-%m-%Y} ligt in de toekomst.")
    return date


def _store_inspection(*, asset, date: datetime.date, elements: list[dict], tables, actor, origin: str, source: str) -> ConditionInspection:
    from wijkwerk.assets.models import AssetHistory

    condition = nen2767.asset_condition([(float(e["replacement_value"]), e["condition"]) for e in elements], tables)
    inspection = ConditionInspection.objects.create(
        gemeente_id=asset.gemeente_id, asset=asset, date=date, condition=condition, source=source[:255], created_by=_user(actor)
    )
    for e in elements:
        element = ConditionElement.objects.create(inspection=inspection, name=e["name"],
                                                  replacement_value=e["replacement_value"], condition=e["condition"])
        ConditionDefect.objects.bulk_create([ConditionDefect(element=element, **d) for d in e["defects"]])
    # The asset shows its latest measurement; an older one added later only goes into history.
    if asset.condition_date is None or date >= asset.condition_date:
        old = [asset.condition, asset.condition_date.isoformat() if asset.condition_date else None]
        asset.condition = condition
        asset.condition_date = date
        asset.version += 1
        asset.save(update_fields=["condition", "condition_date", "version", "updated"])
        changes = {"condition": [old[0], condition], "condition_date": [old[1], date.isoformat()]}
    else:
        changes = {"condition_measured": [None, condition], "date": [None, date.isoformat()]}
    AssetHistory.objects.create(asset=asset, kind=AssetHistory.Kind.CONDITION, changes=changes,
                                source=source[:255] or "conditiemeting", actor=_user(actor))
    return inspection


@transaction.atomic
def condition_inspection_record(*, asset, date, elements: list[dict], actor=None, origin: str = "web",
                                source: str = "conditiemeting") -> ConditionInspection:
    """Records one NEN 2767 measurement of an asset: elements [{"name", "replacement_value",
    "defects": [{"name", "severity", "intensity", "extent"}]}] (extent a class 1..5 or "25%").
    Computes element and asset conditions, keeps the measurement in history and, when it is the
    latest, sets Asset.condition / condition_date (with an AssetHistory "condition" entry)."""
    tables = condition_tables(gemeente=asset.gemeente)
    try:
        date = _check_date(date)
        clean = _clean_elements(elements, tables)
    except nen2767.Nen2767Error as exc:
        raise ValidationError({exc.field: [str(exc)]}) from None
    inspection = _store_inspection(asset=asset, date=date, elements=clean, tables=tables, actor=actor,
                                   origin=origin, source=source)
    audit_log(action="inspections.condition_record", actor=actor, gemeente=asset.gemeente, obj=inspection,
              origin=origin, detail={"asset": asset.external_id, "condition": inspection.condition,
                                     "date": inspection.date.isoformat()})
    return inspection


CONDITION_COLUMNS = ("asset", "element", "replacement_value", "defect", "severity", "intensity", "extent", "date")
CONDITION_ALIASES = {
    "asset": ("asset", "object", "bronsleutel"),
    "element": ("element", "bouwdeel"),
    "replacement_value": ("replacement_value", "vervangingswaarde"),
    "defect": ("defect", "gebrek"),
    "severity": ("severity", "ernst"),
    "intensity": ("intensity", "intensiteit"),
    "extent": ("extent", "omvang"),
    "date": ("date", "datum"),
}


@transaction.atomic
def conditions_import(*, gemeente, path, actor=None, origin: str = "cli") -> dict:
    """Reads NEN 2767 measurements from CSV/XLSX, one row per defect: `asset` (external id),
    `element`, `replacement_value`, `defect`, `severity` (gering/serieus/ernstig), `intensity`
    (1..3), `extent` (class 1..5 or a percentage "25%"), `date` (JJJJ-MM-DD, not in the future).
    A row with an empty defect records an element without defects (condition 1). Rows with the
    same asset and date form one measurement. Atomic: any refused row -> RowErrors, nothing saved."""
    from wijkwerk.assets.models import Asset

    from .tabular import TableFileError, read_table

    try:
        table = read_table(path)
    except TableFileError as exc:
        raise ValidationError(str(exc)) from None
    cols = _columns(table, CONDITION_ALIASES)
    missing = [c for c in CONDITION_COLUMNS if c not in cols]
    if missing:
        raise ValidationError(f"Kolom(men) ontbreken: {', '.join(missing)}. Gevonden: {', '.join(table.columns)}.")
    tables = condition_tables(gemeente=gemeente)
    ids = {str(r.get(cols["asset"]) or "").strip() for _, r in table.rows}
    assets = {a.external_id: a for a in Asset.objects.filter(gemeente=gemeente, external_id__in=ids)}
    errors: list[dict] = []
    # (asset external id, date) -> {element name: {...}}
    groups: dict[tuple[str, datetime.date], dict[str, dict]] = {}
    for number, row in table.rows:
        ext = row.get(cols["asset"])
        ext = str(int(ext)) if isinstance(ext, float) and ext.is_integer() else str(ext or "").strip()
        if not ext:
            errors.append({"row": number, "field": "asset", "message": "Het asset (bronsleutel) ontbreekt."})
            continue
        if ext not in assets:
            errors.append({"row": number, "field": "asset", "message": f"Asset '{ext}' bestaat niet in deze gemeente."})
            continue
        try:
            date = _check_date(row.get(cols["date"]))
            has_defect = any(row.get(cols[c]) not in (None, "") for c in ("defect", "severity", "intensity", "extent"))
            defects = []
            if has_defect:
                defects = [{"name": row.get(cols["defect"]), "severity": row.get(cols["severity"]),
                            "intensity": row.get(cols["intensity"]), "extent": row.get(cols["extent"])}]
            element = _clean_elements([{"name": row.get(cols["element"]),
                                        "replacement_value": row.get(cols["replacement_value"]),
                                        "defects": defects}], tables)[0]
        except nen2767.Nen2767Error as exc:
            errors.append({"row": number, "field": exc.field, "message": str(exc)})
            continue
        group = groups.setdefault((ext, date), {})
        existing = group.get(element["name"])
        if existing is None:
            group[element["name"]] = element
        else:
            if existing["replacement_value"] != element["replacement_value"] and element["replacement_value"]:
                errors.append({"row": number, "field": "replacement_value",
                               "message": f"Element '{element['name']}' heeft eerder een andere vervangingswaarde "
                                          f"({existing['replacement_value']})."})
                continue
            existing["defects"].extend(element["defects"])
            existing["condition"] = nen2767.element_condition(d["condition"] for d in existing["defects"])
    if errors:
        raise RowErrors(errors)
    source = f"import {getattr(path, 'name', str(path))}"[-255:]
    inspections = 0
    conditions: dict[int, int] = {}
    for (ext, date), elements in sorted(groups.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        asset = Asset.objects.select_for_update().get(pk=assets[ext].pk)
        inspection = _store_inspection(asset=asset, date=date, elements=list(elements.values()), tables=tables,
                                       actor=actor, origin=origin, source=source)
        inspections += 1
        conditions[inspection.condition] = conditions.get(inspection.condition, 0) + 1
    report = {"rows": len(table.rows), "assets": len({k[0] for k in groups}), "inspections": inspections,
              "conditions": {str(k): v for k, v in sorted(conditions.items())}}
    audit_log(action="inspections.conditions_import", actor=actor, gemeente=gemeente, object_type="inspections.conditioninspection",
              origin=origin, detail=report)
    return report
