"""After the MILPs: the exact insertion of every order still out, and a polish in which people with hours
left (often people in protected work, who can only work next to a supervisor) join crews already planned
on their day; everyone on that crew then works less, and the hours freed let more orders in. Every step
keeps every hard rule; with preferences, both avoid sending a team to a second area on a day."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date

from .candidates import Candidate, Capacity
from .crews import Requirements, find_crew
from .objective import Weights, learning_value, order_value
from .problem import EPS, Order, Person, Problem

ABSORB_MOST = 3


class AreaBook:
    """Which areas each team works in on each day (for the area preference)."""

    def __init__(self, chosen: Sequence[Candidate]):
        self.areas: dict[tuple[str, date], set[str]] = defaultdict(set)
        for c in chosen:
            self.add(c.crew, c.day, c.order.area)

    def add(self, crew: Sequence[Person], day: date, area: str) -> None:
        if area:
            for p in crew:
                self.areas[(p.team or p.name, day)].add(area)

    def fits(self, person: Person, day: date, area: str) -> bool:
        """Working there adds no area to the person's team that day."""
        worked = self.areas[(person.team or person.name, day)]
        return not area or not worked or area in worked


def insert_order(problem: Problem, order: Order, days: Sequence[date], cap: Capacity, team: list[Person],
                 key: Callable, weights: Weights, areas: AreaBook) -> Candidate | None:
    """A crew for the order in the hours left: first from people whose team stays in one area that day
    (with preferences), its own team before others; in the end from everyone, so when this returns
    None no crew of any kind fits on any of the days (exact)."""
    days = sorted(days, key=lambda d: -order_value(problem, order, d, weights))
    team_names = {p.name for p in team}
    pools: list[Callable[[Person, date], bool]] = []
    if weights.preferences and order.area:
        pools.append(lambda p, d: p.name in team_names and areas.fits(p, d, order.area))
        pools.append(lambda p, d: areas.fits(p, d, order.area))
    if team:
        pools.append(lambda p, d: p.name in team_names)
    pools.append(lambda p, d: True)
    for take in pools:
        for d in days:
            pool = [p for p in problem.people if p.works_on(d) and cap.room(p, d) > EPS and take(p, d)]
            crew = find_crew(problem, Requirements.of(order, d), pool, lambda p, d=d: cap.room(p, d), key(d))
            if crew is not None:
                value = order_value(problem, order, d, weights) + learning_value(order, crew, weights)
                return Candidate(order, d, tuple(crew), value)
    return None


def insert_all(orders: Sequence[Order], feasible: dict, cap: Capacity, done: set[str], insert: Callable,
               areas: AreaBook) -> list[Candidate]:
    """The exact insertion for every order still out (in the given order); books what it places."""
    placed = []
    for o in orders:
        if o.code in done:
            continue
        c = insert(o, feasible[o.code])
        if c is not None:
            cap.book(c.crew, c.day, c.share)
            areas.add(c.crew, c.day, c.order.area)
            placed.append(c)
            done.add(o.code)
    return placed


def absorb(problem: Problem, chosen: list[Candidate], cap: Capacity, weights: Weights,
           areas: AreaBook, most: int = ABSORB_MOST) -> list[Candidate]:
    """Adds idle people to planned crews (most hours first; at most `most` more people on a crew than it
    had before); returns the new list of candidates."""
    out = []
    for c in sorted(chosen, key=lambda c: -c.order.hours):
        crew = list(c.crew)
        grown = False
        while len(crew) < min(problem.max_crew(c.order), len(c.crew) + most):
            share = c.order.hours / (len(crew) + 1)
            extra = _best_extra(problem.people, crew, c, share, cap, weights, areas)
            if extra is None:
                break
            # everyone's share drops from hours/k to hours/(k+1); the newcomer takes hours/(k+1)
            old = c.order.hours / len(crew)
            for p in crew:
                cap.day[(p.name, c.day)] += old - share
                cap.week[p.name] += old - share
            cap.day[(extra.name, c.day)] -= share
            cap.week[extra.name] -= share
            crew.append(extra)
            areas.add([extra], c.day, c.order.area)
            grown = True
        if grown:
            value = order_value(problem, c.order, c.day, weights) + learning_value(c.order, crew, weights)
            out.append(Candidate(c.order, c.day, tuple(crew), value))
        else:
            out.append(c)
    return out


def _best_extra(people: Sequence[Person], crew: list[Person], c: Candidate, share: float, cap: Capacity,
                weights: Weights, areas: AreaBook) -> Person | None:
    """An idle person for the crew: a learner of one of its skills first, then someone in protected work
    (only next to a supervisor), then anyone; with preferences only people whose team stays in one area."""
    has_sup = any(p.supervisor for p in crew)
    names = {p.name for p in crew}
    best, best_key = None, None
    for p in people:
        if p.name in names or not p.works_on(c.day) or (p.protected and not has_sup):
            continue
        if cap.room(p, c.day) < share - EPS:
            continue
        if weights.preferences and not areas.fits(p, c.day, c.order.area):
            continue
        key = (0 if (p.learning & c.order.skills) - p.skills else 1, 0 if p.protected else 1, -cap.room(p, c.day))
        if best_key is None or key < best_key:
            best, best_key = p, key
    return best
