"""Aggregate figures about participants, for everyone who may see them (roles.VIEW_PEOPLE_AGGREGATES):
counts and sums only, no person in them, so no audit record either.

- the funnel per year: inflow, progression steps, outflow by destination (and how many lasted),
  re-inflow (trajectory steps dated in that year);
- ladder movements: per participant the first and the latest Participatieladder measurement in the
  period (participants measured at least twice): up / same / down, and the before -> after matrix;
- trainings passed (result "behaald") per year of their end (or start);
- hours worked per year by the workers who are participants (completions of work orders).

Small groups are suppressed (`suppress`, pure and separately tested): a figure about fewer than
WIJKWERK_SUPPRESSION_THRESHOLD participants (default 5) is shown as "< 5" (0 stays 0), and where a
shown total (a row total, or the whole municipality as the sum of its organisations) would let a
reader recompute a hidden figure, a second one is hidden as well ("x", as CBS writes a secret cell).
The suppression runs over all organisations at once, so that the figures of one organisation and of
the whole municipality cannot be subtracted from each other to reveal a small group.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet, Sum

from wijkwerk.core.numbers import format_number
from wijkwerk.municipalities.models import Organisation
from wijkwerk.work.models import WorkedHours

from .models import LadderStep, Phase, Training, TrajectoryEvent

DESTINATIONS = tuple(TrajectoryEvent.Destination.values)
FUNNEL_METRICS = ("inflow", "progression", *(f"outflow_{d}" for d in DESTINATIONS), "outflow", "lasted", "reinflow")
MOVEMENTS = ("up", "same", "down")
STEPS = tuple(range(1, 7))
SMALL = "small"  # fewer participants than the threshold: "< 5"
LINKED = "linked"  # hidden so that a total does not give a small group away: "x"
DEFAULT_THRESHOLD = 5


def suppression_threshold() -> int:
    return int(getattr(settings, "WIJKWERK_SUPPRESSION_THRESHOLD", DEFAULT_THRESHOLD))


# --- Suppression (pure: no database) ---------------------------------------------------------------

def suppress(values: Mapping[Hashable, float], *, threshold: int, people: Mapping[Hashable, int] | None = None,
             relations: Iterable[tuple[Hashable, Sequence[Hashable]]] = ()) -> dict[Hashable, str]:
    """Which figures to hide: {key: "" (shown), SMALL or LINKED}.

    Primary: a non-zero figure about fewer than `threshold` participants (`people[key]`, or the figure
    itself when it is a count of participants) is SMALL. Secondary: each relation (total key, member
    keys) says that the total is the sum of the members; where exactly one of its terms is hidden, it
    could be recomputed, so the smallest other non-zero member (or else the total) is hidden too
    (LINKED). Repeated until no relation has a single hidden term. Zero is never hidden."""
    people = people or {}
    hidden: dict[Hashable, str] = {}
    for key, value in values.items():
        hidden[key] = SMALL if value and 0 < people.get(key, value) < threshold else ""
    relations = [(total, tuple(members)) for total, members in relations]
    changed = True
    while changed:
        changed = False
        for total, members in relations:
            terms = (total, *members)
            if sum(1 for t in terms if hidden[t]) != 1:
                continue
            others = [t for t in members if not hidden[t] and values[t]]
            if not others and not hidden[total] and values[total]:
                others = [total]
            if others:
                hidden[min(others, key=lambda t: (values[t], terms.index(t)))] = LINKED
                changed = True
    return hidden


@dataclass(frozen=True)
class Cell:
    """One figure as the dashboard and the workbook show it."""

    value: float
    hidden: str = ""
    threshold: int = DEFAULT_THRESHOLD
    decimals: int = 0
    count: bool = True  # a number of people or events (hidden as "< 5"); else an amount (hidden as "x")

    @property
    def text(self) -> str:
        if self.hidden == SMALL and self.count:
            return f"< {self.threshold}"
        if self.hidden:
            return "x"
        return format_number(self.value, self.decimals if self.value else 0)

    @property
    def export(self):
        """For a spreadsheet: the number, or the text of a hidden figure."""
        if self.hidden:
            return self.text
        return round(float(self.value), self.decimals) if self.decimals else int(self.value)


# --- Raw figures per organisation ------------------------------------------------------------------

class _Tally:
    """Figures by (organisation id, *key): a sum (`amount`) or a number of distinct participants
    (`amount=None`), and always the participants behind it."""

    def __init__(self):
        self.sums: dict[tuple, float] = defaultdict(float)
        self.people: dict[tuple, set] = defaultdict(set)

    def add(self, organisation_id: int, key: tuple, participant, amount: float | None = 1) -> None:
        full = (organisation_id, *key)
        self.people[full].add(participant)
        if amount is not None:
            self.sums[full] += amount

    def figures(self) -> dict[tuple, tuple[float, int]]:
        return {k: (self.sums[k] if k in self.sums else len(p), len(p)) for k, p in self.people.items()}


def _period(years: Sequence[int]) -> tuple[datetime.date, datetime.date]:
    return datetime.date(min(years), 1, 1), datetime.date(max(years), 12, 31)


def _funnel(tally: _Tally, *, gemeente, years: Sequence[int]) -> None:
    metric = {Phase.INFLOW: "inflow", Phase.PROGRESSION: "progression", Phase.REINFLOW: "reinflow"}
    rows = (TrajectoryEvent.objects.filter(participant__gemeente=gemeente, date__range=_period(years))
            .values_list("participant__organisation_id", "participant_id", "date", "phase", "destination", "lasted"))
    for org, pid, day, phase, destination, lasted in rows:
        if phase != Phase.OUTFLOW:
            tally.add(org, ("funnel", day.year, metric[phase]), pid)
            continue
        # an outflow without a destination (recorded with the participant's end date) counts as "anders"
        tally.add(org, ("funnel", day.year, f"outflow_{destination or TrajectoryEvent.Destination.OTHER}"), pid)
        tally.add(org, ("funnel", day.year, "outflow"), pid)
        if lasted:
            tally.add(org, ("funnel", day.year, "lasted"), pid)


def _ladder(tally: _Tally, *, gemeente, years: Sequence[int]) -> None:
    rows = (LadderStep.objects.filter(participant__gemeente=gemeente, date__range=_period(years))
            .order_by("participant_id", "date", "id").values_list("participant__organisation_id", "participant_id",
                                                                  "step"))
    measured: dict[str, list] = {}
    for org, pid, step in rows:
        entry = measured.setdefault(pid, [org, step, step, 0])
        entry[2], entry[3] = step, entry[3] + 1
    for pid, (org, first, latest, count) in measured.items():
        if count < 2:
            continue
        tally.add(org, ("matrix", first, latest), pid)
        tally.add(org, ("ladder", "up" if latest > first else "down" if latest < first else "same"), pid)
        tally.add(org, ("ladder", "measured"), pid)


def _trainings(tally: _Tally, *, gemeente, years: Sequence[int]) -> None:
    rows = (Training.objects.filter(participant__gemeente=gemeente, result=Training.Result.PASSED)
            .values_list("participant__organisation_id", "participant_id", "start", "end"))
    for org, pid, start, end in rows:
        year = (end or start).year
        if min(years) <= year <= max(years):
            tally.add(org, ("trainings", year), pid)
            tally.add(org, ("trainings_people", year), pid, amount=None)


def _hours(tally: _Tally, *, gemeente, years: Sequence[int]) -> None:
    rows = (WorkedHours.objects.filter(worker__participant__gemeente=gemeente,
                                       completion__at__year__gte=min(years), completion__at__year__lte=max(years))
            .values_list("worker__participant__organisation_id", "worker_id", "completion__at__year")
            .annotate(total=Sum("hours")).order_by())
    for org, worker, year, total in rows:
        tally.add(org, ("hours", year), worker, amount=float(total or 0))
        tally.add(org, ("hours_people", year), worker, amount=None)


def _keys(years: Sequence[int]) -> list[tuple]:
    """Every figure the dashboard shows (zero where nothing happened)."""
    return ([("funnel", y, m) for y in years for m in FUNNEL_METRICS]
            + [("matrix", i, j) for i in STEPS for j in STEPS]
            + [("ladder", m) for m in (*MOVEMENTS, "measured")]
            + [(name, y) for y in years for name in ("trainings", "trainings_people", "hours", "hours_people")])


def _figures(*, gemeente, years: Sequence[int]) -> dict[tuple, tuple[float, int]]:
    tally = _Tally()
    for collect in (_funnel, _ladder, _trainings, _hours):
        collect(tally, gemeente=gemeente, years=years)
    return tally.figures()


def _only(figures: Mapping[tuple, tuple[float, int]], organisation_id: int | None) -> dict[tuple, tuple[float, int]]:
    """The figures of one organisation, or of all together (a participant belongs to one organisation,
    so the numbers of participants add up too)."""
    out: dict[tuple, list] = defaultdict(lambda: [0, 0])
    for (org, *key), (value, people) in figures.items():
        if organisation_id is None or org == organisation_id:
            out[tuple(key)][0] += value
            out[tuple(key)][1] += people
    return {k: (v[0], v[1]) for k, v in out.items()}


# --- Selectors: raw figures (not suppressed) -------------------------------------------------------

def participant_organisations(*, gemeente) -> QuerySet[Organisation]:
    """The organisations with participants: the dashboard's organisation filter."""
    return Organisation.objects.filter(gemeente=gemeente, participants__isnull=False).distinct().order_by("name")


def funnel_by_year(*, gemeente, years: Sequence[int], organisation_id: int | None = None) -> dict[int, dict[str, int]]:
    """{year: {metric: count}}, metrics FUNNEL_METRICS (trajectory steps dated in the year)."""
    figures = _only(_figures(gemeente=gemeente, years=years), organisation_id)
    return {y: {m: int(figures.get(("funnel", y, m), (0, 0))[0]) for m in FUNNEL_METRICS} for y in years}


def ladder_movements(*, gemeente, years: Sequence[int], organisation_id: int | None = None) -> dict:
    """{"up", "same", "down", "measured": count, "matrix": {(first, latest): count}} over the period."""
    figures = _only(_figures(gemeente=gemeente, years=years), organisation_id)
    out = {m: int(figures.get(("ladder", m), (0, 0))[0]) for m in (*MOVEMENTS, "measured")}
    out["matrix"] = {(i, j): int(figures.get(("matrix", i, j), (0, 0))[0]) for i in STEPS for j in STEPS}
    return out


def trainings_by_year(*, gemeente, years: Sequence[int], organisation_id: int | None = None) -> dict[int, dict]:
    """{year: {"passed": trainings passed, "people": participants who passed one}}."""
    figures = _only(_figures(gemeente=gemeente, years=years), organisation_id)
    return {y: {"passed": int(figures.get(("trainings", y), (0, 0))[0]),
                "people": int(figures.get(("trainings_people", y), (0, 0))[0])} for y in years}


def hours_by_year(*, gemeente, years: Sequence[int], organisation_id: int | None = None) -> dict[int, dict]:
    """{year: {"hours": hours worked, "people": participants who worked}}."""
    figures = _only(_figures(gemeente=gemeente, years=years), organisation_id)
    return {y: {"hours": figures.get(("hours", y), (0, 0))[0],
                "people": int(figures.get(("hours_people", y), (0, 0))[0])} for y in years}


# --- The dashboard: every figure, suppressed -------------------------------------------------------

def _relations(slices: Sequence[int | None], organisations: Sequence[int], years: Sequence[int]) -> list:
    relations = []
    for s in slices:
        relations += [((s, "funnel", y, "outflow"), [(s, "funnel", y, f"outflow_{d}") for d in DESTINATIONS])
                      for y in years]
        relations += [
            ((s, "ladder", "up"), [(s, "matrix", i, j) for i in STEPS for j in STEPS if j > i]),
            ((s, "ladder", "same"), [(s, "matrix", i, i) for i in STEPS]),
            ((s, "ladder", "down"), [(s, "matrix", i, j) for i in STEPS for j in STEPS if j < i]),
            ((s, "ladder", "measured"), [(s, "ladder", m) for m in MOVEMENTS]),
        ]
    if organisations:  # the municipality is the sum of its organisations
        relations += [((None, *key), [(org, *key) for org in organisations]) for key in _keys(years)]
    return relations


def people_dashboard(*, gemeente, years: Sequence[int], organisation_id: int | None = None,
                     threshold: int | None = None) -> dict:
    """The dashboard's figures for the whole municipality (or one organisation), as Cells."""
    threshold = suppression_threshold() if threshold is None else threshold
    years = list(years)
    figures = _figures(gemeente=gemeente, years=years)
    organisations = sorted({key[0] for key in figures} | ({organisation_id} if organisation_id else set()))
    values, people = {}, {}
    for key in _keys(years):
        for org in organisations:
            values[(org, *key)], people[(org, *key)] = figures.get((org, *key), (0, 0))
        values[(None, *key)] = sum(values[(org, *key)] for org in organisations)
        people[(None, *key)] = sum(people[(org, *key)] for org in organisations)
    hidden = suppress(values, threshold=threshold, people=people,
                      relations=_relations([None, *organisations], organisations, years))

    def cell(*key, decimals: int = 0, count: bool = True) -> Cell:
        full = (organisation_id, *key)
        return Cell(value=values[full], hidden=hidden[full], threshold=threshold, decimals=decimals, count=count)

    return {
        "years": years, "threshold": threshold, "organisation_id": organisation_id,
        "funnel": [{"year": y, **{m: cell("funnel", y, m) for m in FUNNEL_METRICS}} for y in years],
        "ladder": {**{m: cell("ladder", m) for m in (*MOVEMENTS, "measured")},
                   "matrix": [{"before": i, "cells": [cell("matrix", i, j) for j in STEPS]} for i in STEPS]},
        "trainings": [{"year": y, "passed": cell("trainings", y), "people": cell("trainings_people", y)}
                      for y in years],
        "hours": [{"year": y, "hours": cell("hours", y, decimals=1, count=False), "people": cell("hours_people", y)}
                  for y in years],
    }
