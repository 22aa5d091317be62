"""The exact mixed-integer program, solved by HiGHS (all assets, or a subset with the rest fixed)."""

from __future__ import annotations

import time

import highspy
import numpy as np

from .highs import INF, new_highs
from .problem import Problem


def build_columns(p: Problem, rows: np.ndarray | None = None, strategies: np.ndarray | None = None):
    """Columns (asset row, strategy) of the MILP. `strategies` (n, S) bool restricts per row."""
    if rows is None:
        rows = np.arange(p.n)
    mask = np.ones((rows.size, p.s), dtype=bool) if strategies is None else strategies.copy()
    if p.allowed is not None:
        mask &= p.allowed[rows]
    r, s = np.nonzero(mask)
    return rows[r], s.astype(np.int32), r


def solve_milp(p: Problem, rows: np.ndarray | None = None, strategies: np.ndarray | None = None,
               budgets: np.ndarray | None = None, start: np.ndarray | None = None,
               time_limit: float = 60.0, rel_gap: float = 1e-6, threads: int | None = None,
               strict_time: bool = False, log_file: str | None = None) -> dict:
    """Solve min sum obj x s.t. one strategy per row, budget rows. Returns choice for `rows`,
    objective, dual bound (valid for the solved (sub)problem) and status.

    `strict_time`: HiGHS checks its time limit only between phases; its presolve (strengthening the
    budget rows) and the sub-MIPs of its RINS/RENS heuristics can run far past it (seen: 12 minutes
    on a 600 s limit). For the short polish inside a plan, switch those off.
    `log_file`: HiGHS writes its log (with the best objective and bound as it goes) there."""
    t0 = time.perf_counter()
    if rows is None:
        rows = np.arange(p.n)
    budgets = p.budgets if budgets is None else budgets
    asset, strat, local = build_columns(p, rows, strategies)
    ncol = asset.size
    nrow_a = rows.size
    con = np.isfinite(budgets)
    y = p.years
    h = new_highs()
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("mip_rel_gap", float(rel_gap))
    h.setOptionValue("mip_feasibility_tolerance", 1e-9)
    h.setOptionValue("primal_feasibility_tolerance", 1e-9)
    if log_file:
        h.setOptionValue("output_flag", True)
        h.setOptionValue("log_to_console", False)
        h.setOptionValue("log_file", str(log_file))
    if threads:
        h.setOptionValue("threads", int(threads))
    if strict_time:
        h.setOptionValue("presolve", "off")
        h.setOptionValue("mip_heuristic_run_rins", False)
        h.setOptionValue("mip_heuristic_run_rens", False)
    cost = p.objective[asset, strat].astype(np.float64)
    h.addVars(ncol, np.zeros(ncol), np.ones(ncol))
    h.changeColsCost(ncol, np.arange(ncol, dtype=np.int32), cost)
    h.changeColsIntegrality(ncol, np.arange(ncol, dtype=np.int32), _integer_array(ncol))
    # assignment rows: sum_s x = 1 (columns are grouped by local row)
    order = np.argsort(local, kind="stable")
    starts = np.searchsorted(local[order], np.arange(nrow_a)).astype(np.int32)
    h.addRows(nrow_a, np.ones(nrow_a), np.ones(nrow_a), ncol, starts, order.astype(np.int32), np.ones(ncol))
    # budget rows
    c = p.scale[asset, None] * p.cost_template[p.kind[asset], strat, :]  # (ncol, Y)
    line = p.line[p.kind[asset]]
    budget_rows = []
    for li in range(p.lines):
        for yy in range(y):
            if not con[li, yy]:
                continue
            sel = np.flatnonzero((line == li) & (c[:, yy] != 0))
            h.addRow(-INF, float(budgets[li, yy]), sel.size, sel.astype(np.int32), c[sel, yy])
            budget_rows.append((li, yy))
    if start is not None:
        sol = np.zeros(ncol)
        sol[(start[local] == strat)] = 1.0
        try:
            hs = highspy.HighsSolution()
            hs.col_value = list(sol)
            h.setSolution(hs)
        except Exception:  # noqa: BLE001 - a start is only a hint
            pass
    h.run()
    info = h.getInfo()
    status = str(h.getModelStatus())
    x = np.array(h.getSolution().col_value) if info.primal_solution_status else None
    choice = None
    if x is not None and x.size == ncol:
        choice = np.full(nrow_a, -1, dtype=np.int32)
        on = x > 0.5
        choice[local[on]] = strat[on]
        if (choice < 0).any():
            choice = None
    bound = float(info.mip_dual_bound) if np.isfinite(info.mip_dual_bound) else -np.inf
    return {"choice": choice, "objective": float(info.objective_function_value) if choice is not None else None,
            "bound": bound, "status": status, "optimal": "Optimal" in status, "seconds": time.perf_counter() - t0,
            "columns": ncol}


def _integer_array(n: int):
    return np.full(n, int(highspy.HighsVarType.kInteger), dtype=np.uint8)
