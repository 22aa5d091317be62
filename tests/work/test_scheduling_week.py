"""A "hidden week": hundreds of orders, dozens of workers with mixed skills, certificates that expire
during the week, protected work and supervisors, learners, part-timers. No assignment breaks a hard
rule (checked independently), every unplaced order's reason holds, and at least 90 % of what could be
placed is placed."""

import pytest

from wijkwerk.work.scheduling import (
    HARD_ONLY,
    check_plan,
    check_reasons,
    crew_exists,
    plan_week,
    remaining_hours,
)
from wijkwerk.work.scheduling.generate import random_week


def could_be_placed(problem) -> list:
    """Orders some crew could do on one of their days in an empty week (the checker's own search)."""
    empty = remaining_hours(problem, [])
    return [o for o in problem.orders
            if any(crew_exists(problem, o, d, empty) for d in problem.days
                   if o.allowed_days is None or d in o.allowed_days)]


@pytest.mark.parametrize("seed", [3, 11])
def test_a_hidden_week_keeps_every_rule_and_places_what_fits(seed):
    problem = random_week(350, 45, seed=seed, load=0.85, impossible=0.04)
    plan = plan_week(problem, time_limit=8)
    assert check_plan(problem, plan) == []
    assert check_reasons(problem, plan) == []
    possible = could_be_placed(problem)
    impossible = {o.code for o in problem.orders} - {o.code for o in possible}
    assert impossible, "the week has orders nobody can do"
    assert impossible <= {u.order for u in plan.unassigned}
    assert len(plan.assignments) >= 0.9 * len(possible)
    assert plan.hours_assigned >= 0.9 * sum(o.hours for o in possible)
    protected = {p.name for p in problem.people if p.protected}
    assert any(set(a.people) & protected for a in plan.assignments), "people in protected work get work too"
    assert plan.learning_assignments
    assert 0 <= plan.gap < 0.25


def test_an_overfull_week_places_at_least_90_percent_of_the_most_that_fits():
    problem = random_week(400, 40, seed=5, load=1.2)
    plan = plan_week(problem, weights=HARD_ONLY, time_limit=8)
    assert check_plan(problem, plan) == []
    assert check_reasons(problem, plan) == []
    # the bound is on the hours any plan that keeps the rules could place
    assert plan.hours_assigned >= 0.9 * plan.bound
    assert {u.reason.kind for u in plan.unassigned} >= {"capacity"}
