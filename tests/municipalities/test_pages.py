"""Choosing a municipality: the home page, the picker and the switcher, a user without one, where
a user without the overview's permission starts."""

import pytest

from tests.assets.worlds import make_world
from tests.municipalities.factories import GemeenteFactory, UserFactory, make_member
from wijkwerk.municipalities.roles import RAADPLEGER

pytestmark = pytest.mark.django_db


def test_home_sends_anonymous_users_to_login(client):
    assert client.get("/")["Location"] == "/login/"


def test_picker_lists_only_the_users_gemeenten_and_the_switcher_goes_there(client):
    world = make_world()
    make_member(world.beheerder, GemeenteFactory(slug="zeist", name="Zeist"), RAADPLEGER)
    client.force_login(world.beheerder)
    assert client.get("/")["Location"] == "/gemeenten/"
    html = client.get("/gemeenten/").content.decode()
    assert "Utrecht" in html and "Zeist" in html and "Amersfoort" not in html
    assert client.get("/gemeenten/wissel/", {"gemeente": "zeist"})["Location"] == "/g/zeist/"
    assert client.get("/gemeenten/wissel/", {"gemeente": "amersfoort"}).status_code == 404
    overview = client.get("/g/zeist/").content.decode()
    assert 'id="gemeente-switch"' in overview


def test_user_without_gemeente_gets_an_explanation(client):
    client.force_login(UserFactory(username="nieuw"))
    html = client.get("/gemeenten/", follow=True).content.decode()
    assert "nog niet aan een gemeente gekoppeld" in html


def test_assessor_starts_at_the_tenders_not_at_a_forbidden_overview(client):
    gemeente = GemeenteFactory(slug="huizen", name="Huizen")
    assessor = UserFactory(username="beoordelaar-h")
    make_member(assessor, gemeente, "beoordelaar")
    client.force_login(assessor)
    response = client.get("/", follow=True)
    assert response.status_code == 200
    assert response.request["PATH_INFO"] == "/g/huizen/aanbestedingen/"
