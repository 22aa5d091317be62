"""`wijkwerk plan`: JSON keys, budgets never exceeded, MPS export, bad input in Dutch."""

import io
import json

import highspy
import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from wijkwerk.planning.optimiser import read_solution

from .helpers import small_gemeente

pytestmark = pytest.mark.django_db

KEYS = {"objective", "lower_bound", "gap", "cost_per_year", "risk_per_year_before", "risk_per_year_after",
        "assets", "seconds"}


def _run(*args) -> dict:
    out = io.StringIO()
    call_command("plan", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_plan_json_and_budget(tmp_path):
    g = small_gemeente()
    mps = str(tmp_path / "plan.mps")
    xlsx = str(tmp_path / "plan.xlsx")
    data = _run("--gemeente", g.slug, "--years", "5", "--budget", "3000", "--export-mps", mps, "--out", xlsx)
    assert KEYS <= set(data)
    assert data["assets"] == 24
    assert len(data["cost_per_year"]) == 5
    assert all(c <= 3000 for c in data["cost_per_year"])
    assert data["lower_bound"] <= data["objective"]
    assert sum(data["risk_per_year_after"]) == pytest.approx(data["objective"], rel=1e-9)
    assert sum(data["risk_per_year_after"]) <= sum(data["risk_per_year_before"])
    # the MPS program read back: the .sol plan is feasible, has the reported objective, bound <= optimum
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.readModel(mps)
    lp = h.getLp()
    sol = read_solution(mps + ".sol")
    x = np.array([sol[n] for n in lp.col_names_])
    assert float(np.dot(lp.col_cost_, x)) == pytest.approx(data["objective"], rel=1e-12)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.run()
    opt = h.getInfo().objective_function_value
    assert data["lower_bound"] <= opt + 1e-9
    assert data["objective"] - opt <= data["gap"] * data["objective"] + 1e-9
    from openpyxl import load_workbook

    wb = load_workbook(xlsx)
    assert wb.sheetnames[0] == "Samenvatting" and len(wb.sheetnames) == 6


def test_budgets_per_year_and_cost_objective(tmp_path):
    g = small_gemeente()
    data = _run("--gemeente", g.slug, "--years", "3", "--budgets", "1000,2000,3000")
    assert [c <= b for c, b in zip(data["cost_per_year"], [1000, 2000, 3000], strict=True)] == [True] * 3
    cost = _run("--gemeente", g.slug, "--years", "3", "--objective", "cost")
    assert cost["gap"] == pytest.approx(0.0, abs=1e-8)


@pytest.mark.parametrize("args,msg", [
    (["--budget", "-5"], "negatief"),
    (["--budget", "veel"], "geen getal"),
    (["--budgets", "1,2"], "jaarbudgetten"),
    (["--years", "tien"], "geen geheel getal"),
])
def test_bad_budgets_are_clear_dutch_errors(args, msg):
    g = small_gemeente()
    with pytest.raises(CommandError, match=msg):
        call_command("plan", "--gemeente", g.slug, "--years", "3", *args, stdout=io.StringIO())


def test_bad_transition_matrix_and_infeasible_target():
    from django.core.exceptions import ValidationError

    from wijkwerk.planning.services import planning_config_update

    g = small_gemeente()
    bad = [[0.9, 0.2, 0, 0, 0, 0]] + [[0, 1, 0, 0, 0, 0]] * 5
    with pytest.raises(ValidationError, match="Rij 1"):
        planning_config_update(gemeente=g, changes={"types": {"bench": {"transition": bad}}})
    planning_config_update(gemeente=g, changes={"types": {"bench": {"mandatory": "replace"}},
                                                "replacement_min_years": 0})
    with pytest.raises(CommandError, match="goedkoopste haalbare budget"):
        call_command("plan", "--gemeente", g.slug, "--years", "3", "--budget", "0", stdout=io.StringIO())


def test_unknown_gemeente():
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("plan", "--gemeente", "nergens", stdout=io.StringIO())


def test_line_budgets_option(tmp_path):
    g = small_gemeente(slug="lijndorp")
    out = io.StringIO()
    call_command("plan", "--gemeente", g.slug, "--years", "3", "--line-budgets",
                 "green=300,paving=900,furniture=200,lighting=400", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert {"objective", "lower_bound", "gap", "cost_per_year", "risk_per_year_before", "risk_per_year_after",
            "assets", "seconds"} <= set(data)
    limits = {"green": 300, "paving": 900, "furniture": 200, "lighting": 400}
    for line, costs in data["cost_per_line"].items():
        assert max(costs) <= limits[line] + 1e-6
    with pytest.raises(CommandError, match="budgetlijn"):
        call_command("plan", "--gemeente", g.slug, "--years", "3", "--line-budgets", "groen=5")
    with pytest.raises(CommandError, match="niet allebei"):
        call_command("plan", "--gemeente", g.slug, "--budget", "5", "--line-budgets", "green=5")
    with pytest.raises(CommandError, match="lighting"):
        call_command("plan", "--gemeente", g.slug, "--years", "3", "--line-budgets", "green=5,paving=5,furniture=5")
