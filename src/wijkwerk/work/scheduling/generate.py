"""Random but plausible weeks (for the benchmark and the tests): mixed teams per area, skills and
certificates (some expiring during the week), learners, people in protected work and supervisors, part
timers, orders with deadlines, priorities, allowed days, and some that nobody can do."""

from __future__ import annotations

import random
from datetime import date, timedelta

from .problem import Order, Person, Problem

MONDAY = date(2026, 3, 2)

# activity: (skill, certificates it needs, weight)
ACTIVITIES = {
    "maaien": ("maaien", ("bosmaaier",), 5),
    "gazon": ("maaien", (), 6),
    "snoeien": ("snoeien", ("kettingzaag",), 3),
    "hagen": ("snoeien", (), 4),
    "onkruid": ("onkruid", (), 8),
    "zwerfafval": ("zwerfafval", (), 8),
    "bestrating": ("bestraten", ("vca",), 3),
    "bank": ("timmeren", ("vca",), 2),
    "boom": ("boomverzorging", ("kettingzaag", "hoogwerker"), 1),
    "transport": ("zwerfafval", ("rijbewijs_be",), 2),
}
SKILLS = sorted({a[0] for a in ACTIVITIES.values()})
CERTIFICATES = sorted({c for a in ACTIVITIES.values() for c in a[1]})


def random_week(n_orders: int = 2000, n_people: int = 150, *, seed: int = 1, team_size: int = 10,
                load: float = 1.1, impossible: float = 0.02) -> Problem:
    """`load`: hours of work per hour people have; `impossible`: share of orders needing something nobody has."""
    rng = random.Random(seed)
    days = tuple(MONDAY + timedelta(days=i) for i in range(5))
    n_teams = max(1, round(n_people / team_size))
    teams = [f"team-{t + 1:02d}" for t in range(n_teams)]
    areas = {t: [f"buurt-{i + 1:02d}{c}" for c in "abcd"[: rng.randint(2, 4)]] for i, t in enumerate(teams)}
    people = [_person(rng, i, teams[i % n_teams], days) for i in range(n_people)]
    capacity = sum(min(p.hours_per_week, 8.0 * len(p.working_days)) for p in people)
    acts = list(ACTIVITIES)
    weights = [ACTIVITIES[a][2] for a in acts]
    orders = []
    hours_left = load * capacity
    i = 0
    while len(orders) < n_orders:
        i += 1
        team = rng.choice(teams)
        act = rng.choices(acts, weights)[0]
        skill, certs, _ = ACTIVITIES[act]
        skills = {skill}
        certs = set(certs)
        if rng.random() < 0.1:
            skills.add(rng.choice(SKILLS))
        if rng.random() < impossible:
            (skills if rng.random() < 0.5 else certs).add(rng.choice(["duiken", "kraan", "lassen"]))
        left = n_orders - len(orders)
        mean = max(0.5, hours_left / left)
        hours = min(16.0, max(0.5, round(rng.expovariate(1.0 / mean) * 2) / 2))
        hours_left -= hours
        deadline = MONDAY + timedelta(days=rng.randint(-3, 25))
        allowed = None
        if rng.random() < 0.12:
            allowed = frozenset(rng.sample(days, rng.randint(1, 3)))
        orders.append(Order(code=f"WO-{i:05d}", hours=hours, skills=frozenset(skills), certificates=frozenset(certs),
                            area=rng.choice(areas[team]), deadline=deadline, priority=rng.randint(1, 5),
                            allowed_days=allowed, team=team))
    return Problem(days=days, orders=tuple(orders), people=tuple(people))


def _person(rng: random.Random, i: int, team: str, days) -> Person:
    protected = rng.random() < 0.3
    supervisor = not protected and rng.random() < 0.35
    skills = set(rng.sample(SKILLS, rng.randint(1, 4 if not protected else 2)))
    if supervisor:
        skills |= set(rng.sample(SKILLS, 2))
    certs = {}
    for c in CERTIFICATES:
        chance = {"vca": 0.5, "bosmaaier": 0.35, "kettingzaag": 0.2, "rijbewijs_be": 0.2, "hoogwerker": 0.08}[c]
        if protected:
            chance /= 3
        if rng.random() < chance:
            # some expire during the week or just before it
            expiry = days[0] + timedelta(days=rng.choice([-10, 1, 2, 3, 60, 200, 400, 400, 700]))
            certs[c] = expiry
    learning = set()
    if rng.random() < (0.6 if protected else 0.25):
        learning = {rng.choice([s for s in SKILLS if s not in skills] or SKILLS)}
    hours = rng.choice([40, 36, 36, 32, 24, 20] if not protected else [32, 24, 20, 16])
    n_days = 5 if hours >= 32 else max(2, min(5, round(hours / 7)))
    working = frozenset(sorted(rng.sample(range(5), n_days)))
    return Person(name=f"P{i:03d}", skills=frozenset(skills), certificates=certs, learning=frozenset(learning - skills),
                  hours_per_week=float(hours), working_days=working, protected=protected,
                  may_supervise=supervisor, team=team)
