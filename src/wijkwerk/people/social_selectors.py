"""Social return (reads): contracts, valuation tables, purchases, PSO levels, and the records of a
year loaded for the computation (`social_return`) in a few `values()` queries, never one per person."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Q, QuerySet

from wijkwerk.municipalities.models import Gemeente, Organisation

from .models import Contract, Participant, PsoLevel, SocialPurchase, SocialReturnTable, Training
from .social_return import (
    ContractSpec,
    Person,
    Purchase,
    Table,
    TrainingCost,
    YearResult,
    add_months,
    compute_year,
    descendants,
)
from .tables import DEFAULT_TABLE_NAME


def contract_list(*, gemeente: Gemeente) -> QuerySet[Contract]:
    return Contract.objects.filter(gemeente=gemeente).select_related("table", "parent", "organisation").order_by("code")


def contract_get(*, gemeente: Gemeente, contract_id: int | None = None, code: str | None = None) -> Contract | None:
    """The municipality's contract by id or by code, or None."""
    qs = contract_list(gemeente=gemeente)
    if contract_id is not None:
        return qs.filter(pk=contract_id).first()
    return qs.filter(code=code).first() if code else None


def table_list() -> QuerySet[SocialReturnTable]:
    return SocialReturnTable.objects.order_by("name", "-valid_from", "-version")


def table_latest(*, name: str = DEFAULT_TABLE_NAME) -> SocialReturnTable | None:
    """The newest version (by valid_from) of the table with this name (case-insensitive), or None."""
    return SocialReturnTable.objects.filter(name__iexact=(name or "").strip()).order_by("-valid_from", "-pk").first()


def table_spec(table: SocialReturnTable) -> Table:
    return Table.from_dict({"name": table.name, "version": table.version, "region": table.region,
                            "values": table.values, "counting_months": table.counting_months,
                            "full_time_hours": table.full_time_hours, "bonuses": table.bonuses})


def contract_specs(contracts: Iterable[Contract]) -> list[ContractSpec]:
    """The contracts as plain records for the computation (each table converted once)."""
    tables: dict[int, Table] = {}
    out = []
    for c in contracts:
        if c.table_id not in tables:
            tables[c.table_id] = table_spec(c.table)
        out.append(ContractSpec(key=c.pk, code=c.code, name=c.name, value_per_year=c.value_per_year,
                                obligation=c.obligation, table=tables[c.table_id], parent=c.parent_id))
    return out


def year_records(*, contract_ids: list[int], year: int, max_months: int) -> dict:
    """The persons whose counting window can reach `year` (or who start in it), the trainings ending
    (or, without an end, starting) in it and the purchases of the year, of these contracts: three
    queries of plain values."""
    first, next_first = datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)
    person_rows = (Participant.objects.filter(contract_id__in=contract_ids, start__lt=next_first,
                                              start__gte=add_months(first, -max_months) - datetime.timedelta(days=1))
                   .filter(Q(end__isnull=True) | Q(end__gte=first))
                   .values_list("pk", "contract_id", "target_group", "start", "end", "hours_per_week", "birth_year",
                                "bonuses", "organisation_id").order_by())
    persons = [Person(key=pk, contract=contract, target_group=group, start=start, end=end, hours_per_week=hours,
                      birth_year=birth, bonuses=tuple(flags or ()), organisation=org)
               for pk, contract, group, start, end, hours, birth, flags, org in person_rows.iterator(chunk_size=5000)]
    training_rows = (Training.objects.filter(participant__contract_id__in=contract_ids)
                     .filter(Q(end__gte=first, end__lt=next_first) | Q(end__isnull=True, start__gte=first,
                                                                        start__lt=next_first))
                     .values_list("participant__contract_id", "participant_id", "start", "end", "cost").order_by())
    trainings = [TrainingCost(contract=c, person=p, start=s, end=e, cost=cost) for c, p, s, e, cost in training_rows]
    purchase_rows = (SocialPurchase.objects.filter(contract_id__in=contract_ids, year=year)
                     .values_list("contract_id", "year", "invoice_value", "supplier__name").order_by())
    purchases = [Purchase(contract=c, year=y, invoice_value=v, supplier=s) for c, y, v, s in purchase_rows]
    return {"persons": persons, "trainings": trainings, "purchases": purchases}


def _compute(specs: list[ContractSpec], year: int, only: Iterable) -> dict[object, YearResult]:
    wanted = set(only) or {s.key for s in specs}
    needed = {member.key: member for key in wanted for member in descendants(specs, key)}
    max_months = max(spec.table.max_months for spec in needed.values()) if needed else 12
    records = year_records(contract_ids=list(needed), year=year, max_months=max_months)
    return compute_year(contracts=list(needed.values()), year=year, only=wanted, **records)


def contract_year(*, contract: Contract, year: int) -> YearResult:
    """The year of one contract with its subcontracts. Raises UnknownTargetGroup (social_return)."""
    specs = contract_specs(contract_list(gemeente=contract.gemeente))
    return _compute(specs, year, [contract.pk])[contract.pk]


def contracts_year(*, gemeente: Gemeente, year: int) -> list[YearResult]:
    """Every contract of the municipality in `year`, each with its subcontracts rolled up, by code.
    Raises UnknownTargetGroup (social_return)."""
    specs = contract_specs(contract_list(gemeente=gemeente))
    results = _compute(specs, year, [])
    return [results[spec.key] for spec in specs]


def purchase_list(*, contract: Contract, year: int | None = None) -> QuerySet[SocialPurchase]:
    qs = SocialPurchase.objects.filter(contract=contract).select_related("supplier").order_by("-year", "id")
    return qs.filter(year=year) if year is not None else qs


def sw_companies(*, gemeente: Gemeente) -> QuerySet[Organisation]:
    return Organisation.objects.filter(gemeente=gemeente, kind=Organisation.Kind.SW_BEDRIJF).order_by("name")


def pso_overview(*, gemeente: Gemeente) -> list[dict]:
    """Every partner organisation (the municipality itself left out) with its current PSO level (the
    latest by date) and its history, newest first: two queries."""
    organisations = list(Organisation.objects.filter(gemeente=gemeente)
                         .exclude(kind=Organisation.Kind.MUNICIPALITY).order_by("name"))
    history: dict[int, list[PsoLevel]] = {}
    for level in PsoLevel.objects.filter(organisation__gemeente=gemeente).order_by("-date", "-id"):
        history.setdefault(level.organisation_id, []).append(level)
    return [{"organisation": o, "current": (history.get(o.pk) or [None])[0], "history": history.get(o.pk, [])}
            for o in organisations]
