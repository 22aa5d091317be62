"""Crews for one order on one day: who together holds every requirement, keeps the supervision rule and
fits in the hours people have left.

A crew of k people each works hours / k. People are grouped by what they bring to this order (which of
its requirements they hold, protected, supervisor); a minimum cover is found exactly by a small dynamic
programme over those groups (at most 2^R x 3 of them for R requirements), then padded to size k.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from .problem import EPS, Order, Person, Problem


@dataclass(frozen=True)
class Requirements:
    """An order's requirements on one day as bits: skills first, then certificates."""

    order: Order
    day: date
    names: tuple[tuple[str, str], ...]  # ("skill" | "certificate", code)

    @classmethod
    def of(cls, order: Order, day: date) -> Requirements:
        names = tuple([("skill", s) for s in sorted(order.skills)]
                      + [("certificate", c) for c in sorted(order.certificates)])
        return cls(order, day, names)

    @property
    def full(self) -> int:
        return (1 << len(self.names)) - 1

    def mask(self, person: Person) -> int:
        m = 0
        for i, (kind, code) in enumerate(self.names):
            if (code in person.skills) if kind == "skill" else person.holds_certificate(code, self.day):
                m |= 1 << i
        return m


def min_cover(req: Requirements, pool: Sequence[Person], key: Callable[[Person], float]) -> list[Person] | None:
    """A smallest valid cover (all requirements, a supervisor when a protected person is in it), ties broken
    by the lowest total `key`; None when there is none in `pool`."""
    best_of_group: dict[tuple[int, bool, bool], tuple[float, Person]] = {}
    for p in pool:
        sig = (req.mask(p), p.protected, p.supervisor)
        k = key(p)
        cur = best_of_group.get(sig)
        if cur is None or k < cur[0]:
            best_of_group[sig] = (k, p)
    full = req.full
    # state (mask, has_protected, has_supervisor) -> (size, key sum, members)
    states: dict[tuple[int, bool, bool], tuple[int, float, tuple[Person, ...]]] = {(0, False, False): (0, 0.0, ())}
    for (gmask, gprot, gsup), (k, p) in best_of_group.items():
        if gmask == 0 and not gsup:
            continue  # brings nothing a cover needs
        for (m, pr, su), (n, ks, members) in list(states.items()):
            nxt = (m | gmask, pr or gprot, su or gsup)
            cand = (n + 1, ks + k, members + (p,))
            cur = states.get(nxt)
            if cur is None or cand[:2] < cur[:2]:
                states[nxt] = cand
    best = None
    for (m, pr, su), val in states.items():
        if m == full and (su or not pr) and (best is None or val[:2] < best[:2]):
            best = val
    return None if best is None else list(best[2])


def smallest_k(problem: Problem, order: Order, most_hours: float) -> int:
    """The fewest people that can share the order when nobody may take more than `most_hours`."""
    if most_hours <= EPS:
        return problem.max_crew(order) + 1
    return max(1, math.ceil(order.hours / most_hours - EPS))


def complete_crew(cover: list[Person], eligible: Sequence[Person], k: int, pad_key: Callable[[Person], float],
                  first: Sequence[Person] = (), want_protected: bool = False) -> list[Person] | None:
    """Pads a valid cover to exactly k people from `eligible`: first the people in `first` (e.g. learners),
    then protected people when `want_protected` (adding a supervisor for them), then by `pad_key`.
    Protected people only join a crew that has a supervisor. None when k people cannot be found."""
    crew = list(cover)
    names = {p.name for p in crew}
    rest = sorted((p for p in eligible if p.name not in names), key=pad_key)
    has_sup = any(p.supervisor for p in crew)

    def add(p: Person) -> None:
        crew.append(p)
        names.add(p.name)

    def wants_sup() -> bool:
        return not has_sup and len(crew) < k - 1

    first_names = [p.name for p in first]
    ordered = [p for n in first_names for p in rest if p.name == n]
    if want_protected:
        ordered += [p for p in rest if p.protected]
    ordered += rest
    for p in ordered:
        if len(crew) >= k:
            break
        if p.name in names:
            continue
        if p.protected and not has_sup:
            if not wants_sup():
                continue
            sup = next((q for q in rest if q.supervisor and q.name not in names), None)
            if sup is None:
                continue
            add(sup)
            has_sup = True
        add(p)
    return crew if len(crew) == k else None


def find_crew(problem: Problem, req: Requirements, pool: Sequence[Person], room: Callable[[Person], float],
              key: Callable[[Person], float], k_from: int = 1) -> list[Person] | None:
    """The first crew (smallest size from k_from) whose people each have `room(p)` hours left for their
    share; None when no crew of any allowed size fits. Exact: tries every size."""
    order = req.order
    for k in range(max(1, k_from), problem.max_crew(order) + 1):
        share = order.hours / k
        if share > problem.max_hours_per_day + EPS:
            continue
        eligible = [p for p in pool if room(p) >= share - EPS]
        if len(eligible) < k:
            continue
        cover = min_cover(req, eligible, key)
        if cover is None:
            # a larger k only adds people to `eligible`; keep trying
            continue
        if len(cover) > k:
            continue
        crew = complete_crew(cover, eligible, k, key)
        if crew is not None:
            return crew
    return None
