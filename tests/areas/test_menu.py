"""The menu shows only what the role may open: for every role, every link in the menu (and the search
box, where there is one) answers 200, and nothing the role may open is missing from it."""

import re

import pytest
from django.test import Client

from tests.assets.worlds import make_world
from tests.conftest import login_verified
from tests.core.http import login
from tests.municipalities.factories import OrganisationFactory, UserFactory, make_member
from wijkwerk.municipalities import roles
from wijkwerk.municipalities.models import Organisation
from wijkwerk.municipalities.pages import gemeente_start_url

pytestmark = pytest.mark.django_db

NAV = re.compile(r'<nav class="site-nav"[^>]*>(.*?)</nav>', re.S)
LINK = re.compile(r'<a href="([^"]+)"[^>]*>([^<]+)</a>')

# Menu item -> the action its pages require (None: any tender role).
REQUIRES = {
    "Overzicht": roles.VIEW_ASSETS,
    "Kaart": roles.VIEW_ASSETS,
    "Inlezen": roles.IMPORT_ASSETS,
    "Aanbesteding": None,
    "Planning": roles.VIEW_PLANS,
    "Schouw": roles.VIEW_INSPECTIONS,
    "Conditie": roles.VIEW_INSPECTIONS,
    "Uitvoering": roles.VIEW_WORK,
    "Meldingen": roles.VIEW_REPORTS,
    "Deelnemers": roles.ACCESS_PARTICIPANTS,
    "Mensen en sociale waarde": roles.VIEW_PEOPLE_AGGREGATES,
    "Social return": roles.VIEW_SOCIAL_RETURN,
    "Logboek": roles.VIEW_AUDIT,
    "Initiatieven": roles.VIEW_REPORTS,
    "Raadplegingen": roles.VIEW_REPORTS,
    "Buurtkracht": roles.VIEW_REPORTS,
}


def _menu(html: str) -> tuple[dict[str, str], bool]:
    nav = NAV.search(html)
    assert nav, "no menu on the page"
    links = {text.strip(): href for href, text in LINK.findall(nav.group(1))}
    return links, 'role="search"' in nav.group(1)


@pytest.mark.parametrize("role", roles.ROLES)
def test_every_menu_link_of_a_role_opens(role):
    world = make_world()
    user = UserFactory()
    # A job coach coaches for an organisation (without one, the participant list refuses them).
    organisation = (OrganisationFactory(gemeente=world.gemeente, kind=Organisation.Kind.SW_BEDRIJF)
                    if role == roles.JOBCOACH else None)
    make_member(user, world.gemeente, role, organisation=organisation)
    client = Client()
    login_verified(client, user)  # the second sign-in step done (jobcoach and fg need it)
    start = client.get(gemeente_start_url(user, world.gemeente))
    assert start.status_code == 200
    links, search = _menu(start.content.decode())
    actions = roles.ROLE_PERMISSIONS[role]
    expected = {name for name, action in REQUIRES.items()
                if (action in actions if action else actions & {roles.MANAGE_TENDER, roles.ASSESS_TENDER})}
    assert set(links) == expected
    for name, href in links.items():
        response = client.get(href)
        assert response.status_code == 200, f"{role}: {name} ({href}) answers {response.status_code}"
    assert search == (roles.VIEW_ASSETS in actions)
    if search:
        assert client.get(f"/g/{world.gemeente.slug}/zoeken/", {"q": "boom"}).status_code == 200


def test_an_assessor_sees_only_the_tenders():
    world = make_world()
    user = UserFactory()
    make_member(user, world.gemeente, roles.BEOORDELAAR)
    client = login(user)
    links, search = _menu(client.get(f"/g/{world.gemeente.slug}/aanbestedingen/").content.decode())
    assert list(links) == ["Aanbesteding"] and not search
