"""The demo's multi-year plans, computed while quickstart prepares the demo, through the planning
services the plan page uses: `plan_create` (a draft) and `plan_run` (the task's work: computing,
then computed with its items, the proven lower bound and the gap).

- "Meerjarenplan 2027-2036 (demo)": ten years at the municipality's current budget, with the
  budget scenarios (60-140 %) on its page;
- "Scenario: 20 % bezuinigen (demo)": the same horizon at 80 % of that budget, to compare with it
  on the page "Plannen vergelijken".

The time limits are short (the solver improves the plan until its limit; the gap stays at
a few per cent at most), so quickstart stays quick. Each plan is made and computed in one
transaction: an interrupted run leaves no plan behind. The task that `plan_create` starts once the
plan is committed finds it computed already and leaves it alone. Idempotent (found by name).
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from wijkwerk.core.numbers import format_money, format_percent
from wijkwerk.planning.models import Plan
from wijkwerk.planning.services import plan_create, plan_run, planning_config_get

MAIN_PLAN = "Meerjarenplan 10 jaar (demo)"
SCENARIO_PLAN = "Scenario: 20 % bezuinigen (demo)"
SCENARIO_FACTOR = 0.8
YEARS = 10
# seconds for the solver: the main plan, each of its budget scenarios, the scenario plan
MAIN_TIME_LIMIT = 5.0
FRONTIER_TIME_LIMIT = 1.0
SCENARIO_TIME_LIMIT = 4.0
BEHEERDER = "demo-beheerder"


def demo_plans_ensure(*, gemeente, say: Callable[[str], None]) -> dict:
    """Computes the demo plans (each once). Returns {name: created?}."""
    current = planning_config_get(gemeente=gemeente).get("current_budget")
    actor = get_user_model().objects.filter(username=BEHEERDER).first()
    specs = [  # the scenario first: the newest plan (the main one) heads the plan list
        (SCENARIO_PLAN, round(current * SCENARIO_FACTOR) if current else None, False, SCENARIO_TIME_LIMIT),
        (MAIN_PLAN, None, True, MAIN_TIME_LIMIT),
    ]
    made = {}
    for name, budget, frontier, time_limit in specs:
        made[name] = False
        if Plan.objects.filter(gemeente=gemeente, name=name).exists():
            continue
        if budget is None and not frontier:
            continue  # no current budget to take 80 % of (a municipality without assets)
        say(_("Demoplan '%(name)s' berekenen ...") % {"name": name})
        with transaction.atomic():
            plan = plan_create(gemeente=gemeente, name=name, years=YEARS, budget=budget, frontier=frontier,
                               actor=actor, origin="system")
            plan_run(plan_id=plan.pk, time_limit=time_limit, frontier_time_limit=FRONTIER_TIME_LIMIT)
        plan.refresh_from_db()
        made[name] = True
        result = plan.result or {}
        if plan.status == Plan.Status.COMPUTED and result:
            budget = (result.get("budget_per_year") or [None])[0]
            say("  " + _("Berekend: budget %(budget)s per jaar, afstand tot het optimum hooguit %(gap)s.")
                % {"budget": format_money(budget) if budget is not None else "-",
                   "gap": format_percent(result.get("gap") or 0, 2)})
        else:
            say("  " + _("Niet berekend: %(error)s") % {"error": plan.error})
    return made
