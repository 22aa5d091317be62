"""An upper bound on the objective of every plan that keeps the hard rules (not only the plans the
candidate crews can make), so the reported gap is true.

Relaxation: each order on at most one day on which some crew could do it at all; the hours of any set
of days within what all people together have on those days; for each requirement and day, every order
that needs it takes at least hours / (largest crew) from the people who hold it. Area costs are left
out (they are never negative) and the learning bonus is counted wherever a learner works that day.
The bound is HiGHS's dual bound of this MILP (valid also when it stops at its time limit).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date

from .highs import Model
from .objective import Weights, order_value
from .problem import Problem


def plan_bound(problem: Problem, feasible_days: Mapping[str, Sequence[date]], weights: Weights, *,
               time_limit: float = 3.0) -> float:
    m = Model()
    y: dict[tuple[str, date], int] = {}
    orders = {o.code: o for o in problem.orders}
    for code, days in feasible_days.items():
        o = orders[code]
        for d in days:
            y[(code, d)] = m.var(order_value(problem, o, d, weights))
    if not y:
        return 0.0
    if weights.preferences and weights.learning > 0:
        _learning_terms(m, problem, y, orders, weights.learning)
    for code, days in feasible_days.items():
        if len(days) > 1:
            m.row([y[(code, d)] for d in days], [1.0] * len(days), hi=1.0)
    _capacity_rows(m, problem, y, orders)
    _requirement_rows(m, problem, y, orders)
    # every order at its best value (and a learner on each): a bound however short the time is
    trivial = sum(max(order_value(problem, orders[c], d, weights) for d in days) for c, days in feasible_days.items()
                  if days) + (weights.learning * len(feasible_days) if weights.preferences else 0.0)
    t0 = time.perf_counter()
    lp = m.solve(time_limit=time_limit, relax=True)
    rest = time_limit - (time.perf_counter() - t0)
    if rest < 0.3:
        return min(trivial, lp.bound)
    res = m.solve(time_limit=rest, rel_gap=1e-4)
    return min(trivial, lp.bound, res.bound)


def _capacity_rows(m: Model, problem: Problem, y: dict, orders: dict) -> None:
    """The hours of each day within what people can give that day, each person within their week (person
    by day variables, which is the same as a row for every set of days); split in hours of people in
    protected work (q) and of the others, where q on an order needs a supervisor there for at least
    q / (largest crew - 1)."""
    has_protected = any(p.protected for p in problem.people)
    q: dict[tuple[str, date], tuple[int, float]] = {}
    if has_protected:
        for (code, d), j in y.items():
            o = orders[code]
            k = problem.max_crew(o)
            if k >= 2:
                qj = m.var(0.0, upper=o.hours, integer=False)
                m.row([qj, j], [1.0, -o.hours * (k - 1) / k], hi=0.0)
                q[(code, d)] = (qj, 1.0 / (k - 1))
    groups = {"free": [p for p in problem.people if not p.protected],
              "protected": [p for p in problem.people if p.protected],
              "supervisor": [p for p in problem.people if p.supervisor]}
    if not has_protected:
        groups = {"free": list(problem.people)}
    given: dict[tuple[str, date], list[int]] = {}
    for g, people in groups.items():
        for p in people:
            js = []
            for d in problem.days:
                c = problem.day_capacity(p, d)
                if c > 0:
                    j = m.var(0.0, upper=c, integer=False)
                    js.append(j)
                    given.setdefault((g, d), []).append(j)
            if js and sum(problem.day_capacity(p, d) for d in problem.days) > p.hours_per_week:
                m.row(js, [1.0] * len(js), hi=p.hours_per_week)
    for d in problem.days:
        items = [(j, orders[code].hours) for (code, dd), j in y.items() if dd == d]
        qs = [v for (code, dd), v in q.items() if dd == d]
        free = given.get(("free", d), [])
        # hours of the others (all hours minus q) <= what they give
        m.row([j for j, _ in items] + [j for j, _ in qs] + free,
              [v for _, v in items] + [-1.0] * len(qs) + [-1.0] * len(free), hi=0.0)
        if has_protected:
            prot = given.get(("protected", d), [])
            sup = given.get(("supervisor", d), [])
            m.row([j for j, _ in qs] + prot, [1.0] * len(qs) + [-1.0] * len(prot), hi=0.0)
            m.row([j for j, _ in qs] + sup, [v for _, v in qs] + [-1.0] * len(sup), hi=0.0)


def _requirement_rows(m: Model, problem: Problem, y: dict, orders: dict) -> None:
    needs: dict[tuple[str, str], list[tuple[str, date, int]]] = defaultdict(list)
    for (code, d), j in y.items():
        o = orders[code]
        for s in o.skills:
            needs[("skill", s)].append((code, d, j))
        for c in o.certificates:
            needs[("certificate", c)].append((code, d, j))

    def holds(p, kind, code, d):
        return code in p.skills if kind == "skill" else p.holds_certificate(code, d)

    for (kind, code), items in needs.items():
        week_room = 0.0
        for p in problem.people:
            week_room += min(problem.week_capacity(p),
                             sum(problem.day_capacity(p, d) for d in problem.days if holds(p, kind, code, d)))
        per_day: dict[date, list[tuple[int, float]]] = defaultdict(list)
        for o_code, d, j in items:
            o = orders[o_code]
            per_day[d].append((j, o.hours / problem.max_crew(o)))
        all_items = [it for v in per_day.values() for it in v]
        if sum(v for _, v in all_items) > week_room + 1e-9:
            m.row([j for j, _ in all_items], [v for _, v in all_items], hi=week_room)
        for d, its in per_day.items():
            room = sum(problem.day_capacity(p, d) for p in problem.people if holds(p, kind, code, d))
            if sum(v for _, v in its) > room + 1e-9:
                m.row([j for j, _ in its], [v for _, v in its], hi=room)


def _learning_terms(m: Model, problem: Problem, y: dict, orders: dict, bonus: float) -> None:
    """The learning bonus b[o, d, s] (skill s learnt on order o on day d) at most once per order, and
    for each skill and day the learners of it give at least hours / (largest crew) to each such order."""
    learners: dict[tuple[str, date], float] = defaultdict(float)
    for p in problem.people:
        for s in p.learning - p.skills:
            for d in problem.days:
                learners[(s, d)] += problem.day_capacity(p, d)
    per_skill_day: dict[tuple[str, date], list[tuple[int, float]]] = defaultdict(list)
    for (code, d), j in y.items():
        o = orders[code]
        if problem.max_crew(o) < 2:
            continue  # a crew of one has no one to learn from
        bs = []
        for s in sorted(o.skills):
            if learners[(s, d)] > 0:
                b = m.var(bonus, integer=False)
                bs.append(b)
                per_skill_day[(s, d)].append((b, o.hours / problem.max_crew(o)))
        if bs:
            m.row(bs + [j], [1.0] * len(bs) + [-1.0], hi=0.0)
    for (s, d), items in per_skill_day.items():
        m.row([j for j, _ in items], [v for _, v in items], hi=learners[(s, d)])
