"""Planning pages: plans (scenarios) and a new one, a plan with its progress, figures and map,
comparison. Handing over, archiving and deleting are in action_views.py, the files (Excel, PDF) in
export_views.py, the risk model in risk_views.py."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Min
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from wijkwerk.core.api import parse_db_id
from wijkwerk.municipalities import roles
from wijkwerk.municipalities.pages import gemeente_page, render_page

from . import exporting, figures, selectors, services
from .charts import frontier_svg
from .defaults import BUDGET_LINE_LABELS, budget_line_order
from .export_views import files_context
from .forms import PlanForm
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
    lines = [(c, BUDGET_LINE_LABELS.get(c, c))
             for c in budget_line_order(selectors.planning_config_get(gemeente=gemeente))]
    form = PlanForm(request.POST if request.method == "POST" else None, lines=lines)
    errors = []
    if request.method == "POST":
        if not _can_manage(request):
            return render_page(request, "403.html", {}, gemeente=gemeente, status=403)
        if form.is_valid():
            data = form.cleaned_data
            try:
                plan = services.plan_create(
                    gemeente=gemeente, name=data["name"], years=data["years"] or 10,
                    budget=float(data["budget"]) if data["budget"] is not None else None,
                    objective=data["objective"] or "risk", line_budgets=form.line_budgets() or None,
                    actor=request.user, origin="web")
                return redirect("planning-plan", slug=gemeente.slug, plan_id=plan.pk)
            except ValidationError as exc:
                errors.extend(exc.messages)
        else:
            errors.extend(form.messages())
    return render_page(request, "planning/plan_list.html", {
        "nav": "planning", "plans": selectors.plan_list(gemeente=gemeente)[:100], "errors": errors,
        "can_manage": _can_manage(request), "form": form,
    }, gemeente=gemeente, status=400 if errors else 200)


def _plan_context(request, gemeente, plan: Plan) -> dict:
    result = plan.result or {}
    can_manage = _can_manage(request)
    return {"nav": "planning", "plan": plan, "result": result, "busy": plan.busy,
            "years": figures.year_rows(result), "percent": int(round(plan.progress * 100)), "can_manage": can_manage,
            "can_adopt": can_manage and PLAN_FLOW.allows(plan.status, Plan.Status.ADOPTED),
            "can_archive": can_manage and PLAN_FLOW.allows(plan.status, Plan.Status.ARCHIVED),
            "can_recompute": can_manage and PLAN_FLOW.allows(plan.status, Plan.Status.DRAFT),
            "can_delete": can_manage and plan.status in PLAN_DELETABLE,
            "status_url": reverse("planning-plan-status", args=[gemeente.slug, plan.pk]),
            "objective_label": figures.OBJECTIVE_LABELS.get((plan.params or {}).get("objective", "risk"), ""),
            "explanations": figures.explanations()}


@gemeente_page(roles.VIEW_PLANS)
@require_GET
def plan_detail(request: HttpRequest, gemeente, plan_id: int) -> HttpResponse:
    plan = selectors.plan_get(gemeente=gemeente, plan_id=plan_id)
    ctx = _plan_context(request, gemeente, plan)
    ctx["adoption"] = selectors.plan_adoption(plan=plan)
    if plan.has_result:
        result = plan.result or {}
        items = list(plan.items.values_list("asset_id", "year", "intervention", "cost"))
        agg = exporting.aggregate(gemeente, items)
        ctx["agg"] = agg["by"]
        ctx["years"] = figures.year_rows(result, agg["counts"])
        ctx["totals"] = figures.totals(result)
        ctx["facts"] = figures.result_facts(result, objective=(plan.params or {}).get("objective", "risk"))
        ctx["lines"] = figures.line_rows(result)
        ctx["chart"] = mark_safe(frontier_svg(result.get("frontier") or []))
        ctx["work_count"] = plan.adopted_count or 0
        n_years = len(ctx["years"]) or int(plan.params.get("years", 10))
        colours = year_colours(n_years)
        start = result.get("start_year", 0)
        ctx["map_legend"] = [(start + i, colours[i]) for i in range(n_years)]
        ctx["map_config"] = {
            "tileUrl": settings.WIJKWERK_TILE_URL, "tileAttribution": settings.WIJKWERK_TILE_ATTRIBUTION,
            "dataUrl": reverse("planning-plan-map-data", args=[gemeente.slug, plan.pk]),
            "colours": colours, "startYear": start,
        }
        ctx.update(files_context(gemeente, plan))
    return render_page(request, "planning/plan_detail.html", ctx, gemeente=gemeente)


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
        rows.append({"plan": p, "objective": figures.OBJECTIVE_LABELS.get((p.params or {}).get("objective", "risk")),
                     "totals": figures.totals(r), "risk": r.get("objective"), "gap": r.get("gap") or 0,
                     "performance": (r.get("performance_per_year_after") or [0])[-1]})
    return render_page(request, "planning/plan_compare.html", {
        "nav": "planning", "rows": rows, "all_plans": selectors.plan_list(gemeente=gemeente).filter(
            status__in=PLAN_WITH_RESULT)[:50], "selected": ids, "errors": errors,
        "explanations": figures.explanations()},
        gemeente=gemeente, status=400 if errors else 200)
