"""`wijkwerk create-contract` and `wijkwerk social-return --json` on a set of hires, against a hand
computation with the Haaglanden 2023 table; the audited services behind them."""

import datetime
import io
import json
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from tests.municipalities.factories import GemeenteFactory, OrganisationFactory
from wijkwerk.core.models import AuditLogEntry
from wijkwerk.municipalities.models import Organisation
from wijkwerk.people.models import (
    Contract,
    Participant,
    PsoLevel,
    SocialPurchase,
    SocialReturnTable,
    Training,
)
from wijkwerk.people.social_services import contract_create, pso_level_record, purchase_add

pytestmark = pytest.mark.django_db
D = datetime.date


@dataclass
class Hires:
    gemeente: object
    sw: object
    contractor: object
    contract: Contract


def hire(h: Hires, name: str, group: str, start, *, end=None, hours=36, birth_year=None, bonuses=(), contract=None,
         organisation=None) -> Participant:
    return Participant.objects.create(
        gemeente=h.gemeente, organisation=organisation or h.sw, name=name, target_group=group, start=start, end=end,
        hours_per_week=Decimal(str(hours)), birth_year=birth_year, bonuses=list(bonuses),
        contract=contract or h.contract)


def make_hires(slug: str = "sr-stad") -> Hires:
    """A contract of 2,000,000 a year (obligation 5 %) and its hires; in 2025 they realise (Haaglanden 2023):

    A participatiewet from 1 Mar 2025, 36 h ............ 10/12 x 40,000 = 33,333.33
    B wia from 1 Jul 2024 (24 months) .................. 12/12 x 30,000 = 30,000
    C ww from 1 Jul 2024 (12 months) ................... 6/12 x 20,000 = 10,000
    D banenafspraak from 15 Jan 2025, 36 h ............. (11 + 17/31)/12 x 50,000 = 48,118.28
    E participatiewet from 1 Jun 2023, 18 h ............ 5/12 x 40,000 x 0.5 = 8,333.33
    F jongere zonder startkwalificatie 1 Sep-31 Oct 2025  2/12 x 10,000 = 1,666.67
    G geen uitkering from 1 Feb 2025, born 1968, IPS ... 11/12 x 5,000 = 4,583.33 + bonuses 55+ and IPS 20,000
    H stagiair VSO/PrO from 2022: window over, counts nothing, but its training ending in 2025 does
    training 2,500 (A) + 999 (H) = 3,499; purchases 12,000 (the 2024 one does not count)
    total 171,533.95 (exact: 136,034.946... + 20,000 + 3,499 + 12,000)
    """
    gemeente = GemeenteFactory(slug=slug, name="SR Stad")
    sw = OrganisationFactory(gemeente=gemeente, name="Werkbedrijf", kind=Organisation.Kind.SW_BEDRIJF)
    contractor = OrganisationFactory(gemeente=gemeente, name="Aannemer Groen", kind=Organisation.Kind.CONTRACTOR)
    contract = contract_create(gemeente=gemeente, code="BSW-2025", name="Brede samenwerking",
                               value_per_year=Decimal("2000000"), organisation=contractor)
    h = Hires(gemeente=gemeente, sw=sw, contractor=contractor, contract=contract)
    a = hire(h, "A", "participatiewet", D(2025, 3, 1))
    b = hire(h, "B", "wia", D(2024, 7, 1))
    hire(h, "C", "ww", D(2024, 7, 1))
    hire(h, "D", "banenafspraak", D(2025, 1, 15), hours="36")
    hire(h, "E", "participatiewet", D(2023, 6, 1), hours=18)
    hire(h, "F", "jongere_zonder_startkwalificatie", D(2025, 9, 1), end=D(2025, 10, 31))
    hire(h, "G", "geen_uitkering", D(2025, 2, 1), birth_year=1968, bonuses=["ips"])
    old = hire(h, "H", "stagiair_vso_pro", D(2022, 1, 1))
    Participant.objects.filter(pk=old.pk).update(anonymised_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC),
                                                 name="")
    Training.objects.create(participant=a, name="VCA", start=D(2025, 4, 1), end=D(2025, 5, 1), cost=Decimal("2500"))
    Training.objects.create(participant=old, name="Heftruck", start=D(2025, 2, 1), end=D(2025, 3, 1), cost=Decimal("999"))
    Training.objects.create(participant=b, name="Snoeien", start=D(2024, 9, 1), end=D(2024, 10, 1), cost=Decimal("700"))
    purchase_add(contract=contract, year=2025, supplier=sw, invoice_value=Decimal("12000"))
    purchase_add(contract=contract, year=2024, supplier=sw, invoice_value=Decimal("5000"))
    # someone else's contract and municipality
    other = GemeenteFactory(slug=f"{slug}-anders")
    other_org = OrganisationFactory(gemeente=other, kind=Organisation.Kind.SW_BEDRIJF)
    other_contract = contract_create(gemeente=other, code="BSW-2025", name="Ander", value_per_year=Decimal(1))
    Participant.objects.create(gemeente=other, organisation=other_org, name="X", target_group="banenafspraak",
                               start=D(2025, 1, 1), contract=other_contract)
    return h


EXPECTED_2025 = {
    "participatiewet": 41666.67, "wia": 30000.0, "ww": 10000.0, "banenafspraak": 48118.28,
    "jongere_zonder_startkwalificatie": 1666.67, "geen_uitkering": 4583.33,
}


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_the_json_of_a_set_of_hires_matches_the_hand_computation_with_haaglanden():
    make_hires()
    data = json.loads(run("social_return", "--gemeente", "sr-stad", "--contract", "BSW-2025", "--year", "2025",
                          "--json"))
    assert data["table"] == "Haaglanden 2023"
    assert data["obligation"] == 100000.0
    assert data["by_target_group"] == EXPECTED_2025
    assert data["bonuses"] == 20000.0 and data["training"] == 3499.0 and data["purchases"] == 12000.0
    assert data["realised"] == 171533.95
    assert data["persons"] == 7 and data["person_years"] == 4.59
    assert data["contract"] == "BSW-2025" and data["year"] == 2025 and data["percentage"] == 0.0858
    assert data["by_contract"] == {"BSW-2025": 171533.95}


def test_the_next_year_goes_on_from_each_start():
    make_hires()
    data = json.loads(run("social_return", "--gemeente", "sr-stad", "--contract", "BSW-2025", "--year", "2026",
                          "--json"))
    # A: 12 months; B: Jan-Jun (window ends 1 Jul 2026); D: 14/31 of the Dec-Jan period; G: January
    assert data["by_target_group"] == {"participatiewet": 40000.0, "wia": 15000.0, "banenafspraak": 1881.72,
                                       "geen_uitkering": 416.67}
    assert data["bonuses"] == 0 and data["purchases"] == 0 and data["realised"] == 57298.39


def test_the_text_output_names_the_figures():
    make_hires()
    text = run("social_return", "--gemeente", "sr-stad", "--contract", "BSW-2025", "--year", "2025")
    assert "BSW-2025" in text and "171.533,95" in text and "100.000,00" in text and "Haaglanden 2023" in text


def test_unknown_contract_gemeente_and_target_group_are_clear_errors():
    h = make_hires()
    with pytest.raises(CommandError, match="NOPE"):
        run("social_return", "--gemeente", "sr-stad", "--contract", "NOPE", "--year", "2025")
    with pytest.raises(CommandError, match="bestaat niet"):
        run("social_return", "--gemeente", "nergens", "--contract", "BSW-2025", "--year", "2025")
    hire(h, "Z", "bol", D(2025, 1, 1))  # BOL is not in the Haaglanden table
    with pytest.raises(CommandError, match="‘bol’.*Haaglanden 2023"):
        run("social_return", "--gemeente", "sr-stad", "--contract", "BSW-2025", "--year", "2025", "--json")


def test_create_contract_prints_the_code_and_picks_the_latest_table_version():
    gemeente = GemeenteFactory(slug="nieuwstad")
    assert run("create_contract", "--gemeente", "nieuwstad", "--code", "C-1", "--name", "Groen",
               "--value-per-year", "1.200.000").strip() == "C-1"
    c = Contract.objects.get(gemeente=gemeente, code="C-1")
    assert c.value_per_year == Decimal("1200000") and c.obligation == Decimal("0.05")
    assert str(c.table) == "Haaglanden 2023"
    newer = SocialReturnTable.objects.create(name="Utrecht", version="2026", region="Utrecht",
                                             valid_from=D(2026, 1, 1), values={"ww": 1})
    run("create_contract", "--gemeente", "nieuwstad", "--code", "C-2", "--name", "Sub", "--value-per-year", "100000",
        "--obligation", "0,1", "--table", "utrecht", "--parent", "C-1")
    sub = Contract.objects.get(code="C-2")
    assert sub.table == newer and sub.obligation == Decimal("0.1") and sub.parent == c
    entry = AuditLogEntry.objects.filter(action="people.contract_create", object_id=str(sub.pk)).get()
    assert entry.origin == "cli" and entry.detail["parent"] == "C-1"


@pytest.mark.parametrize("args, message", [
    (["--gemeente", "nergens"], "Gemeente 'nergens' bestaat niet"),
    (["--gemeente", "nieuwstad", "--table", "Zeeland"], "Waarderingstabel ‘Zeeland’ bestaat niet"),
    (["--gemeente", "nieuwstad", "--code", "C-1"], "al een contract met de code ‘C-1’"),
    (["--gemeente", "nieuwstad", "--value-per-year", "veel"], "geen bedrag"),
    (["--gemeente", "nieuwstad", "--obligation", "5"], "schrijf 0,05 voor 5 %"),
    (["--gemeente", "nieuwstad", "--parent", "X-9"], "Hoofdcontract ‘X-9’ bestaat niet"),
])
def test_create_contract_errors_are_one_clear_line(args, message):
    gemeente = GemeenteFactory(slug="nieuwstad")
    contract_create(gemeente=gemeente, code="C-1", name="Bestaand", value_per_year=Decimal(1))
    base = {"--code": "C-9", "--name": "Nieuw", "--value-per-year": "1000"}
    options = dict(zip(args[::2], args[1::2], strict=True))
    argv = [item for key, value in {**base, **options}.items() for item in (key, value)]
    with pytest.raises(CommandError, match=message):
        run("create_contract", *argv)
    assert Contract.objects.filter(gemeente=gemeente).count() == 1


def test_the_cli_exits_with_status_1_on_an_error(capsys):
    from wijkwerk.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["wijkwerk", "create-contract", "--gemeente", "nergens", "--code", "C", "--name", "N",
              "--value-per-year", "1"])
    assert exit_info.value.code == 1
    assert "bestaat niet" in capsys.readouterr().err


def test_purchases_only_from_an_sw_bedrijf_and_audited():
    h = make_hires()
    with pytest.raises(ValidationError, match="geen SW-bedrijf"):
        purchase_add(contract=h.contract, year=2025, supplier=h.contractor, invoice_value=Decimal(10))
    with pytest.raises(ValidationError, match="tussen 0 en"):
        purchase_add(contract=h.contract, year=2025, supplier=h.sw, invoice_value=Decimal(-1))
    purchase = purchase_add(contract=h.contract, year=2026, supplier=h.sw, invoice_value="99.5", actor="test")
    assert SocialPurchase.objects.get(pk=purchase.pk).invoice_value == Decimal("99.50")
    assert AuditLogEntry.objects.filter(action="people.social_purchase_add", object_id=str(purchase.pk)).exists()


def test_a_pso_level_is_recorded_with_its_date_and_audited():
    h = make_hires()
    pso_level_record(organisation=h.contractor, level="trede_1", date=D(2024, 3, 1))
    latest = pso_level_record(organisation=h.contractor, level="trede_2", date=D(2025, 6, 1), origin="web")
    assert list(PsoLevel.objects.filter(organisation=h.contractor).values_list("level", flat=True)) == [
        "trede_2", "trede_1"]
    assert AuditLogEntry.objects.filter(action="people.pso_level_record", object_id=str(latest.pk)).get().origin == "web"
    with pytest.raises(ValidationError, match="geen PSO-niveau"):
        pso_level_record(organisation=h.contractor, level="trede_9", date=D(2025, 1, 1))


def test_an_obligation_is_read_as_a_share_with_a_dot_or_a_comma():
    GemeenteFactory(slug="nieuwstad")
    for code, written in (("C-A", "0.125"), ("C-B", "0,125")):
        run("create_contract", "--gemeente", "nieuwstad", "--code", code, "--name", "N", "--value-per-year", "8000",
            "--obligation", written)
        assert Contract.objects.get(code=code).obligation == Decimal("0.125")
