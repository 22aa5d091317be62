"""Two municipalities with areas and assets, and users with different roles."""

from dataclasses import dataclass

import pytest

from tests.api.helpers import make_area, make_asset
from tests.municipalities.factories import GemeenteFactory, OrganisationFactory, UserFactory, make_member


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """The factories set passwords; the real hasher makes each user cost ~0.2 s."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class World:
    a: object
    b: object
    beheerder: object  # member of A (may change assets)
    raadpleger: object  # member of A, read only
    outsider: object  # member of B only
    superuser: object
    wijk_a: object
    buurt_a: object
    buurt_a2: object
    wijk_b: object
    buurt_b: object
    tree_a: object
    light_a: object
    outside_a: object
    tree_b: object


@pytest.fixture
def world(db) -> World:
    a = GemeenteFactory(slug="aadorp", name="Aadorp")
    b = GemeenteFactory(slug="bedum", name="Bedum")
    OrganisationFactory(gemeente=a, name="Groen BV", kind="contractor")
    beheerder = UserFactory(username="beheerder-a")
    raadpleger = UserFactory(username="raadpleger-a")
    outsider = UserFactory(username="beheerder-b")
    superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
    make_member(beheerder, a, "beheerder")
    make_member(raadpleger, a, "raadpleger")
    make_member(outsider, b, "beheerder")

    wijk_a = make_area(a, "wijk", "A1", name="Noord", bbox=(5.0, 52.0, 5.2, 52.2))
    buurt_a = make_area(a, "buurt", "A1-01", name="Noord-West", parent=wijk_a, bbox=(5.0, 52.0, 5.1, 52.2))
    buurt_a2 = make_area(a, "buurt", "A1-02", name="Noord-Oost", parent=wijk_a, bbox=(5.1, 52.0, 5.2, 52.2))
    wijk_b = make_area(b, "wijk", "B1", name="Zuid", bbox=(6.0, 53.0, 6.2, 53.2))
    buurt_b = make_area(b, "buurt", "B1-01", name="Zuid-West", parent=wijk_b, bbox=(6.0, 53.0, 6.2, 53.2))

    tree_a = make_asset(a, type_code="tree", lon=5.05, lat=52.05, external_id="boom-1", buurt=buurt_a,
                        attributes={"species": "Quercus robur", "planting_year": 1980}, installation_year=1980)
    light_a = make_asset(a, type_code="street_light", lon=5.15, lat=52.15, external_id="mast-1", buurt=buurt_a2,
                         attributes={"mast_height": 6.0})
    outside_a = make_asset(a, type_code="bench", lon=5.5, lat=52.5, external_id="bank-1")
    tree_b = make_asset(b, type_code="tree", lon=6.1, lat=53.1, external_id="boom-1", buurt=buurt_b)
    return World(a, b, beheerder, raadpleger, outsider, superuser, wijk_a, buurt_a, buurt_a2, wijk_b, buurt_b,
                 tree_a, light_a, outside_a, tree_b)
