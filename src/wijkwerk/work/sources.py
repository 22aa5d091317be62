"""Where work orders come from (writes): the plan's interventions of a year, schouw plots below their
target, and residents' reports (the hook for the community app). And the loop back: a newer schouw
result of a plot and aspect that meets the target closes the schouw order.

Every maker is idempotent: an order keeps where it came from in `origin` + `origin_ref`
(`plan:<plan>:<asset>:<intervention>`, `schouw:<plot>:<aspect>`, `melding:<report>`), and a
second run makes no second order for the same origin.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wijkwerk.core.audit import audit_log
from wijkwerk.core.geo import wgs84_to_rd
from wijkwerk.inspections import crow
from wijkwerk.inspections.models import Plot, PlotScore
from wijkwerk.inspections.quality.selectors import buurt_targets, plot_polygon_area_types
from wijkwerk.planning.models import Plan, PlanItem

from .models import Activity, WorkOrder
from .services import OrderSpec, order_create, order_transition, orders_create

PLOT_AREA_M2 = Decimal("100")  # a schouw plot is about 100 m2
SAME_PLACE_METRES = 15.0  # a plot of a later round this close to the order's point re-inspects it
SCHOUW_CLOSABLE = frozenset({WorkOrder.Status.NEW, WorkOrder.Status.PLANNED, WorkOrder.Status.REJECTED,
                             WorkOrder.Status.DONE})


def _existing_refs(gemeente, origin: str, prefix: str) -> set[str]:
    return set(WorkOrder.objects.filter(gemeente=gemeente, origin=origin, origin_ref__startswith=prefix)
               .values_list("origin_ref", flat=True))


# -- the multi-year plan ----------------------------------------------------------------------------------
def _plan_activities(gemeente) -> tuple[dict, dict]:
    """({(asset type, intervention): activity}, {intervention: generic activity})."""
    specific, generic = {}, {}
    for activity in Activity.objects.filter(gemeente=gemeente, active=True).order_by("code"):
        for intervention in activity.interventions or []:
            if activity.asset_types:
                for type_code in activity.asset_types:
                    specific.setdefault((type_code, intervention), activity)
            else:
                generic.setdefault(intervention, activity)
    return specific, generic


def orders_from_plan(*, plan: Plan, year: int = 1, actor=None, origin: str = "system") -> dict:
    """Turns the plan's interventions of plan year `year` (1 = its first year) into work orders
    (origin plan): the activity is the catalogue's for the asset's type and the intervention (else
    the generic one for the intervention); quantity is the asset's when the units match, else 1;
    deadline the end of that calendar year. Items already turned into an order are skipped.
    Returns {"created", "existing", "without_activity", "year"}; ValidationError when the plan has
    no result (not computed)."""
    if plan.status not in (Plan.Status.COMPUTED, Plan.Status.ADOPTED, Plan.Status.ARCHIVED):
        raise ValidationError(_("Alleen een berekend of vastgesteld plan kan naar de uitvoering."))
    if year < 1:
        raise ValidationError(_("Het planjaar begint bij 1."))
    start = int((plan.result or {}).get("start_year") or plan.created.year)
    calendar_year = start + year - 1
    gemeente = plan.gemeente
    specific, generic = _plan_activities(gemeente)
    done = _existing_refs(gemeente, WorkOrder.Origin.PLAN, f"plan:{plan.pk}:")
    specs, existing, missing = [], 0, defaultdict(int)
    items = (PlanItem.objects.filter(plan=plan, year=year).select_related("asset", "asset__asset_type")
             .order_by("asset__buurt__code", "asset_id"))
    for item in items:
        ref = f"plan:{plan.pk}:{item.asset_id}:{item.intervention}"
        if ref in done:
            existing += 1
            continue
        asset = item.asset
        activity = specific.get((asset.asset_type.code, item.intervention)) or generic.get(item.intervention)
        if activity is None:
            missing[f"{asset.asset_type.code}/{item.intervention}"] += 1
            continue
        quantity = asset.quantity if (asset.unit or "st") == activity.unit else Decimal("1")
        specs.append(OrderSpec(activity=activity, quantity=quantity, assets=[asset], origin=WorkOrder.Origin.PLAN,
                               origin_ref=ref, plan_id=plan.pk, year=calendar_year,
                               deadline=datetime.date(calendar_year, 12, 31),
                               description=f"{plan.name} ({calendar_year})"[:255]))
        done.add(ref)
    with transaction.atomic():
        orders = orders_create(gemeente=gemeente, specs=specs, actor=actor, origin=origin,
                               action="work.orders_from_plan") if specs else []
        audit_log(action="work.orders_from_plan.summary", actor=actor, gemeente=gemeente, obj=plan, origin=origin,
                  detail={"year": year, "created": len(orders), "existing": existing,
                          "without_activity": dict(missing)})
    return {"created": len(orders), "existing": existing, "without_activity": dict(missing), "year": calendar_year}


# -- the schouw ---------------------------------------------------------------------------------------------
def _aspect_activities(gemeente) -> dict[str, Activity]:
    out: dict[str, Activity] = {}
    for activity in Activity.objects.filter(gemeente=gemeente, active=True).order_by("code"):
        for aspect in activity.aspects or []:
            out.setdefault(aspect, activity)
    return out


def _plot_targets(round) -> dict[int, object]:
    assigned, default = buurt_targets(gemeente=round.gemeente)
    drawn = plot_polygon_area_types(round=round)
    return {p.pk: drawn.get(p.pk) or assigned.get(p.buurt_id, default)
            for p in Plot.objects.filter(round=round).only("pk", "buurt_id")}


def orders_from_schouw(*, round, deadline: datetime.date | None = None, actor=None, origin: str = "system") -> dict:
    """One work order per plot and aspect of the round whose level is below the target (the
    activity the catalogue gives for the aspect), made per buurt (codes run buurt by buurt). Two
    levels or more below the target is priority high. First closes older schouw orders that this
    round's results already settle (schouw_orders_close). Returns {"created", "existing",
    "without_activity": [aspect codes], "buurten": [{"buurt", "name", "orders"}], "closed"}."""
    gemeente = round.gemeente
    closed = schouw_orders_close(gemeente=gemeente, actor=actor, origin=origin)
    activities = _aspect_activities(gemeente)
    area_types = _plot_targets(round)
    done = _existing_refs(gemeente, WorkOrder.Origin.SCHOUW, "schouw:")
    scores = (PlotScore.objects.filter(plot__round=round).exclude(plot__status=Plot.Status.SKIPPED)
              .select_related("plot", "plot__buurt").order_by("plot__buurt__code", "plot__code", "aspect_code"))
    specs, existing, missing = [], 0, set()
    per_buurt: dict[str, dict] = {}
    for score in scores:
        plot = score.plot
        target = area_types[plot.pk].target_for(score.aspect_code)
        if crow.at_or_above(score.level, target):
            continue
        ref = f"schouw:{plot.pk}:{score.aspect_code}"
        if ref in done:
            existing += 1
            continue
        activity = activities.get(score.aspect_code)
        if activity is None:
            missing.add(score.aspect_code)
            continue
        quantity = PLOT_AREA_M2 if activity.unit.lower() in ("m2", "m²") else Decimal("1")
        below = crow.RANK[score.level] - crow.RANK[target]
        specs.append(OrderSpec(
            activity=activity, quantity=quantity, lat=plot.lat, lon=plot.lon, buurt_id=plot.buurt_id,
            wijk_id=plot.wijk_id, origin=WorkOrder.Origin.SCHOUW, origin_ref=ref, plot_id=plot.pk,
            aspect_code=score.aspect_code, target_level=target, deadline=deadline,
            priority=WorkOrder.Priority.HIGH if below >= 2 else WorkOrder.Priority.NORMAL,
            description=f"{round.name}: {plot.code}, {score.aspect_code} {score.level} ({target})"[:255]))
        done.add(ref)
        key = plot.buurt.code if plot.buurt else "-"
        entry = per_buurt.setdefault(key, {"buurt": key, "name": plot.buurt.name if plot.buurt else "", "orders": 0})
        entry["orders"] += 1
    with transaction.atomic():
        orders = orders_create(gemeente=gemeente, specs=specs, actor=actor, origin=origin,
                               action="work.orders_from_schouw") if specs else []
        audit_log(action="work.orders_from_schouw.summary", actor=actor, gemeente=gemeente, obj=round, origin=origin,
                  detail={"created": len(orders), "existing": existing, "without_activity": sorted(missing)})
    return {"created": len(orders), "existing": existing, "without_activity": sorted(missing),
            "buurten": list(per_buurt.values()), "closed": closed}


def _newer_result(order: WorkOrder, plot_xy: dict, candidates: list) -> tuple[object, str] | None:
    """(plot, level) of the latest result of the order's aspect on its plot, or on a plot of another
    round at the same place, recorded after the order was made; None when there is none."""
    best = None
    ox, oy = plot_xy[order.pk]
    for plot, level in candidates:
        if plot.updated <= order.created:
            continue
        if plot.pk != order.plot_id:
            px, py = plot_xy[("plot", plot.pk)]
            if (px - ox) ** 2 + (py - oy) ** 2 > SAME_PLACE_METRES ** 2:
                continue
        if best is None or plot.updated > best[0].updated:
            best = (plot, level)
    return best


def schouw_orders_close(*, gemeente, orders=None, actor=None, origin: str = "system") -> list[str]:
    """Closes schouw orders whose plot and aspect have a newer result (the same plot scored again,
    or a plot of a later round within 15 m) that meets the order's target level: a completed
    order (gereed) becomes gecontroleerd, one not started yet (nieuw, gepland, afgekeurd)
    vervallen; one in progress is left to finish. The schouw calls this after recording results;
    completion calls it for the order it completes. Returns the codes closed."""
    qs = WorkOrder.objects.filter(gemeente=gemeente, origin=WorkOrder.Origin.SCHOUW, status__in=SCHOUW_CLOSABLE)
    if orders is not None:
        qs = qs.filter(pk__in=[o.pk if isinstance(o, WorkOrder) else o for o in orders])
    open_orders = [o for o in qs if o.lat is not None and o.aspect_code]
    if not open_orders:
        return []
    earliest = min(o.created for o in open_orders)
    aspects = {o.aspect_code for o in open_orders}
    results = defaultdict(list)
    for score in (PlotScore.objects.filter(plot__round__gemeente=gemeente, aspect_code__in=aspects,
                                           plot__updated__gt=earliest)
                  .exclude(plot__status=Plot.Status.SKIPPED).select_related("plot")):
        results[score.aspect_code].append((score.plot, score.level))
    points = [(o.pk, o.lon, o.lat) for o in open_orders]
    points += [(("plot", p.pk), p.lon, p.lat) for rows in results.values() for p, _level in rows]
    x, y = wgs84_to_rd(np.array([p[1] for p in points]), np.array([p[2] for p in points]))
    plot_xy = {p[0]: (float(px), float(py)) for p, px, py in zip(points, x, y, strict=True)}
    closed = []
    for order in open_orders:
        found = _newer_result(order, plot_xy, results.get(order.aspect_code, []))
        if found is None or not crow.at_or_above(found[1], order.target_level or "B"):
            continue
        plot, level = found
        reason = _("Herschouw %(plot)s: %(aspect)s op niveau %(level)s, streefniveau %(target)s gehaald.") % {
            "plot": plot.code, "aspect": order.aspect_code, "level": level, "target": order.target_level}
        to = WorkOrder.Status.CHECKED if order.status == WorkOrder.Status.DONE else WorkOrder.Status.CANCELLED
        order_transition(order=order, to=to, actor=actor, origin=origin, reason=reason,
                         detail={"plot": plot.pk, "level": level})
        closed.append(order.code)
    return closed


# -- residents' reports (the hook for the community app) --------------------------------------------------------
def order_from_report(*, gemeente, report_ref: str, activity: Activity, lat: float | None = None,
                      lon: float | None = None, assets=(), quantity=1, description: str = "",
                      priority: int = WorkOrder.Priority.NORMAL, deadline: datetime.date | None = None, actor=None,
                      origin: str = "system") -> tuple[WorkOrder, bool]:
    """The order for a resident's report (melding) `report_ref` (the report's own id or number):
    made once (origin melding, origin_ref `melding:<report_ref>`); a second call returns the same
    order. Returns (order, created). The reporter's details stay with the report, never here."""
    ref = f"melding:{str(report_ref).strip()}"[:100]
    if not str(report_ref).strip():
        raise ValidationError(_("Een melding zonder kenmerk kan geen werkorder worden."))
    found = WorkOrder.objects.filter(gemeente=gemeente, origin=WorkOrder.Origin.MELDING, origin_ref=ref).first()
    if found is not None:
        return found, False
    order = order_create(gemeente=gemeente, actor=actor, origin=origin, spec=OrderSpec(
        activity=activity, quantity=quantity, lat=lat, lon=lon, assets=list(assets), description=description,
        priority=priority, deadline=deadline, origin=WorkOrder.Origin.MELDING, origin_ref=ref))
    return order, True
