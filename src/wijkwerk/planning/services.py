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
from .defaults import default_config
from .models import Plan, PlanItem, PlannedWork, PlanningModel
from .optimiser import Infeasible, ProblemError, solve, worst_first, write_mps, write_solution
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
                 start_year: int | None = None) -> tuple[B.Built, object, dict]:
    """Build and solve. Returns (built arrays, optimiser plan, summary JSON)."""
    if objective not in ("risk", "cost"):
        raise ValidationError("Doel moet 'risk' (minste risico) of 'cost' (laagste kosten) zijn.")
    if not 1 <= int(years) <= 50:
        raise ValidationError("De horizon moet 1 tot en met 50 jaar zijn.")
    t0 = time.perf_counter()
    cfg = planning_config_get(gemeente=gemeente)
    if budgets is None and objective == "risk":
        probe = B.build(gemeente=gemeente, cfg=cfg, years=years, budgets=None, objective=objective,
                        start_year=start_year)
        current = cfg.get("current_budget") or default_budget(probe)
        budgets = [float(current)] * years
    built = B.build(gemeente=gemeente, cfg=cfg, years=years, budgets=budgets, objective=objective,
                    start_year=start_year)
    try:
        plan = solve(built.problem, time_limit=time_limit, progress=progress)
    except Infeasible as exc:
        extra = ""
        if exc.min_budget is not None:
            need = exc.min_budget.sum(axis=0)
            extra = (" Het goedkoopste haalbare budget per jaar is: "
                     + ", ".join(f"jaar {i + 1}: {_eur(v)}" for i, v in enumerate(need)) + ".")
        raise ValidationError(str(exc) + extra) from None
    except ProblemError as exc:
        raise ValidationError(str(exc)) from None
    summary = plan_summary(built, plan)
    summary["seconds"] = round(time.perf_counter() - t0, 3)
    return built, plan, summary


def plan_summary(built: B.Built, plan) -> dict:
    p = built.problem
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
                objective: str = "risk", frontier: bool = True, actor=None, origin: str = "web") -> Plan:
    from wijkwerk.core.tasks import enqueue

    name = (name or "").strip()
    if not name:
        raise ValidationError("Geef het plan een naam.")
    if budget is not None and (not np.isfinite(budget) or budget < 0):
        raise ValidationError("Het budget moet een getal van 0 of meer zijn.")
    plan = Plan.objects.create(gemeente=gemeente, name=name[:200], created_by=actor,
                               params={"years": int(years), "budget": budget, "objective": objective,
                                       "frontier": bool(frontier)})
    audit_log(action="planning.plan.create", actor=actor, gemeente=gemeente, obj=plan, origin=origin,
              detail=plan.params)
    transaction.on_commit(lambda: enqueue("wijkwerk.planning.services.plan_run", plan_id=plan.pk))
    return plan


def plan_run(*, plan_id: int) -> None:
    """Task: compute the plan (and the budget frontier), store items and summary."""
    plan = Plan.objects.select_related("gemeente").get(pk=plan_id)
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.RUNNING, progress=0.02)
    prm = plan.params
    years = int(prm.get("years", 10))
    factors = FRONTIER_FACTORS if prm.get("frontier", True) and prm.get("objective", "risk") == "risk" else [1.0]
    steps = len(factors) + 1

    def progress_at(base):
        return lambda f: Plan.objects.filter(pk=plan.pk).update(progress=min(0.99, (base + f) / steps))

    try:
        budgets = [float(prm["budget"])] * years if prm.get("budget") is not None else None
        built, opt, summary = plan_compute(gemeente=plan.gemeente, years=years, budgets=budgets,
                                           objective=prm.get("objective", "risk"), progress=progress_at(0))
        base = summary["budget_per_year"][0] if summary.get("budget_per_year") else None
        frontier = []
        wf = plan_worst_first(built) if base is not None else None
        if wf is not None:
            summary["worst_first_risk"] = float(built.problem.objective_value(wf))
        if base is not None and len(factors) > 1:
            for j, f in enumerate(factors):
                if f == 1.0:
                    row = summary
                else:
                    _, _, row = plan_compute(gemeente=plan.gemeente, years=years, budgets=[base * f] * years,
                                             objective="risk", time_limit=20, progress=progress_at(j + 1))
                frontier.append({"factor": f, "budget_per_year": base * f, "cost": sum(row["cost_per_year"]),
                                 "risk": row["objective"], "gap": row["gap"],
                                 "performance": row["performance_per_year_after"][-1]})
            for a, b in zip(frontier, frontier[1:], strict=False):
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
