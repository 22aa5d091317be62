"""The optimiser on plain arrays: feasibility, certified bound, gap, MPS round trip, bad input."""

import highspy
import numpy as np
import pytest

from wijkwerk.planning.optimiser import (
    Infeasible,
    Problem,
    ProblemError,
    read_solution,
    solve,
    write_mps,
    write_solution,
)
from wijkwerk.planning.optimiser import strategies as st
from wijkwerk.planning.optimiser.exact import solve_milp
from wijkwerk.planning.optimiser.generate import band_of_condition, random_instance
from wijkwerk.planning.optimiser.worstfirst import worst_first


def _highs_opt(p):
    res = solve_milp(p, time_limit=30, rel_gap=0.0)
    assert res["optimal"]
    return res["objective"]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_plan_feasible_and_bound_below_optimum(seed):
    p = random_instance(12, seed=seed, kinds=3).problem
    plan = solve(p)
    assert p.is_feasible(plan.choice)
    assert (plan.usage <= p.budgets + 1e-9).all()
    opt = _highs_opt(p)
    assert plan.lower_bound <= opt + 1e-9 * abs(opt)
    assert plan.objective >= opt - 1e-6 * abs(opt)
    assert plan.objective - opt <= plan.gap * plan.objective + 1e-9
    assert plan.gap == pytest.approx((plan.objective - plan.lower_bound) / plan.objective)


def test_larger_instance_never_exceeds_budget_and_small_gap():
    inst = random_instance(3000, seed=5, lines=2)
    p = inst.problem
    plan = solve(p)
    assert p.is_feasible(plan.choice)
    assert (p.usage_exact(plan.choice) <= p.budgets).all()
    assert plan.gap < 0.005
    wf = worst_first(p, inst.condition * 10.0, inst.treat, inst.none, band_of_condition(inst.condition))
    assert p.is_feasible(wf)
    assert p.objective_value(wf) > plan.objective


def test_mps_round_trip(tmp_path):
    p = random_instance(10, seed=7, kinds=2).problem
    p.names = [f"asset-{i}" for i in range(p.n)]
    plan = solve(p)
    path = str(tmp_path / "plan.mps")
    write_mps(p, path)
    write_solution(p, plan.choice, path + ".sol")
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.readModel(path)
    lp = h.getLp()
    sol = read_solution(path + ".sol")
    x = np.array([sol[n] for n in lp.col_names_])
    assert float(np.dot(lp.col_cost_, x)) == pytest.approx(plan.objective, rel=1e-12)
    # feasibility of the .sol plan in the program read back
    h.setOptionValue("mip_rel_gap", 0.0)
    h.run()
    opt = h.getInfo().objective_function_value
    assert plan.lower_bound <= opt + 1e-9
    assert plan.objective - opt <= plan.gap * plan.objective + 1e-9
    a = lp.a_matrix_
    act = np.zeros(lp.num_row_)
    for j in range(lp.num_col_):
        for k in range(a.start_[j], a.start_[j + 1]):
            act[a.index_[k]] += a.value_[k] * x[j]
    assert (act <= np.array(lp.row_upper_) + 1e-9).all() and (act >= np.array(lp.row_lower_) - 1e-9).all()
    assert opt == pytest.approx(_highs_opt(p), rel=1e-9)


def test_no_budget_constraint_is_exact():
    p = random_instance(50, seed=2).problem
    p.budgets[:] = np.inf
    plan = solve(p)
    assert plan.gap < 1e-8


def test_infeasible_reports_cheapest_budget():
    obj = np.array([[5.0, 1.0]])
    cost = np.array([[[0.0, 0.0], [10.0, 0.0]]])
    allowed = np.array([[False, True]])  # only the costly strategy is allowed (mandatory)
    p = Problem.from_dense(obj, cost, budgets=[4.0, 4.0], allowed=allowed)
    with pytest.raises(Infeasible) as exc:
        solve(p)
    assert exc.value.min_budget.sum(axis=0)[0] == 10.0


def test_bad_input_messages():
    with pytest.raises(ProblemError, match="negatief"):
        Problem.from_dense(np.ones((1, 2)), np.zeros((1, 2, 2)), budgets=[-1.0, 2.0])
    with pytest.raises(ProblemError, match="geen getal"):
        Problem.from_dense(np.ones((1, 2)), np.zeros((1, 2, 2)), budgets=[np.nan, 2.0])
    bad = st.default_transition()
    bad[2, 2] = 0.5
    with pytest.raises(ProblemError, match="Rij 3"):
        st.check_transition(bad)
    with pytest.raises(ProblemError, match="slechter"):
        st.check_effect(np.eye(6)[[1, 2, 3, 4, 5, 5]], "verkeerd")


def test_strategies_about_forty():
    sched, labels = st.schedules(10)
    assert sched.shape == (40, 10) and len(labels) == 40
    dist = st.propagate(st.default_transition(), st.default_effects(), sched, st.start_distribution([3]))
    assert np.allclose(dist.sum(axis=3), 1.0)
