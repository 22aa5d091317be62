"""The weekly board: per team and day who does which order and for how many hours, the orders not
placed with their reasons; the planner computes the week and moves an assignment by hand (a small
form per order: another day, other people), re-checked against the hard rules."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wijkwerk.municipalities import roles
from wijkwerk.municipalities.pages import gemeente_page, render_page

from .views import work_context
from .weekplan import weekplan_compute, weekplan_move
from .weekplan_problem import WeekProblem, week_label, week_parse, week_problem
from .weekplan_selectors import last_computation, plan_data

WEEKDAYS = ("ma", "di", "wo", "do", "vr", "za", "zo")


def _monday(week: str) -> datetime.date:
    try:
        return week_parse(week)
    except ValidationError as exc:
        raise Http404(exc.messages[0]) from None


def _shown_days(wp: WeekProblem, data: dict) -> list[datetime.date]:
    used = {a["day"] for a in data["assignments"]}
    return [d for d in wp.days if d.weekday() < 5 or d.isoformat() in used
            or any(p.works_on(d) for p in wp.problem.people)]


def board_context(wp: WeekProblem, data: dict, slug: str) -> dict:
    days = _shown_days(wp, data)
    learning = {(la["order"], la["person"]): la["skill"] for la in data["learning_assignments"]}
    cells: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    hours_of: dict[tuple[str, str], float] = defaultdict(float)
    week = week_label(wp.monday)
    for a in data["assignments"]:
        order = wp.orders[a["order"]]
        team = wp.order_team.get(a["order"]) or _("Zonder team")
        people = [{"name": n, "learning": wp.names.get(("skill", learning[(a["order"], n)]))
                   if (a["order"], n) in learning else ""} for n in a["people"]]
        for n in a["people"]:
            hours_of[(n, a["day"])] += a["hours_per_person"]
        cells[team][a["day"]].append({
            "code": a["order"], "activity": order.activity.name, "area": order.buurt.name if order.buurt_id else "",
            "hours": a["hours_per_person"], "people": people,
            "move_url": reverse("work-weekplan-move", args=[slug, week, a["order"]])})
    teams = [{"name": name, "days": [{"day": d, "items": cells[name].get(d.isoformat(), [])} for d in days]}
             for name in sorted(cells)]
    orders = wp.orders
    unplaced = []
    for u in data["unassigned"]:
        o = orders.get(u["order"]) or next((z for z in wp.zero_hours if z.code == u["order"]), None)
        unplaced.append({"code": u["order"], "reason": u["reason"], "order": o,
                         "move_url": reverse("work-weekplan-move", args=[slug, week, u["order"]])
                         if u["order"] in orders else ""})
    return {"days": days, "teams": teams, "unplaced": unplaced, "placed": len(data["assignments"]),
            "utilisation_pct": round(100 * data["utilisation"], 1),
            "gap_pct": None if data["gap"] is None else round(100 * data["gap"], 1)}


@gemeente_page(roles.VIEW_WORK)
@require_http_methods(["GET"])
def board_now(request: HttpRequest, gemeente) -> HttpResponse:
    wanted = request.GET.get("week")
    week = wanted.strip() if wanted else week_label(timezone.localdate())
    return redirect("work-weekplan", gemeente.slug, week)


@gemeente_page(roles.VIEW_WORK)
@require_http_methods(["GET"])
def board(request: HttpRequest, gemeente, week: str) -> HttpResponse:
    monday = _monday(week)
    wp = week_problem(gemeente=gemeente, monday=monday)
    data = plan_data(wp, gemeente=gemeente)
    ctx = work_context(request, gemeente, "weekplan")
    ctx.update(board_context(wp, data, gemeente.slug))
    ctx.update({"week": week_label(monday), "monday": monday, "sunday": monday + datetime.timedelta(days=6),
                "previous": week_label(monday - datetime.timedelta(days=7)),
                "next": week_label(monday + datetime.timedelta(days=7)),
                "computed": last_computation(gemeente=gemeente, monday=monday)})
    return render_page(request, "work/weekplan.html", ctx, gemeente=gemeente)


@gemeente_page(roles.PLAN_WORK)
@require_POST
def compute(request: HttpRequest, gemeente, week: str) -> HttpResponse:
    monday = _monday(week)
    try:
        result = weekplan_compute(gemeente=gemeente, monday=monday, actor=request.user, origin="web")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("De week is ingepland: %(placed)s werkorders ingepland, %(unplaced)s niet.") % {
            "placed": len(result.plan.assignments), "unplaced": len(result.plan.unassigned)})
    return redirect("work-weekplan", gemeente.slug, week_label(monday))


@gemeente_page(roles.PLAN_WORK)
@require_http_methods(["GET", "POST"])
def move(request: HttpRequest, gemeente, week: str, order_code: str) -> HttpResponse:
    monday = _monday(week)
    wp = week_problem(gemeente=gemeente, monday=monday)
    if order_code not in wp.orders:
        raise Http404(_("Deze werkorder staat niet in de planning van deze week."))
    data = plan_data(wp, gemeente=gemeente)
    current = next((a for a in data["assignments"] if a["order"] == order_code), None)
    errors: list[str] = []
    chosen_day = current["day"] if current else ""
    chosen_people = set(current["people"]) if current else set()
    status = 200
    if request.method == "POST":
        chosen_day = request.POST.get("day", "")
        chosen_people = set(request.POST.getlist("people"))
        day = next((d for d in wp.days if d.isoformat() == chosen_day), None)
        if day is None:
            errors.append(_("Kies een dag van deze week."))
        else:
            try:
                weekplan_move(gemeente=gemeente, monday=monday, order_code=order_code, day=day,
                              people=sorted(chosen_people), actor=request.user)
            except ValidationError as exc:
                errors = list(exc.messages)
            else:
                messages.success(request, _("Werkorder %(code)s is verplaatst.") % {"code": order_code})
                return redirect("work-weekplan", gemeente.slug, week_label(monday))
        status = 400
    order = wp.orders[order_code]
    ctx = work_context(request, gemeente, "weekplan")
    ctx.update({"week": week_label(monday), "order": order, "current": current, "errors": errors,
                "current_day": datetime.date.fromisoformat(current["day"]) if current else None,
                "days": [{"value": d.isoformat(), "date": d, "checked": d.isoformat() == chosen_day} for d in wp.days],
                "people": [{"name": p.name, "team": p.team, "checked": p.name in chosen_people,
                            "protected": p.protected, "supervisor": p.supervisor}
                           for p in sorted(wp.problem.people, key=lambda p: (p.team, p.name))],
                "skills": list(order.activity.skills.all()), "certificates": list(order.activity.certificates.all())})
    return render_page(request, "work/weekplan_move.html", ctx, gemeente=gemeente, status=status)
