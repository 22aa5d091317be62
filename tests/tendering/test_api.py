"""API /gemeenten/{slug}/aanbestedingen: the inkoper gets the bids with amounts; an assessor
(ASSESS_TENDER only) gets the names on the shortlist and never a price, amount or rank."""

import pytest

from tests.core.http import assert_problem, client_for
from tests.municipalities.factories import GemeenteFactory, UserFactory, make_member
from wijkwerk.municipalities.roles import BEOORDELAAR, INKOPER, RAADPLEGER
from wijkwerk.tendering.demo import DEMO_TITLE, demo_tender_ensure
from wijkwerk.tendering.models import Tender

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    g = GemeenteFactory(slug="utrecht", name="Utrecht")
    other = GemeenteFactory(slug="amersfoort", name="Amersfoort")
    users = {name: UserFactory(username=name) for name in ("demo-inkoper", "demo-beoordelaar", "rob", "olga")}
    make_member(users["demo-inkoper"], g, INKOPER)
    make_member(users["demo-beoordelaar"], g, BEOORDELAAR)
    make_member(users["rob"], g, RAADPLEGER)
    make_member(users["olga"], other, INKOPER)
    demo_tender_ensure(gemeente=g, say=lambda _: None)
    draft = Tender.objects.create(gemeente=g, title="Concept maaien", method_text="x")
    return g, Tender.objects.get(title=DEMO_TITLE), draft, users


def _amount_texts(value: float) -> set[str]:
    """The ways an amount could show up in a response."""
    whole = int(value)
    texts = {f"{value:.2f}", repr(value), str(whole), f"{whole:,}".replace(",", "."), f"{whole:,}"}
    return {t for t in texts if len(t) >= 4}


def test_inkoper_gets_the_bids_with_amounts(world):
    g, tender, draft, users = world
    client = client_for(users["demo-inkoper"])
    listing = client.get("/api/v1/gemeenten/utrecht/aanbestedingen").json()
    assert [t["title"] for t in listing] == ["Concept maaien", DEMO_TITLE]
    assert listing[0]["method_sha256"] is None and listing[1]["method_sha256"] == tender.method_sha256
    data = client.get(f"/api/v1/gemeenten/utrecht/aanbestedingen/{tender.pk}").json()
    assert data["view"] == "prices" and data["status"] == "beoordeling"
    assert len(data["bids"]) == 7 and data["winner"] and data["tie"] is False
    bids = {b["bidder"]: b for b in data["bids"]}
    assert bids["Solo Hoveniers"]["knockouts"] == ["KO1"] and bids["Solo Hoveniers"]["fictive_price"] is None
    assert bids["Budget Groen"]["abnormally_low"] is True and bids["Budget Groen"]["followup_recorded"] is True
    assert all(b["rank"] for b in data["bids"] if b["shortlisted"])
    assert data["criteria"][0] == {"code": "K1", "description": "Visie op samenwerking", "max_value": 400000.0}


def test_an_assessor_never_receives_a_price(world):
    g, tender, draft, users = world
    full = client_for(users["demo-inkoper"]).get(f"/api/v1/gemeenten/utrecht/aanbestedingen/{tender.pk}").json()
    forbidden = set()
    for bid in full["bids"]:
        for key in ("fictive_price", "quality_value", "final_price"):
            if bid[key] is not None:
                forbidden |= _amount_texts(bid[key])
    for criterion in full["criteria"]:
        forbidden |= _amount_texts(criterion["max_value"])
    assert forbidden

    client = client_for(users["demo-beoordelaar"])
    listing = client.get("/api/v1/gemeenten/utrecht/aanbestedingen")
    assert [t["title"] for t in listing.json()] == [DEMO_TITLE]  # not the draft
    response = client.get(f"/api/v1/gemeenten/utrecht/aanbestedingen/{tender.pk}")
    assert response.status_code == 200
    body = response.content.decode()
    for text in forbidden:
        assert text not in body, text
    for key in ("fictive_price", "quality_value", "final_price", "rank", "winner", "tie", "abnormally_low",
                "max_value", "knockouts", "valid"):
        assert f'"{key}"' not in body, key
    data = response.json()
    assert data["view"] == "assessor"
    names = [b["bidder"] for b in data["bids"]]
    shortlisted = [b["bidder"] for b in full["bids"] if b["shortlisted"]]
    assert names == sorted(shortlisted, key=str.casefold)  # alphabetical, never in price order
    assert "Buitenwerk Oost" not in body and "Solo Hoveniers" not in body
    assert_problem(client.get(f"/api/v1/gemeenten/utrecht/aanbestedingen/{draft.pk}"), 403)


def test_other_roles_and_non_members(world):
    g, tender, draft, users = world
    rob = client_for(users["rob"])
    assert_problem(rob.get("/api/v1/gemeenten/utrecht/aanbestedingen"), 403)
    assert_problem(rob.get(f"/api/v1/gemeenten/utrecht/aanbestedingen/{tender.pk}"), 403)
    olga = client_for(users["olga"])
    assert_problem(olga.get("/api/v1/gemeenten/utrecht/aanbestedingen"), 404)
    assert_problem(olga.get(f"/api/v1/gemeenten/utrecht/aanbestedingen/{tender.pk}"), 404)
    assert_problem(olga.get(f"/api/v1/gemeenten/amersfoort/aanbestedingen/{tender.pk}"), 404)
    assert_problem(client_for(None).get("/api/v1/gemeenten/utrecht/aanbestedingen"), 401)
