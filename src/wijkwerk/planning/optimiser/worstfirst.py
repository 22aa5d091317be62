"""The 'worst first' heuristic of practice: each year, spend the budget on the worst assets first."""

from __future__ import annotations

import numpy as np

from .problem import Problem


def worst_first(p: Problem, priority: np.ndarray, treat: np.ndarray, none: np.ndarray,
                klass: np.ndarray | None = None, loop_limit: int = 5000) -> np.ndarray:
    """priority (N,): higher = worse = earlier. treat (K, C, Y): the strategy that treats an asset of
    template k and class c (e.g. its condition band) first in year y. none (K,): the do-nothing strategy.
    Never exceeds a budget."""
    n = p.n
    klass = np.zeros(n, dtype=np.int64) if klass is None else np.asarray(klass, dtype=np.int64)
    choice = none[p.kind].astype(np.int32)
    line_of = p.line_of_asset()
    y = p.years
    room = np.where(p.constrained(), p.safe_budgets, np.inf) - p.usage_exact(choice)
    room = room.ravel()
    treated = np.zeros(n, dtype=bool)
    order_all = np.argsort(-priority, kind="stable")
    t = p.cost_template
    for yy in range(y):
        rows = order_all[~treated[order_all]]
        if rows.size == 0:
            break
        s = treat[p.kind[rows], klass[rows], yy]
        if p.allowed is not None:
            ok = p.allowed[rows, s]
            rows, s = rows[ok], s[ok]
        delta = p.scale[rows, None] * (t[p.kind[rows], s] - t[p.kind[rows], choice[rows]])
        flat = np.zeros((rows.size, room.size))
        for j in range(y):
            flat[np.arange(rows.size), line_of[rows] * y + j] = delta[:, j]
        cum = np.cumsum(flat, axis=0)
        fits = (cum <= room).all(axis=1)
        stop = rows.size if fits.all() else int(np.argmin(fits))
        choice[rows[:stop]] = s[:stop]
        treated[rows[:stop]] = True
        left = room - (cum[stop - 1] if stop else 0.0)
        for j in range(stop, min(rows.size, stop + loop_limit)):
            if (flat[j] <= left).all():
                choice[rows[j]] = s[j]
                treated[rows[j]] = True
                left = left - flat[j]
            elif (left[line_of[rows[j]] * y + yy] <= 0):
                continue
        room = left
    return choice
