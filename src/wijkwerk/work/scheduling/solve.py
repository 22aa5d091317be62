"""Plan a week: decomposition into per-team crew-choosing MILPs, a second MILP over what is left with
everyone's remaining hours, an exact greedy insertion of every order still out, and a bound on all
possible plans for the gap. Every plan is checked by `check.check_plan` before it is returned."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from .bound import plan_bound
from .candidates import Candidate, CandidateMaker, Capacity
from .check import check_plan
from .improve import AreaBook, absorb, insert_all, insert_order
from .milp import choose
from .objective import PREFERENCES, Weights, learning_pairs, order_value, plan_objective
from .problem import (
    EPS,
    Assignment,
    LearningAssignment,
    Order,
    Person,
    Plan,
    Problem,
    Unplaced,
    relative_gap,
)
from .reasons import capacity_reason, diagnose, feasible_days, gross_room


class PlanError(RuntimeError):
    """The solver produced a plan that breaks a hard rule (a bug: never returned to a user)."""


def plan_week(problem: Problem, *, weights: Weights = PREFERENCES, time_limit: float = 20.0) -> Plan:
    """The week's plan within about `time_limit` seconds (the solver stages share it; the last exact
    insertion always finishes, so that every "capacity" reason holds). `weights`: PREFERENCES, or HARD_ONLY
    for the most hours. Raises PlanError if the plan would break a hard rule (never expected)."""
    t0 = time.perf_counter()
    stats: dict = {}
    cap = Capacity(problem)
    maker = CandidateMaker(problem, cap, weights)
    cache: dict = {}
    feasible = {o.code: feasible_days(problem, o, maker.key(problem.days[0]), cache) for o in problem.orders}
    stats["seconds_feasibility"] = time.perf_counter() - t0
    open_orders = [o for o in problem.orders if feasible[o.code]]
    teams = _team_of_orders(problem, open_orders)
    members: dict[str, list[Person]] = defaultdict(list)
    for p in problem.people:
        members[p.team or p.name].append(p)

    def left() -> float:
        return time_limit - (time.perf_counter() - t0)

    # bound first, with a small share of the time: the rest goes to the plan
    t = time.perf_counter()
    bound = plan_bound(problem, {c: d for c, d in feasible.items() if d}, weights,
                       time_limit=max(0.5, 0.12 * time_limit))
    stats["seconds_bound"] = time.perf_counter() - t

    chosen: list[Candidate] = []
    # stage 1: each team its own orders, with its own people
    t = time.perf_counter()
    per_team = []
    for team, orders in teams.items():
        cands = [c for o in orders for d in feasible[o.code]
                 for c in maker.for_order(o, d, members.get(team, []))]
        per_team.append((team, cands))
    stats["seconds_candidates"] = time.perf_counter() - t
    total = sum(len(c) for _, c in per_team)
    stats["columns"] = total
    stats["team_gaps"] = {}
    # 60 % of what is left, shared by column count; time a team does not need goes to the teams after it
    deadline = time.perf_counter() + max(1.0, 0.6 * left())
    remaining = total
    for team, cands in per_team:
        if not cands:
            continue
        share = (deadline - time.perf_counter()) * len(cands) / max(1, remaining)
        remaining -= len(cands)
        picked, res = choose(cands, cap, weights, time_limit=max(0.2, share))
        stats["team_gaps"][team] = relative_gap(res.objective, res.bound) if res.x is not None else None
        for c in picked:
            cap.book(c.crew, c.day, c.share)
        chosen += picked
    # stage 2: what is left, with everyone's remaining hours
    done = {c.order.code for c in chosen}
    rest = [o for o in open_orders if o.code not in done]
    if rest and left() > 0.5:
        pool = [p for p in problem.people if cap.week[p.name] > EPS]
        cands = [c for o in rest for d in feasible[o.code] for c in maker.for_order(o, d, pool)]
        if cands:
            picked, _ = choose(cands, cap, weights, time_limit=max(0.2, 0.7 * left()))
            for c in picked:
                cap.book(c.crew, c.day, c.share)
            chosen += picked
            done |= {c.order.code for c in picked}
    # stage 3: exact insertion, best value first; afterwards no left-out order fits anywhere
    team_of = {o.code: t for t, os in teams.items() for o in os}
    rest = sorted((o for o in open_orders if o.code not in done),
                  key=lambda o: -max(order_value(problem, o, d, weights) for d in feasible[o.code]))

    areas = AreaBook(chosen)

    def insert(o: Order, days: list[date]) -> Candidate | None:
        return insert_order(problem, o, days, cap, members.get(team_of[o.code], []), maker.key, weights, areas)

    chosen += insert_all(rest, feasible, cap, done, insert, areas)
    # polish: idle people join planned crews, which frees the others' hours for orders still out
    for _round in range(3):
        if len(done) == len(open_orders) or left() < 0.2:
            break
        chosen = absorb(problem, chosen, cap, weights, areas)
        added = insert_all(rest, feasible, cap, done, insert, areas)
        chosen += added
        stats.setdefault("polish_added", []).append(len(added))
        if not added:
            break
    plan = _plan(problem, chosen, feasible, cap, weights, bound, stats)
    stats["seconds"] = time.perf_counter() - t0
    violations = check_plan(problem, plan)
    if violations:
        raise PlanError("; ".join(str(v) for v in violations[:5]))
    return plan


def _team_of_orders(problem: Problem, orders: Sequence[Order]) -> dict[str, list[Order]]:
    """Each order to its own team; an order without one to the team with the most hours left per hour of
    work, among those with someone holding each of its skills."""
    hours: dict[str, float] = defaultdict(float)
    for p in problem.people:
        hours[p.team or p.name] += problem.week_capacity(p)
    skills: dict[str, set[str]] = defaultdict(set)
    for p in problem.people:
        skills[p.team or p.name] |= p.skills
    load: dict[str, float] = defaultdict(float)
    out: dict[str, list[Order]] = defaultdict(list)
    for o in sorted(orders, key=lambda o: o.team is None):
        team = o.team if o.team in hours else None
        if team is None:
            able = [t for t in hours if o.skills <= skills[t]] or list(hours)
            team = min(able, key=lambda t: (load[t] + o.hours) / (hours[t] or 1.0))
        load[team] += o.hours
        out[team].append(o)
    return out


def _plan(problem: Problem, chosen: list[Candidate], feasible: dict, cap: Capacity,
          weights: Weights, bound: float, stats: dict) -> Plan:
    by_code = {c.order.code: c for c in chosen}
    assignments, learning, unassigned = [], [], []
    gross_cache: dict = {}
    for o in problem.orders:
        c = by_code.get(o.code)
        if c is not None:
            assignments.append(Assignment(o.code, tuple(p.name for p in c.crew), c.day, c.share))
            learning += [LearningAssignment(o.code, n, s) for n, s in learning_pairs(o, c.crew)]
        elif feasible[o.code]:
            unassigned.append(Unplaced(o.code, capacity_reason(problem, o, feasible[o.code],
                                                               lambda p, d: max(0.0, cap.room(p, d)))))
        else:
            gross = feasible_days(problem, o, lambda p: 0.0, gross_cache, room=gross_room)
            reason = capacity_reason(problem, o, gross, lambda p, d: max(0.0, cap.room(p, d))) if gross else \
                diagnose(problem, o)
            unassigned.append(Unplaced(o.code, reason))
    hours_assigned = sum(c.order.hours for c in chosen)
    available = sum(problem.week_capacity(p) for p in problem.people)
    objective = plan_objective(problem, assignments, weights)
    stats["orders_placed"] = len(assignments)
    stats["orders_placeable"] = sum(1 for d in feasible.values() if d)
    return Plan(assignments=assignments, unassigned=unassigned, learning_assignments=learning,
                utilisation=hours_assigned / available if available > EPS else 0.0,
                gap=relative_gap(objective, bound), objective=objective, bound=bound,
                hours_assigned=hours_assigned, hours_total=sum(o.hours for o in problem.orders), stats=stats)
