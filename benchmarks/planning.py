"""Benchmark of the planning optimiser (wijkwerk.planning.optimiser) on generated instances.

    python benchmarks/planning.py [--assets 1000 --assets 10000 ...] [--highs-max 2000] [--demo DATA_DIR]

Each instance: N assets of 12 asset types with a Markov degradation model, 10 years, 40 candidate
strategies per asset (do nothing, small maintenance cycles, small/large maintenance or replacement in
year t, combinations), one budget per year. Each size runs in a child process, so its peak memory
(maxrss) is its own. Prints JSON per size: seconds, peak memory, the certified gap (plan objective vs
Lagrangian lower bound); for N <= --highs-max also HiGHS on the full MILP (its best objective and
bound, the true gap, time ratio; HiGHS runs in its own process, killed after --highs-time-limit plus a
margin, so it can never run away); and the residual risk of "worst first" at the same budget next to the plan's.
--demo DATA_DIR also plans the demo municipality (utrecht) of a Wijkwerk data folder with the demo loaded.
"""

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def run_one(n: int, highs_max: int, highs_time: float, seed: int) -> dict:
    import numpy as np

    from wijkwerk.planning.optimiser import solve, worst_first
    from wijkwerk.planning.optimiser.generate import band_of_condition, random_instance

    t = time.perf_counter()
    inst = random_instance(n, seed=seed)
    gen_s = time.perf_counter() - t
    p = inst.problem
    t = time.perf_counter()
    plan = solve(p)
    seconds = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # MB
    out = {
        "assets": n, "years": p.years, "strategies": p.s, "seconds": round(seconds, 3),
        "peak_memory_mb": round(peak, 1), "objective": plan.objective, "lower_bound": plan.lower_bound,
        "certified_gap": plan.gap, "feasible": bool(p.is_feasible(plan.choice)),
        "max_budget_use": float(np.max(plan.usage / p.budgets)), "generate_seconds": round(gen_s, 3),
        "method": plan.method,
    }
    wf = worst_first(p, inst.condition * 10.0 + inst.effect, inst.treat, inst.none, band_of_condition(inst.condition))
    wf_risk = p.objective_value(wf)
    out["worst_first_risk"] = wf_risk
    out["worst_first_feasible"] = bool(p.is_feasible(wf))
    out["risk_reduction_vs_worst_first"] = (wf_risk - plan.objective) / wf_risk
    if n <= highs_max:
        res = run_highs_reference(n, seed, highs_time)
        out["highs"] = res
        if res.get("objective"):
            out["true_gap"] = (plan.objective - res["objective"]) / res["objective"]
        if res.get("bound") is not None and np.isfinite(res["bound"]):
            out["gap_vs_highs_bound"] = (plan.objective - res["bound"]) / plan.objective
            # HiGHS's bound is a bound on the optimum; ours must not be above the optimum (checkable when
            # HiGHS proved optimality: then its objective is the optimum)
            if res.get("optimal"):
                out["lower_bound_below_optimum"] = plan.lower_bound <= res["objective"] + 1e-9 * abs(res["objective"])
        out["time_ratio_highs_over_plan"] = round(res["seconds"] / max(seconds, 1e-9), 1)
    return out


def highs_reference(n: int, seed: int, highs_time: float, log_file: str) -> dict:
    """In a child process: HiGHS on the full MILP of the instance (its log goes to `log_file`)."""
    from wijkwerk.planning.optimiser.exact import solve_milp
    from wijkwerk.planning.optimiser.generate import random_instance

    p = random_instance(n, seed=seed).problem
    t = time.perf_counter()
    res = solve_milp(p, time_limit=highs_time, rel_gap=1e-5, log_file=log_file)
    return {"objective": res["objective"], "bound": res["bound"], "status": res["status"],
            "optimal": res["optimal"], "seconds": round(time.perf_counter() - t, 3)}


def _last_highs_progress(log_file: str) -> dict:
    """Best bound and best solution from the last progress line of a HiGHS MIP log."""
    best = {}
    try:
        lines = Path(log_file).read_text(errors="replace").splitlines()
    except OSError:
        return best
    for line in lines:
        tok = line.split()
        pct = [i for i, t in enumerate(tok) if t.endswith("%")]
        if not pct or pct[0] + 2 >= len(tok):
            continue
        i = pct[0]
        try:
            bound = float(tok[i + 1])
        except ValueError:
            continue
        try:
            sol = float(tok[i + 2])
        except ValueError:
            sol = None
        best = {"bound": bound, "objective": sol if sol is not None and sol < float("inf") else None}
    return best


def run_highs_reference(n: int, seed: int, highs_time: float) -> dict:
    """HiGHS in a child process that is killed after its time limit plus a margin (HiGHS checks its
    limit only between phases and has run far past it), so the reference can never run away. When it
    is killed, its best objective and bound come from its log."""
    import tempfile

    margin = 30.0 + 0.2 * highs_time
    with tempfile.TemporaryDirectory() as tmp:
        log = os.path.join(tmp, "highs.log")
        t = time.perf_counter()
        proc = subprocess.Popen([sys.executable, __file__, "--highs-ref", str(n), "--seed", str(seed),
                                 "--highs-time-limit", str(highs_time), "--highs-log", log],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            stdout, stderr = proc.communicate(timeout=highs_time + margin)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            res = {"status": "killed after time limit + margin", "optimal": False, "objective": None,
                   "bound": None}
            res.update(_last_highs_progress(log))
            res["seconds"] = round(time.perf_counter() - t, 3)
            return res
        if proc.returncode != 0:
            res = {"status": "error: " + " ".join(stderr.strip().splitlines()[-1:]), "optimal": False,
                   "objective": None, "bound": None}
            res.update(_last_highs_progress(log))
            res["seconds"] = round(time.perf_counter() - t, 3)
            return res
        res = json.loads(stdout.strip().splitlines()[-1])
        last = _last_highs_progress(log)
        if res.get("objective") is None and last.get("objective") is not None:
            res["objective"] = last["objective"]
        return res


def run_demo(data_dir: str) -> dict:
    os.environ["WIJKWERK_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijkwerk.settings")
    import django

    django.setup()
    from wijkwerk.municipalities.models import Gemeente
    from wijkwerk.planning import services

    g = Gemeente.objects.get(slug="utrecht")
    t = time.perf_counter()
    built, plan, summary = services.plan_compute(gemeente=g, years=10)
    seconds = time.perf_counter() - t
    wf = services.plan_worst_first(built)
    wf_risk = built.problem.objective_value(wf)
    out = {"demo": "utrecht", "assets": summary["assets"], "seconds": round(seconds, 3),
           "budget_per_year": summary["budget_per_year"][0], "objective": plan.objective,
           "certified_gap": plan.gap, "worst_first_risk": wf_risk,
           "risk_reduction_vs_worst_first": (wf_risk - plan.objective) / wf_risk,
           "worst_first_feasible": bool(built.problem.is_feasible(wf))}
    # what the plan page computes: the main plan and the budget scenarios, with the page's time limits
    t = time.perf_counter()
    _, _, main = services.plan_compute(gemeente=g, years=10, time_limit=services.PAGE_TIME_LIMIT)
    frontier = [{"factor": 1.0, "gap": main["gap"], "seconds": main["seconds"]}]
    for f in services.FRONTIER_FACTORS:
        if f != 1.0:
            _, row = services.plan_solve(built=built, factor=f, time_limit=services.FRONTIER_TIME_LIMIT)
            frontier.append({"factor": f, "gap": row["gap"], "seconds": row["seconds"]})
    out["page_task_seconds"] = round(time.perf_counter() - t, 3)
    out["page_task_scenarios"] = frontier
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--assets", type=int, action="append", help="instance size (repeatable)")
    ap.add_argument("--highs-max", type=int, default=2000)
    ap.add_argument("--highs-time-limit", type=float, default=600.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--demo", default=None, help="Wijkwerk data folder with the demo loaded")
    ap.add_argument("--one", type=int, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--highs-ref", type=int, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--highs-log", default=None, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.highs_ref is not None:
        print(json.dumps(highs_reference(a.highs_ref, a.seed, a.highs_time_limit, a.highs_log)))
        return
    if a.one is not None:
        print(json.dumps(run_one(a.one, a.highs_max, a.highs_time_limit, a.seed)))
        return
    if a.demo and a.assets is None:
        sizes = []
    else:
        sizes = a.assets or [1000, 2000, 10000, 100000, 1000000]
    results = []
    for n in sizes:
        proc = subprocess.run([sys.executable, __file__, "--one", str(n), "--highs-max", str(a.highs_max),
                               "--highs-time-limit", str(a.highs_time_limit), "--seed", str(a.seed)],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            results.append({"assets": n, "error": proc.stderr.strip().splitlines()[-1:]})
        else:
            results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        print(json.dumps(results[-1]), file=sys.stderr, flush=True)
    out = {"machine": {"python": platform.python_version(), "cpus": os.cpu_count()}, "runs": results}
    if a.demo:
        out["demo"] = run_demo(a.demo)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
