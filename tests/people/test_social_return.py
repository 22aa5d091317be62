"""The social-return computation by hand (no database): counting windows of 12 and 24 months from each
person's start, month-periods anchored at the start, pro rata by days and by hours, bonuses, training,
purchases and subcontracts, with the Haaglanden 2023 table."""

import datetime
from decimal import Decimal
from fractions import Fraction

import pytest

from wijkwerk.people.social_return import (
    ContractSpec,
    Person,
    Purchase,
    Table,
    TrainingCost,
    UnknownTargetGroup,
    add_months,
    cents,
    compute_year,
    months_in_year,
)
from wijkwerk.people.tables import DEFAULT_TABLES

HAAGLANDEN = Table.from_dict(DEFAULT_TABLES[0])
UTRECHT = Table.from_dict(DEFAULT_TABLES[1])
D = datetime.date


def contract(key="C", value=1_000_000, table=HAAGLANDEN, parent=None) -> ContractSpec:
    return ContractSpec(key=key, code=key, name=f"Contract {key}", value_per_year=Decimal(value),
                        obligation=Decimal("0.05"), table=table, parent=parent)


def person(group, start, end=None, hours=36, key=1, contract_key="C", birth_year=None, bonuses=()) -> Person:
    return Person(key=key, contract=contract_key, target_group=group, start=start, end=end,
                  hours_per_week=Decimal(hours), birth_year=birth_year, bonuses=tuple(bonuses), organisation=1)


def year_of(persons, year, contracts=None, **records):
    contracts = contracts or [contract()]
    return compute_year(contracts=contracts, year=year, persons=persons, **records)[contracts[0].key]


def realised(persons, year, **kwargs) -> Decimal:
    return year_of(persons, year, **kwargs).realised


def test_the_table_is_haaglanden_2023():
    assert HAAGLANDEN.label == "Haaglanden 2023"
    assert HAAGLANDEN.values["participatiewet"] == 40000 and HAAGLANDEN.months("participatiewet") == 24
    assert HAAGLANDEN.months("ww") == 12 and HAAGLANDEN.full_time("banenafspraak") == 36


def test_participatiewet_from_1_march_counts_24_months_over_three_years():
    p = [person("participatiewet", D(2025, 3, 1))]
    assert realised(p, 2024) == Decimal("0.00")
    assert realised(p, 2025) == Decimal("33333.33")  # 10/12 x 40,000
    assert realised(p, 2026) == Decimal("40000.00")
    assert realised(p, 2027) == Decimal("6666.67")  # 2/12 x 40,000
    assert realised(p, 2028) == Decimal("0.00")


def test_a_12_month_group_stops_after_12_months_where_a_24_month_group_goes_on():
    ww = [person("ww", D(2025, 3, 1))]
    assert realised(ww, 2025) == Decimal("16666.67")  # 10/12 x 20,000
    assert realised(ww, 2026) == Decimal("3333.33")  # 2/12
    assert realised(ww, 2027) == Decimal("0.00")
    for group, per_year in (("wia", 30000), ("stagiair_vso_pro", 7500)):
        p = [person(group, D(2025, 1, 1))]
        assert realised(p, 2025) == realised(p, 2026) == Decimal(per_year)
        assert realised(p, 2027) == 0


def test_a_start_in_the_middle_of_a_month_counts_days_of_the_period_that_crosses_the_year():
    # Periods 15 Mar - 15 Apr ... 15 Dec - 15 Jan: 9 whole, then 17 of 31 days in 2025, 14 in 2026.
    p = [person("ww", D(2025, 3, 15))]
    assert months_in_year(D(2025, 3, 15), D(2026, 3, 15), 2025) == 9 + Fraction(17, 31)
    assert realised(p, 2025) == Decimal("15913.98")  # 20,000 x (9 + 17/31) / 12
    assert realised(p, 2026) == Decimal("4086.02")  # 20,000 x (2 + 14/31) / 12
    assert realised(p, 2025) + realised(p, 2026) == 20000


def test_months_are_anchored_at_the_start_with_the_day_clamped():
    assert add_months(D(2025, 1, 31), 1) == D(2025, 2, 28)
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2025, 1, 31), 2) == D(2025, 3, 31)  # from the start, not from 28 Feb
    assert add_months(D(2025, 12, 15), -24) == D(2023, 12, 15)
    # a year from 31 January is twelve periods, whatever their lengths
    assert realised([person("ww", D(2025, 1, 31))], 2025) + realised([person("ww", D(2025, 1, 31))], 2026) == 20000


def test_part_time_counts_pro_rata_per_36_hours_for_every_group_and_a_table_may_say_otherwise():
    assert realised([person("participatiewet", D(2025, 1, 1), hours=18)], 2025) == Decimal("20000.00")
    assert realised([person("banenafspraak", D(2025, 1, 1), hours="25.5")], 2025) == Decimal("35416.67")
    assert realised([person("banenafspraak", D(2025, 1, 1), hours=40)], 2025) == Decimal("50000.00")  # capped at 1
    spec = {**DEFAULT_TABLES[0], "full_time_hours": {**DEFAULT_TABLES[0]["full_time_hours"], "banenafspraak": 25.5}}
    own = contract(table=Table.from_dict(spec))
    assert realised([person("banenafspraak", D(2025, 1, 1), hours="25.5")], 2025, contracts=[own]) == Decimal("50000.00")
    assert realised([person("banenafspraak", D(2025, 1, 1), hours="12.75")], 2025, contracts=[own]) == Decimal("25000.00")
    assert year_of([person("participatiewet", D(2025, 1, 1), hours=18)], 2025).as_json()["person_years"] == 0.5


def test_an_end_date_cuts_the_window():
    assert realised([person("participatiewet", D(2025, 1, 1), end=D(2025, 6, 30))], 2025) == Decimal("20000.00")
    # last day 14 June: the June period counts 14 of its 30 days
    assert realised([person("participatiewet", D(2025, 1, 1), end=D(2025, 6, 14))], 2025) == Decimal("18222.22")
    assert realised([person("participatiewet", D(2025, 1, 1), end=D(2025, 6, 14))], 2026) == 0


def test_bonuses_are_one_off_in_the_year_of_the_start():
    older = person("geen_uitkering", D(2025, 1, 1), birth_year=1969)  # 56 in the year of the start
    younger = person("geen_uitkering", D(2025, 1, 1), key=2, birth_year=1971)  # 54
    ips = person("geen_uitkering", D(2025, 1, 1), key=3, bonuses=["ips", "statushouder"])  # no statushouder here
    result = year_of([older, younger, ips], 2025)
    assert result.as_json()["by_bonus"] == {"age_55_plus": 10000.0, "ips": 10000.0}
    assert result.as_json()["bonuses"] == 20000.0
    assert result.realised == 3 * 5000 + 20000
    assert year_of([older, younger, ips], 2026).as_json()["bonuses"] == 0
    # Utrecht: 50+ instead of 55+, and a statushouder bonus
    utrecht = year_of([younger, ips], 2025, contracts=[contract(table=UTRECHT)]).as_json()
    assert utrecht["by_bonus"] == {"age_50_plus": 10000.0, "statushouder": 10000.0}


def test_training_counts_at_actual_cost_in_the_year_it_ended():
    trainings = [TrainingCost("C", 1, D(2025, 2, 1), D(2025, 11, 30), Decimal("1500.00")),
                 TrainingCost("C", 1, D(2025, 12, 1), None, Decimal("250.50")),  # no end: the year it started
                 TrainingCost("C", 1, D(2025, 10, 1), D(2026, 1, 31), Decimal("800.00")),
                 TrainingCost("OTHER", 2, D(2025, 1, 1), D(2025, 1, 2), Decimal("999.00"))]
    result = year_of([], 2025, trainings=trainings).as_json()
    assert result["training"] == 1750.5 and result["realised"] == 1750.5
    assert year_of([], 2026, trainings=trainings).as_json()["training"] == 800.0


def test_purchases_from_an_sw_bedrijf_count_at_invoice_value():
    purchases = [Purchase("C", 2025, Decimal("12345.67")), Purchase("C", 2024, Decimal("1000")),
                 Purchase("OTHER", 2025, Decimal("5"))]
    result = year_of([], 2025, purchases=purchases).as_json()
    assert result["purchases"] == 12345.67 and result["realised"] == 12345.67


def test_a_subcontract_counts_towards_its_parent_and_the_parent_shows_both():
    parent, sub = contract("P", 1_000_000), contract("S", 200_000, parent="P")
    persons = [person("participatiewet", D(2025, 1, 1), contract_key="P"),
               person("ww", D(2025, 1, 1), key=2, contract_key="S")]
    results = compute_year(contracts=[parent, sub], year=2025, persons=persons)
    main = results["P"].as_json()
    assert main["realised"] == 60000.0 and main["realised_own"] == 40000.0
    assert main["by_contract"] == {"P": 40000.0, "S": 20000.0}
    assert main["by_target_group"] == {"participatiewet": 40000.0, "ww": 20000.0}
    assert main["obligation"] == 50000.0  # 5 % of the parent's own value
    assert main["percentage"] == 0.06 and main["persons"] == 2
    assert results["S"].as_json()["realised"] == 20000.0 and results["S"].as_json()["obligation"] == 10000.0


def test_an_unknown_target_group_is_refused_by_name():
    with pytest.raises(UnknownTargetGroup, match="bol") as refused:
        year_of([person("bol", D(2025, 1, 1))], 2025)  # BOL is in Utrecht's table, not in Haaglanden's
    assert "Haaglanden 2023" in str(refused.value)
    assert realised([person("bol", D(2025, 1, 1))], 2025, contracts=[contract(table=UTRECHT)]) == 20000


def test_money_is_rounded_half_up_to_cents_at_the_end():
    assert cents(Fraction(1, 200)) == Decimal("0.01")
    assert cents(Fraction(1, 201)) == Decimal("0.00")
    # three thirds of a month-value: rounded once, not per person
    persons = [person("ww", D(2025, 12, 1), key=k) for k in range(3)]
    assert realised(persons, 2025) == Decimal("5000.00")  # 3 x 1,666.666...


def test_the_json_has_every_key_and_only_groups_with_value():
    data = year_of([person("wia", D(2025, 1, 1), hours=0), person("ww", D(2025, 7, 1), key=2)], 2025).as_json()
    for key in ("obligation", "realised", "by_target_group", "table", "bonuses", "training", "purchases", "persons",
                "person_years", "contract", "year", "percentage", "by_contract"):
        assert key in data
    assert data["by_target_group"] == {"ww": 10000.0} and data["table"] == "Haaglanden 2023"
    assert data["persons"] == 2 and data["percentage"] == 0.01
