"""Writes for quality (CROW schouw): catalogue, defaults, area types and rounds. Every change
writes the audit log. A round's plots are written by `plots`; the file imports are in
`schouw_import` and `polygons_import`."""

from __future__ import annotations

import datetime
import zlib
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wijkwerk.areas.models import Area
from wijkwerk.core.audit import audit_log
from wijkwerk.core.geo import RD_NEW, WGS84, transformer
from wijkwerk.core.states import TransitionRefused, transition
from wijkwerk.municipalities.models import Gemeente

from .. import crow
from ..actors import actor_user
from ..models import (
    ROUND_FLOW,
    AreaType,
    BuurtAreaType,
    InspectionRound,
    Plot,
    QualityAspect,
    QualityCatalogue,
)
from .defaults import DEFAULT_AREA_TYPES, DEFAULT_ASPECTS, DEFAULT_CATALOGUE_NOTE
from .plots import round_ensure_open
from .sampling import sample_points

# --- catalogue ------------------------------------------------------------------------------------


def _clean_aspect(i: int, raw: dict, seen: set[str]) -> dict:
    code = str(raw.get("code") or "").strip().lower()
    name = str(raw.get("name") or "").strip()
    if not code or not name:
        raise ValidationError(_("Aspect %(number)s: code en naam zijn verplicht.") % {"number": i})
    for key in (crow.norm_key(code), crow.norm_key(name)):
        if key in seen and not (key == crow.norm_key(code) == crow.norm_key(name)):
            raise ValidationError(_("Aspect %(number)s (%(name)s): de code of naam komt al voor in de catalogus.")
                                  % {"number": i, "name": name})
    seen |= {crow.norm_key(code), crow.norm_key(name)}
    kind = raw.get("scale_kind") or "levels"
    if kind not in QualityAspect.ScaleKind.values:
        raise ValidationError(_("Aspect %(number)s (%(name)s), veld schaal: kies 'levels' of 'measured'.")
                              % {"number": i, "name": name})
    thresholds = {}
    if kind == QualityAspect.ScaleKind.MEASURED:
        try:
            thresholds = crow.validate_thresholds(raw.get("thresholds") or {})
        except crow.ScaleError as exc:
            raise ValidationError(_("Aspect %(number)s (%(name)s), veld grenzen: %(reason)s")
                                  % {"number": i, "name": name, "reason": exc}) from None
    return {"code": code, "name": name, "scale_kind": kind, "unit": str(raw.get("unit") or ""), "thresholds": thresholds}


def _clean_aspects(aspects: Iterable[dict]) -> list[dict]:
    seen: set[str] = set()
    clean = [_clean_aspect(i, raw, seen) for i, raw in enumerate(aspects, start=1)]
    if not clean:
        raise ValidationError(_("De catalogus moet ten minste één aspect hebben."))
    return clean


@transaction.atomic
def catalogue_update(*, gemeente, aspects: list[dict], actor=None, note: str = "", origin: str = "system") -> QualityCatalogue:
    """Makes a new catalogue version with these aspects; earlier versions stay as they were
    (rounds keep the scale they were measured with)."""
    clean = _clean_aspects(aspects)
    last = QualityCatalogue.objects.filter(gemeente=gemeente).order_by("-version").first()
    catalogue = QualityCatalogue.objects.create(
        gemeente=gemeente, version=(last.version + 1) if last else 1, created_by=actor_user(actor), note=note[:255]
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
                            note=DEFAULT_CATALOGUE_NOTE)


def aspect_thresholds_update(*, gemeente, aspect_code: str, thresholds: dict, actor=None, origin: str = "web") -> QualityCatalogue:
    """Changes one aspect's thresholds: a new catalogue version."""
    current = quality_defaults_ensure(gemeente=gemeente, actor=actor, origin=origin)
    aspects = [
        {"code": a.code, "name": a.name, "scale_kind": a.scale_kind, "unit": a.unit, "thresholds": a.thresholds}
        for a in current.aspects.all()
    ]
    target = next((a for a in aspects if a["code"] == aspect_code), None)
    if target is None:
        raise ValidationError(_("Aspect '%(code)s' staat niet in de catalogus.") % {"code": aspect_code})
    target["scale_kind"] = QualityAspect.ScaleKind.MEASURED
    target["thresholds"] = thresholds
    # The note is stored with the version (data, in the municipality's language).
    return catalogue_update(gemeente=gemeente, aspects=aspects, actor=actor, origin=origin,
                            note=f"Grenzen van {target['name']} gewijzigd")


# --- defaults -------------------------------------------------------------------------------------


@transaction.atomic
def area_types_ensure_default(*, gemeente, actor=None, origin: str = "system") -> AreaType | None:
    """Makes the default area types when the municipality has none; returns the default one
    (buurten without an area type use it; without one flagged, the built-in woonwijk B / 90 %)."""
    if not AreaType.objects.filter(gemeente=gemeente).exists():
        AreaType.objects.bulk_create([AreaType(gemeente=gemeente, **spec) for spec in DEFAULT_AREA_TYPES])
        audit_log(action="inspections.area_types_default", actor=actor, gemeente=gemeente, origin=origin,
                  object_type="inspections.areatype", detail={"codes": [s["code"] for s in DEFAULT_AREA_TYPES]})
    return AreaType.objects.filter(gemeente=gemeente, is_default=True).first()


@transaction.atomic
def quality_defaults_ensure(*, gemeente, actor=None, origin: str = "system") -> QualityCatalogue:
    """Stores the default catalogue and area types of a municipality that has none yet; returns
    the current catalogue. Called when a municipality is set up and by the writes that need them
    (a page that only reads shows the defaults without storing them). The municipality's row is
    locked while they are made, so two first writes at once make them once."""
    current = QualityCatalogue.objects.filter(gemeente=gemeente).order_by("-version").first()
    if current is not None and AreaType.objects.filter(gemeente=gemeente).exists():
        return current
    Gemeente.objects.select_for_update().filter(pk=gemeente.pk).first()
    catalogue = catalogue_ensure_default(gemeente=gemeente, actor=actor, origin=origin)
    area_types_ensure_default(gemeente=gemeente, actor=actor, origin=origin)
    return catalogue


# --- area types -----------------------------------------------------------------------------------


def _clean_area_type(default_target: str, targets: dict | None, pass_share) -> tuple[str, dict, float]:
    try:
        default_target = crow.normalise_level(default_target)
        targets = {str(k).strip().lower(): crow.normalise_level(v) for k, v in (targets or {}).items() if v}
    except crow.ScaleError as exc:
        raise ValidationError(_("Streefniveau: %(reason)s") % {"reason": exc}) from None
    try:
        pass_share = float(pass_share)
    except (TypeError, ValueError):
        raise ValidationError(_("Normpercentage: geef een getal tussen 0 en 1 (bijv. 0,9).")) from None
    if pass_share > 1 and pass_share <= 100:
        pass_share = pass_share / 100.0
    if not 0 <= pass_share <= 1:
        raise ValidationError(_("Normpercentage: geef een getal tussen 0 en 1 (bijv. 0,9) of 0 t/m 100 %."))
    return default_target, targets, pass_share


@transaction.atomic
def area_type_save(*, gemeente, code: str, name: str, default_target: str = "B", targets: dict | None = None,
                   pass_share: float = 0.9, is_default: bool = False, actor=None, origin: str = "web") -> AreaType:
    default_target, targets, pass_share = _clean_area_type(default_target, targets, pass_share)
    quality_defaults_ensure(gemeente=gemeente, actor=actor, origin=origin)
    area_type, _created = AreaType.objects.update_or_create(
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
        raise ValidationError(_("Buurt of gebiedstype hoort niet bij deze gemeente."))
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
    gemeente = area_type.gemeente
    wanted = set(int(i) for i in buurt_ids)
    buurten = {a.pk: a for a in Area.objects.filter(gemeente=gemeente, level=Area.Level.BUURT, pk__in=wanted)}
    if len(buurten) != len(wanted):
        raise ValidationError(_("Een gekozen buurt hoort niet bij deze gemeente."))
    current = set(BuurtAreaType.objects.filter(area_type=area_type).values_list("buurt_id", flat=True))
    removed = current - wanted
    BuurtAreaType.objects.filter(area_type=area_type, buurt_id__in=removed).delete()
    added = wanted - current
    for buurt_id in added:
        BuurtAreaType.objects.update_or_create(buurt_id=buurt_id, defaults={"gemeente": gemeente, "area_type": area_type})
    audit_log(action="inspections.area_type_buurten", actor=actor, gemeente=gemeente, obj=area_type, origin=origin,
              detail={"added": sorted(buurten[i].code for i in added), "removed": len(removed)})
    return {"added": len(added), "removed": len(removed), "total": len(wanted)}


@transaction.atomic
def area_type_polygon_delete(*, polygon, actor=None, origin: str = "web") -> None:
    audit_log(action="inspections.area_type_polygon_delete", actor=actor, gemeente=polygon.area_type.gemeente,
              obj=polygon.area_type, origin=origin, detail={"polygon": polygon.name})
    polygon.delete()


# --- rounds ---------------------------------------------------------------------------------------


def aspect_codes_resolve(catalogue: QualityCatalogue, names: Iterable[str] | None) -> list[str]:
    """Aspect codes for names or codes as people write them (any letter case); all without names."""
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
            raise ValidationError(_("Aspect '%(name)s' staat niet in de kwaliteitscatalogus.") % {"name": name})
        if code not in codes:
            codes.append(code)
    return codes


def _round_plan_check(*, gemeente, name: str, period_start, period_end, plots_per_buurt: int) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Naam: geef de schouwronde een naam."))
    if InspectionRound.objects.filter(gemeente=gemeente, name=name).exists():
        raise ValidationError(_("Naam: er is al een schouwronde '%(name)s'.") % {"name": name})
    if period_start and period_end and period_end < period_start:
        raise ValidationError(_("Periode: de einddatum ligt voor de begindatum."))
    if not 1 <= int(plots_per_buurt) <= 100:
        raise ValidationError(_("Meetlocaties per buurt: kies 1 t/m 100."))
    return name


def _round_buurten(*, gemeente, buurt_codes: Iterable[str] | None) -> list[Area]:
    buurten = list(Area.objects.filter(gemeente=gemeente, level=Area.Level.BUURT).order_by("code"))
    if buurt_codes:
        wanted = {str(c) for c in buurt_codes}
        buurten = [b for b in buurten if b.code in wanted]
        missing = wanted - {b.code for b in buurten}
        if missing:
            raise ValidationError(_("Buurt: onbekende buurtcode(s) %(codes)s.") % {"codes": ", ".join(sorted(missing))})
    if not buurten:
        raise ValidationError(_("Deze gemeente heeft nog geen buurten; lees eerst de buurtgrenzen in."))
    return buurten


def _round_plots(rnd: InspectionRound, buurten: list[Area]) -> list[Plot]:
    to_rd = transformer(WGS84, RD_NEW)
    plots = []
    for buurt in buurten:
        points = sample_points(buurt.geometry, rnd.plots_per_buurt, rnd.seed + zlib.crc32(buurt.code.encode()))
        for i, (lon, lat) in enumerate(points, start=1):
            x, y = to_rd.transform(lon, lat)
            plots.append(Plot(round=rnd, code=f"{buurt.code}-{i:02d}", buurt=buurt, wijk_id=buurt.parent_id,
                              lon=lon, lat=lat, x=round(float(x), 2), y=round(float(y), 2)))
    return plots


@transaction.atomic
def round_plan(*, gemeente, name: str, period_start: datetime.date | None = None, period_end: datetime.date | None = None,
               aspects: Iterable[str] | None = None, plots_per_buurt: int = 3, seed: int | None = None,
               buurt_codes: Iterable[str] | None = None, actor=None, origin: str = "web") -> InspectionRound:
    """Plans a round: draws `plots_per_buurt` sample plots at random inside every buurt (or the
    given buurten). Reproducible: the same seed gives the same plots."""
    name = _round_plan_check(gemeente=gemeente, name=name, period_start=period_start, period_end=period_end,
                             plots_per_buurt=plots_per_buurt)
    catalogue = quality_defaults_ensure(gemeente=gemeente, actor=actor, origin=origin)
    codes = aspect_codes_resolve(catalogue, aspects)
    if seed is None:
        seed = int(zlib.crc32(f"{gemeente.slug}/{name}".encode()))
    buurten = _round_buurten(gemeente=gemeente, buurt_codes=buurt_codes)
    rnd = InspectionRound.objects.create(
        gemeente=gemeente, catalogue=catalogue, name=name, period_start=period_start, period_end=period_end,
        aspects=codes, plots_per_buurt=int(plots_per_buurt), seed=int(seed), status=InspectionRound.Status.PLANNED,
        source="gepland", created_by=actor_user(actor),
    )
    plots = _round_plots(rnd, buurten)
    Plot.objects.bulk_create(plots)
    audit_log(action="inspections.round_plan", actor=actor, gemeente=gemeente, obj=rnd, origin=origin,
              detail={"name": name, "plots": len(plots), "seed": int(seed), "aspects": codes})
    return rnd


@transaction.atomic
def round_set_status(*, round: InspectionRound, status: str, actor=None, origin: str = "web") -> InspectionRound:
    """Sets the round's status along ROUND_FLOW (models.py). Done is final: a done round is not
    opened again (its results are read-only, RoundClosed). Locks the round row, as every write to
    its plots does (see plot_record). Setting the status it already has changes nothing."""
    if status not in InspectionRound.Status.values:
        raise ValidationError(_("Status: onbekende status."))
    current = InspectionRound.objects.select_for_update().get(pk=round.pk)
    if current.status == status:
        round.status = current.status
        return round
    round_ensure_open(current)
    try:
        return transition(round, flow=ROUND_FLOW, to=status, actor=actor, origin=origin)
    except TransitionRefused as exc:
        raise ValidationError(exc.message) from None
