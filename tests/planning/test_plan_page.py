"""The plan pages for people who are not planners: amounts typed as they write them ("€ 1.200.000"),
the budget used per year and in total in Dutch notation, what the figures mean, and asset types and
interventions by their names, never their codes."""

import html as html_lib
import re

import pytest

from tests.assets.worlds import make_world
from tests.planning.helpers import council_plan
from wijkwerk.planning.models import Plan
from wijkwerk.planning.selectors import planning_config_get

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(client):
    world = make_world()
    client.force_login(world.beheerder)
    return world


def _text(response) -> str:
    """The visible text of a page, white space collapsed."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def _prices(response, code: str) -> list[str]:
    """The unit prices shown in the fields of one asset type (small, large maintenance, replacement)."""
    html = response.content.decode()
    return [re.search(rf'name="uc_{code}_{iv}"[^>]*value="([^"]*)"', html).group(1) for iv in ("small", "large", "replace")]


@pytest.mark.parametrize("typed", ["€ 1.200.000", "1.200.000", "1200000", "€1.200.000,-", "1 200 000"])
def test_a_budget_is_taken_as_people_type_it(client, world, typed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(f"/g/{world.gemeente.slug}/planning/", {"name": "Plan", "budget": typed, "years": "5"})
    assert response.status_code == 302, _text(response)
    assert Plan.objects.get(name="Plan").params["budget"] == 1200000.0


def test_budget_lines_take_amounts_too_and_a_wrong_one_is_explained(client, world,
                                                                    django_capture_on_commit_callbacks):
    url = f"/g/{world.gemeente.slug}/planning/"
    lines = {"line_green": "€ 300.000", "line_paving": "€ 250.000,50", "line_furniture": "100.000",
             "line_lighting": "75000"}
    with django_capture_on_commit_callbacks(execute=False):
        assert client.post(url, {"name": "Lijnen", "years": "3", **lines}).status_code == 302
    assert Plan.objects.get(name="Lijnen").params["line_budgets"] == {
        "green": 300000.0, "paving": 250000.5, "furniture": 100000.0, "lighting": 75000.0}
    response = client.post(url, {"name": "X", "budget": "veel geld"})
    assert response.status_code == 400
    assert "Budget per jaar (euro): 'veel geld' is geen bedrag." in _text(response)
    assert 'value="veel geld"' in response.content.decode()  # what was typed stays
    response = client.post(url, {"name": "X", "budget": "-5"})
    assert response.status_code == 400 and not Plan.objects.filter(name="X").exists()


def test_the_plan_page_states_the_budget_used_per_year_and_in_total(client, world):
    plan = council_plan(world)
    text = _text(client.get(f"/g/{world.gemeente.slug}/planning/{plan.pk}/"))
    assert "Over 2 jaar wordt € 2.349.985 besteed van € 2.400.000 budget (97,9 %)." in text
    assert "Budget € 1.200.000 per jaar" in text
    assert "2026 1.200.000 1.199.985 100,0 % 700.000 610.000 80 %" in text  # rounded, 15 euro left
    assert "Totaal 2.400.000 2.349.985 97,9 %" in text
    assert "hooguit 0,005 %" in text and "1,199,985" not in text
    # what the figures mean, where they are shown
    assert "Ondergrens Het laagste risico dat met dit budget wiskundig haalbaar is" in text
    assert "Afstand tot optimum Hoeveel procent" in text and "Risico Per asset de kans op falen" in text
    # names, not codes
    assert "Lichtmast" in text and "Vervanging" in text
    for code in ("street_light", "replace", "large", "risk"):
        assert not re.search(rf"\b{code}\b", text), code


def test_the_compare_page_explains_its_columns(client, world):
    plan = council_plan(world)
    text = _text(client.get(f"/g/{world.gemeente.slug}/planning/vergelijken/?plan={plan.pk}"))
    assert "Minste risico binnen het budget 2.400.000 2.349.985 97,9 % 1.234.568 85 % 0,005 %" in text
    assert "Afstand tot optimum Hoeveel procent het risico" in text


def test_the_risk_model_names_asset_types_and_takes_unit_prices_as_amounts(client, world):
    url = f"/g/{world.gemeente.slug}/planning/risicomodel/"
    page = client.get(url)
    text = _text(page)
    assert "Eenheidsprijzen per assettype" in text and "Lichtmast: vervanging (euro per eenheid)" in text
    assert _prices(page, "street_light") == ["60", "400", "2.200"]
    main, advanced = text.split("Geavanceerd: overige instellingen per assettype")
    assert "street_light" not in main and "Zwaarste aspect telt" in main  # codes only in the advanced part
    assert "street_light = Lichtmast" in advanced
    data = {f"m_{p}_{e}": str(p * e) for p in range(1, 6) for e in range(1, 6)}
    data.update({"combine": "worst", "target_condition": "3", "types_json": "",
                 "uc_street_light_replace": "€ 2.500", "uc_street_light_small": "60", "uc_bench_large": "180"})
    response = client.post(url, data)
    assert response.status_code == 302, _text(response)
    types = planning_config_get(gemeente=world.gemeente)["types"]
    assert types == {"street_light": {"unit_cost": [60.0, 400.0, 2500.0]}}  # the bench kept its shipped prices
    assert _prices(client.get(url), "street_light") == ["60", "400", "2.500"]

    data["uc_bench_replace"] = "duur"
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Bank: vervanging (euro per eenheid): 'duur' is geen bedrag." in _text(response)


def test_the_risk_model_names_the_type_in_its_messages(client, world):
    data = {f"m_{p}_{e}": str(p * e) for p in range(1, 6) for e in range(1, 6)}
    data.update({"combine": "worst", "target_condition": "3",
                 "types_json": '{"street_light": {"transition": [[0.5, 0.1, 0, 0, 0, 0]]}}'})
    response = client.post(f"/g/{world.gemeente.slug}/planning/risicomodel/", data)
    assert response.status_code == 400
    assert "De overgangsmatrix (Lichtmast) moet 6 x 6 zijn" in _text(response)
