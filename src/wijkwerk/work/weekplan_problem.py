"""The week plan's problem read from the database (no writes): which orders, which people, what they
hold, what is booked already; and the week string `YYYY-Www`.

Orders in the plan: the municipality's nieuw and afgekeurd orders and those gepland in this week. People: the active workers. Hours of orders outside the plan that
people already have that week (in uitvoering ...) are booked, so the plan keeps the limits with them.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from .assignments import week_bounds
from .models import PLANNABLE_STATUSES, Skill, Team, WorkAssignment, Worker, WorkerCertificate, WorkOrder
from .scheduling import Order, Person, Problem

WEEK_RE = re.compile(r"^(\d{4})-W(\d{2})$")


def week_parse(value: str) -> datetime.date:
    """The Monday of ISO week `YYYY-Www` (e.g. 2026-W10); a clear Dutch error otherwise."""
    m = WEEK_RE.match((value or "").strip())
    if m:
        try:
            return datetime.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
        except ValueError:
            pass
    raise ValidationError(_("Ongeldige week ‘%(week)s’: schrijf het jaar en het weeknummer als JJJJ-Www, "
                            "bijvoorbeeld 2026-W10 (weken 01 tot en met 52 of 53).") % {"week": (value or "")[:20]})


def week_label(monday: datetime.date) -> str:
    year, week, _day = monday.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass
class WeekProblem:
    monday: datetime.date
    problem: Problem
    orders: dict[str, WorkOrder]  # code -> order (in the plan)
    workers: dict[str, Worker]  # person label -> worker
    labels: dict[int, str]  # worker id -> person label
    skills: dict[str, Skill]  # code -> skill
    names: dict[tuple[str, str], str]  # ("skill" | "certificate", code) -> name
    order_team: dict[str, str] = field(default_factory=dict)  # order code -> team name ("" for none)
    zero_hours: list[WorkOrder] = field(default_factory=list)  # in the plan's scope, but without hours

    @property
    def days(self) -> tuple[datetime.date, ...]:
        return self.problem.days

    @property
    def scope_ids(self) -> list[int]:
        return [o.pk for o in self.orders.values()] + [o.pk for o in self.zero_hours]


def _labels(workers: list[Worker]) -> dict[int, str]:
    """Worker names, made unique where two share one (with the organisation, then the id)."""
    count = Counter(w.name for w in workers)
    labels = {w.pk: (w.name if count[w.name] == 1 else f"{w.name} ({w.organisation.name})") for w in workers}
    again = Counter(labels.values())
    return {pk: (label if again[label] == 1 else f"{label} #{pk}") for pk, label in labels.items()}


def _team_of_area(gemeente) -> dict[int, str]:
    out: dict[int, str] = {}
    for team in Team.objects.filter(gemeente=gemeente).prefetch_related("areas").order_by("name"):
        for area in team.areas.all():
            out.setdefault(area.pk, team.name)
    return out


def scope_orders(*, gemeente, monday: datetime.date):
    """nieuw and afgekeurd orders, and gepland ones planned in this week (an order planned in another
    week stays there)."""
    first, last = week_bounds(monday)
    return (WorkOrder.objects.filter(gemeente=gemeente, status__in=PLANNABLE_STATUSES)
            .exclude(Q(status=WorkOrder.Status.PLANNED) & (Q(planned_day__lt=first) | Q(planned_day__gt=last)))
            .select_related("activity", "buurt", "wijk", "team")
            .prefetch_related("activity__skills", "activity__certificates")
            .order_by("priority", "deadline", "code"))


def week_problem(*, gemeente, monday: datetime.date) -> WeekProblem:
    first, last = week_bounds(monday)
    days = tuple(first + datetime.timedelta(days=i) for i in range(7))
    workers = list(Worker.objects.filter(gemeente=gemeente, active=True)
                   .select_related("organisation", "team")
                   .prefetch_related("skills", "learning", Prefetch(
                       "certificates", queryset=WorkerCertificate.objects.select_related("certificate_type")))
                   .order_by("name", "pk"))
    labels = _labels(workers)
    names: dict[tuple[str, str], str] = {}
    people = []
    for w in workers:
        skills = {s.code for s in w.skills.all()}
        certs = {c.certificate_type.code: c.valid_until for c in w.certificates.all()}
        for s in list(w.skills.all()) + list(w.learning.all()):
            names[("skill", s.code)] = s.name
        for c in w.certificates.all():
            names[("certificate", c.certificate_type.code)] = c.certificate_type.name
        people.append(Person(name=labels[w.pk], skills=frozenset(skills), certificates=certs,
                             learning=frozenset(s.code for s in w.learning.all()),
                             hours_per_week=float(w.hours_per_week),
                             working_days=frozenset(d for d in (w.days or []) if isinstance(d, int) and 0 <= d < 7),
                             protected=w.protected, may_supervise=w.may_supervise,
                             team=w.team.name if w.team_id else ""))
    area_team = _team_of_area(gemeente)
    orders, problem_orders, zero, order_team = {}, [], [], {}
    for o in scope_orders(gemeente=gemeente, monday=monday):
        if o.hours <= 0:
            zero.append(o)
            continue
        skills = list(o.activity.skills.all())
        certs = list(o.activity.certificates.all())
        for s in skills:
            names[("skill", s.code)] = s.name
        for c in certs:
            names[("certificate", c.code)] = c.name
        team = o.team.name if o.team_id else area_team.get(o.buurt_id) or area_team.get(o.wijk_id) or ""
        area = o.buurt.code if o.buurt_id else (o.wijk.code if o.wijk_id else "")
        orders[o.code] = o
        order_team[o.code] = team
        problem_orders.append(Order(code=o.code, hours=float(o.hours), skills=frozenset(s.code for s in skills),
                                    certificates=frozenset(c.code for c in certs), area=area, deadline=o.deadline,
                                    priority=int(o.priority), team=team or None))
    booked: dict[tuple[str, datetime.date], float] = defaultdict(float)
    outside = (WorkAssignment.objects.filter(order__gemeente=gemeente, day__range=(first, last), worker__active=True)
               .exclude(order_id__in=[o.pk for o in orders.values()] + [o.pk for o in zero]))
    for a in outside.only("worker_id", "day", "hours"):
        if a.worker_id in labels:
            booked[(labels[a.worker_id], a.day)] += float(a.hours)
    problem = Problem(days=days, orders=tuple(problem_orders), people=tuple(people), booked=dict(booked))
    skills_by_code = {s.code: s for s in Skill.objects.filter(gemeente=gemeente)}
    return WeekProblem(monday=first, problem=problem, orders=orders, workers={labels[w.pk]: w for w in workers},
                       labels=labels, skills=skills_by_code, names=names, order_team=order_team, zero_hours=zero)
