"""Reads of the week plan: the assignments there are now (after a computation and any moves by hand),
why each open order is not in it, and the figures; as the JSON of the command and the API, and as the
board (per team and day)."""

from __future__ import annotations

import datetime
from collections import defaultdict

from wijkwerk.core.models import AuditLogEntry

from .assignments import week_bounds
from .models import WorkAssignment
from .scheduling import Assignment, LearningAssignment, Plan, Reason
from .scheduling.objective import PREFERENCES, plan_objective
from .scheduling.problem import relative_gap
from .scheduling.reasons import explain_unplaced
from .weekplan_problem import WeekProblem, week_label
from .weekplan_text import ZERO_HOURS, reason_text

COMPUTE_ACTION = "work.weekplan.compute"


def _rows(wp: WeekProblem):
    first, last = week_bounds(wp.monday)
    return (WorkAssignment.objects.filter(order_id__in=[o.pk for o in wp.orders.values()], day__range=(first, last))
            .select_related("worker", "learning_skill", "order").order_by("day", "order__code", "worker__name"))


def current_assignments(wp: WeekProblem) -> list[Assignment]:
    """The week's assignments as the scheduler sees them (hours split equally, as every plan does)."""
    crews: dict[str, list[str]] = defaultdict(list)
    days: dict[str, datetime.date] = {}
    for a in _rows(wp):
        if a.worker_id in wp.labels:
            crews[a.order.code].append(wp.labels[a.worker_id])
            days.setdefault(a.order.code, a.day)
    hours = {o.code: o.hours for o in wp.problem.orders}
    return [Assignment(code, tuple(sorted(people)), days[code], hours[code] / len(people))
            for code, people in crews.items()]


def current_learning(wp: WeekProblem) -> list[LearningAssignment]:
    return [LearningAssignment(a.order.code, wp.labels[a.worker_id], a.learning_skill.code)
            for a in _rows(wp) if a.learning_skill_id and a.worker_id in wp.labels]


def last_computation(*, gemeente, monday: datetime.date) -> dict | None:
    entry = (AuditLogEntry.objects.filter(gemeente=gemeente, action=COMPUTE_ACTION, object_id=week_label(monday))
             .order_by("-pk").first())
    return entry.detail if entry else None


def plan_data(wp: WeekProblem, *, gemeente) -> dict:
    """`{"week", "assignments", "unassigned", "learning_assignments", "utilisation", "gap"}` of the week as it
    is now. The gap compares today's plan with the bound of the last computation (None before any)."""
    assignments = sorted(current_assignments(wp), key=lambda a: (a.day, a.order))
    reasons = explain_unplaced(wp.problem, assignments)
    unassigned = [{"order": code, "reason": reason_text(reasons[code], wp.names)}
                  for code in (o.code for o in wp.problem.orders) if code in reasons]
    unassigned += [{"order": o.code, "reason": reason_text(Reason(ZERO_HOURS), {})} for o in wp.zero_hours]
    available = sum(wp.problem.week_capacity(p) for p in wp.problem.people)
    hours = sum(a.hours_per_person * len(a.people) for a in assignments)
    last = last_computation(gemeente=gemeente, monday=wp.monday)
    gap = None
    if last and last.get("bound") is not None:
        gap = round(relative_gap(plan_objective(wp.problem, assignments, PREFERENCES), float(last["bound"])), 4)
    return _data(wp, assignments, unassigned, current_learning(wp),
                 round(hours / available, 4) if available > 0 else 0.0, gap)


def computed_data(wp: WeekProblem, plan: Plan) -> dict:
    """The same JSON for a plan just computed (its own gap)."""
    unassigned = [{"order": u.order, "reason": reason_text(u.reason, wp.names)} for u in plan.unassigned]
    unassigned += [{"order": o.code, "reason": reason_text(Reason(ZERO_HOURS), {})} for o in wp.zero_hours]
    assignments = sorted(plan.assignments, key=lambda a: (a.day, a.order))
    return _data(wp, assignments, unassigned, plan.learning_assignments, round(plan.utilisation, 4),
                 round(plan.gap, 4))


def _data(wp: WeekProblem, assignments, unassigned, learning, utilisation, gap) -> dict:
    return {
        "week": week_label(wp.monday),
        "assignments": [{"order": a.order, "people": list(a.people), "day": a.day.isoformat(),
                         "hours_per_person": round(a.hours_per_person, 2)} for a in assignments],
        "unassigned": unassigned,
        "learning_assignments": [{"order": la.order, "person": la.person, "skill": la.skill} for la in learning],
        "utilisation": utilisation,
        "gap": gap,
    }
