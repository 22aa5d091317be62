"""The week plan's writes: compute a week (the scheduler, then `assignments_replace`, which moves the
orders to gepland through WORK_ORDER_FLOW) and move one assignment by hand on the board (re-checked
against the hard rules by the scheduler's independent checker; refused with the reason when it breaks
one). Both write an audit record; the computation's gap and bound are kept in it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wijkwerk.core.audit import audit_log

from .assignments import AssignmentSpec, assignments_replace
from .scheduling import Assignment, Plan, PlanError, ProblemError, check_assignments, plan_week
from .scheduling.objective import learning_pairs
from .weekplan_problem import WeekProblem, week_label, week_problem
from .weekplan_selectors import COMPUTE_ACTION, current_assignments
from .weekplan_text import violation_text

MOVE_ACTION = "work.weekplan.move"


@dataclass
class ComputeResult:
    week: WeekProblem
    plan: Plan


def _specs(wp: WeekProblem, order_code: str, people: tuple[str, ...], day: datetime.date,
           hours: float) -> list[AssignmentSpec]:
    order = wp.orders[order_code]
    persons = {p.name: p for p in wp.problem.people}
    porder = next(o for o in wp.problem.orders if o.code == order_code)
    learning = dict(learning_pairs(porder, [persons[n] for n in people]))
    specs = []
    for name in people:
        skill = wp.skills.get(learning[name]) if name in learning else None
        specs.append(AssignmentSpec(order_id=order.pk, worker_id=wp.workers[name].pk, day=day, hours=round(hours, 2),
                                    learning_skill_id=skill.pk if skill else None))
    return specs


def weekplan_compute(*, gemeente, monday: datetime.date, actor=None, origin: str = "system",
                     time_limit: float = 20.0) -> ComputeResult:
    """Plans the week's open orders for the municipality's workers and writes the assignments (all or
    nothing). Orders planned before in this week but left out now go back to nieuw."""
    wp = week_problem(gemeente=gemeente, monday=monday)
    try:
        plan = plan_week(wp.problem, time_limit=time_limit)
    except (PlanError, ProblemError) as exc:  # a plan that breaks a rule is never written
        raise ValidationError(_("De weekplanning kon niet worden gemaakt (%(error)s); er is niets opgeslagen.")
                              % {"error": str(exc)[:200]}) from None
    specs = [s for a in plan.assignments for s in _specs(wp, a.order, a.people, a.day, a.hours_per_person)]
    with transaction.atomic():
        result = assignments_replace(gemeente=gemeente, week=wp.monday, assignments=specs, orders=wp.scope_ids,
                                     actor=actor, origin=origin, reason=_("Weekplanning %(week)s") % {
                                         "week": week_label(wp.monday)})
        audit_log(action=COMPUTE_ACTION, actor=actor, gemeente=gemeente, object_type="work.weekplan",
                  object_id=week_label(wp.monday), origin=origin,
                  detail={"week": week_label(wp.monday), "gap": plan.gap, "bound": plan.bound,
                          "objective": plan.objective, "utilisation": plan.utilisation,
                          "placed": len(plan.assignments), "unplaced": len(plan.unassigned),
                          "planned": len(result.planned), "unplanned": len(result.unplanned),
                          "seconds": round(plan.stats.get("seconds", 0.0), 2)})
    return ComputeResult(week=wp, plan=plan)


def weekplan_move(*, gemeente, monday: datetime.date, order_code: str, day: datetime.date, people: list[str],
                  actor=None, origin: str = "web") -> Assignment:
    """Puts the order on `day` with `people` (worker labels as the board shows them), after checking the
    whole week with that change against the hard rules; raises ValidationError with every broken rule
    (in Dutch) and changes nothing then."""
    wp = week_problem(gemeente=gemeente, monday=monday)
    if order_code not in wp.orders:
        raise ValidationError(_("Werkorder %(code)s staat niet in de planning van deze week (of kan niet meer "
                                "worden ingepland).") % {"code": order_code})
    order = next(o for o in wp.problem.orders if o.code == order_code)
    people = list(dict.fromkeys(people))
    unknown = [n for n in people if n not in wp.workers]
    if unknown:
        raise ValidationError(_("Onbekende medewerker(s): %(names)s.") % {"names": ", ".join(unknown)})
    if not people:
        raise ValidationError(_("Kies minstens één medewerker."))
    moved = Assignment(order_code, tuple(people), day, order.hours / len(people))
    others = [a for a in current_assignments(wp) if a.order != order_code]
    touched = set(people)
    broken = [v for v in check_assignments(wp.problem, others + [moved])
              if v.order == order_code or (v.person in touched and not v.order)]
    if broken:
        raise ValidationError([violation_text(v, wp.names) for v in broken])
    with transaction.atomic():
        assignments_replace(gemeente=gemeente, week=wp.monday, orders=[wp.orders[order_code].pk],
                            assignments=_specs(wp, order_code, moved.people, day, moved.hours_per_person),
                            actor=actor, origin=origin, reason=_("Met de hand verplaatst op het weekbord"))
        audit_log(action=MOVE_ACTION, actor=actor, gemeente=gemeente, object_type="work.workorder",
                  object_id=order_code, origin=origin,
                  detail={"week": week_label(wp.monday), "day": day.isoformat(), "people": list(moved.people)})
    return moved
