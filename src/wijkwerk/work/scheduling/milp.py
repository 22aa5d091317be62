"""The crew-choosing MILP: at most one candidate per order, within everyone's hours per day and week;
with preferences, a cost per extra area a team works in on one day."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

import numpy as np

from .candidates import Candidate, Capacity
from .highs import Model, Result
from .objective import Weights


def choose(candidates: Sequence[Candidate], capacity: Capacity, weights: Weights, *, time_limit: float,
           rel_gap: float = 2e-3, start: Sequence[Candidate] = ()) -> tuple[list[Candidate], Result]:
    m = Model()
    cols = [m.var(c.value) for c in candidates]
    by_order: dict[str, list[int]] = defaultdict(list)
    by_person_day: dict[tuple[str, date], list[tuple[int, float]]] = defaultdict(list)
    by_person: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for j, c in zip(cols, candidates, strict=True):
        by_order[c.order.code].append(j)
        for p in c.crew:
            by_person_day[(p.name, c.day)].append((j, c.share))
            by_person[p.name].append((j, c.share))
    for js in by_order.values():
        if len(js) > 1:
            m.row(js, [1.0] * len(js), hi=1.0)
    for (name, day), items in by_person_day.items():
        room = capacity.day[(name, day)]
        if sum(v for _, v in items) > room + 1e-9:
            m.row([j for j, _ in items], [v for _, v in items], hi=room)
    for name, items in by_person.items():
        room = capacity.week[name]
        if sum(v for _, v in items) > room + 1e-9:
            m.row([j for j, _ in items], [v for _, v in items], hi=room)
    if weights.preferences and weights.area_change > 0:
        _area_terms(m, cols, candidates, weights.area_change)
    start_x = None
    if start:
        chosen = {(c.order.code, c.day, tuple(p.name for p in c.crew)) for c in start}
        start_x = np.zeros(m.num_col)
        for j, c in zip(cols, candidates, strict=True):
            if (c.order.code, c.day, tuple(p.name for p in c.crew)) in chosen:
                start_x[j] = 1.0
    res = m.solve(time_limit=time_limit, rel_gap=rel_gap, start=start_x)
    if res.x is None:
        return [], res
    return [c for j, c in zip(cols, candidates, strict=True) if res.x[j] > 0.5], res


def _area_terms(m: Model, cols: list[int], candidates: Sequence[Candidate], cost: float) -> None:
    """u[team, day, area] >= x for each candidate with a member of the team; the first area of a team
    on a day is free (w[team, day] <= sum of u, w <= 1, both priced +-cost)."""
    u: dict[tuple[str, date, str], int] = {}
    for j, c in zip(cols, candidates, strict=True):
        if not c.order.area:
            continue
        for team in {p.team or p.name for p in c.crew}:
            key = (team, c.day, c.order.area)
            if key not in u:
                u[key] = m.var(-cost)
            m.row([j, u[key]], [1.0, -1.0], hi=0.0)
    by_team_day: dict[tuple[str, date], list[int]] = defaultdict(list)
    for (team, day, _area), j in u.items():
        by_team_day[(team, day)].append(j)
    for js in by_team_day.values():
        w = m.var(cost)
        m.row([w] + js, [1.0] + [-1.0] * len(js), hi=0.0)
