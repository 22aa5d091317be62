"""Every inspections page of a municipality is a 404 for someone who is not a member."""

import pytest
from django.urls import reverse

from tests.core.http import login
from tests.municipalities.factories import GemeenteFactory, UserFactory, make_member

pytestmark = pytest.mark.django_db


def test_non_member_gets_404(town):
    other = GemeenteFactory(slug="elders")
    outsider = UserFactory(username="buiten")
    make_member(outsider, other, "beheerder")
    c = login(outsider)
    rnd_id = 1
    for name, args in (("inspections-rounds", []), ("inspections-catalogue", []), ("inspections-condition", []),
                       ("inspections-round", [rnd_id]), ("inspections-results", [rnd_id])):
        assert c.get(reverse(name, args=[town["g"].slug, *args])).status_code == 404
