"""Social return by the "bouwblokken" method: the pure computation (no database; plain records in,
figures out, so it is tested by hand).

Per person the counting window is [start, min(start + counting months of the group, end + 1 day)).
The window is cut into month-periods anchored at the start date (start, start + 1 month, ... by
calendar month addition, the day clamped: 31 January + 1 month = 28/29 February). Each period is
worth value_per_year / 12, pro rata by days when only part of it lies inside the window or inside
the year, and times the part-time factor min(1, hours per week / full-time hours of the group).
Bonuses are one-off, in the year of the start; training counts at actual cost in the year it ended
(or started, without an end); purchases from an SW-bedrijf at invoice value. A subcontract's value
counts towards its parent too. Amounts are exact fractions until the end, then rounded to cents
(half up).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

from .tables import FULL_TIME_HOURS

DEFAULT_COUNTING_MONTHS = 12
CENT = Decimal("0.01")


class UnknownTargetGroup(ValueError):
    """A participant's target group is not in the contract's valuation table."""

    def __init__(self, group: str, table: str, contract: str = "") -> None:
        self.group, self.table, self.contract = group, table, contract
        super().__init__(
            _("Doelgroep ‘%(group)s’ staat niet in de waarderingstabel %(table)s (contract %(contract)s): "
              "voeg de doelgroep toe aan de tabel of corrigeer de deelnemers.")
            % {"group": group, "table": table, "contract": contract or "-"})


def _exact(value) -> Fraction:
    """A number from a table (int, float from JSON, Decimal, text) as an exact fraction of its decimal text."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int | Decimal):
        return Fraction(value)
    return Fraction(Decimal(str(value)))


def cents(value) -> Decimal:
    """An exact amount rounded to cents, half up (amounts are never negative)."""
    q = _exact(value) * 100
    whole = (q.numerator * 2 + q.denominator) // (q.denominator * 2)  # floor(q + 1/2)
    return (Decimal(whole) * CENT).quantize(CENT)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` plus whole calendar months, the day clamped to the month's length (31 Jan + 1 = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    if day.day <= 28:
        return datetime.date(year, month, day.day)
    next_first = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return datetime.date(year, month, min(day.day, (next_first - datetime.timedelta(days=1)).day))


@dataclass(frozen=True)
class Table:
    """One version of a region's valuation table (a SocialReturnTable or an entry of tables.DEFAULT_TABLES)."""

    name: str
    version: str
    region: str
    values: Mapping[str, Fraction]
    counting_months: Mapping[str, int]
    full_time_hours: Mapping[str, Fraction]
    bonuses: Mapping[str, dict]

    @classmethod
    def from_dict(cls, spec: Mapping) -> Table:
        return cls(
            name=str(spec["name"]), version=str(spec["version"]), region=str(spec.get("region") or ""),
            values={k: _exact(v) for k, v in (spec.get("values") or {}).items()},
            counting_months={k: int(v) for k, v in (spec.get("counting_months") or {}).items()},
            full_time_hours={k: _exact(v) for k, v in (spec.get("full_time_hours") or {}).items()},
            bonuses={k: dict(v) for k, v in (spec.get("bonuses") or {}).items()},
        )

    @property
    def label(self) -> str:
        return f"{self.name} {self.version}"

    def months(self, group: str) -> int:
        return self.counting_months.get(group, DEFAULT_COUNTING_MONTHS)

    def full_time(self, group: str) -> Fraction:
        hours = self.full_time_hours.get(group)
        return hours if hours else Fraction(FULL_TIME_HOURS)

    @property
    def max_months(self) -> int:
        return max([DEFAULT_COUNTING_MONTHS, *self.counting_months.values()])


@dataclass(frozen=True, slots=True)
class Person:
    key: object
    contract: object
    target_group: str
    start: datetime.date
    end: datetime.date | None = None  # the last day, inclusive; None: ongoing
    hours_per_week: Decimal | float | int = 36
    birth_year: int | None = None
    bonuses: tuple[str, ...] = ()
    organisation: object = None


@dataclass(frozen=True, slots=True)
class TrainingCost:
    contract: object
    person: object
    start: datetime.date
    end: datetime.date | None
    cost: Decimal


@dataclass(frozen=True, slots=True)
class Purchase:
    contract: object
    year: int
    invoice_value: Decimal
    supplier: str = ""


@dataclass(frozen=True)
class ContractSpec:
    key: object
    code: str
    name: str
    value_per_year: Decimal
    obligation: Decimal  # a fraction: 0.05 is 5 %
    table: Table
    parent: object = None


@dataclass
class GroupFigure:
    persons: int = 0
    person_years: Fraction = Fraction(0)
    value: Fraction = Fraction(0)
    organisations: set = field(default_factory=set)

    def add(self, other: GroupFigure) -> None:
        self.persons += other.persons
        self.person_years += other.person_years
        self.value += other.value
        self.organisations |= other.organisations


@dataclass
class Figures:
    """What one contract (or a contract with its subcontracts) realised in a year, exact."""

    groups: dict[str, GroupFigure] = field(default_factory=dict)
    bonuses: dict[str, GroupFigure] = field(default_factory=dict)  # per bonus code: persons, amount (value)
    training: Fraction = Fraction(0)
    trainings: int = 0
    purchases: Fraction = Fraction(0)
    purchase_count: int = 0
    persons: int = 0

    @property
    def group_value(self) -> Fraction:
        return sum((g.value for g in self.groups.values()), Fraction(0))

    @property
    def bonus_value(self) -> Fraction:
        return sum((b.value for b in self.bonuses.values()), Fraction(0))

    @property
    def person_years(self) -> Fraction:
        return sum((g.person_years for g in self.groups.values()), Fraction(0))

    @property
    def total(self) -> Fraction:
        return self.group_value + self.bonus_value + self.training + self.purchases

    def add(self, other: Figures) -> None:
        for target, source in ((self.groups, other.groups), (self.bonuses, other.bonuses)):
            for code, figure in source.items():
                target.setdefault(code, GroupFigure()).add(figure)
        self.training += other.training
        self.trainings += other.trainings
        self.purchases += other.purchases
        self.purchase_count += other.purchase_count
        self.persons += other.persons


def months_in_year(start: datetime.date, window_end: datetime.date, year: int) -> Fraction:
    """How many month-periods (anchored at `start`) of the window [start, window_end) lie in `year`,
    each partly covered period counted by its days inside / its days."""
    lo, hi = max(start, datetime.date(year, 1, 1)), min(window_end, datetime.date(year + 1, 1, 1))
    if lo >= hi:
        return Fraction(0)
    k = max(0, (lo.year - start.year) * 12 + lo.month - start.month - 1)
    full, part = 0, Fraction(0)
    begin = add_months(start, k)
    while begin < hi:
        end = add_months(start, k + 1)
        if end > lo:
            inside = (min(end, hi) - max(begin, lo)).days
            days = (end - begin).days
            if inside == days:
                full += 1
            else:
                part += Fraction(inside, days)
        k += 1
        begin = end
    return full + part


def window_end(person: Person, months: int) -> datetime.date:
    """The first day after the person's counting window."""
    stop = add_months(person.start, months)
    if person.end is not None:
        stop = min(stop, person.end + datetime.timedelta(days=1))
    return stop


def part_time_factor(hours_per_week, full_time: Fraction) -> Fraction:
    return min(Fraction(1), _exact(hours_per_week or 0) / full_time)


def person_bonuses(person: Person, table: Table) -> list[str]:
    """The table's bonuses this person earns (in the year of the start): age bonuses from the birth
    year, the others when ticked on the participant."""
    earned = []
    for code, spec in table.bonuses.items():
        min_age = spec.get("min_age")
        if min_age is not None:
            if person.birth_year is not None and person.start.year - person.birth_year >= int(min_age):
                earned.append(code)
        elif code in person.bonuses:
            earned.append(code)
    return earned


def contract_figures(*, contract: ContractSpec, year: int, persons: Iterable[Person],
                     trainings: Iterable[TrainingCost] = (), purchases: Iterable[Purchase] = ()) -> Figures:
    """One contract's own figures for `year` (records of other contracts are skipped)."""
    table, out = contract.table, Figures()
    for person in persons:
        if person.contract != contract.key:
            continue
        group = person.target_group
        if group not in table.values:
            raise UnknownTargetGroup(group, table.label, contract.code)
        months = months_in_year(person.start, window_end(person, table.months(group)), year)
        earned = person_bonuses(person, table) if person.start.year == year else []
        if not months and not earned:
            continue
        out.persons += 1
        figure = out.groups.setdefault(group, GroupFigure())
        figure.persons += 1
        figure.organisations.add(person.organisation)
        if months:
            share = part_time_factor(person.hours_per_week, table.full_time(group)) * months / 12
            figure.person_years += share
            figure.value += table.values[group] * share
        for code in earned:
            bonus = out.bonuses.setdefault(code, GroupFigure())
            bonus.persons += 1
            bonus.value += _exact(table.bonuses[code].get("amount", 0))
            bonus.organisations.add(person.organisation)
    for training in trainings:
        if training.contract == contract.key and (training.end or training.start).year == year:
            out.training += _exact(training.cost)
            out.trainings += 1
    for purchase in purchases:
        if purchase.contract == contract.key and purchase.year == year:
            out.purchases += _exact(purchase.invoice_value)
            out.purchase_count += 1
    return out


@dataclass
class YearResult:
    """A contract's year: its own figures, with its subcontracts (`combined`) and per contract."""

    contract: ContractSpec
    year: int
    own: Figures
    combined: Figures
    family: list[tuple[ContractSpec, Figures]]  # the contract itself first, then its subcontracts

    @property
    def obligation(self) -> Decimal:
        return cents(_exact(self.contract.value_per_year) * _exact(self.contract.obligation))

    @property
    def realised(self) -> Decimal:
        return cents(self.combined.total)

    @property
    def realised_own(self) -> Decimal:
        return cents(self.own.total)

    @property
    def share(self) -> Fraction | None:
        """Realised / the contract's value per year (None for a contract without value)."""
        value = _exact(self.contract.value_per_year)
        return self.combined.total / value if value else None

    @property
    def met(self) -> bool:
        return self.realised >= self.obligation

    def as_json(self) -> dict:
        """The figures as the `social-return --json` command prints them: euros as numbers with two
        decimals; nothing suppressed (an operator's command)."""
        c, share = self.combined, self.share
        return {
            "contract": self.contract.code, "name": self.contract.name, "year": self.year,
            "table": self.contract.table.label, "contract_value": float(cents(self.contract.value_per_year)),
            "obligation": float(self.obligation), "realised": float(self.realised),
            "realised_own": float(self.realised_own),
            "percentage": None if share is None else round(float(share), 4), "met": self.met,
            "by_target_group": {g: float(cents(f.value)) for g, f in sorted(c.groups.items()) if f.value},
            "persons_by_target_group": {g: f.persons for g, f in sorted(c.groups.items())},
            "bonuses": float(cents(c.bonus_value)),
            "by_bonus": {code: float(cents(b.value)) for code, b in sorted(c.bonuses.items())},
            "training": float(cents(c.training)), "purchases": float(cents(c.purchases)),
            "persons": c.persons, "person_years": float(cents(c.person_years)),
            "by_contract": {spec.code: float(cents(f.total)) for spec, f in self.family},
        }


def descendants(contracts: Iterable[ContractSpec], key) -> list[ContractSpec]:
    """The contract with `key` first, then its subcontracts (and theirs), each once."""
    by_parent: dict[object, list[ContractSpec]] = {}
    by_key = {}
    for spec in contracts:
        by_key[spec.key] = spec
        by_parent.setdefault(spec.parent, []).append(spec)
    out, seen, todo = [], set(), [by_key[key]]
    while todo:
        spec = todo.pop(0)
        if spec.key in seen:
            continue
        seen.add(spec.key)
        out.append(spec)
        todo.extend(sorted(by_parent.get(spec.key, []), key=lambda s: s.code))
    return out


def compute_year(*, contracts: Iterable[ContractSpec], year: int, persons: Iterable[Person],
                 trainings: Iterable[TrainingCost] = (), purchases: Iterable[Purchase] = (),
                 only: Iterable = ()) -> dict[object, YearResult]:
    """Every contract's year (or those with a key in `only`), each with its subcontracts rolled up.
    Records are grouped per contract once, so each is looked at once."""
    contracts = list(contracts)
    grouped: dict[object, tuple[list, list, list]] = {spec.key: ([], [], []) for spec in contracts}
    for index, records in enumerate((persons, trainings, purchases)):
        for record in records:
            if record.contract in grouped:
                grouped[record.contract][index].append(record)
    own: dict[object, Figures] = {}

    def figures_of(spec: ContractSpec) -> Figures:
        if spec.key not in own:
            p, t, b = grouped[spec.key]
            own[spec.key] = contract_figures(contract=spec, year=year, persons=p, trainings=t, purchases=b)
        return own[spec.key]

    wanted = set(only) or {spec.key for spec in contracts}
    results = {}
    for spec in contracts:
        if spec.key not in wanted:
            continue
        family = [(member, figures_of(member)) for member in descendants(contracts, spec.key)]
        combined = Figures()
        for _member, figures in family:
            combined.add(figures)
        results[spec.key] = YearResult(contract=spec, year=year, own=family[0][1], combined=combined, family=family)
    return results

