"""What a plan is worth: hours done, weighted by priority and deadline, a bonus for learning on the job,
a cost for every extra area a team works in on one day. With `HARD_ONLY` it is just the hours done."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from .problem import Assignment, Order, Person, Problem


@dataclass(frozen=True)
class Weights:
    preferences: bool = True
    priority: float = 1.0  # priority 1 weighs 1 + this, priority 5 weighs 1
    due: float = 1.0  # due within the week (or overdue) adds this; due the week after adds half
    late: float = 0.8  # factor on an order done after its deadline
    early: float = 0.01  # per day later in the week, for orders due soon
    area_change: float = 0.5  # per extra area a team works in on one day (hours-equivalent)
    learning: float = 0.5  # once per order with someone learning one of its skills next to a holder


PREFERENCES = Weights()
HARD_ONLY = Weights(preferences=False)


def order_value(problem: Problem, order: Order, day: date, w: Weights) -> float:
    if not w.preferences:
        return order.hours
    weight = 1.0 + w.priority * (5 - min(5, max(1, order.priority))) / 4.0
    last = problem.days[-1]
    factor = 1.0
    if order.deadline is not None:
        if order.deadline <= last:
            weight += w.due
        elif order.deadline <= last + timedelta(days=7):
            weight += w.due / 2
        if day > order.deadline:
            factor = w.late
        elif order.deadline <= last + timedelta(days=7):
            factor = 1.0 - w.early * problem.days.index(day)
    return order.hours * weight * factor


def learning_pairs(order: Order, crew: Sequence[Person]) -> list[tuple[str, str]]:
    """(person, skill) for each crew member learning one of the order's skills next to a colleague who
    holds it."""
    pairs = []
    for p in crew:
        for s in sorted(order.skills):
            if s in p.learning and s not in p.skills and any(q.name != p.name and s in q.skills for q in crew):
                pairs.append((p.name, s))
    return pairs


def learning_value(order: Order, crew: Sequence[Person], w: Weights) -> float:
    return w.learning if (w.preferences and learning_pairs(order, crew)) else 0.0


def could_learn(order: Order, day: date, people: Iterable[Person]) -> bool:
    """Someone working that day learns one of the order's skills (an upper bound on the bonus)."""
    return any(p.works_on(day) and (p.learning & order.skills) - p.skills for p in people)


def area_penalty(problem: Problem, assignments: Iterable[Assignment], w: Weights) -> float:
    if not w.preferences:
        return 0.0
    orders = {o.code: o for o in problem.orders}
    team = {p.name: p.team or p.name for p in problem.people}
    areas: dict[tuple[str, date], set[str]] = defaultdict(set)
    for a in assignments:
        area = orders[a.order].area
        if not area:
            continue
        for name in a.people:
            areas[(team[name], a.day)].add(area)
    return w.area_change * sum(len(s) - 1 for s in areas.values() if s)


def plan_objective(problem: Problem, assignments: Sequence[Assignment], w: Weights) -> float:
    orders = {o.code: o for o in problem.orders}
    people = {p.name: p for p in problem.people}
    total = 0.0
    for a in assignments:
        o = orders[a.order]
        total += order_value(problem, o, a.day, w)
        total += learning_value(o, [people[n] for n in a.people], w)
    return total - area_penalty(problem, assignments, w)
