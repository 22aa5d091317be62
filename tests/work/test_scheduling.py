"""The weekly-plan scheduler on small weeks made by hand: each hard rule can bind, the reasons for an
unplaced order hold, the preferences (priority, deadline, areas, learning) steer, and the independent
checker catches every broken rule."""

import datetime

import highspy
import numpy as np
import pytest

from wijkwerk.work.scheduling import (
    HARD_ONLY,
    Assignment,
    Order,
    Person,
    Plan,
    Problem,
    ProblemError,
    check_assignments,
    check_plan,
    check_reasons,
    plan_week,
)
from wijkwerk.work.scheduling import check as c
from wijkwerk.work.scheduling import problem as p

MON = datetime.date(2026, 3, 2)
DAYS = tuple(MON + datetime.timedelta(days=i) for i in range(5))
TUE, WED, THU, FRI = DAYS[1:]


def person(name, skills=(), certs=None, **kw):
    return Person(name=name, skills=frozenset(skills), certificates=certs or {}, **kw)


def order(code, hours=4.0, skills=(), certs=(), **kw):
    return Order(code=code, hours=hours, skills=frozenset(skills), certificates=frozenset(certs), **kw)


def solve(orders, people, **kw):
    problem = Problem(days=DAYS, orders=tuple(orders), people=tuple(people))
    plan = plan_week(problem, time_limit=5, **kw)
    assert check_plan(problem, plan) == []
    assert check_reasons(problem, plan) == []
    return problem, plan


def placed(plan: Plan) -> dict:
    return {a.order: a for a in plan.assignments}


def reasons(plan: Plan) -> dict:
    return {u.order: u.reason for u in plan.unassigned}


def test_a_skill_is_held_by_someone_on_the_order():
    _, plan = solve([order("A", skills={"snoeien"})], [person("Piet"), person("Sara", {"snoeien"})])
    assert "Sara" in placed(plan)["A"].people


def test_nobody_with_the_skill_is_the_reason():
    _, plan = solve([order("A", skills={"lassen"})], [person("Piet", {"maaien"})])
    assert reasons(plan)["A"] == p.Reason(p.SKILL_MISSING, "lassen")


def test_a_certificate_must_be_valid_on_the_day():
    # Sara's chainsaw certificate runs out after Tuesday; the order may only be done on Wednesday or later
    sara = person("Sara", {"snoeien"}, {"kettingzaag": TUE})
    late = order("LAAT", skills={"snoeien"}, certs={"kettingzaag"}, allowed_days=frozenset({WED, THU}))
    any_day = order("VROEG", skills={"snoeien"}, certs={"kettingzaag"})
    _, plan = solve([late, any_day], [sara])
    assert reasons(plan)["LAAT"].kind == p.CERTIFICATE_MISSING
    assert reasons(plan)["LAAT"].subject == "kettingzaag"
    assert placed(plan)["VROEG"].day <= TUE


def test_protected_work_is_never_without_a_supervisor():
    bram = person("Bram", {"maaien"}, protected=True)
    _, plan = solve([order("A", skills={"maaien"})], [bram])
    assert reasons(plan)["A"].kind == p.NO_SUPERVISOR
    anna = person("Anna", may_supervise=True, working_days=frozenset({3}))  # Thursdays only
    _, plan = solve([order("A", skills={"maaien"})], [bram, anna])
    a = placed(plan)["A"]
    assert set(a.people) == {"Anna", "Bram"} and a.day == THU and a.hours_per_person == 2.0


def test_nobody_works_on_a_day_that_is_not_theirs():
    _, plan = solve([order("A")], [person("Piet", working_days=frozenset({2}))])
    assert placed(plan)["A"].day == WED


def test_at_most_eight_hours_a_day_so_a_long_order_is_split():
    _, plan = solve([order("A", hours=12)], [person("Piet")])
    assert reasons(plan)["A"].kind == p.TOO_LARGE
    _, plan = solve([order("A", hours=12)], [person("Piet"), person("Sara")])
    assert placed(plan)["A"].hours_per_person == 6.0


def test_hours_per_week_bind_and_the_reason_is_capacity():
    _, plan = solve([order("A", hours=6), order("B", hours=6)], [person("Piet", hours_per_week=10)])
    assert len(plan.assignments) == 1
    (left,) = plan.unassigned
    assert left.reason.kind == p.CAPACITY


def test_priority_first_when_there_is_no_room_for_both():
    orders = [order("LAAG", hours=8, priority=4), order("SPOED", hours=8, priority=1)]
    _, plan = solve(orders, [person("Piet", hours_per_week=8)])
    assert list(placed(plan)) == ["SPOED"]


def test_deadline_first_when_there_is_no_room_for_both():
    orders = [order("LATER", hours=8, deadline=MON + datetime.timedelta(days=60)),
              order("NU", hours=8, deadline=WED)]
    _, plan = solve(orders, [person("Piet", hours_per_week=8)])
    assert list(placed(plan)) == ["NU"]
    assert placed(plan)["NU"].day <= WED


def test_a_learner_goes_along_with_a_qualified_colleague():
    people = [person("Sara", {"snoeien"}, team="T"), person("Lars", learning=frozenset({"snoeien"}), team="T")]
    _, plan = solve([order("A", hours=4, skills={"snoeien"})], people)
    assert set(placed(plan)["A"].people) == {"Sara", "Lars"}
    assert [(la.order, la.person, la.skill) for la in plan.learning_assignments] == [("A", "Lars", "snoeien")]


def test_a_learner_alone_does_not_count_as_holding_the_skill():
    _, plan = solve([order("A", skills={"snoeien"})], [person("Lars", learning=frozenset({"snoeien"}))])
    assert reasons(plan)["A"].kind == p.SKILL_MISSING


def test_orders_are_clustered_by_area_per_team_and_day():
    orders = [order(f"{area}{i}", hours=4, area=area) for area in "XY" for i in range(2)]
    _, plan = solve(orders, [person("Piet", team="T")])
    days = {}
    for a in plan.assignments:
        days.setdefault(a.day, set()).add(a.order[0])
    assert len(plan.assignments) == 4
    assert all(len(areas) == 1 for areas in days.values())


def test_hard_rules_only_places_the_most_hours():
    orders = [order("GROOT", hours=8, priority=4), order("KLEIN", hours=2, priority=1)]
    _, plan = solve(orders, [person("Piet", hours_per_week=8)], weights=HARD_ONLY)
    assert list(placed(plan)) == ["GROOT"]


def test_the_gap_is_reported_against_a_bound():
    _, plan = solve([order("A", hours=6), order("B", hours=6)], [person("Piet", hours_per_week=10)], weights=HARD_ONLY)
    assert plan.bound >= plan.objective
    assert plan.gap == pytest.approx((plan.bound - plan.objective) / plan.bound)


def test_bad_input_is_refused():
    with pytest.raises(ProblemError):
        Problem(days=DAYS, orders=(order("A", hours=-1),), people=())
    with pytest.raises(ProblemError):
        Problem(days=DAYS, orders=(order("A"), order("A")), people=())


# -- the independent checker ------------------------------------------------------------------------------------
def kinds(problem, assignments):
    return {v.kind for v in check_assignments(problem, assignments)}


def test_the_checker_finds_every_broken_rule():
    bram = person("Bram", {"maaien"}, protected=True)
    sara = person("Sara", {"snoeien"}, {"kettingzaag": TUE}, working_days=frozenset({0, 1, 2}))
    piet = person("Piet", hours_per_week=10)
    orders = (order("A", skills={"maaien"}), order("B", skills={"snoeien"}, certs={"kettingzaag"}),
              order("C", hours=9), order("D", hours=8))
    problem = Problem(days=DAYS, orders=orders, people=(bram, sara, piet))
    assert kinds(problem, [Assignment("A", ("Bram",), MON, 4)]) == {c.UNSUPERVISED}
    assert kinds(problem, [Assignment("B", ("Sara",), WED, 4)]) == {c.CERTIFICATE_UNCOVERED}
    assert kinds(problem, [Assignment("B", ("Piet",), MON, 4)]) == {c.SKILL_UNCOVERED, c.CERTIFICATE_UNCOVERED}
    assert c.NOT_WORKING_DAY in kinds(problem, [Assignment("B", ("Sara",), THU, 4)])
    assert kinds(problem, [Assignment("C", ("Piet",), MON, 9)]) == {c.DAY_HOURS}
    assert kinds(problem, [Assignment("D", ("Piet",), MON, 8), Assignment("C", ("Piet", "Sara"), TUE, 4.5)]) == {
        c.WEEK_HOURS}
    assert kinds(problem, [Assignment("D", ("Piet",), MON, 3)]) == {c.HOURS_SPLIT}
    assert kinds(problem, [Assignment("D", ("Piet", "Sara", "Bram", "X"), MON, 2)]) >= {c.UNKNOWN_PERSON}
    assert kinds(problem, [Assignment("D", ("Piet",), MON, 8), Assignment("D", ("Piet",), TUE, 8)]) >= {
        c.DUPLICATE_ORDER}
    assert kinds(problem, [Assignment("D", ("Piet",), MON + datetime.timedelta(days=7), 8)]) == {c.DAY_NOT_IN_WEEK}


def test_the_checker_finds_a_reason_that_does_not_hold():
    problem = Problem(days=DAYS, orders=(order("A", skills={"maaien"}),), people=(person("Piet", {"maaien"}),))
    wrong = Plan(assignments=[], unassigned=[p.Unplaced("A", p.Reason(p.SKILL_MISSING, "maaien"))],
                 learning_assignments=[], utilisation=0.0, gap=0.0)
    assert [v.kind for v in check_reasons(problem, wrong)] == [c.REASON_FALSE]
    busy = Plan(assignments=[], unassigned=[p.Unplaced("A", p.Reason(p.CAPACITY))], learning_assignments=[],
                utilisation=0.0, gap=0.0)
    assert [v.kind for v in check_reasons(problem, busy)] == [c.REASON_FALSE]  # Piet has room


def test_hours_booked_outside_the_plan_count_for_the_limits():
    problem = Problem(days=DAYS, orders=(order("A", hours=6),), people=(person("Piet", hours_per_week=10),),
                      booked={("Piet", MON): 4.0, ("Piet", TUE): 3.0})
    plan = plan_week(problem, time_limit=5)
    assert check_plan(problem, plan) == [] and check_reasons(problem, plan) == []
    assert reasons(plan)["A"].kind == p.CAPACITY  # 7 of his 10 hours are taken
    assert {v.kind for v in check_assignments(problem, [Assignment("A", ("Piet",), MON, 6)])} == {
        c.DAY_HOURS, c.WEEK_HOURS}


def test_a_solve_after_another_highs_user_in_the_process_still_plans():
    """HiGHS keeps one thread pool per process; the multi-year plan may have made it first (same web or
    worker process). The week's plan must not depend on who solved first."""
    highspy.Highs.resetGlobalScheduler(True)  # as in a new process: the next solve makes the pool
    other = highspy.Highs()
    other.setOptionValue("output_flag", False)
    other.setOptionValue("threads", 2)
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = 1, 0
    lp.col_cost_, lp.col_lower_, lp.col_upper_ = np.array([1.0]), np.zeros(1), np.ones(1)
    lp.integrality_ = [highspy.HighsVarType.kInteger]
    other.passModel(lp)
    other.run()
    _, plan = solve([order("A", hours=6), order("B", hours=6)], [person("Piet", hours_per_week=10)],
                    weights=HARD_ONLY)
    assert plan.assignments and plan.bound >= plan.objective > 0
