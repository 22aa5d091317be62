"""Planning services: the model configuration, computing plans (CLI and task), exports, hand-over."""

from __future__ import annotations

import copy
import time
from collections.abc import Callable

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction

from wijkwerk.core.audit import audit_log

from . import build as B
from .defaults import BUDGET_LINE_LABELS, budget_line_order, default_config
from .models import Plan, PlanItem, PlannedWork, PlanningModel
from .optimiser import Infeasible, Problem, ProblemError, solve, worst_first, write_mps, write_solution
from .optimiser import strategies as st
from .optimiser.generate import band_of_condition, treat_table

FRONTIER_FACTORS = [0.6, 0.8, 1.0, 1.2, 1.4]


# -- configuration -----------------------------------------------------------------------------------------
def planning_config_get(*, gemeente) -> dict:
    cfg = default_config()
    pm = PlanningModel.objects.filter(gemeente=gemeente).first()
    if pm:
        cfg.update(pm.config or {})
    return cfg


def planning_config_validate(cfg: dict) -> None:
    m = np.asarray(cfg.get("risk_matrix"), dtype=float) if cfg.get("risk_matrix") is not None else None
    if m is None or m.shape != (5, 5) or not np.isfinite(m).all() or (m < 0).any():
        raise ValidationError("De risicomatrix moet 5 x 5 niet-negatieve getallen bevatten.")
    if cfg.get("combine") not in ("worst", "weighted"):
        raise ValidationError("Combineren van aspecten: kies 'worst' (zwaarste aspect) of 'weighted' (gewogen).")
    t = cfg.get("target_condition")
    if not isinstance(t, int) or not 1 <= t <= 6:
        raise ValidationError("De streefconditie moet een geheel getal van 1 tot en met 6 zijn.")
    for code, tcfg in (cfg.get("types") or {}).items():
        if tcfg.get("transition") is not None:
            try:
                st.check_transition(tcfg["transition"], code)
            except ProblemError as exc:
                raise ValidationError(str(exc)) from None
        for iv in tcfg.get("interventions", []) or []:
            if float(iv.get("steps", 0)) < 0:
                raise ValidationError(f"De maatregel '{iv.get('label', '?')}' van {code} maakt de conditie slechter; dat kan niet.")
        uc = tcfg.get("unit_cost")
        if uc is not None and (len(uc) != 3 or any(float(v) < 0 for v in uc)):
            raise ValidationError(f"Eenheidsprijzen van {code}: drie niet-negatieve bedragen nodig.")


@transaction.atomic
def planning_config_update(*, gemeente, changes: dict, actor=None, origin: str = "web") -> dict:
    cfg = planning_config_get(gemeente=gemeente)
    new = copy.deepcopy(cfg)
    new.update(changes)
    planning_config_validate(new)
    pm, _ = PlanningModel.objects.get_or_create(gemeente=gemeente)
    pm.config = new
    pm.version += 1
    pm.save()
    audit_log(action="planning.config.update", actor=actor, gemeente=gemeente, obj=pm, origin=origin,
              detail={"keys": sorted(changes)})
    return new


# -- computing ---------------------------------------------------------------------------------------------
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
        raise ValidationError("Doel moet 'risk' (minste risico) of 'cost' (laagste kosten) zijn.")
    if not 1 <= int(years) <= 50:
        raise ValidationError("De horizon moet 1 tot en met 50 jaar zijn.")
    t0 = time.perf_counter()
    cfg = planning_config_get(gemeente=gemeente)
    if budgets is None and not line_budgets and objective == "risk":
        probe = B.build(gemeente=gemeente, cfg=cfg, years=years, budgets=None, objective=objective,
                        start_year=start_year)
        current = cfg.get("current_budget") or default_budget(probe)
        budgets = [float(current)] * years
    built = B.build(gemeente=gemeente, cfg=cfg, years=years, budgets=budgets, objective=objective,
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
            extra = (" Het goedkoopste haalbare budget per jaar is: "
                     + ", ".join(f"jaar {i + 1}: {_eur(v)}" for i, v in enumerate(need)) + ".")
        raise ValidationError(str(exc) + extra) from None
    except ProblemError as exc:
        raise ValidationError(str(exc)) from None
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


def _eur(v: float) -> str:
    return "€ " + f"{v:,.0f}".replace(",", ".")


# -- saved plans (scenarios) -------------------------------------------------------------------------------
def plan_create(*, gemeente, name: str, years: int = 10, budget: float | None = None,
                objective: str = "risk", frontier: bool = True, line_budgets: dict | None = None, actor=None,
                origin: str = "web") -> Plan:
    """A named plan (scenario); it is computed by the task queue (plan_run). `budget`: total per year;
    or `line_budgets`: {line code: EUR per year} (green, paving, furniture, lighting)."""
    from wijkwerk.core.tasks import enqueue

    name = (name or "").strip()
    if not name:
        raise ValidationError("Geef het plan een naam.")
    if budget is not None and (not np.isfinite(budget) or budget < 0):
        raise ValidationError("Het budget moet een getal van 0 of meer zijn.")
    if objective not in ("risk", "cost"):
        raise ValidationError("Doel moet 'risk' (minste risico) of 'cost' (laagste kosten) zijn.")
    if not 1 <= int(years) <= 50:
        raise ValidationError("De horizon moet 1 tot en met 50 jaar zijn.")
    line_budgets = {k: float(v) for k, v in (line_budgets or {}).items()} or None
    if line_budgets:
        if budget is not None:
            raise ValidationError("Geef een totaalbudget per jaar of budgetten per budgetlijn, niet allebei.")
        lines = budget_line_order(planning_config_get(gemeente=gemeente))
        for k, v in line_budgets.items():
            if k not in lines:
                raise ValidationError(f"Onbekende budgetlijn '{k}'.")
            if not np.isfinite(v) or v < 0:
                raise ValidationError(f"Het budget van budgetlijn {BUDGET_LINE_LABELS.get(k, k)} moet 0 of meer zijn.")
    plan = Plan.objects.create(gemeente=gemeente, name=name[:200], created_by=actor,
                               params={"years": int(years), "budget": budget, "objective": objective,
                                       "frontier": bool(frontier), "line_budgets": line_budgets})
    audit_log(action="planning.plan.create", actor=actor, gemeente=gemeente, obj=plan, origin=origin,
              detail=plan.params)
    transaction.on_commit(lambda: enqueue("wijkwerk.planning.services.plan_run", plan_id=plan.pk))
    return plan


# time limits of the page task: the main plan, then each budget scenario (all well under a minute)
PAGE_TIME_LIMIT = 12.0
FRONTIER_TIME_LIMIT = 5.0


def _progress_writer(plan_pk: int, lo: float, hi: float) -> Callable[[float], None]:
    """Progress of one solve (0..1) mapped to lo..hi of the task, written at most every 0.3 s."""
    last = {"t": 0.0, "v": -1.0}

    def write(f: float) -> None:
        v = min(0.99, lo + (hi - lo) * max(0.0, min(1.0, f)))
        now = time.monotonic()
        if v > last["v"] + 1e-3 and (now - last["t"] > 0.3 or f >= 1.0):
            last["t"], last["v"] = now, v
            Plan.objects.filter(pk=plan_pk).update(progress=v)

    return write


def plan_run(*, plan_id: int, time_limit: float | None = None, frontier_time_limit: float | None = None) -> None:
    """Task: compute the plan (and the budget frontier), store items and summary. The model is built
    once; every scenario re-solves the same arrays with scaled budgets under its own time limit."""
    plan = Plan.objects.select_related("gemeente").get(pk=plan_id)
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.RUNNING, progress=0.02, error="")
    prm = plan.params
    years = int(prm.get("years", 10))
    objective = prm.get("objective", "risk")
    factors = FRONTIER_FACTORS if prm.get("frontier", True) and objective == "risk" else [1.0]
    others = [f for f in factors if f != 1.0]
    # share of the progress bar: building 5 %, main plan 45 %, the scenarios the rest
    main_hi = 0.5 if others else 0.95
    t_main = PAGE_TIME_LIMIT if time_limit is None else time_limit
    t_front = FRONTIER_TIME_LIMIT if frontier_time_limit is None else frontier_time_limit
    try:
        budgets = [float(prm["budget"])] * years if prm.get("budget") is not None else None
        built, opt, summary = plan_compute(gemeente=plan.gemeente, years=years, budgets=budgets,
                                           objective=objective, time_limit=t_main,
                                           line_budgets=prm.get("line_budgets") or None,
                                           progress=_progress_writer(plan.pk, 0.05, main_hi))
        base = summary["budget_per_year"][0] if summary.get("budget_per_year") else None
        frontier = []
        wf = plan_worst_first(built) if base is not None else None
        if wf is not None:
            summary["worst_first_risk"] = float(built.problem.objective_value(wf))
        if base is not None and others:
            step = (0.97 - main_hi) / len(others)
            done = 0
            for f in factors:
                if f == 1.0:
                    row = summary
                else:
                    lo = main_hi + done * step
                    try:
                        _, row = plan_solve(built=built, factor=f, time_limit=t_front,
                                            progress=_progress_writer(plan.pk, lo, lo + step))
                    except ValidationError:  # e.g. a scenario budget below the cheapest feasible one
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
        summary["frontier"] = frontier
        items = plan_items(built, opt.choice)
        with transaction.atomic():
            PlanItem.objects.filter(plan=plan).delete()
            PlanItem.objects.bulk_create(
                [PlanItem(plan=plan, asset_id=a, year=y, intervention=c, cost=round(v, 2)) for a, y, c, v in items],
                batch_size=2000,
            )
            Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.DONE, progress=1.0, result=summary)
        audit_log(action="planning.plan.computed", gemeente=plan.gemeente, obj=plan, origin="task",
                  detail={"objective": summary["objective"], "gap": summary["gap"]})
    except ValidationError as exc:
        Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.FAILED, error=" ".join(exc.messages))
    except Exception as exc:  # noqa: BLE001 - a task must record its failure
        Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.FAILED, error=f"Onverwachte fout: {exc}")
        raise


def planning_current_budget_set(*, gemeente, amount: float | None, actor=None, origin: str = "system") -> dict:
    """Store the municipality's current yearly budget (the default of new plans). `amount=None`: derive it
    from the assets (the default rule) and store that."""
    if amount is None:
        built = B.build(gemeente=gemeente, cfg=planning_config_get(gemeente=gemeente), years=10, budgets=None)
        amount = default_budget(built) if built.problem.n else None
    if amount is not None and (not np.isfinite(amount) or amount < 0):
        raise ValidationError("Het huidige budget moet een getal van 0 of meer zijn.")
    return planning_config_update(gemeente=gemeente, changes={"current_budget": amount}, actor=actor, origin=origin)


@transaction.atomic
def plan_hand_over(*, plan: Plan, actor=None, origin: str = "web") -> int:
    """The first year's interventions become work to do (PlannedWork, status 'te doen')."""
    if plan.status != Plan.Status.DONE:
        raise ValidationError("Alleen een berekend plan kan worden doorgezet naar de uitvoering.")
    existing = set(PlannedWork.objects.filter(plan=plan).values_list("asset_id", "intervention"))
    new = [PlannedWork(gemeente=plan.gemeente, plan=plan, asset_id=it.asset_id, year=it.year,
                       intervention=it.intervention, cost=it.cost)
           for it in plan.items.filter(year=1) if (it.asset_id, it.intervention) not in existing]
    PlannedWork.objects.bulk_create(new, batch_size=2000)
    audit_log(action="planning.plan.hand_over", actor=actor, gemeente=plan.gemeente, obj=plan, origin=origin,
              detail={"work_items": len(new)})
    return len(new)


def plan_delete(*, plan: Plan, actor=None, origin: str = "web") -> None:
    audit_log(action="planning.plan.delete", actor=actor, gemeente=plan.gemeente, obj=plan, origin=origin)
    plan.delete()
