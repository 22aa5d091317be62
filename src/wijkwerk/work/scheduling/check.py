"""An independent check of a plan against the hard rules, written apart from the solver (it shares only
the problem's dataclasses): used after every solve, by the tests and when a planner moves an assignment.

`check_assignments` / `check_plan` list every broken rule; `check_reasons` checks that each reason given
for an unplaced order holds, with its own brute-force crew search (`crew_exists`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations

from .problem import (
    CAPACITY,
    CERTIFICATE_MISSING,
    NO_DAY,
    NO_SUPERVISOR,
    SKILL_MISSING,
    STATIC_KINDS,
    Assignment,
    Plan,
    Problem,
)

TOL = 1e-6

UNKNOWN_ORDER = "unknown_order"
UNKNOWN_PERSON = "unknown_person"
DUPLICATE_ORDER = "duplicate_order"
EMPTY_CREW = "empty_crew"
DUPLICATE_PERSON = "duplicate_person"
DAY_NOT_IN_WEEK = "day_not_in_week"
DAY_NOT_ALLOWED = "day_not_allowed"
NOT_WORKING_DAY = "not_working_day"
HOURS_SPLIT = "hours_split"
SHARE_TOO_SMALL = "share_too_small"
DAY_HOURS = "day_hours"
WEEK_HOURS = "week_hours"
SKILL_UNCOVERED = "skill_uncovered"
CERTIFICATE_UNCOVERED = "certificate_uncovered"
UNSUPERVISED = "unsupervised"
BAD_LEARNING = "bad_learning"
MISSING_ORDER = "missing_order"
REASON_FALSE = "reason_false"


@dataclass(frozen=True)
class Violation:
    kind: str
    order: str = ""
    person: str = ""
    day: date | None = None
    subject: str = ""
    detail: dict = field(default_factory=dict, compare=False)

    def __str__(self) -> str:
        bits = [self.kind] + [f"{k}={v}" for k, v in (("order", self.order), ("person", self.person),
                                                      ("day", self.day), ("subject", self.subject)) if v]
        return " ".join(bits) + (f" {self.detail}" if self.detail else "")


def check_assignments(problem: Problem, assignments: Sequence[Assignment]) -> list[Violation]:
    orders = {o.code: o for o in problem.orders}
    people = {p.name: p for p in problem.people}
    out: list[Violation] = []
    day_hours: dict[tuple[str, date], float] = defaultdict(float)
    week_hours: dict[str, float] = defaultdict(float)
    seen: set[str] = set()
    for a in assignments:
        o = orders.get(a.order)
        if o is None:
            out.append(Violation(UNKNOWN_ORDER, a.order))
            continue
        if a.order in seen:
            out.append(Violation(DUPLICATE_ORDER, a.order))
        seen.add(a.order)
        if not a.people:
            out.append(Violation(EMPTY_CREW, a.order))
            continue
        if len(set(a.people)) != len(a.people):
            out.append(Violation(DUPLICATE_PERSON, a.order))
        crew = []
        for name in a.people:
            if name not in people:
                out.append(Violation(UNKNOWN_PERSON, a.order, name))
            else:
                crew.append(people[name])
        if a.day not in problem.days:
            out.append(Violation(DAY_NOT_IN_WEEK, a.order, day=a.day))
        if o.allowed_days is not None and a.day not in o.allowed_days:
            out.append(Violation(DAY_NOT_ALLOWED, a.order, day=a.day))
        if abs(a.hours_per_person * len(a.people) - o.hours) > TOL * max(1.0, o.hours):
            out.append(Violation(HOURS_SPLIT, a.order, detail={"hours": o.hours, "people": len(a.people)}))
        if a.hours_per_person < min(o.hours, problem.min_hours_per_person) - TOL:
            out.append(Violation(SHARE_TOO_SMALL, a.order, detail={"hours": a.hours_per_person}))
        for p in crew:
            if a.day.weekday() not in p.working_days:
                out.append(Violation(NOT_WORKING_DAY, a.order, p.name, a.day))
            day_hours[(p.name, a.day)] += a.hours_per_person
            week_hours[p.name] += a.hours_per_person
        for s in sorted(o.skills):
            if not any(s in p.skills for p in crew):
                out.append(Violation(SKILL_UNCOVERED, a.order, day=a.day, subject=s))
        for c in sorted(o.certificates):
            if not any(c in p.certificates and a.day <= p.certificates[c] for p in crew):
                expired = [p.name for p in crew if c in p.certificates]
                out.append(Violation(CERTIFICATE_UNCOVERED, a.order, day=a.day, subject=c,
                                     detail={"expired": expired} if expired else {}))
        protected = [p.name for p in crew if p.protected]
        if protected and not any(p.may_supervise and not p.protected for p in crew):
            out += [Violation(UNSUPERVISED, a.order, n, a.day) for n in protected]
    booked_week: dict[str, float] = defaultdict(float)
    for (name, _d), h in problem.booked.items():
        booked_week[name] += h
    for (name, d), h in sorted(day_hours.items()):
        h += problem.booked.get((name, d), 0.0)
        if h > problem.max_hours_per_day + TOL:
            out.append(Violation(DAY_HOURS, person=name, day=d, detail={"hours": round(h, 2)}))
    for name, h in sorted(week_hours.items()):
        h += booked_week[name]
        if h > people[name].hours_per_week + TOL:
            out.append(Violation(WEEK_HOURS, person=name, detail={"hours": round(h, 2)}))
    return out


def check_plan(problem: Problem, plan: Plan) -> list[Violation]:
    out = check_assignments(problem, plan.assignments)
    by_code = {a.order: a for a in plan.assignments}
    people = {p.name: p for p in problem.people}
    orders = {o.code: o for o in problem.orders}
    for la in plan.learning_assignments:
        a = by_code.get(la.order)
        p = people.get(la.person)
        ok = (a is not None and p is not None and la.person in a.people and la.skill in orders[la.order].skills
              and la.skill in p.learning and la.skill not in p.skills
              and any(n != la.person and la.skill in people[n].skills for n in a.people if n in people))
        if not ok:
            out.append(Violation(BAD_LEARNING, la.order, la.person, subject=la.skill))
    accounted = [a.order for a in plan.assignments] + [u.order for u in plan.unassigned]
    for code in orders:
        if accounted.count(code) != 1:
            out.append(Violation(MISSING_ORDER, code, detail={"times": accounted.count(code)}))
    return out


def remaining_hours(problem: Problem, assignments: Iterable[Assignment]) -> dict[tuple[str, date], float]:
    """Hours each person has left per day after the assignments (day and week limits together)."""
    used_day: dict[tuple[str, date], float] = defaultdict(float, problem.booked)
    used_week: dict[str, float] = defaultdict(float)
    for (name, _d), h in problem.booked.items():
        used_week[name] += h
    for a in assignments:
        for n in a.people:
            used_day[(n, a.day)] += a.hours_per_person
            used_week[n] += a.hours_per_person
    out = {}
    for p in problem.people:
        for d in problem.days:
            day_room = problem.max_hours_per_day if d.weekday() in p.working_days else 0.0
            out[(p.name, d)] = max(0.0, min(day_room - used_day[(p.name, d)], p.hours_per_week - used_week[p.name]))
    return out


def crew_exists(problem: Problem, order, day: date, room: Mapping[tuple[str, date], float]) -> bool:
    """Brute force over kinds of people: is there a crew of some size k that keeps every rule when each
    member has room for hours / k on that day?"""
    if order.allowed_days is not None and day not in order.allowed_days:
        return False
    needs = [("s", s) for s in order.skills] + [("c", c) for c in order.certificates]
    smallest_share = min(order.hours, problem.min_hours_per_person)
    k = 0
    while True:
        k += 1
        share = order.hours / k
        if share < smallest_share - TOL:
            return False
        if share > problem.max_hours_per_day + TOL:
            continue
        able = [p for p in problem.people if day.weekday() in p.working_days and room[(p.name, day)] >= share - TOL]
        if len(able) < k:
            continue

        def brings(p):
            return frozenset(n for n in needs if (n[1] in p.skills if n[0] == "s"
                                                  else n[1] in p.certificates and day <= p.certificates[n[1]]))

        sups = [p for p in able if p.may_supervise and not p.protected]
        free = [p for p in able if not p.protected]
        # crews without anyone protected: free people only, covering every need
        kinds_free = {brings(p) for p in free}
        if len(free) >= k and _covers(kinds_free, set(needs), k):
            return True
        # crews with a supervisor: anyone may join; the supervisor takes one place unless he covers too
        if sups and len(able) >= k:
            kinds_all = {brings(p) for p in able}
            kinds_sup = {brings(p) for p in sups}
            if _covers(kinds_all, set(needs), k - 1):
                return True
            if any(_covers(kinds_all, set(needs) - s, k - 1) for s in kinds_sup):
                return True


def _covers(kinds: set[frozenset], needs: set, most: int) -> bool:
    if not needs:
        return True
    kinds = [k for k in kinds if k & needs]
    for r in range(1, min(most, len(needs)) + 1):
        for combo in combinations(kinds, r):
            if needs <= frozenset().union(*combo):
                return True
    return False


def check_reasons(problem: Problem, plan: Plan) -> list[Violation]:
    """Each reason holds: a static reason means no crew could do the order on any allowed day even in an
    empty week with nothing booked (and the named requirement is really missing); `capacity` means some
    crew could then, but none fits in the hours left (after the plan and what was booked before)."""
    orders = {o.code: o for o in problem.orders}
    # "even in an empty week" means with nothing booked at all, not even outside the plan
    empty = {(p.name, d): (min(problem.max_hours_per_day, p.hours_per_week) if d.weekday() in p.working_days else 0.0)
             for p in problem.people for d in problem.days}
    left = remaining_hours(problem, plan.assignments)
    out = []
    for u in plan.unassigned:
        o = orders[u.order]
        days = [d for d in problem.days if o.allowed_days is None or d in o.allowed_days]
        possible = any(crew_exists(problem, o, d, empty) for d in days)
        kind, subject = u.reason.kind, u.reason.subject
        ok = True
        if kind in STATIC_KINDS:
            ok = not possible
            if kind == NO_DAY:
                ok = ok and not days
            elif kind == SKILL_MISSING:
                ok = ok and not any(subject in p.skills and d.weekday() in p.working_days
                                    and empty[(p.name, d)] > TOL for p in problem.people for d in days)
            elif kind == CERTIFICATE_MISSING:
                ok = ok and not any(subject in p.certificates and d <= p.certificates[subject]
                                    and d.weekday() in p.working_days and empty[(p.name, d)] > TOL
                                    for p in problem.people for d in days)
            elif kind == NO_SUPERVISOR:
                ok = ok and _no_supervision(problem, o, subject, days, empty)
        elif kind == CAPACITY:
            ok = possible and not any(crew_exists(problem, o, d, left) for d in days)
        else:
            ok = False
        if not ok:
            out.append(Violation(REASON_FALSE, u.order, subject=subject, detail={"reason": kind}))
    return out


def _no_supervision(problem: Problem, order, code: str, days: Sequence[date], room) -> bool:
    for d in days:
        here = [p for p in problem.people if d.weekday() in p.working_days and room[(p.name, d)] > TOL]
        holders = [p for p in here if code in p.skills or (code in p.certificates and d <= p.certificates[code])]
        if any(not p.protected for p in holders):
            return False
        if holders and any(p.may_supervise and not p.protected for p in here):
            return False
    return True
