"""The municipality API as a client sees it: the gemeenten a user may see, one gemeente with its
organisations and the user's roles."""

import pytest

from tests.assets.worlds import make_aadorp_bedum
from tests.core.http import client_for


@pytest.fixture
def world(db):
    return make_aadorp_bedum()


def test_gemeente_list(world):
    response = client_for(world.beheerder).get("/api/v1/gemeenten")
    assert response.status_code == 200
    assert response["API-Version"] == "1.0.0"
    assert response.json() == [
        {"slug": "aadorp", "name": "Aadorp", "url": "http://testserver/api/v1/gemeenten/aadorp"}
    ]


def test_superuser_sees_every_gemeente(world):
    slugs = [g["slug"] for g in client_for(world.superuser).get("/api/v1/gemeenten").json()]
    assert slugs == ["aadorp", "bedum"]


def test_gemeente_detail(world):
    data = client_for(world.beheerder).get("/api/v1/gemeenten/aadorp").json()
    assert data["name"] == "Aadorp"
    assert data["organisations"] == [{"name": "Groen BV", "kind": "contractor", "kind_label": "Opdrachtnemer (aannemer)"}]
    assert {"code": "sw_bedrijf", "label": "SW-bedrijf"} in data["organisation_kinds"]
    assert data["roles"] == ["beheerder"]
    assert data["links"]["assets"] == "http://testserver/api/v1/gemeenten/aadorp/assets"
