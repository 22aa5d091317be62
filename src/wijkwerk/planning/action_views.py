"""What a plan manager does with a computed plan: hand the first year over to execution (a page that
asks for confirmation first, so it works without JavaScript), archive it, compute a failed one again,
delete it. The services do the work; these pages say what happened."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wijkwerk.core.states import TransitionRefused
from wijkwerk.municipalities import roles
from wijkwerk.municipalities.pages import gemeente_page, render_page

from . import selectors, services
from .build import CODE_LABELS
from .models import PLAN_FLOW, Plan

ORDER = {"small": 0, "large": 1, "replace": 2}  # the interventions from light to heavy


def _first_year(plan: Plan) -> dict:
    """What handing over would hand over: the first plan year, its interventions (count, cost) per kind."""
    rows = list(plan.items.filter(year=1).values_list("intervention", "cost"))
    kinds: dict[str, list] = {}
    for code, cost in rows:
        entry = kinds.setdefault(code, [0, 0.0])
        entry[0] += 1
        entry[1] += cost
    return {"year": (plan.result or {}).get("start_year"), "count": len(rows), "cost": sum(c for _k, c in rows),
            "kinds": [{"label": CODE_LABELS.get(code, code), "count": n, "cost": cost}
                      for code, (n, cost) in sorted(kinds.items(), key=lambda kv: ORDER.get(kv[0], 9))]}


@gemeente_page(roles.MANAGE_PLANS)
@require_http_methods(["GET", "POST"])
def plan_adopt(request: HttpRequest, gemeente, plan_id: int) -> HttpResponse:
    """GET: what handing the first year over means, with a button that confirms it. POST: hands it over
    (adopts the plan); a second time says when, by whom and how much was handed over."""
    plan = selectors.plan_get(gemeente=gemeente, plan_id=plan_id)
    if request.method == "POST":
        try:
            n = services.plan_adopt(plan=plan, actor=request.user, origin="web")
        except TransitionRefused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Het plan is vastgesteld: %(count)s maatregelen van het eerste jaar staan "
                                        "als werkorders klaar voor de uitvoering.") % {"count": n})
        return redirect("planning-plan", slug=gemeente.slug, plan_id=plan.pk)
    return render_page(request, "planning/plan_adopt.html", {
        "nav": "planning", "plan": plan, "adoption": selectors.plan_adoption(plan=plan),
        "can_adopt": PLAN_FLOW.allows(plan.status, Plan.Status.ADOPTED), "first_year": _first_year(plan),
    }, gemeente=gemeente)


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
