"""Planning services (writes): the planning model, and the life of a plan: made (draft), computed by
the task, adopted when its first year is handed to execution, archived; or deleted before that.

Every status change goes through `core.states.transition` with PLAN_FLOW (models.py): checked under
a row lock, audited with the old and new status, tasks started after commit. The numbers (build,
solve, summary, budget scenarios) are in computing.py; the command line and the benchmark use them
from here too.
"""

from __future__ import annotations

import copy
import logging
import time
from collections.abc import Callable

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wijkwerk.core import tasks
from wijkwerk.core.audit import audit_log
from wijkwerk.core.states import TransitionRefused, transition

from . import build as B
from .computing import (
    FRONTIER_FACTORS,
    FRONTIER_TIME_LIMIT,
    PAGE_TIME_LIMIT,
    default_budget,
    plan_compute,
    plan_export_mps,
    plan_frontier,
    plan_items,
    plan_solve,
    plan_summary,
    plan_worst_first,
)
from .defaults import BUDGET_LINE_LABELS, budget_line_order
from .export_jobs import plan_export_files, remove_export_file
from .models import PLAN_DELETABLE, PLAN_FLOW, Plan, PlanItem, PlanningModel
from .optimiser import ProblemError
from .optimiser import strategies as st
from .selectors import asset_type_labels, plan_adoption, planning_config_get, planning_register_read
from .signals import plan_adopted

logger = logging.getLogger(__name__)

RUN_TASK = "wijkwerk.planning.services.plan_run"

__all__ = [  # the numbers are computing.py's; the command line and the benchmark use them from here
    "FRONTIER_FACTORS", "FRONTIER_TIME_LIMIT", "PAGE_TIME_LIMIT", "RUN_TASK", "default_budget", "plan_adopt",
    "plan_archive", "plan_compute", "plan_create", "plan_delete", "plan_export_mps", "plan_items",
    "plan_recompute", "plan_run", "plan_solve", "plan_summary", "plan_worst_first", "planning_config_get",
    "planning_config_update", "planning_config_validate", "planning_current_budget_set",
]


# -- configuration -----------------------------------------------------------------------------------------
def planning_config_validate(cfg: dict) -> None:
    m = np.asarray(cfg.get("risk_matrix"), dtype=float) if cfg.get("risk_matrix") is not None else None
    if m is None or m.shape != (5, 5) or not np.isfinite(m).all() or (m < 0).any():
        raise ValidationError(_("De risicomatrix moet 5 x 5 niet-negatieve getallen bevatten."))
    if cfg.get("combine") not in ("worst", "weighted"):
        raise ValidationError(_("Combineren van aspecten: kies ‘zwaarste aspect telt’ of ‘gewogen gemiddelde’."))
    t = cfg.get("target_condition")
    if not isinstance(t, int) or not 1 <= t <= 6:
        raise ValidationError(_("De streefconditie moet een geheel getal van 1 tot en met 6 zijn."))
    labels = dict(asset_type_labels())  # messages name the type as the page does, not by its code
    for code, tcfg in (cfg.get("types") or {}).items():
        label = labels.get(code, code)
        if tcfg.get("transition") is not None:
            try:
                st.check_transition(tcfg["transition"], label)
            except ProblemError as exc:
                raise ValidationError(B.optimiser_message(exc)) from None
        for iv in tcfg.get("interventions", []) or []:
            if float(iv.get("steps", 0)) < 0:
                raise ValidationError(_("De maatregel '%(label)s' van %(type)s maakt de conditie slechter; dat kan "
                                        "niet.") % {"label": iv.get("label", "?"), "type": label})
        uc = tcfg.get("unit_cost")
        if uc is not None and (len(uc) != 3 or any(float(v) < 0 for v in uc)):
            raise ValidationError(_("Eenheidsprijzen van %(type)s: drie niet-negatieve bedragen nodig.") % {"type": label})


@transaction.atomic
def planning_config_update(*, gemeente, changes: dict, actor=None, origin: str = "web") -> dict:
    cfg = planning_config_get(gemeente=gemeente)
    new = copy.deepcopy(cfg)
    new.update(changes)
    planning_config_validate(new)
    pm, _created = PlanningModel.objects.get_or_create(gemeente=gemeente)
    pm.config = new
    pm.version += 1
    pm.save()
    audit_log(action="planning.config.update", actor=actor, gemeente=gemeente, obj=pm, origin=origin,
              detail={"keys": sorted(changes)})
    return new


def planning_current_budget_set(*, gemeente, amount: float | None, actor=None, origin: str = "system") -> dict:
    """Store the municipality's current yearly budget (the default of new plans). `amount=None`: derive it
    from the assets (the default rule) and store that."""
    if amount is None:
        built = B.build_problem(planning_register_read(gemeente=gemeente), cfg=planning_config_get(gemeente=gemeente),
                                years=10, budgets=None)
        amount = default_budget(built) if built.problem.n else None
    if amount is not None and (not np.isfinite(amount) or amount < 0):
        raise ValidationError(_("Het huidige budget moet een getal van 0 of meer zijn."))
    return planning_config_update(gemeente=gemeente, changes={"current_budget": amount}, actor=actor, origin=origin)


# -- a plan: made, computed ----------------------------------------------------------------------------------
def plan_create(*, gemeente, name: str, years: int = 10, budget: float | None = None,
                objective: str = "risk", frontier: bool = True, line_budgets: dict | None = None, actor=None,
                origin: str = "web") -> Plan:
    """A named plan (scenario), status draft; the task (plan_run) computes it after commit. `budget`:
    total per year; or `line_budgets`: {line code: EUR per year} (green, paving, furniture, lighting)."""
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Geef het plan een naam."))
    if budget is not None and (not np.isfinite(budget) or budget < 0):
        raise ValidationError(_("Het budget moet een getal van 0 of meer zijn."))
    if objective not in ("risk", "cost"):
        raise ValidationError(_("Doel moet 'risk' (minste risico) of 'cost' (laagste kosten) zijn."))
    if not 1 <= int(years) <= 50:
        raise ValidationError(_("De horizon moet 1 tot en met 50 jaar zijn."))
    line_budgets = {k: float(v) for k, v in (line_budgets or {}).items()} or None
    if line_budgets:
        if budget is not None:
            raise ValidationError(_("Geef een totaalbudget per jaar of budgetten per budgetlijn, niet allebei."))
        lines = budget_line_order(planning_config_get(gemeente=gemeente))
        for k, v in line_budgets.items():
            if k not in lines:
                raise ValidationError(_("Onbekende budgetlijn '%(line)s'.") % {"line": k})
            if not np.isfinite(v) or v < 0:
                raise ValidationError(_("Het budget van budgetlijn %(line)s moet 0 of meer zijn.")
                                      % {"line": BUDGET_LINE_LABELS.get(k, k)})
    with transaction.atomic():
        plan = Plan.objects.create(gemeente=gemeente, name=name[:200], created_by=actor, status=Plan.Status.DRAFT,
                                   params={"years": int(years), "budget": budget, "objective": objective,
                                           "frontier": bool(frontier), "line_budgets": line_budgets})
        audit_log(action="planning.plan.create", actor=actor, gemeente=gemeente, obj=plan, origin=origin,
                  detail={**plan.params, "new_status": plan.status})
        transaction.on_commit(lambda: tasks.enqueue(RUN_TASK, plan_id=plan.pk))
    return plan


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


def _plan_numbers(plan: Plan, *, time_limit: float, frontier_time_limit: float) -> tuple[dict, list]:
    """The summary (with the budget scenarios) and the interventions of a plan, computed from its params.
    The model is built once; every scenario re-solves the same arrays with scaled budgets."""
    prm = plan.params
    years = int(prm.get("years", 10))
    objective = prm.get("objective", "risk")
    factors = FRONTIER_FACTORS if prm.get("frontier", True) and objective == "risk" else [1.0]
    # share of the progress bar: building 5 %, main plan 45 %, the scenarios the rest
    main_hi = 0.5 if len(factors) > 1 else 0.95
    budgets = [float(prm["budget"])] * years if prm.get("budget") is not None else None
    built, opt, summary = plan_compute(gemeente=plan.gemeente, years=years, budgets=budgets, objective=objective,
                                       time_limit=time_limit, line_budgets=prm.get("line_budgets") or None,
                                       progress=_progress_writer(plan.pk, 0.05, main_hi))
    if summary.get("budget_per_year") and summary["budget_per_year"][0] is not None:
        summary["worst_first_risk"] = float(built.problem.objective_value(plan_worst_first(built)))
    summary["frontier"] = plan_frontier(built=built, summary=summary, factors=factors, time_limit=frontier_time_limit,
                                        progress_between=lambda lo, hi: _progress_writer(plan.pk, lo, hi),
                                        lo=main_hi, hi=0.97)
    return summary, plan_items(built, opt.choice)


def _plan_fail(plan: Plan, reason: str) -> None:
    transition(plan, flow=PLAN_FLOW, to=Plan.Status.FAILED, origin="task", reason=reason, changes={"error": reason})


def plan_run(*, plan_id: int, time_limit: float | None = None, frontier_time_limit: float | None = None) -> None:
    """Task: draft -> computing -> computed with the plan's items and summary, or -> failed with the
    reason the page shows (a plan that cannot be computed, e.g. a budget below the mandatory work)."""
    plan = Plan.objects.select_related("gemeente").filter(pk=plan_id).first()
    if plan is None:  # deleted while it waited
        logger.info("Plan %s was deleted before it was computed", plan_id)
        return
    try:
        transition(plan, flow=PLAN_FLOW, to=Plan.Status.COMPUTING, origin="task",
                   changes={"progress": 0.02, "error": ""})
    except TransitionRefused as exc:  # e.g. started twice: the other run computes it
        logger.info("Plan %s not computed: %s", plan_id, exc.message)
        return
    try:
        summary, items = _plan_numbers(plan, time_limit=PAGE_TIME_LIMIT if time_limit is None else time_limit,
                                       frontier_time_limit=FRONTIER_TIME_LIMIT if frontier_time_limit is None
                                       else frontier_time_limit)
        with transaction.atomic():
            PlanItem.objects.filter(plan=plan).delete()
            PlanItem.objects.bulk_create(
                [PlanItem(plan=plan, asset_id=a, year=y, intervention=c, cost=round(v, 2)) for a, y, c, v in items],
                batch_size=2000,
            )
            transition(plan, flow=PLAN_FLOW, to=Plan.Status.COMPUTED, origin="task",
                       changes={"progress": 1.0, "result": summary},
                       detail={"objective": summary["objective"], "gap": summary["gap"]})
    except ValidationError as exc:  # the plan cannot be made as asked: the reason is the user's to read
        _plan_fail(plan, " ".join(exc.messages))
    except Exception as exc:  # recorded on the plan and logged, then raised to the task runner
        logger.exception("Plan %s failed", plan_id)
        _plan_fail(plan, _("De berekening is mislukt door een onverwachte fout (%(kind)s). Probeer het opnieuw; "
                           "blijft het mislukken, meld het dan aan de beheerder.") % {"kind": type(exc).__name__})
        raise


def plan_recompute(*, plan: Plan, actor=None, origin: str = "web") -> Plan:
    """A failed plan is computed again: failed -> draft, and the task starts after commit."""
    return transition(plan, flow=PLAN_FLOW, to=Plan.Status.DRAFT, actor=actor, origin=origin,
                      changes={"progress": 0.0, "error": "", "result": None},
                      refused=_("Alleen een plan waarvan de berekening is mislukt, kan opnieuw worden berekend."),
                      after_commit=lambda: tasks.enqueue(RUN_TASK, plan_id=plan.pk))


# -- a plan: adopted, archived, deleted ----------------------------------------------------------------------
@transaction.atomic
def plan_adopt(*, plan: Plan, actor=None, origin: str = "web") -> int:
    """Adopts a computed plan and hands its first year's interventions to execution: `plan_adopted` is sent
    in this transaction, and the work app makes work orders of them (a refusal there undoes the adoption).
    From then on the plan can be archived, not deleted. Returns the number of interventions handed over."""
    first_year = plan.items.filter(year=1).count()
    try:
        transition(plan, flow=PLAN_FLOW, to=Plan.Status.ADOPTED, actor=actor, origin=origin,
                   changes={"adopted_at": timezone.now(), "adopted_by": actor if getattr(actor, "pk", None) else None,
                            "adopted_count": first_year},
                   detail={"work_items": first_year},
                   refused=_("Alleen een berekend plan kan worden vastgesteld en doorgezet naar de uitvoering."))
    except TransitionRefused as exc:  # e.g. a second click, another tab: say when it was done, and by whom
        done = plan_adoption(plan=plan)
        if done is None:
            raise
        raise TransitionRefused(ngettext(
            "Het eerste jaar is al doorgezet naar de uitvoering, op %(date)s door %(user)s: %(count)s maatregel. Er "
            "is niets opnieuw doorgezet.",
            "Het eerste jaar is al doorgezet naar de uitvoering, op %(date)s door %(user)s: %(count)s maatregelen. "
            "Er is niets opnieuw doorgezet.", done["count"]) % done,
                                source=exc.source, target=exc.target) from None
    plan_adopted.send(sender=Plan, plan=plan, actor=actor, origin=origin)
    return first_year


def plan_archive(*, plan: Plan, actor=None, origin: str = "web", reason: str = "") -> Plan:
    """Archives a computed or adopted plan: it stays, read-only, with its figures and exports."""
    return transition(plan, flow=PLAN_FLOW, to=Plan.Status.ARCHIVED, actor=actor, origin=origin, reason=reason,
                      refused=_("Alleen een berekend of vastgesteld plan kan worden gearchiveerd."))


@transaction.atomic
def plan_delete(*, plan: Plan, actor=None, origin: str = "web") -> None:
    """Deletes a plan that was never adopted (draft, computed or failed). Refused with a ValidationError
    while it is computed, and once it is adopted (its first year is then work in execution) or archived."""
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    protected = _("Dit plan kan niet worden verwijderd: er is werk uit dit plan doorgezet naar de uitvoering. "
                  "Archiveer het plan in plaats daarvan.")
    if locked.adopted_count:
        raise ValidationError(protected)
    if locked.status == Plan.Status.ADOPTED:
        raise ValidationError(_("Een vastgesteld plan kan niet worden verwijderd, alleen gearchiveerd."))
    if locked.status == Plan.Status.ARCHIVED:
        raise ValidationError(_("Een gearchiveerd plan is alleen te lezen; het kan niet worden verwijderd."))
    if locked.status not in PLAN_DELETABLE:
        raise ValidationError(_("Het plan wordt nu berekend; verwijder het als de berekening klaar is."))
    audit_log(action="planning.plan.delete", actor=actor, gemeente=plan.gemeente, obj=locked, origin=origin,
              detail={"name": locked.name, "old_status": locked.status})
    files = plan_export_files(plan=locked)  # the rows go with the plan (CASCADE), their files after commit
    try:
        locked.delete()
    except ProtectedError:
        raise ValidationError(protected) from None
    transaction.on_commit(lambda: [remove_export_file(f) for f in files])
