"""Work-order pages: the list with filters, one order with its history and the status changes the
user's role allows, an order made by hand, and orders from a schouw round."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wijkwerk.core.states import TransitionRefused
from wijkwerk.inspections.quality.selectors import round_get, round_list
from wijkwerk.municipalities import roles
from wijkwerk.municipalities.pages import gemeente_page, render_page
from wijkwerk.municipalities.selectors import user_actions

from . import selectors
from .completion import order_cancel
from .forms import OrderFilterForm, OrderForm, SchouwOrdersForm, TransitionForm
from .models import OPEN_STATUSES, WorkOrder
from .permissions import can_complete, order_transitions_for, transition_action
from .services import OrderSpec, order_assets_resolve, order_create, order_transition
from .sources import orders_from_schouw

PAGE_SIZE = 100


def work_context(request, gemeente, tab: str) -> dict:
    """What every execution page shares: the tab bar and the user's actions."""
    actions = user_actions(user=request.user, gemeente=gemeente)
    return {"nav": "work", "work_tab": tab, "actions": actions,
            "can_manage": roles.MANAGE_WORK in actions, "can_plan": roles.PLAN_WORK in actions,
            "can_complete_work": roles.COMPLETE_WORK in actions, "can_check": roles.CHECK_WORK in actions}


def _filters(form: OrderFilterForm) -> selectors.OrderFilters:
    if not form.is_valid():
        return selectors.OrderFilters()
    d = form.cleaned_data
    return selectors.OrderFilters(status=d["status"], area=d["area"], activity=d["activity"], origin=d["origin"],
                                  overdue=d["overdue"], q=d["q"].strip())


@gemeente_page(roles.VIEW_WORK)
@require_http_methods(["GET"])
def order_list(request: HttpRequest, gemeente) -> HttpResponse:
    form = OrderFilterForm(request.GET or None, areas=selectors.areas_for_filter(gemeente=gemeente),
                           activities=selectors.activity_list(gemeente=gemeente))
    today = timezone.localdate()
    orders = selectors.order_list(gemeente=gemeente, filters=_filters(form), today=today)
    page = Paginator(orders, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    ctx = work_context(request, gemeente, "orders")
    ctx.update({"form": form, "page": page, "orders": page.object_list, "today": today, "open": OPEN_STATUSES,
                "query": query.urlencode(), "total": page.paginator.count})
    if ctx["can_manage"]:
        ctx["schouw_form"] = SchouwOrdersForm(rounds=round_list(gemeente=gemeente)[:50])
    return render_page(request, "work/order_list.html", ctx, gemeente=gemeente)


@gemeente_page(roles.VIEW_WORK)
@require_http_methods(["GET"])
def order_detail(request: HttpRequest, gemeente, order_code: str) -> HttpResponse:
    order = selectors.order_get(gemeente=gemeente, code=order_code)
    ctx = work_context(request, gemeente, "orders")
    ctx.update({"order": order, **selectors.order_detail(order=order),
                "transitions": order_transitions_for(order, ctx["actions"]),
                "can_complete": can_complete(order, ctx["actions"]),
                "overdue": order.deadline and order.deadline < timezone.localdate() and order.status in OPEN_STATUSES})
    return render_page(request, "work/order_detail.html", ctx, gemeente=gemeente)


@gemeente_page(roles.VIEW_WORK)
@require_POST
def order_status(request: HttpRequest, gemeente, order_code: str) -> HttpResponse:
    """A status change from the order page; the action it needs depends on the target."""
    order = selectors.order_get(gemeente=gemeente, code=order_code)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies een geldige status."))
        return redirect("work-order", slug=gemeente.slug, order_code=order.code)
    target, reason = form.cleaned_data["to"], form.cleaned_data["reason"]
    action = transition_action(order.status, target)
    if action is None or action not in user_actions(user=request.user, gemeente=gemeente):
        return render_page(request, "403.html", {}, gemeente=gemeente, status=403)
    try:
        if target == WorkOrder.Status.CANCELLED:
            order_cancel(order=order, reason=reason, actor=request.user, origin="web")
        else:
            order_transition(order=order, to=target, reason=reason, actor=request.user, origin="web")
    except TransitionRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Werkorder %(code)s is nu ‘%(status)s’.") % {
            "code": order.code, "status": order.get_status_display()})
    return redirect("work-order", slug=gemeente.slug, order_code=order.code)


def _spec_from_form(gemeente, form: OrderForm) -> OrderSpec:
    d = form.cleaned_data
    activity = selectors.activity_get(gemeente=gemeente, code=d["activity"])
    assets = order_assets_resolve(gemeente=gemeente, external_ids=d["assets"].split(";"))
    if not assets and (d["lat"] is None or d["lon"] is None):
        raise ValidationError(_("Geef een asset (bronsleutel) of een plek (breedtegraad en lengtegraad)."))
    return OrderSpec(activity=activity, quantity=d["quantity"], hours=d["hours"] or None, code=d["code"],
                     description=d["description"], assets=assets, lat=d["lat"], lon=d["lon"], deadline=d["deadline"],
                     priority=int(d["priority"]), origin=WorkOrder.Origin.HAND)


@gemeente_page(roles.MANAGE_WORK)
@require_http_methods(["GET", "POST"])
def order_new(request: HttpRequest, gemeente) -> HttpResponse:
    activities = selectors.activity_list(gemeente=gemeente, active_only=True).order_by("name")
    form = OrderForm(request.POST or None, activities=activities)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            order = order_create(gemeente=gemeente, spec=_spec_from_form(gemeente, form), actor=request.user,
                                 origin="web")
        except ValidationError as exc:
            errors.extend(exc.messages)
        else:
            messages.success(request, _("Werkorder %(code)s is aangemaakt.") % {"code": order.code})
            return redirect("work-order", slug=gemeente.slug, order_code=order.code)
    ctx = work_context(request, gemeente, "orders")
    ctx.update({"form": form, "errors": errors})
    status = 400 if request.method == "POST" else 200
    return render_page(request, "work/order_form.html", ctx, gemeente=gemeente, status=status)


@gemeente_page(roles.MANAGE_WORK)
@require_POST
def orders_from_round(request: HttpRequest, gemeente) -> HttpResponse:
    form = SchouwOrdersForm(request.POST, rounds=round_list(gemeente=gemeente)[:50])
    if not form.is_valid():
        messages.error(request, _("Kies een schouwronde."))
        return redirect("work-orders", slug=gemeente.slug)
    rnd = round_get(gemeente=gemeente, round_id=int(form.cleaned_data["round"]))
    result = orders_from_schouw(round=rnd, deadline=form.cleaned_data["deadline"], actor=request.user, origin="web")
    messages.success(request, _("Uit ‘%(round)s’: %(created)s nieuwe werkorders (%(existing)s bestonden al, "
                                "%(closed)s gesloten door een herschouw).") % {
        "round": rnd.name, "created": result["created"], "existing": result["existing"],
        "closed": len(result["closed"])})
    if result["without_activity"]:
        messages.warning(request, _("Geen activiteit in de catalogus voor: %(aspects)s.") % {
            "aspects": ", ".join(result["without_activity"])})
    return redirect(reverse("work-orders", args=[gemeente.slug]) + "?origin=schouw")
