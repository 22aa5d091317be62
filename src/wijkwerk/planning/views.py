"""Planning pages: plans (scenarios), a plan with its progress, exports, comparison, the risk model."""

import json
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Min
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wijkwerk.core.api import UnsafeJSON, json_loads_safe, parse_db_id
from wijkwerk.core.states import TransitionRefused
from wijkwerk.municipalities import roles
from wijkwerk.municipalities.pages import gemeente_page, render_page

from . import exporting, selectors, services
from .charts import frontier_svg
from .defaults import BUDGET_LINE_LABELS, budget_line_order
from .models import PLAN_DELETABLE, PLAN_FLOW, PLAN_WITH_RESULT, Plan, PlanItem


def year_colours(n: int) -> list[str]:
    """n colours from dark red (the first year: most urgent) through orange and yellow to blue-green."""
    stops = [(0x92, 0x2B, 0x21), (0xD3, 0x54, 0x00), (0xF0, 0xC0, 0x00), (0x1A, 0x7F, 0x37), (0x1F, 0x4E, 0x9E)]
    out = []
    for i in range(max(1, n)):
        t = 0.0 if n <= 1 else i / (n - 1) * (len(stops) - 1)
        j = min(int(t), len(stops) - 2)
        f = t - j
        rgb = [round(a + (b - a) * f) for a, b in zip(stops[j], stops[j + 1], strict=True)]
        out.append("#{:02x}{:02x}{:02x}".format(*rgb))
    return out[:n]


def plan_map_points(plan: Plan) -> list[list[float]]:
    """[lon, lat, year] per asset with an intervention in the plan (year of its first intervention)."""
    rows = (PlanItem.objects.filter(plan=plan, asset__lon__isnull=False, asset__lat__isnull=False)
            .values("asset_id", "asset__lon", "asset__lat").annotate(first=Min("year")).order_by())
    return [[round(r["asset__lon"], 6), round(r["asset__lat"], 6), r["first"]] for r in rows]


def _can_manage(request) -> bool:
    return request.wijkwerk_perms.has(roles.MANAGE_PLANS)


@gemeente_page(roles.VIEW_PLANS)
@require_http_methods(["GET", "POST"])
def plan_list(request: HttpRequest, gemeente) -> HttpResponse:
    errors = []
    if request.method == "POST":
        if not _can_manage(request):
            return render_page(request, "403.html", {}, gemeente=gemeente, status=403)
        name = request.POST.get("name", "")
        budget_text = (request.POST.get("budget") or "").strip().replace(".", "").replace(",", ".")
        try:
            budget = float(budget_text) if budget_text else None
        except ValueError:
            budget = None
            errors.append(_("Budget per jaar: vul een bedrag in euro in, bijvoorbeeld 1500000."))
        try:
            years = int(request.POST.get("years") or 10)
        except ValueError:
            years = 10
            errors.append(_("Horizon: vul een aantal jaren in."))
        objective = request.POST.get("objective", "risk")
        line_budgets = {}
        for code in budget_line_order(selectors.planning_config_get(gemeente=gemeente)):
            text = (request.POST.get(f"line_{code}") or "").strip().replace(".", "").replace(",", ".")
            if not text:
                continue
            try:
                line_budgets[code] = float(text)
            except ValueError:
                errors.append(_("Budget voor %(line)s: vul een bedrag in euro in.")
                              % {"line": BUDGET_LINE_LABELS.get(code, code)})
        if line_budgets and budget is not None:
            errors.append(_("Vul een totaalbudget per jaar in, of budgetten per budgetlijn, niet allebei."))
        if not errors:
            try:
                plan = services.plan_create(gemeente=gemeente, name=name, years=years, budget=budget,
                                            objective=objective, line_budgets=line_budgets or None,
                                            actor=request.user, origin="web")
                return redirect("planning-plan", slug=gemeente.slug, plan_id=plan.pk)
            except ValidationError as exc:
                errors.extend(exc.messages)
    return render_page(request, "planning/plan_list.html", {
        "nav": "planning", "plans": selectors.plan_list(gemeente=gemeente)[:100], "errors": errors,
        "can_manage": _can_manage(request), "post": request.POST if request.method == "POST" else {},
        "budget_lines": [{"code": c, "label": BUDGET_LINE_LABELS.get(c, c),
                          "value": request.POST.get(f"line_{c}", "") if request.method == "POST" else ""}
                         for c in budget_line_order(selectors.planning_config_get(gemeente=gemeente))],
    }, gemeente=gemeente, status=400 if errors else 200)


def _plan_context(request, gemeente, plan: Plan) -> dict:
    result = plan.result or {}
    years = []
    start = result.get("start_year", 0)
    for i, cost in enumerate(result.get("cost_per_year", [])):
        years.append({"year": start + i, "cost": cost, "before": result["risk_per_year_before"][i],
                      "after": result["risk_per_year_after"][i],
                      "performance": (result.get("performance_per_year_after") or [0] * (i + 1))[i] * 100})
    can_manage = _can_manage(request)
    return {"nav": "planning", "plan": plan, "result": result, "years": years, "busy": plan.busy,
            "percent": int(round(plan.progress * 100)), "can_manage": can_manage,
            "can_adopt": can_manage and PLAN_FLOW.allows(plan.status, Plan.Status.ADOPTED),
            "can_archive": can_manage and PLAN_FLOW.allows(plan.status, Plan.Status.ARCHIVED),
            "can_recompute": can_manage and PLAN_FLOW.allows(plan.status, Plan.Status.DRAFT),
            "can_delete": can_manage and plan.status in PLAN_DELETABLE,
            "status_url": reverse("planning-plan-status", args=[gemeente.slug, plan.pk]),
            "chart": mark_safe(frontier_svg(result.get("frontier") or [])),
            "gap_percent": result.get("gap", 0) * 100}


@gemeente_page(roles.VIEW_PLANS)
@require_GET
def plan_detail(request: HttpRequest, gemeente, plan_id: int) -> HttpResponse:
    plan = selectors.plan_get(gemeente=gemeente, plan_id=plan_id)
    ctx = _plan_context(request, gemeente, plan)
    if plan.has_result:
        items = list(plan.items.values_list("asset_id", "year", "intervention", "cost"))
        ctx["agg"] = exporting.aggregate(gemeente, items)["by"]
        ctx["work_count"] = plan.planned_work.count()
        n_years = len(ctx["years"]) or int(plan.params.get("years", 10))
        colours = year_colours(n_years)
        start = (plan.result or {}).get("start_year", 0)
        ctx["map_legend"] = [(start + i, colours[i]) for i in range(n_years)]
        ctx["map_config"] = {
            "tileUrl": settings.WIJKWERK_TILE_URL, "tileAttribution": settings.WIJKWERK_TILE_ATTRIBUTION,
            "dataUrl": reverse("planning-plan-map-data", args=[gemeente.slug, plan.pk]),
            "colours": colours, "startYear": start,
        }
        ctx["lines"] = _line_rows(plan.result or {})
    return render_page(request, "planning/plan_detail.html", ctx, gemeente=gemeente)


def _line_rows(result: dict) -> list[dict]:
    cost = result.get("cost_per_line") or {}
    budget = result.get("budget_per_line") or {}
    return [{"code": k, "label": BUDGET_LINE_LABELS.get(k, k), "cost": sum(v),
             "budget": sum(budget[k]) if k in budget else None} for k, v in cost.items()]


@gemeente_page(roles.VIEW_PLANS)
@require_GET
def plan_map_data(request: HttpRequest, gemeente, plan_id: int) -> JsonResponse:
    """Compact map data of a plan: {"points": [[lon, lat, year], ...]} (year 1 = the first plan year)."""
    plan = selectors.plan_get(gemeente=gemeente, plan_id=plan_id)
    points = plan_map_points(plan) if plan.has_result else []
    return JsonResponse({"points": points, "start_year": (plan.result or {}).get("start_year")})


@gemeente_page(roles.VIEW_PLANS)
@require_GET
def plan_status(request: HttpRequest, gemeente, plan_id: int) -> HttpResponse:
    plan = selectors.plan_get(gemeente=gemeente, plan_id=plan_id)
    ctx = _plan_context(request, gemeente, plan)
    ctx["refreshed"] = True  # fetched by htmx: the full plan needs a page load
    return render_page(request, "planning/_plan_status.html", ctx, gemeente=gemeente)


def _export(gemeente, plan: Plan, fmt: str) -> FileResponse:
    items = list(plan.items.values_list("asset_id", "year", "intervention", "cost"))
    tmp = Path(tempfile.mkdtemp()) / f"mjop-{plan.pk}.{fmt}"
    fn = exporting.plan_pdf if fmt == "pdf" else exporting.plan_xlsx
    fn(gemeente=gemeente, name=plan.name, summary=plan.result, items=items, path=str(tmp))
    return FileResponse(open(tmp, "rb"), as_attachment=True, filename=f"mjop-{gemeente.slug}-{plan.pk}.{fmt}")


def _export_page(request: HttpRequest, gemeente, plan_id: int, fmt: str):
    plan = selectors.plan_get(gemeente=gemeente, plan_id=plan_id)
    if not plan.has_result:
        messages.warning(request, _("Het plan is nog niet klaar."))
        return redirect("planning-plan", slug=gemeente.slug, plan_id=plan.pk)
    return _export(gemeente, plan, fmt)


@gemeente_page(roles.VIEW_PLANS)
@require_GET
def plan_excel(request: HttpRequest, gemeente, plan_id: int):
    return _export_page(request, gemeente, plan_id, "xlsx")


@gemeente_page(roles.VIEW_PLANS)
@require_GET
def plan_pdf(request: HttpRequest, gemeente, plan_id: int):
    return _export_page(request, gemeente, plan_id, "pdf")


@gemeente_page(roles.MANAGE_PLANS)
@require_POST
def plan_adopt(request: HttpRequest, gemeente, plan_id: int):
    """The first year to execution: adopts the plan."""
    plan = selectors.plan_get(gemeente=gemeente, plan_id=plan_id)
    try:
        n = services.plan_adopt(plan=plan, actor=request.user, origin="web")
    except TransitionRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Het plan is vastgesteld: %(count)s maatregelen van het eerste jaar staan klaar "
                                    "als werk ‘te doen’.") % {"count": n})
    return redirect("planning-plan", slug=gemeente.slug, plan_id=plan.pk)


@gemeente_page(roles.MANAGE_PLANS)
@require_POST
def plan_archive(request: HttpRequest, gemeente, plan_id: int):
    plan = selectors.plan_get(gemeente=gemeente, plan_id=plan_id)
    try:
        services.plan_archive(plan=plan, actor=request.user, origin="web",
                              reason=(request.POST.get("reason") or "").strip()[:500])
    except TransitionRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Het plan is gearchiveerd; het blijft te lezen en te downloaden."))
    return redirect("planning-plan", slug=gemeente.slug, plan_id=plan.pk)


@gemeente_page(roles.MANAGE_PLANS)
@require_POST
def plan_recompute(request: HttpRequest, gemeente, plan_id: int):
    plan = selectors.plan_get(gemeente=gemeente, plan_id=plan_id)
    try:
        services.plan_recompute(plan=plan, actor=request.user, origin="web")
    except TransitionRefused as exc:
        messages.error(request, exc.message)
    return redirect("planning-plan", slug=gemeente.slug, plan_id=plan.pk)


@gemeente_page(roles.MANAGE_PLANS)
@require_POST
def plan_delete(request: HttpRequest, gemeente, plan_id: int):
    plan = selectors.plan_get(gemeente=gemeente, plan_id=plan_id)
    try:
        services.plan_delete(plan=plan, actor=request.user, origin="web")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("planning-plan", slug=gemeente.slug, plan_id=plan.pk)
    messages.success(request, _("Het plan ‘%(name)s’ is verwijderd.") % {"name": plan.name})
    return redirect("planning-plans", slug=gemeente.slug)


@gemeente_page(roles.VIEW_PLANS)
@require_GET
def plan_compare(request: HttpRequest, gemeente) -> HttpResponse:
    ids, errors = [], []
    for raw in request.GET.getlist("plan")[:20]:
        if not raw.strip():
            continue
        try:
            ids.append(parse_db_id(raw, label="Plan"))
        except ValueError as exc:
            errors.append(str(exc))
    ids = ids[:4]
    if errors:
        ids = []
        errors.append(_("Kies de plannen hieronder opnieuw."))
    plans = [p for p in selectors.plan_list(gemeente=gemeente).filter(pk__in=ids, status__in=PLAN_WITH_RESULT)]
    rows = []
    for p in plans:
        r = p.result or {}
        rows.append({"plan": p, "cost": sum(r.get("cost_per_year", [])), "risk": r.get("objective"),
                     "gap": (r.get("gap") or 0) * 100,
                     "performance": ((r.get("performance_per_year_after") or [0])[-1]) * 100})
    return render_page(request, "planning/plan_compare.html", {
        "nav": "planning", "rows": rows, "all_plans": selectors.plan_list(gemeente=gemeente).filter(
            status__in=PLAN_WITH_RESULT)[:50], "selected": ids, "errors": errors},
        gemeente=gemeente, status=400 if errors else 200)


def _risk_level(score: int) -> str:
    """Colour band of a matrix cell by its position (probability x effect)."""
    return "low" if score <= 4 else "mid" if score <= 9 else "high" if score <= 15 else "top"


@gemeente_page(roles.VIEW_PLANS)
@require_http_methods(["GET", "POST"])
def risk_model(request: HttpRequest, gemeente) -> HttpResponse:
    cfg = selectors.planning_config_get(gemeente=gemeente)
    errors = []
    if request.method == "POST":
        if not _can_manage(request):
            return render_page(request, "403.html", {}, gemeente=gemeente, status=403)
        try:
            matrix = [[float(request.POST.get(f"m_{p}_{e}", "").replace(",", ".")) for e in range(1, 6)]
                      for p in range(1, 6)]
        except ValueError:
            matrix = None
            errors.append(_("Elke cel van de risicomatrix moet een getal zijn."))
        changes = {"combine": request.POST.get("combine", cfg["combine"])}
        try:
            changes["target_condition"] = int(request.POST.get("target_condition", cfg["target_condition"]))
        except ValueError:
            errors.append(_("Streefconditie: kies 1 tot en met 6."))
        if matrix is not None:
            changes["risk_matrix"] = matrix
        transitions = (request.POST.get("types_json") or "").strip()
        if transitions:
            try:
                types = json_loads_safe(transitions)
            except UnsafeJSON as exc:
                errors.append(_("Instellingen per assettype: %(error)s") % {"error": exc})
            else:
                if isinstance(types, dict) and all(isinstance(v, dict) for v in types.values()):
                    changes["types"] = types
                else:
                    errors.append(_('Instellingen per assettype: geef een object met per assettype een object, '
                                    'bijv. {"bench": {"transition": [...]}}.'))
        if not errors:
            try:
                services.planning_config_update(gemeente=gemeente, changes=changes, actor=request.user)
                messages.success(request, _("Het risicomodel is opgeslagen."))
                return redirect("planning-risk-model", slug=gemeente.slug)
            except ValidationError as exc:
                errors.extend(exc.messages)
            except (TypeError, ValueError, AttributeError):
                # The service checks the values; a wrong shape of the JSON (a text where a list
                # belongs) is the user's input too, not a server error.
                errors.append(_("Instellingen per assettype: de opbouw klopt niet. Per assettype: transition "
                                "(6 x 6 getallen), interventions (een lijst van maatregelen), unit_cost (drie "
                                "bedragen)."))
    rows = [{"p": p, "cells": [(e, cfg["risk_matrix"][p - 1][e - 1], _risk_level(p * e)) for e in range(1, 6)]}
            for p in range(5, 0, -1)]
    return render_page(request, "planning/risk_model.html", {
        "nav": "planning", "cfg": cfg, "rows": rows, "errors": errors, "can_manage": _can_manage(request),
        "types_json": json.dumps(cfg.get("types", {}), indent=1),
        "conditions": list(zip(range(1, 7), cfg["probability_of_condition"], strict=True)),
    }, gemeente=gemeente, status=400 if errors else 200)
