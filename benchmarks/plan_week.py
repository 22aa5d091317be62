"""Benchmark of the weekly-plan scheduler (wijkwerk.work.scheduling) on a generated week.

    python benchmarks/plan_week.py [--orders 2000] [--people 150] [--seed 1] [--time-limit 20] [--runs 1]

The week: five days, teams of about ten people per area (mixed: about 30 % in protected work, supervisors,
part-timers, learners), skills and certificates of a default catalogue (some expiring during the week), orders
with deadlines, priorities, allowed days and about 2 % that nobody can do; about 10 % more work than hours.
Each run solves it twice: with the preferences (deadlines and priority first, areas clustered per team and
day, learning) and with the hard rules only (most hours), so the difference shows what the preferences
cost. Prints JSON per run: seconds, share of hours assigned, utilisation, the gap against a bound on every
possible plan, and whether the independent checker found a broken rule. Not a test: run it by hand.
"""

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from wijkwerk.work.scheduling import HARD_ONLY, PREFERENCES, check_plan, plan_week  # noqa: E402
from wijkwerk.work.scheduling.generate import random_week  # noqa: E402
from wijkwerk.work.scheduling.objective import plan_objective  # noqa: E402


def solve_once(problem, weights, time_limit: float) -> dict:
    t = time.perf_counter()
    plan = plan_week(problem, weights=weights, time_limit=time_limit)
    seconds = time.perf_counter() - t
    violations = check_plan(problem, plan)
    placeable = plan.stats["orders_placeable"]
    return {
        "seconds": round(seconds, 2),
        "share_hours_assigned": round(plan.hours_assigned / plan.hours_total, 4),
        "utilisation": round(plan.utilisation, 4),
        "gap": round(plan.gap, 4),
        "objective": round(plan.objective, 2),
        "bound": round(plan.bound, 2),
        "orders_placed": len(plan.assignments),
        "orders_placeable": placeable,
        "share_placeable_orders_placed": round(len(plan.assignments) / placeable, 4) if placeable else 1.0,
        "learning_assignments": len(plan.learning_assignments),
        "hard_rule_violations": len(violations),
        "columns": plan.stats.get("columns"),
        "plan": plan,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--orders", type=int, default=2000)
    ap.add_argument("--people", type=int, default=150)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--time-limit", type=float, default=20.0, help="the scheduler's own budget per solve (s)")
    ap.add_argument("--runs", type=int, default=1)
    args = ap.parse_args()
    problem = random_week(args.orders, args.people, seed=args.seed)
    runs = []
    for _ in range(args.runs):
        pref = solve_once(problem, PREFERENCES, args.time_limit)
        hard = solve_once(problem, HARD_ONLY, args.time_limit)
        pref_plan, hard_plan = pref.pop("plan"), hard.pop("plan")
        runs.append({
            "preferences": pref,
            "hard_rules_only": hard,
            "cost_of_preferences": {
                "hours": round(hard_plan.hours_assigned - pref_plan.hours_assigned, 2),
                "share_hours": round((hard_plan.hours_assigned - pref_plan.hours_assigned) / pref_plan.hours_total, 4),
                # the preference plan scored as a hard-rules plan, and the other way round
                "preference_value_of_hard_plan": round(plan_objective(problem, hard_plan.assignments, PREFERENCES), 2),
                "preference_value_of_preference_plan": round(pref_plan.objective, 2),
            },
        })
    worst = max(runs, key=lambda r: max(r["preferences"]["seconds"], r["hard_rules_only"]["seconds"]))
    print(json.dumps({
        "orders": args.orders, "people": args.people, "days": len(problem.days), "seed": args.seed,
        "hours_of_work": round(sum(o.hours for o in problem.orders), 1),
        "hours_people_have": round(sum(problem.week_capacity(p) for p in problem.people), 1),
        "time_limit": args.time_limit, "cpu_count": os.cpu_count(), "load_average": os.getloadavg(),
        "python": platform.python_version(), "runs": runs, "worst_run": worst,
    }, indent=2, default=str))


if __name__ == "__main__":
    main()
