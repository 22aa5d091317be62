"""Odd input on the planning pages answers 400 with a Dutch message instead of a 500, and
changes nothing: plan ids beyond the database range, deeply nested or non-finite JSON and JSON
of the wrong shape in the risk model's settings per asset type."""

import pytest

from tests.assets.worlds import make_world
from tests.planning.helpers import plan_ids
from wijkwerk.planning.models import PlanningModel

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheerder_client(client):
    world = make_world()
    client.force_login(world.beheerder)
    client.world = world
    return client


@pytest.mark.parametrize("value", ["99999999999999999999999", "9" * 5000, "abc", "²", "-1", "0"])
def test_compare_refuses_a_plan_number_that_cannot_be_an_id(beheerder_client, value):
    slug = beheerder_client.world.gemeente.slug
    response = beheerder_client.get(f"/g/{slug}/planning/vergelijken/", {"plan": value})
    assert response.status_code == 400
    text = response.content.decode()
    assert "geen geldig nummer" in text and "Kies de plannen hieronder opnieuw" in text


def test_compare_still_shows_real_plans(beheerder_client):
    g = beheerder_client.world.gemeente
    plan = plan_ids(g)["plan_id"]
    response = beheerder_client.get(f"/g/{g.slug}/planning/vergelijken/?plan={plan}&plan=")
    assert response.status_code == 200 and "Isolatietest" in response.content.decode()


def _risk_post(types_json: str) -> dict:
    data = {f"m_{p}_{e}": str(p * e) for p in range(1, 6) for e in range(1, 6)}
    data.update({"combine": "weighted", "target_condition": "3", "types_json": types_json})
    return data


def _config(gemeente):
    model = PlanningModel.objects.filter(gemeente=gemeente).first()
    return (model.version, model.config) if model else None


@pytest.mark.parametrize(("types_json", "fragment"), [
    ("[" * 30_000 + "]" * 30_000, "te diep genest"),
    ('{"bench": ' + "[" * 40 + "]" * 40 + "}", "te diep genest"),
    ('{"bench": {"unit_cost": [1e400, 1, 1]}}', "te groot"),
    ('{"bench": {"unit_cost": [NaN, 1, 1]}}', "NaN"),
    ('{"bench": {"unit_cost": [1, Infinity, 1]}}', "Infinity"),
    ('{"bench": ', "geen geldige JSON"),
    ("[1, 2]", "per assettype een object"),
    ('{"bench": 5}', "per assettype een object"),
    ('{"bench": {"transition": "veel"}}', "de opbouw klopt niet"),
    ('{"bench": {"interventions": [1]}}', "de opbouw klopt niet"),
    ('{"bench": {"unit_cost": 5}}', "de opbouw klopt niet"),
])
def test_risk_model_refuses_json_it_cannot_use(beheerder_client, types_json, fragment):
    g = beheerder_client.world.gemeente
    before = _config(g)
    response = beheerder_client.post(f"/g/{g.slug}/planning/risicomodel/", _risk_post(types_json))
    assert response.status_code == 400
    text = response.content.decode()
    assert "Instellingen per assettype" in text and fragment in text, text[:2000]
    assert _config(g) == before


def test_risk_model_still_saves_good_json(beheerder_client):
    g = beheerder_client.world.gemeente
    response = beheerder_client.post(f"/g/{g.slug}/planning/risicomodel/",
                                     _risk_post('{"bench": {"unit_cost": [10, 20, 30]}}'))
    assert response.status_code == 302
    assert PlanningModel.objects.get(gemeente=g).config["types"]["bench"]["unit_cost"] == [10, 20, 30]
