"""The 403 page: its reason once, and the municipality's menu kept, with a way on."""

import pytest

from tests.core.http import login
from tests.municipalities.factories import GemeenteFactory, UserFactory, make_member
from wijkwerk.municipalities.roles import BEOORDELAAR, RAADPLEGER

pytestmark = pytest.mark.django_db


def test_refused_page_keeps_the_menu_and_says_its_reason_once():
    gemeente = GemeenteFactory(slug="huizen", name="Huizen")
    user = UserFactory()
    make_member(user, gemeente, RAADPLEGER)
    response = login(user).get("/g/huizen/import/")
    assert response.status_code == 403
    html = response.content.decode()
    assert html.count("Geen toegang</h1>") == 1
    assert html.count("U heeft geen rechten voor deze pagina.") + html.count("Uw rol") <= 1
    assert 'aria-label="Hoofdmenu"' in html  # the menu is still there
    assert 'href="/g/huizen/"' in html  # and leads on to the municipality's start page


def test_assessor_refused_an_asset_page_is_sent_on_to_the_tenders():
    gemeente = GemeenteFactory(slug="huizen", name="Huizen")
    user = UserFactory()
    make_member(user, gemeente, BEOORDELAAR)
    response = login(user).get("/g/huizen/")
    assert response.status_code == 403
    assert 'href="/g/huizen/aanbestedingen/"' in response.content.decode()


def test_refusal_outside_a_municipality_of_the_user_shows_no_menu():
    GemeenteFactory(slug="huizen", name="Huizen")
    user = UserFactory()
    response = login(user).get("/g/huizen/import/")
    assert response.status_code == 404  # a non-member does not even learn it exists
