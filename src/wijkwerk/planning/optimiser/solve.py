"""Choose one strategy per asset: exact (HiGHS) for small problems, Lagrangian decomposition with a
certified lower bound, primal repair/improvement and a final HiGHS polish for large ones. When many
assets are identical (a real municipality), the LP over groups of identical assets (lpround.py) gives
a second primal start, multipliers for the bound, and a small integer program over the split groups."""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from .exact import solve_milp
from .heuristic import improve, repair
from .lagrange import Oracle, bundle_maximise, dual_scales
from .lpround import group_assets, group_polish, lp_round
from .problem import Infeasible, Plan, Problem, gettext_noop, relative_gap

EXACT_MAX_ASSETS = 0  # HiGHS alone is slow here even at 50 assets; use method="exact" to force it
LP_MAX_ASSETS = 400000  # beyond this, no search for identical assets (the group LP would be too big anyway)
LP_MAX_GROUPS = 20000  # group LP: at most this many groups (x 4 candidate strategies)
GROUP_POLISH_SECONDS = 1.0  # the integer program over the groups the LP split


def _safe_bound(value: float) -> float:
    """A hair below the computed bound, so float rounding can never lift it above the optimum."""
    return float(value - 1e-9 * abs(value) - 1e-9)


def solve(p: Problem, *, method: str = "auto", time_limit: float = 50.0, polish: bool = True,
          polish_assets: int = 400, seed: int = 0, progress: Callable[[float], None] | None = None) -> Plan:
    """Every step gets a share of `time_limit` (and only the time left): the dual (bundle method, its
    master QPs and the sample warm start), repair, improvement and the HiGHS polish. The whole solve
    ends in about `time_limit` seconds plus one oracle evaluation. `progress(fraction)` moves during
    every step."""
    t0 = time.perf_counter()
    deadline = t0 + max(0.0, float(time_limit))

    def left() -> float:
        return deadline - time.perf_counter()

    def report(f):
        if progress:
            progress(float(min(1.0, max(0.0, f))))

    def between(lo, hi):
        return (lambda f: report(lo + (hi - lo) * f)) if progress else None

    n = p.n
    con = p.constrained()
    if n == 0:
        return Plan(np.zeros(0, dtype=np.int32), 0.0, 0.0, 0.0, np.zeros(p.budgets.shape), "leeg")
    cheapest = p.min_cost_choice()
    need = p.usage_exact(cheapest)
    if (need[con] > p.safe_budgets[con]).any():
        raise Infeasible(gettext_noop("Met dit budget is geen plan mogelijk: zelfs de goedkoopste toegestane "
                                      "maatregelen passen niet."), min_budget=need)
    if not con.any():  # no coupling: every asset its own best strategy
        lb, choice, _ = Oracle(p, dtype=np.float64)(np.zeros(p.budgets.shape))
        obj = p.objective_value(choice)
        report(1.0)
        return _finish(p, choice, min(lb, obj), "per asset", t0, {})

    bn, f_scale = dual_scales(p)
    info: dict = {}
    if method == "exact" or (method == "auto" and n <= EXACT_MAX_ASSETS):
        res = solve_milp(p, start=None, time_limit=max(0.1, min(0.7 * time_limit, 20.0)), rel_gap=1e-6)
        report(0.8)
        info["highs_status"] = res["status"]
        oracle64 = Oracle(p, dtype=np.float64)
        dual = bundle_maximise(oracle64, np.zeros(int(con.sum())), bn, f_scale, tol=1e-9, max_iter=100,
                               time_limit=max(0.5, min(10.0, left())), progress=between(0.8, 0.95))
        lag, choice0, _ = oracle64(dual["lam"])
        choice = res["choice"]
        if choice is None or not p.is_feasible(choice):
            choice = improve(p, repair(p, choice if choice is not None else choice0, deadline=deadline + 5.0),
                             price=dual["lam"], deadline=deadline + 5.0)
        lb = max(lag, res["bound"]) if res["bound"] > -np.inf else lag
        if res["optimal"] and res["choice"] is not None and p.is_feasible(res["choice"]):
            lb = max(lb, res["bound"])
        report(1.0)
        return _finish(p, choice, lb, "exact (HiGHS)", t0, info)

    # 1. dual on a sample for a warm start, then on all assets (float32 oracle)
    m = int(con.sum())
    mu = np.zeros(m)
    report(0.01)
    if n > 40000:
        rng = np.random.default_rng(seed)
        idx = np.sort(rng.choice(n, size=min(n, 40000), replace=False))
        res_s = bundle_maximise(Oracle(p, index=idx, dtype=np.float64), mu, bn, f_scale, tol=1e-9,
                                max_iter=300, time_limit=0.2 * time_limit, progress=between(0.01, 0.2))
        mu = res_s["mu"]
        info["sample_iterations"] = res_s["iterations"]
    report(0.2)
    oracle = Oracle(p, dtype=np.float32 if n > 40000 else np.float64)
    budget_iter = 300 if n <= 40000 else (60 if n <= 200000 else 15)
    # groups of identical assets: when there are few, the group LP (step 2b) gets part of the dual's time
    grouped = group_assets(p, max_groups=LP_MAX_GROUPS) if n <= LP_MAX_ASSETS else None
    dual_share = 0.45 if grouped is None else 0.3
    res = bundle_maximise(oracle, mu, bn, f_scale, tol=1e-9, max_iter=budget_iter,
                          time_limit=max(0.2, dual_share * time_limit - (time.perf_counter() - t0)),
                          progress=between(0.2, 0.55))
    info["iterations"] = res["iterations"]
    lam = res["lam"]
    report(0.55)
    # 2. certificate: exact float64 evaluation at the best multipliers
    oracle64 = Oracle(p, dtype=np.float64)
    lb, choice0, _usage0, regret = oracle64(lam, want_second=True)
    report(0.65)
    # 2b. the LP over groups of identical assets (small when many assets are alike, as in a real
    #     municipality): its split of each group is the start of a second primal, and its duals are
    #     multipliers too (the bound is the exact Lagrangian value there, so it stays certified)
    lp = None
    if grouped is not None and left() > 0.2 * time_limit:
        lp = lp_round(p, time_limit=min(0.15 * time_limit, left() - 0.12 * time_limit), price=lam,
                      grouped=grouped)
    if lp is not None:
        info["lp_groups"] = lp["groups"]
        info["lp_status"] = lp["status"]
        lb_lp, choice0_lp, _u, regret_lp = oracle64(lp["lam"], want_second=True)
        if lb_lp > lb:
            lb, choice0, regret, lam = lb_lp, choice0_lp, regret_lp, lp["lam"]
    report(0.68)
    # 3. primal: repair then improve (each within the time left; a feasible plan is always returned)
    starts = [choice0] if lp is None else [lp["choice"], choice0]
    choice = None
    for k, start in enumerate(starts):
        share = (k + 1) / len(starts)
        end = deadline - 0.1 * time_limit - (1.0 - share) * 0.3 * time_limit
        repair_deadline = max(end - 0.1 * time_limit / len(starts), time.perf_counter() + 0.05 * time_limit)
        cand = repair(p, start, deadline=repair_deadline)
        cand = improve(p, cand, price=lam, rounds=8 if n <= 200000 else 2,
                       deadline=max(end, time.perf_counter() + 0.02 * time_limit))
        if choice is None or p.objective_value(cand) < p.objective_value(choice):
            choice = cand
            info["primal_start"] = "lp" if start is not choice0 else "lagrange"
        report(0.68 + 0.12 * share)
    # 3b. with groups: the integer program over the groups the LP split (and more, while small)
    if lp is not None and left() > 0.12 * time_limit:
        cand = group_polish(p, lp, choice, time_limit=min(GROUP_POLISH_SECONDS, 0.15 * time_limit,
                                                          left() - 0.1 * time_limit))
        if cand is not None and p.is_feasible(cand) and p.objective_value(cand) < p.objective_value(choice):
            choice = cand
            info["group_polish"] = True
    # 4. polish: free the assets whose choice is least certain, solve them exactly
    if polish and left() > 0.1 * time_limit:
        choice = _polish(p, choice, choice0, regret, lam, polish_assets,
                         time_limit=min(0.6 if n <= 20000 else 3.0, max(0.05, left())), info=info)
    report(1.0)
    info["seconds_limit"] = float(time_limit)
    return _finish(p, choice, lb, "lagrange", t0, info)


def _polish(p: Problem, choice, choice0, regret, lam, k, *, time_limit, info) -> np.ndarray:
    n = p.n
    changed = np.flatnonzero(choice != choice0)
    k = min(n, k)
    rank = np.argsort(regret, kind="stable")[:k]
    rows = np.unique(np.concatenate([changed[: k // 2], rank]))[: 2 * k]
    # candidate strategies: the best few by reduced cost, plus the current one
    w = np.einsum("ksy,ky->ks", p.cost_template, lam[p.line])
    red = p.objective[rows].astype(np.float64) + p.scale[rows, None] * w[p.kind[rows]]
    if p.allowed is not None:
        red = np.where(p.allowed[rows], red, np.inf)
    top = np.argsort(red, axis=1)[:, :8]
    strategies = np.zeros((rows.size, p.s), dtype=bool)
    np.put_along_axis(strategies, top, True, axis=1)
    strategies[np.arange(rows.size), choice[rows]] = True
    fixed = np.ones(n, dtype=bool)
    fixed[rows] = False
    usage_fixed = np.zeros(p.budgets.shape)
    fr = np.flatnonzero(fixed)
    cost = p.scale[fr, None] * p.cost_template[p.kind[fr], choice[fr], :]
    np.add.at(usage_fixed, p.line[p.kind[fr]], cost)
    residual = np.where(p.constrained(), p.safe_budgets - usage_fixed, np.inf)
    res = solve_milp(p, rows=rows, strategies=strategies, budgets=residual, start=choice[rows],
                     time_limit=time_limit, rel_gap=1e-6, strict_time=True)
    info["polish_assets"] = int(rows.size)
    info["polish_status"] = res["status"]
    if res["choice"] is None:
        return choice
    new = choice.copy()
    new[rows] = res["choice"]
    if p.is_feasible(new) and p.objective_value(new) < p.objective_value(choice):
        return new
    return choice


def _finish(p: Problem, choice, lb, method, t0, info) -> Plan:
    obj = p.objective_value(choice)
    lower = min(_safe_bound(lb), obj)
    return Plan(choice=choice.astype(np.int32), objective=obj, lower_bound=lower, gap=relative_gap(obj, lower),
                usage=p.usage_exact(choice), method=method, seconds=time.perf_counter() - t0, info=info)
