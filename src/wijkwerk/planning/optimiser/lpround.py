"""A primal plan from the LP relaxation over groups of identical assets.

Many assets are identical (same template, quantity, objective row and allowed strategies: e.g. the
lamp posts of one type, start condition and risk class). The Lagrangian price solution puts a whole
group on one strategy and overshoots some years; the LP optimum instead splits a group over the two
or three strategies tied at the optimal prices. With groups (and counts) that LP is small:
    min sum_g,s obj[g, s] x[g, s]
    s.t. sum_s x[g, s] = count[g]                (every asset of a group gets a strategy)
         sum_g,s cost[g, s, l, y] x[g, s] <= B[l, y]   (budgets; with a tiny safety margin)
         0 <= x[g, s] <= count[g]
A basic optimum has at most one fractional group per budget row. Rounding: per group the floor of
every x[g, s], the remaining assets of the group to its cheapest strategy in the LP's support; the
caller then repairs (rarely needed) and improves greedily. The LP's budget duals are multipliers
too: the caller evaluates the Lagrangian there (exactly) for a certified lower bound.
"""

from __future__ import annotations

import time

import highspy
import numpy as np

from .highs import INF, new_highs
from .problem import Problem, _chunks

LP_ITERATION_LIMIT = 200000


def group_assets(p: Problem, *, max_groups: int) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """(group of each asset (N,), representative asset per group (G,), count per group (G,)),
    or None when there are more than `max_groups` groups. Identical = same kind, scale, objective
    row and allowed row (checked exactly after hashing)."""
    n, s = p.objective.shape
    if n == 0:
        return None
    rng = np.random.default_rng(12345)
    w = rng.uniform(0.5, 1.5, s)
    wa = rng.uniform(0.5, 1.5, s)
    h = np.empty(n)
    for a, b in _chunks(n):
        v = p.objective[a:b].astype(np.float64) @ w * 1.000003 + p.kind[a:b] * 7.3890561 + p.scale[a:b] * 2.7182818
        if p.allowed is not None:
            v += p.allowed[a:b].astype(np.float64) @ wa
        h[a:b] = v
    if np.unique(h).size > max_groups:  # cheap early exit (1-D unique) for instances of distinct assets
        return None
    key = np.stack([h, p.kind.astype(np.float64), p.scale], axis=1)
    _, rep, inv = np.unique(key, axis=0, return_index=True, return_inverse=True)
    inv = inv.ravel()
    if rep.size > max_groups:
        return None
    # exact check against the representative: a hash collision makes the asset its own group
    same = (p.objective == p.objective[rep[inv]]).all(axis=1) & (p.kind == p.kind[rep[inv]])
    same &= p.scale == p.scale[rep[inv]]
    if p.allowed is not None:
        same &= (p.allowed == p.allowed[rep[inv]]).all(axis=1)
    bad = np.flatnonzero(~same)
    if bad.size:
        if rep.size + bad.size > max_groups:
            return None
        inv = inv.copy()
        inv[bad] = rep.size + np.arange(bad.size)
        rep = np.concatenate([rep, bad])
    count = np.bincount(inv, minlength=rep.size)
    return inv.astype(np.int64), rep.astype(np.int64), count


def lp_round(p: Problem, *, time_limit: float, price: np.ndarray | None = None, candidates: int = 4,
             max_groups: int = 20000, grouped: tuple | None = None, full_columns: int = 60000) -> dict | None:
    """Solve the group LP (HiGHS, under a time and iteration limit) and round it. With `price`
    (multipliers (L, Y), e.g. from the bundle method) the LP keeps per group only the `candidates`
    strategies of least reduced cost at that price (when the LP has more than `full_columns` columns):
    near the optimal prices the LP's support lies among them, and the LP stays small.
    Returns {"choice", "lam" (L, Y) duals >= 0, "lp_value", "groups", "status"} or None when the
    problem has too many groups or HiGHS gives no usable solution in time. `grouped`: the result of
    group_assets, when the caller has it already."""
    t0 = time.perf_counter()
    s = p.s
    if grouped is None:
        grouped = group_assets(p, max_groups=max_groups)
    if grouped is None:
        return None
    group, rep, count = grouped
    g = rep.size
    mask = np.ones((g, s), dtype=bool) if p.allowed is None else p.allowed[rep].copy()
    if price is not None and candidates < s and mask.sum() > full_columns:
        w = np.einsum("ksy,ky->ks", p.cost_template, price[p.line])
        red = p.objective[rep].astype(np.float64) + p.scale[rep, None] * w[p.kind[rep]]
        red = np.where(mask, red, np.inf)
        top = np.argpartition(red, candidates, axis=1)[:, :candidates]
        keep = np.zeros_like(mask)
        np.put_along_axis(keep, top, True, axis=1)
        # the cheapest allowed strategy stays, so the restricted LP is feasible whenever the problem is
        cheap = np.argmin(np.where(mask, (p.scale[rep, None] * p.cost_template[p.kind[rep]].sum(axis=2)), np.inf), axis=1)
        keep[np.arange(g), cheap] = True
        mask &= keep
    gi, si = np.nonzero(mask)
    ncol = gi.size
    con = p.constrained()
    y = p.years
    h = new_highs()
    h.setOptionValue("time_limit", float(max(0.05, time_limit - (time.perf_counter() - t0))))
    h.setOptionValue("simplex_iteration_limit", LP_ITERATION_LIMIT)
    h.setOptionValue("ipm_iteration_limit", 2000)
    h.setOptionValue("primal_feasibility_tolerance", 1e-9)
    cnt = count.astype(np.float64)
    h.addVars(ncol, np.zeros(ncol), cnt[gi])
    h.changeColsCost(ncol, np.arange(ncol, dtype=np.int32), p.objective[rep[gi], si].astype(np.float64))
    starts = np.searchsorted(gi, np.arange(g)).astype(np.int32)  # gi is sorted (np.nonzero, row-major)
    h.addRows(g, cnt, cnt, ncol, starts, np.arange(ncol, dtype=np.int32), np.ones(ncol))
    c = p.scale[rep[gi], None] * p.cost_template[p.kind[rep[gi]], si, :]  # (ncol, Y)
    line = p.line[p.kind[rep[gi]]]
    safe = p.safe_budgets
    rows = []
    for li in range(p.lines):
        for yy in range(y):
            if not con[li, yy]:
                continue
            sel = np.flatnonzero((line == li) & (c[:, yy] != 0))
            h.addRow(-INF, float(safe[li, yy]), sel.size, sel.astype(np.int32), c[sel, yy])
            rows.append((li, yy))
    h.run()
    status = str(h.getModelStatus())
    sol = h.getSolution()
    x = np.asarray(sol.col_value, dtype=np.float64)
    if x.size != ncol or not np.isfinite(x).all():
        return None
    lam = np.zeros(p.budgets.shape)
    duals = np.asarray(sol.row_dual, dtype=np.float64)
    if duals.size == g + len(rows) and np.isfinite(duals).all():
        for k, (li, yy) in enumerate(rows):
            lam[li, yy] = max(0.0, -duals[g + k])
    # rounding: floors per (group, strategy), the rest of a group to its cheapest support strategy
    x = np.clip(x, 0.0, cnt[gi])
    fl = np.floor(x + 1e-7)
    support = x > 1e-7
    total_cost = c.sum(axis=1)
    # per group: the support strategy with the least total cost
    order = np.lexsort((total_cost, ~support, gi))  # by group, support first, cheapest first
    first = order[np.searchsorted(gi[order], np.arange(g))]
    assigned = np.bincount(gi, weights=fl, minlength=g)
    over = assigned > cnt  # cannot happen beyond rounding noise; then trim from the cheapest's share
    if over.any():
        return None
    rest = cnt - assigned
    fl[first] += rest
    # hand out the strategies to the members of each group
    members = np.argsort(group, kind="stable")
    choice = np.empty(p.n, dtype=np.int32)
    nums = fl.astype(np.int64)
    # strategy per position within the group: repeat each column's strategy by its number
    strat_seq = np.repeat(si, nums)
    if strat_seq.size != p.n:
        return None
    # columns are ordered by group, so strat_seq is grouped in the same order as `members`
    choice[members] = strat_seq
    return {"choice": choice, "lam": lam, "lp_value": float(h.getInfo().objective_function_value),
            "groups": int(g), "status": status, "seconds": time.perf_counter() - t0,
            "grouped": grouped, "gi": gi, "si": si, "x": x}


def group_polish(p: Problem, lp: dict, choice: np.ndarray, *, time_limit: float,
                 max_columns: int = 3000) -> np.ndarray | None:
    """The integer program over groups: how many assets of a group get each strategy (integers).
    Free: the groups the LP split (at most one per budget row), then more groups (those with the
    most candidate strategies in the LP) up to `max_columns` columns; the other groups keep their
    strategies in `choice`. Started from `choice` (feasible), so HiGHS only returns better plans.
    Returns the new choice, or None (no improvement, or no time)."""
    group, rep, count = lp["grouped"]
    gi, si, x = lp["gi"], lp["si"], lp["x"]
    g = rep.size
    frac = np.abs(x - np.round(x)) > 1e-6
    split = np.zeros(g, dtype=bool)
    split[gi[frac]] = True
    ncand = np.bincount(gi, minlength=g)
    order = np.lexsort((-ncand, ~split))  # split groups first, then groups with many candidates
    # current strategies of every group's members, as (group, strategy) pairs
    cur = np.unique(group * p.s + choice)
    cur_g, cur_s = cur // p.s, (cur % p.s).astype(np.int32)
    cols_per_group = ncand + np.bincount(cur_g, minlength=g)
    take = order[np.cumsum(cols_per_group[order]) <= max_columns]
    if take.size == 0:
        return None
    free = np.zeros(g, dtype=bool)
    free[take] = True
    allowed = np.ones((g, p.s), dtype=bool) if p.allowed is None else p.allowed[rep]
    if allowed[free].sum() <= max_columns:  # small: every allowed strategy of the free groups
        ag, as_ = np.nonzero(allowed & free[:, None])
        lp_pairs = ag * p.s + as_
    else:
        lp_pairs = gi[free[gi]] * p.s + si[free[gi]]
    pairs = np.unique(np.concatenate([lp_pairs, cur[free[cur_g]]]))
    cg, cs = pairs // p.s, (pairs % p.s).astype(np.int32)
    del cur_s
    ncol = pairs.size
    fixed = ~free[group]
    usage_fixed = np.zeros(p.budgets.shape)
    fr = np.flatnonzero(fixed)
    np.add.at(usage_fixed, p.line[p.kind[fr]], p.scale[fr, None] * p.cost_template[p.kind[fr], choice[fr], :])
    con = p.constrained()
    residual = p.safe_budgets - usage_fixed
    cnt = count.astype(np.float64)
    h = new_highs()
    h.setOptionValue("time_limit", float(max(0.01, time_limit)))
    h.setOptionValue("mip_rel_gap", 1e-7)
    h.setOptionValue("mip_feasibility_tolerance", 1e-9)
    h.setOptionValue("primal_feasibility_tolerance", 1e-9)
    h.setOptionValue("presolve", "off")  # see exact.solve_milp(strict_time=True)
    h.setOptionValue("mip_heuristic_run_rins", False)
    h.setOptionValue("mip_heuristic_run_rens", False)
    h.addVars(ncol, np.zeros(ncol), cnt[cg])
    h.changeColsCost(ncol, np.arange(ncol, dtype=np.int32), p.objective[rep[cg], cs].astype(np.float64))
    h.changeColsIntegrality(ncol, np.arange(ncol, dtype=np.int32), np.ones(ncol, dtype=np.uint8))
    fg = np.flatnonzero(free)
    starts = np.searchsorted(cg, fg).astype(np.int32)
    h.addRows(fg.size, cnt[fg], cnt[fg], ncol, starts, np.arange(ncol, dtype=np.int32), np.ones(ncol))
    c = p.scale[rep[cg], None] * p.cost_template[p.kind[rep[cg]], cs, :]
    line = p.line[p.kind[rep[cg]]]
    for li in range(p.lines):
        for yy in range(p.years):
            if not con[li, yy]:
                continue
            sel = np.flatnonzero((line == li) & (c[:, yy] != 0))
            h.addRow(-INF, float(residual[li, yy]), sel.size, sel.astype(np.int32), c[sel, yy])
    members_free = np.flatnonzero(~fixed)
    start = np.bincount(np.searchsorted(pairs, group[members_free] * p.s + choice[members_free]),
                        minlength=ncol).astype(np.float64)
    try:
        hs = highspy.HighsSolution()
        hs.col_value = list(start)
        h.setSolution(hs)
    except Exception:  # noqa: BLE001 - a start is only a hint
        pass
    h.run()
    if not h.getInfo().primal_solution_status:
        return None
    y = np.asarray(h.getSolution().col_value, dtype=np.float64)
    if y.size != ncol:
        return None
    num = np.round(y).astype(np.int64)
    if (np.bincount(cg, weights=num, minlength=g)[fg] != count[fg]).any():
        return None
    new = choice.copy()
    idx = members_free[np.argsort(group[members_free], kind="stable")]
    new[idx] = np.repeat(cs, num)
    return new
