"""Why an order cannot be placed: on which days some crew could do it at all, and if on none, which rule
stops it (the most specific reason that holds)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from .crews import Requirements, find_crew
from .problem import (
    CAPACITY,
    CERTIFICATE_MISSING,
    EPS,
    FITS,
    NO_COMBINATION,
    NO_DAY,
    NO_SUPERVISOR,
    SKILL_MISSING,
    TOO_LARGE,
    Assignment,
    Order,
    Person,
    Problem,
    Reason,
)


def static_room(problem: Problem, person: Person, day: date) -> float:
    """Hours the person has on the day for this plan (less what is booked outside it)."""
    return min(problem.day_capacity(person, day), problem.week_capacity(person))


def gross_room(problem: Problem, person: Person, day: date) -> float:
    """Hours the person could have on the day if nothing were booked: an order that does not fit even
    then cannot be done this week at all; one that fits only then is a matter of capacity."""
    return min(problem.max_hours_per_day, person.hours_per_week) if person.works_on(day) else 0.0


def feasible_days(problem: Problem, order: Order, key, cache: dict | None = None,
                  room=static_room) -> list[date]:
    """The allowed days on which some crew could do the order in an otherwise empty week. `cache` keeps
    the answer per (skills, certificates, hours, day): orders of one activity share it."""
    cache = {} if cache is None else cache
    out = []
    for d in problem.order_days(order):
        sig = (order.skills, order.certificates, order.hours, d)
        if sig not in cache:
            pool = [p for p in problem.people if p.works_on(d)]
            req = Requirements.of(order, d)
            cache[sig] = find_crew(problem, req, pool, lambda p, d=d: room(problem, p, d), key) is not None
        if cache[sig]:
            out.append(d)
    return out


def _holds(p: Person, kind: str, code: str, day: date) -> bool:
    return code in p.skills if kind == "skill" else p.holds_certificate(code, day)


def diagnose(problem: Problem, order: Order) -> Reason:
    """The reason for an order that no crew could do on any of its days even if nobody were booked
    (`feasible_days(..., room=gross_room)` is empty)."""
    days = problem.order_days(order)
    if not days:
        return Reason(NO_DAY)
    working = {d: [p for p in problem.people if p.works_on(d) and gross_room(problem, p, d) > EPS] for d in days}
    for kind, code in Requirements.of(order, days[0]).names:
        if not any(_holds(p, kind, code, d) for d in days for p in working[d]):
            if kind == "skill":
                return Reason(SKILL_MISSING, code, {"kind": kind})
            holders = [p for p in problem.people if code in p.certificates]
            expired = sum(1 for p in holders if all(not p.holds_certificate(code, d) for d in days))
            return Reason(CERTIFICATE_MISSING, code, {"holders": len(holders), "expired": expired, "kind": kind})
    for kind, code in Requirements.of(order, days[0]).names:
        supervised = False
        for d in days:
            holders = [p for p in working[d] if _holds(p, kind, code, d)]
            if any(not p.protected for p in holders) or (holders and any(p.supervisor for p in working[d])):
                supervised = True
                break
        if not supervised:
            return Reason(NO_SUPERVISOR, code, {"kind": kind})
    largest = 0.0
    for d in days:
        sup = any(p.supervisor for p in working[d])
        crew = [p for p in working[d] if sup or not p.protected]
        rooms = sorted((gross_room(problem, p, d) for p in crew), reverse=True)
        for k in range(1, min(len(rooms), problem.max_crew(order)) + 1):
            largest = max(largest, k * min(rooms[k - 1], problem.max_hours_per_day))
    if largest < order.hours - EPS:
        return Reason(TOO_LARGE, detail={"hours": order.hours})
    return Reason(NO_COMBINATION)


def capacity_reason(problem: Problem, order: Order, days: Sequence[date], room) -> Reason:
    """An order some crew could do, left out because no crew has the hours left (`room(person, day)`).
    Names the requirement whose holders have the fewest hours left together on the best of the order's
    days (detail `hours`), or none when the order needs nothing special."""
    best, least, kind_of = "", None, ""
    for kind, code in Requirements.of(order, problem.days[0]).names:
        left = max((sum(room(p, d) for p in problem.people if p.works_on(d) and _holds(p, kind, code, d))
                    for d in days), default=0.0)
        if least is None or left < least:
            best, least, kind_of = code, left, kind
    if least is None:
        least = max((sum(room(p, d) for p in problem.people if p.works_on(d)) for d in days), default=0.0)
    return Reason(CAPACITY, best, {"kind": kind_of, "hours": round(max(0.0, least), 2)})


def explain_unplaced(problem: Problem, assignments: Sequence[Assignment]) -> dict[str, Reason]:
    """For each order without an assignment: why, given the assignments there are (a plan changed by
    hand, or orders added since it was computed). `FITS`: a crew could still do it in the hours left."""
    left_day: dict[tuple[str, date], float] = {}
    left_week: dict[str, float] = {p.name: problem.week_capacity(p) for p in problem.people}
    for p in problem.people:
        for d in problem.days:
            left_day[(p.name, d)] = problem.day_capacity(p, d)
    for a in assignments:
        for n in a.people:
            if n in left_week:
                left_day[(n, a.day)] = left_day.get((n, a.day), 0.0) - a.hours_per_person
                left_week[n] -= a.hours_per_person
    done = {a.order for a in assignments}
    cache: dict = {}
    gross_cache: dict = {}
    out = {}
    for o in problem.orders:
        if o.code in done:
            continue
        days = feasible_days(problem, o, lambda p: 0.0, cache)
        if not days:
            gross = feasible_days(problem, o, lambda p: 0.0, gross_cache, room=gross_room)
            out[o.code] = diagnose(problem, o) if not gross else capacity_reason(
                problem, o, gross, lambda p, d: max(0.0, min(left_day[(p.name, d)], left_week[p.name])))
            continue
        fits = False
        for d in days:
            pool = [p for p in problem.people if p.works_on(d)]
            room = lambda p, d=d: min(left_day[(p.name, d)], left_week[p.name])  # noqa: E731
            if find_crew(problem, Requirements.of(o, d), pool, room, lambda p: 0.0) is not None:
                fits = True
                break
        out[o.code] = Reason(FITS) if fits else capacity_reason(
            problem, o, days, lambda p, d: max(0.0, min(left_day[(p.name, d)], left_week[p.name])))
    return out
