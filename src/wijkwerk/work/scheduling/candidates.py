"""Candidate crews per order and day (the columns of the crew-choosing MILP), and the hours people have."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from .crews import Requirements, complete_crew, min_cover, smallest_k
from .objective import Weights, learning_value, order_value
from .problem import EPS, Order, Person, Problem


class Capacity:
    """Hours left per person and day and per person in the week."""

    def __init__(self, problem: Problem):
        self.problem = problem
        self.day = {(p.name, d): problem.day_capacity(p, d) for p in problem.people for d in problem.days}
        self.week = {p.name: problem.week_capacity(p) for p in problem.people}

    def room(self, person: Person, day: date) -> float:
        return min(self.day[(person.name, day)], self.week[person.name])

    def book(self, crew: Sequence[Person], day: date, share: float) -> None:
        for p in crew:
            self.day[(p.name, day)] -= share
            self.week[p.name] -= share


def scarcity(problem: Problem) -> dict[str, float]:
    """How rare what a person brings is: people with rare skills are kept for the orders that need them."""
    holders: Counter[str] = Counter()
    for p in problem.people:
        holders.update("s:" + s for s in p.skills)
        holders.update("c:" + c for c in p.certificates)
    sups = sum(1 for p in problem.people if p.supervisor) or 1
    out = {}
    for p in problem.people:
        v = sum(1.0 / holders["s:" + s] for s in p.skills) + sum(1.0 / holders["c:" + c] for c in p.certificates)
        out[p.name] = v + (1.0 / sups if p.supervisor else 0.0)
    return out


@dataclass(frozen=True)
class Candidate:
    order: Order
    day: date
    crew: tuple[Person, ...]
    value: float

    @property
    def share(self) -> float:
        return self.order.hours / len(self.crew)


class CandidateMaker:
    def __init__(self, problem: Problem, capacity: Capacity, weights: Weights):
        self.problem = problem
        self.capacity = capacity
        self.weights = weights
        self.scarce = scarcity(problem)
        self.usage: dict[tuple[str, date], int] = defaultdict(int)

    def key(self, day: date):
        return lambda p: self.scarce[p.name] + 0.02 * self.usage[(p.name, day)]

    def for_order(self, order: Order, day: date, pool: Sequence[Person], variants: bool = True) -> list[Candidate]:
        problem, cap = self.problem, self.capacity
        avail = [(p, cap.room(p, day)) for p in pool if p.works_on(day)]
        avail = [(p, r) for p, r in avail if r > EPS]
        if not avail:
            return []
        req = Requirements.of(order, day)
        key = self.key(day)
        most = max(r for _, r in avail)
        crews: list[tuple[Person, ...]] = []
        seen: set[frozenset[str]] = set()

        def keep(crew: list[Person] | None) -> None:
            if crew:
                names = frozenset(p.name for p in crew)
                if names not in seen:
                    seen.add(names)
                    crews.append(tuple(crew))

        k0 = None
        max_k = problem.max_crew(order)
        for k in range(smallest_k(problem, order, min(most, problem.max_hours_per_day)), max_k + 1):
            eligible = [p for p, r in avail if r >= order.hours / k - EPS]
            if len(eligible) < k:
                continue
            cover = min_cover(req, eligible, key)
            if cover is None or len(cover) > k:
                continue
            crew = complete_crew(cover, eligible, k, key)
            if crew is not None:
                keep(crew)
                k0 = k
                break
        if k0 is None:
            return []
        if variants:
            self._variants(order, req, avail, k0, key, keep)
        for crew in crews:
            for p in crew:
                self.usage[(p.name, day)] += 1
        w = self.weights
        base = order_value(problem, order, day, w)
        return [Candidate(order, day, c, base + learning_value(order, c, w)) for c in crews]

    def _variants(self, order, req, avail, k0, key, keep) -> None:
        problem = self.problem
        max_k = problem.max_crew(order)
        learners = [p for p, _ in avail if (p.learning & order.skills) - p.skills] if self.weights.preferences else []
        protected = sum(1 for p, _ in avail if p.protected)
        for k in (k0, k0 + 1):
            if k > max_k:
                break
            eligible = [p for p, r in avail if r >= order.hours / k - EPS]
            cover = min_cover(req, eligible, key)
            if cover is None or len(cover) > k:
                continue
            keep(complete_crew(cover, eligible, k, key))
            used = {p.name for p in cover}
            alt = min_cover(req, eligible, lambda p, used=used: key(p) + (10.0 if p.name in used else 0.0))
            if alt is not None and len(alt) <= k:
                keep(complete_crew(alt, eligible, k, key))
            if learners:
                keep(complete_crew(cover, eligible, k, key, first=learners))
        if protected and any(p.supervisor for p, _ in avail):
            for k in range(k0 + 1, min(max_k, k0 + 1 + protected) + 1):
                eligible = [p for p, r in avail if r >= order.hours / k - EPS]
                cover = min_cover(req, eligible, key)
                if cover is not None and len(cover) <= k:
                    keep(complete_crew(cover, eligible, k, key, want_protected=True))
