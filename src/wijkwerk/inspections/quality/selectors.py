"""Reads for quality (CROW schouw): catalogue, area types, rounds, progress and results."""

from __future__ import annotations

import builtins
import json

import numpy as np
import shapely
from django.db.models import Count, Q
from django.http import Http404
from django.utils.translation import gettext as _

from wijkwerk.areas.models import Area

from .. import crow
from ..models import (
    AreaType,
    AreaTypePolygon,
    BuurtAreaType,
    InspectionRound,
    Plot,
    PlotScore,
    QualityCatalogue,
)
from .defaults import BUILT_IN_DEFAULT_AREA_TYPE, unsaved_default_area_types, unsaved_default_aspects

SHARE_DECIMALS = 4


# --- catalogue and area types ----------------------------------------------------------------------


def catalogue_current(*, gemeente) -> QualityCatalogue | None:
    return QualityCatalogue.objects.filter(gemeente=gemeente).order_by("-version").first()


def catalogue_aspects(*, gemeente) -> tuple[QualityCatalogue | None, list]:
    """(current catalogue, its aspects). Before the municipality's catalogue is stored: (None, the
    default aspects, unsaved), so a page shows what the first change will store."""
    current = catalogue_current(gemeente=gemeente)
    if current is None:
        return None, unsaved_default_aspects()
    return current, list(current.aspects.all())


def area_types_listed(*, gemeente) -> list[AreaType]:
    """The municipality's area types by name, with `n_buurten` and `n_polygons`; before any is
    stored, the default ones (unsaved, counts 0)."""
    types = list(AreaType.objects.filter(gemeente=gemeente).annotate(
        n_buurten=Count("assignments", distinct=True), n_polygons=Count("polygons", distinct=True)).order_by("name"))
    if types:
        return types
    defaults = unsaved_default_area_types(gemeente)
    for t in defaults:
        t.n_buurten = t.n_polygons = 0
    return defaults


def buurt_targets(*, gemeente) -> tuple[dict, AreaType]:
    """({buurt_id: AreaType}, default AreaType): which area type sets each buurt's targets."""
    assigned = {b.buurt_id: b.area_type for b in BuurtAreaType.objects.filter(gemeente=gemeente).select_related("area_type")}
    default = AreaType.objects.filter(gemeente=gemeente, is_default=True).first()
    if default is None:  # nothing configured: the built-in default (woonwijk, B, 90 %)
        default = AreaType(gemeente=gemeente, **BUILT_IN_DEFAULT_AREA_TYPE)
    return assigned, default


def plot_polygon_area_types(*, round) -> dict:
    """{plot_id: AreaType} for the plots of `round` that lie inside a polygon drawn for an area
    type (these take that area type over their buurt's). Where polygons overlap, the smallest
    polygon wins (the most specific drawing)."""
    polygons = list(AreaTypePolygon.objects.filter(gemeente=round.gemeente).select_related("area_type"))
    if not polygons:
        return {}
    plots = list(Plot.objects.filter(round=round).values_list("id", "lon", "lat"))
    if not plots:
        return {}
    ids = np.array([p[0] for p in plots])
    lon = np.array([p[1] for p in plots], dtype=float)
    lat = np.array([p[2] for p in plots], dtype=float)
    shapes = [(shapely.from_geojson(json.dumps(p.geometry)), p) for p in polygons]
    shapes.sort(key=lambda item: -item[0].area)  # large first, so smaller ones overwrite
    out: dict[int, object] = {}
    for geom, polygon in shapes:
        shapely.prepare(geom)
        inside = shapely.contains_xy(geom, lon, lat)
        for plot_id in ids[inside]:
            out[int(plot_id)] = polygon.area_type
    return out


# --- rounds ----------------------------------------------------------------------------------------


def round_list(*, gemeente):
    return InspectionRound.objects.filter(gemeente=gemeente).select_related("catalogue").order_by("-period_start", "-id")


def round_get(*, gemeente, round_id: int) -> InspectionRound:
    rnd = InspectionRound.objects.filter(gemeente=gemeente, pk=round_id).select_related("catalogue").first()
    if rnd is None:
        raise Http404(_("Deze schouwronde bestaat niet."))
    return rnd


def round_get_by_name(*, gemeente, name: str) -> InspectionRound | None:
    return InspectionRound.objects.filter(gemeente=gemeente, name=name).select_related("catalogue").first()


def round_buurten(*, round) -> list[dict]:
    """The buurten of a round's plots in code order: code ("-" for plots outside every buurt),
    name, total plots and plots still open."""
    rows = (Plot.objects.filter(round=round).values("buurt__code", "buurt__name")
            .annotate(total=Count("id"), open=Count("id", filter=Q(status=Plot.Status.OPEN))).order_by("buurt__code"))
    out = [{"code": r["buurt__code"] or "-", "name": r["buurt__name"] or _("Buiten de buurten"),
            "total": r["total"], "open": r["open"]} for r in rows]
    return sorted(out, key=lambda b: (b["code"] == "-", b["code"]))


def round_progress(*, round) -> dict:
    counts = dict(Plot.objects.filter(round=round).values_list("status").annotate(n=Count("id")))
    total = sum(counts.values())
    return {"total": total, "done": counts.get(Plot.Status.DONE, 0), "skipped": counts.get(Plot.Status.SKIPPED, 0),
            "open": counts.get(Plot.Status.OPEN, 0)}


# --- results ---------------------------------------------------------------------------------------


def _score_groups(round, by: str) -> dict[tuple[int, str], dict]:
    """{(area id, aspect code): {"plots", "ok", "targets", "pass"}} over the round's scored plots."""
    assigned, default = buurt_targets(gemeente=round.gemeente)
    drawn = plot_polygon_area_types(round=round)
    scores = (
        PlotScore.objects.filter(plot__round=round).exclude(plot__status=Plot.Status.SKIPPED)
        .values_list("plot_id", "plot__buurt_id", "plot__wijk_id", "aspect_code", "level")
    )
    groups: dict[tuple[int, str], dict] = {}
    for plot_id, buurt_id, wijk_id, aspect, level in scores:
        area_type = drawn.get(plot_id) or assigned.get(buurt_id, default)
        target = area_type.target_for(aspect)
        key_id = buurt_id if by == "buurt" else wijk_id
        if key_id is None:
            continue
        g = groups.setdefault((key_id, aspect), {"plots": 0, "ok": 0, "targets": set(), "pass": []})
        g["plots"] += 1
        g["ok"] += 1 if crow.at_or_above(level, target) else 0
        g["targets"].add(target)
        g["pass"].append(area_type.pass_share)
    return groups


def round_results(*, round, by: str = "buurt") -> list[dict]:
    """Per area (buurt or wijk) and aspect: plots scored, plots at or above target, share,
    target, pass share and whether the norm is met.

    Skipped plots and plots without a score for the aspect do not count. share =
    at_or_above_target / plots (rounded to 4 decimals); meets_norm = share >= pass_share (the
    unrounded share is compared). A buurt's target and pass share come from its area type (the
    default area type when none is assigned); a plot inside a polygon drawn for an area type is
    judged against that area type instead (target and pass share). A wijk combines the plots of its buurten: each plot
    is judged against its own buurt's target, the wijk's pass share is the strictest (highest) of
    its buurten'. `aspect` is the aspect's name as in the catalogue (e.g. "onkruid op verharding").
    """
    groups = _score_groups(round, by)
    labels = {a.code: a.name for a in round.catalogue.aspects.all()}
    areas = {a.id: a for a in Area.objects.filter(pk__in={k[0] for k in groups})}
    order = {code: i for i, code in enumerate(round.aspects or [])}
    rows = []
    for (area_id, aspect), g in groups.items():
        area = areas.get(area_id)
        share = g["ok"] / g["plots"] if g["plots"] else 0.0
        pass_share = max(g["pass"])
        targets = sorted(g["targets"], key=lambda t: crow.RANK[t])
        rows.append({
            by: area.code if area else "",
            f"{by}_name": area.name if area else "",
            "aspect": labels.get(aspect, aspect),
            "aspect_code": aspect,
            "plots": g["plots"],
            "at_or_above_target": g["ok"],
            "share": builtins.round(share, SHARE_DECIMALS),
            "target": targets[0] if len(targets) == 1 else "/".join(targets),
            "pass_share": pass_share,
            "meets_norm": share >= pass_share - 1e-12,
        })
    rows.sort(key=lambda r: (r[by], order.get(r["aspect_code"], 999), r["aspect_code"]))
    return rows


def round_results_by_aspect(*, round) -> list[dict]:
    """Whole-municipality summary per aspect: plots, at or above target, share, and how many
    buurten meet the norm."""
    rows = round_results(round=round)
    out: dict[str, dict] = {}
    for r in rows:
        a = out.setdefault(r["aspect_code"], {"aspect": r["aspect"], "aspect_code": r["aspect_code"], "plots": 0,
                                              "at_or_above_target": 0, "buurten": 0, "buurten_ok": 0})
        a["plots"] += r["plots"]
        a["at_or_above_target"] += r["at_or_above_target"]
        a["buurten"] += 1
        a["buurten_ok"] += 1 if r["meets_norm"] else 0
    for a in out.values():
        a["share"] = builtins.round(a["at_or_above_target"] / a["plots"], SHARE_DECIMALS) if a["plots"] else 0.0
    order = {code: i for i, code in enumerate(round.aspects or [])}
    return sorted(out.values(), key=lambda a: order.get(a["aspect_code"], 999))


def round_trend(*, gemeente) -> list[dict]:
    """Share at or above target per aspect for every round, oldest first."""
    rounds = list(round_list(gemeente=gemeente))
    rounds.reverse()
    return [{"round": r.name, "id": r.id, "period_start": r.period_start,
             "aspects": {a["aspect"]: a["share"] for a in round_results_by_aspect(round=r)}} for r in rounds]
