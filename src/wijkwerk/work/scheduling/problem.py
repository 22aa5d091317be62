"""The week-plan problem and its answer as plain dataclasses (no Django).

Hard rules (checked by `check.check_plan`, kept exactly by the solver):
- one order is done on one day, by one crew; its hours are split equally over the crew's people;
- every required skill and certificate of an order is held by at least one person of its crew, the
  certificate valid on that day (valid up to and including its expiry date);
- no one in protected work is on an order without a supervisor (a person who may supervise and is not
  in protected work themselves) on the same order;
- nobody works on a day that is not theirs, on a day the order does not allow, more than
  `max_hours_per_day` on a day or more than their hours per week in the week;
- nobody is put on an order for less than `min_hours_per_person` (or the order's hours, when smaller),
  so a crew is never padded with people who would do next to nothing.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

EPS = 1e-6

# Reason kinds for an order the plan could not place (`Unplaced.reason.kind`).
NO_DAY = "no_day"  # none of the order's allowed days is in the week
SKILL_MISSING = "skill_missing"  # no one with the skill works on an allowed day
CERTIFICATE_MISSING = "certificate_missing"  # no one with the certificate valid on an allowed day
NO_SUPERVISOR = "no_supervisor"  # the only holders of X are in protected work, no supervisor with them
NO_COMBINATION = "no_combination"  # each requirement is held, but never together in one crew on one day
TOO_LARGE = "too_large"  # too many hours for one day with the people that qualify
CAPACITY = "capacity"  # a crew could do it, but everyone who qualifies is fully booked
FITS = "fits"  # not in the plan, but a crew could still do it in the hours left (a plan changed by hand)
STATIC_KINDS = frozenset({NO_DAY, SKILL_MISSING, CERTIFICATE_MISSING, NO_SUPERVISOR, NO_COMBINATION, TOO_LARGE})


class ProblemError(ValueError):
    """An input the scheduler cannot work with (a negative number of hours, an unknown name, ...)."""


@dataclass(frozen=True)
class Order:
    code: str
    hours: float
    skills: frozenset[str] = frozenset()
    certificates: frozenset[str] = frozenset()
    area: str = ""
    deadline: date | None = None
    priority: int = 3  # 1 most urgent .. 5 least
    allowed_days: frozenset[date] | None = None  # None: any day of the week
    team: str | None = None  # the team expected to do it (e.g. the team of its area); None: any


@dataclass(frozen=True)
class Person:
    name: str
    skills: frozenset[str] = frozenset()
    certificates: dict[str, date] = field(default_factory=dict)  # code -> expiry date (last valid day)
    learning: frozenset[str] = frozenset()
    hours_per_week: float = 36.0
    working_days: frozenset[int] = frozenset({0, 1, 2, 3, 4})  # weekday(): 0 Monday .. 6 Sunday
    protected: bool = False
    may_supervise: bool = False
    team: str = ""

    def __hash__(self) -> int:
        return hash(self.name)

    def works_on(self, day: date) -> bool:
        return day.weekday() in self.working_days

    def holds_certificate(self, code: str, day: date) -> bool:
        expiry = self.certificates.get(code)
        return expiry is not None and day <= expiry

    @property
    def supervisor(self) -> bool:
        return self.may_supervise and not self.protected


@dataclass(frozen=True)
class Problem:
    days: tuple[date, ...]
    orders: tuple[Order, ...]
    people: tuple[Person, ...]
    max_hours_per_day: float = 8.0
    min_hours_per_person: float = 1.0
    # hours people already have that week outside this plan (orders in progress ...): (name, day) -> hours
    booked: Mapping[tuple[str, date], float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        seen: set[str] = set()
        for o in self.orders:
            if o.code in seen:
                raise ProblemError(f"order {o.code} twice")
            seen.add(o.code)
            if not (o.hours > 0 and math.isfinite(o.hours)):
                raise ProblemError(f"order {o.code}: hours must be positive")
        names: set[str] = set()
        for p in self.people:
            if p.name in names:
                raise ProblemError(f"person {p.name} twice")
            names.add(p.name)
            if p.hours_per_week < 0 or not math.isfinite(p.hours_per_week):
                raise ProblemError(f"person {p.name}: hours per week must be 0 or more")
        self._capacities()

    def order_days(self, order: Order) -> list[date]:
        if order.allowed_days is None:
            return list(self.days)
        return [d for d in self.days if d in order.allowed_days]

    def min_share(self, order: Order) -> float:
        return min(order.hours, self.min_hours_per_person)

    def max_crew(self, order: Order) -> int:
        return max(1, int(math.floor(order.hours / self.min_share(order) + EPS)))

    def _capacities(self) -> None:
        booked_week: dict[str, float] = {}
        for (name, _d), h in self.booked.items():
            booked_week[name] = booked_week.get(name, 0.0) + h
        day_cap: dict[tuple[str, date], float] = {}
        week_cap: dict[str, float] = {}
        for p in self.people:
            week_left = p.hours_per_week - booked_week.get(p.name, 0.0)
            for d in self.days:
                room = self.max_hours_per_day - self.booked.get((p.name, d), 0.0) if p.works_on(d) else 0.0
                day_cap[(p.name, d)] = max(0.0, min(room, week_left))
            week_cap[p.name] = max(0.0, min(week_left, sum(day_cap[(p.name, d)] for d in self.days)))
        object.__setattr__(self, "_day_cap", day_cap)
        object.__setattr__(self, "_week_cap", week_cap)

    def day_capacity(self, person: Person, day: date) -> float:
        """Hours the person can work on the day (their day, at most 8, less what is booked already)."""
        return self._day_cap.get((person.name, day), 0.0)

    def week_capacity(self, person: Person) -> float:
        return self._week_cap[person.name]


@dataclass(frozen=True)
class Reason:
    kind: str
    subject: str = ""  # the skill or certificate code the reason is about, when there is one
    detail: dict = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Assignment:
    order: str
    people: tuple[str, ...]
    day: date
    hours_per_person: float


@dataclass(frozen=True)
class Unplaced:
    order: str
    reason: Reason


@dataclass(frozen=True)
class LearningAssignment:
    order: str
    person: str
    skill: str


@dataclass
class Plan:
    assignments: list[Assignment]
    unassigned: list[Unplaced]
    learning_assignments: list[LearningAssignment]
    utilisation: float  # hours planned / hours the people have in the week
    gap: float  # (bound - objective) / bound, against a bound on every possible plan
    objective: float = 0.0
    bound: float = 0.0
    hours_assigned: float = 0.0
    hours_total: float = 0.0
    stats: dict = field(default_factory=dict)


def relative_gap(objective: float, bound: float) -> float:
    if not math.isfinite(bound):
        return 1.0
    if bound <= EPS:
        return 0.0
    return max(0.0, (bound - objective) / abs(bound))
