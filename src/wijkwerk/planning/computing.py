"""The numbers of a plan: build the optimiser's problem from the register (selector + the pure
`build.build_problem`), solve it, summarise it, and the budget scenarios (frontier). No writes."""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from wijkwerk.core.numbers import format_money

from . import build as B
from .optimiser import Infeasible, Problem, ProblemError, solve, worst_first, write_mps, write_solution
from .optimiser.generate import band_of_condition, treat_table
from .selectors import planning_config_get, planning_register_read

FRONTIER_FACTORS = [0.6, 0.8, 1.0, 1.2, 1.4]
# time limits of the page task: the main plan, then each budget scenario (all well under a minute)
PAGE_TIME_LIMIT = 12.0
FRONTIER_TIME_LIMIT = 5.0


def default_budget(built: B.Built) -> float:
    """When no budget is set: 30 % of what the least-risk plan would spend per year."""
    p = built.problem
    best = np.argmin(np.where(p.allowed, built.risk_objective, np.inf), axis=1)
    spend = float(p.usage_exact(best).sum())
    return round(0.3 * spend / max(1, built.years), 2)


def plan_compute(*, gemeente, years: int = 10, budgets: list[float] | None = None, objective: str = "risk",
                 time_limit: float = 50.0, progress: Callable[[float], None] | None = None,
                 start_year: int | None = None, line_budgets: dict | None = None) -> tuple[B.Built, object, dict]:
    """Build and solve. Returns (built arrays, optimiser plan, summary JSON).
    `budgets`: a total per year; or `line_budgets`: {line code: amount per year (or a list per year)}."""
    if objective not in ("risk", "cost"):
        raise ValidationError(gettext("Doel moet 'risk' (minste risico) of 'cost' (laagste kosten) zijn."))
    if not 1 <= int(years) <= 50:
        raise ValidationError(gettext("De horizon moet 1 tot en met 50 jaar zijn."))
    t0 = time.perf_counter()
    cfg = planning_config_get(gemeente=gemeente)
    register = planning_register_read(gemeente=gemeente)
    if budgets is None and not line_budgets and objective == "risk":
        probe = B.build_problem(register, cfg=cfg, years=years, budgets=None, objective=objective,
                                start_year=start_year)
        current = cfg.get("current_budget") or default_budget(probe)
        budgets = [float(current)] * years
    built = B.build_problem(register, cfg=cfg, years=years, budgets=budgets, objective=objective,
                            start_year=start_year, line_budgets=line_budgets)
    plan, summary = plan_solve(built=built, time_limit=time_limit, progress=progress)
    summary["seconds"] = round(time.perf_counter() - t0, 3)
    return built, plan, summary


def plan_solve(*, built: B.Built, factor: float = 1.0, time_limit: float = 50.0,
               progress: Callable[[float], None] | None = None):
    """Solve a built problem, optionally with every budget multiplied by `factor` (budget scenarios
    reuse the arrays). Returns (optimiser plan, summary JSON)."""
    t0 = time.perf_counter()
    p = built.problem
    if factor != 1.0:
        p = Problem(objective=p.objective, cost_template=p.cost_template, kind=p.kind, scale=p.scale,
                    budgets=p.budgets * factor, line=p.line, allowed=p.allowed, names=p.names)
    try:
        plan = solve(p, time_limit=time_limit, progress=progress)
    except Infeasible as exc:
        extra = ""
        if exc.min_budget is not None:
            need = exc.min_budget.sum(axis=0)
            per_year = "; ".join(gettext("jaar %(year)s: %(amount)s") % {"year": i + 1, "amount": format_money(v)}
                                 for i, v in enumerate(need))
            extra = " " + gettext("Het goedkoopste haalbare budget per jaar is: %(budgets)s.") % {"budgets": per_year}
        raise ValidationError(B.optimiser_message(exc) + extra) from None
    except ProblemError as exc:
        raise ValidationError(B.optimiser_message(exc)) from None
    summary = plan_summary(built, plan, problem=p)
    summary["seconds"] = round(time.perf_counter() - t0, 3)
    return plan, summary


def plan_summary(built: B.Built, plan, problem=None) -> dict:
    p = built.problem if problem is None else problem
    nothing = np.zeros(p.n, dtype=np.int32)
    return {
        "objective": plan.objective,
        "lower_bound": plan.lower_bound,
        "gap": plan.gap,
        "cost_per_year": [round(float(v), 2) for v in plan.usage.sum(axis=0)],
        "risk_per_year_before": [float(v) for v in built.risk_per_year(nothing)],
        "risk_per_year_after": [float(v) for v in built.risk_per_year(plan.choice)],
        "performance_per_year_after": [round(float(v), 4) for v in built.performance_per_year(plan.choice)],
        "performance_per_year_before": [round(float(v), 4) for v in built.performance_per_year(nothing)],
        "budget_per_year": [None if not np.isfinite(v) else float(v) for v in np.nansum(
            np.where(np.isfinite(p.budgets), p.budgets, np.nan), axis=0)] if np.isfinite(p.budgets).any() else None,
        "budget_per_line": ({name: [float(v) for v in p.budgets[i]] for i, name in enumerate(built.lines)}
                            if built.line_budgeted else None),
        "cost_per_line": built.cost_per_line(plan.choice),
        "assets": int(p.n),
        "method": plan.method,
        "start_year": built.start_year,
        "degradation": {k: {"source": v["source"], "transitions": v["transitions"]}
                        for k, v in built.degradation_used.items()},
    }


def plan_worst_first(built: B.Built) -> np.ndarray:
    p = built.problem
    treat = treat_table(built.sched, p.cost_template.shape[0])
    none = np.zeros(p.cost_template.shape[0], dtype=np.int32)
    priority = built.condition * 10.0 + (built.risk_objective[:, 0] / max(1e-9, built.risk_objective[:, 0].max()))
    return worst_first(p, priority, treat, none, band_of_condition(built.condition))


def plan_export_mps(*, built: B.Built, plan, path: str) -> int:
    n = write_mps(built.problem, path)
    write_solution(built.problem, plan.choice, path + ".sol")
    return n


def plan_items(built: B.Built, choice: np.ndarray) -> list[tuple[int, int, str, float]]:
    """(asset_id, year 1.., intervention code, cost) for every intervention of the plan."""
    p = built.problem
    sched = built.sched[choice]  # (N, Y)
    i, y = np.nonzero(sched)
    cost = p.scale[i] * p.cost_template[p.kind[i], choice[i], y]
    return [(int(built.asset_ids[a]), int(b) + 1, B.CODE_NAMES[int(sched[a, b])], float(c))
            for a, b, c in zip(i, y, cost, strict=True)]


def plan_frontier(*, built: B.Built, summary: dict, factors: list[float], time_limit: float,
                  progress_between: Callable[[float, float], Callable[[float], None]] | None = None,
                  lo: float = 0.5, hi: float = 0.97) -> list[dict]:
    """The budget scenarios: the plan re-solved with every budget times each factor (1.0 is the plan
    itself, `summary`). A scenario whose budget is below the cheapest feasible one is recorded as not
    feasible; no scenarios without a budget or without other factors. `progress_between(lo, hi)` gives
    each solve its share (within lo..hi) of the progress bar."""
    base = summary["budget_per_year"][0] if summary.get("budget_per_year") else None
    others = [f for f in factors if f != 1.0]
    if base is None or not others:
        return []
    step = (hi - lo) / max(1, len(others))
    frontier, done = [], 0
    for f in factors:
        if f == 1.0:
            row = summary
        else:
            start = lo + done * step
            try:
                _scenario, row = plan_solve(built=built, factor=f, time_limit=time_limit,
                                    progress=progress_between(start, start + step) if progress_between else None)
            except ValidationError:  # a scenario budget below the cheapest feasible one: not feasible
                row = None
            done += 1
        if row is None:
            frontier.append({"factor": f, "budget_per_year": base * f, "cost": None, "risk": None,
                             "gap": None, "performance": None, "feasible": False})
            continue
        frontier.append({"factor": f, "budget_per_year": base * f, "cost": sum(row["cost_per_year"]),
                         "risk": row["objective"], "gap": row["gap"],
                         "performance": row["performance_per_year_after"][-1], "feasible": True})
    ok = [r for r in frontier if r["feasible"]]
    for a, b in zip(ok, ok[1:], strict=False):
        extra = b["cost"] - a["cost"]
        b["risk_reduction_per_1000"] = (a["risk"] - b["risk"]) / extra * 1000 if extra > 0 else None
    return frontier
