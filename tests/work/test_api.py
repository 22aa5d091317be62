"""The work-order API: the list with its filters and pages, one order with its history; other
municipalities and roles without VIEW_WORK see nothing."""

import pytest

from tests.conftest import login_verified
from tests.core.http import assert_problem, client_for
from tests.municipalities.factories import GemeenteFactory, UserFactory, make_member
from tests.work.helpers import make_work_town
from wijkwerk.municipalities import roles
from wijkwerk.work.completion import order_check

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    return make_work_town("apistad")


def test_the_list_filters_and_pages(town):
    client = client_for(town.users[roles.RAADPLEGER])
    base = "/api/v1/gemeenten/apistad/werkorders"
    body = client.get(base).json()
    assert body["numberMatched"] == 3 and {o["code"] for o in body["results"]} == {"WO-1", "WO-2", "WO-3"}
    assert [o["code"] for o in body["results"]][0] == "WO-2"  # the nearest deadline first (it is past)
    first = next(o for o in body["results"] if o["code"] == "WO-1")
    assert first["activity"] == "bank-herstellen" and first["buurt"] == "B1" and first["hours"] == "1.50"
    assert [o["code"] for o in client.get(f"{base}?te_laat=true").json()["results"]] == ["WO-2"]
    assert [o["code"] for o in client.get(f"{base}?status=gereed").json()["results"]] == ["WO-3"]
    assert [o["code"] for o in client.get(f"{base}?gebied=B2&herkomst=hand").json()["results"]] == ["WO-2"]
    paged = client.get(f"{base}?page_size=2").json()
    assert paged["numberReturned"] == 2 and "page=2" in paged["links"]["next"]
    rest = client.get(paged["links"]["next"]).json()["results"]
    assert len(rest) == 1 and rest[0]["code"] not in {o["code"] for o in paged["results"]}
    body = assert_problem(client.get(f"{base}?status=klaar"), 400)
    assert "klaar" in str(body)


def test_one_order_with_people_and_its_history(town):
    order_check(order=town.orders["done"], approved=False, reason="Randen vergeten")
    client = client_for(town.users[roles.RAADPLEGER])
    body = client.get("/api/v1/gemeenten/apistad/werkorders/WO-1").json()
    assert body["assets"] == ["BANK-7"] and body["skills"] == ["meubilair"]
    assert {a["person"] for a in body["assignments"]} == {"Anna de Vries", "Bram Jansen"}
    assert [a["learning_skill"] for a in body["assignments"] if a["person"] == "Bram Jansen"] == ["meubilair"]
    rejected = client.get("/api/v1/gemeenten/apistad/werkorders/WO-3").json()
    assert rejected["status"] == "afgekeurd"
    assert rejected["history"][-1]["from_status"] == "gereed" and rejected["history"][-1]["reason"] == "Randen vergeten"
    assert_problem(client.get("/api/v1/gemeenten/apistad/werkorders/BESTAAT-NIET"), 404)


def test_no_orders_for_another_municipality_or_a_role_without_the_work(town):
    stranger = UserFactory()
    make_member(stranger, GemeenteFactory(), roles.BEHEERDER)
    assert_problem(client_for(stranger).get("/api/v1/gemeenten/apistad/werkorders"), 404)
    coach = client_for()
    login_verified(coach, town.users[roles.JOBCOACH])  # the second sign-in step done: refused for the role
    assert_problem(coach.get("/api/v1/gemeenten/apistad/werkorders/WO-1"), 403)
    assert_problem(client_for().get("/api/v1/gemeenten/apistad/werkorders"), 401)
