"""The gemeente overview page: assets counted per wijk and buurt and outside every buurt."""

import pytest

from tests.assets.worlds import make_world

pytestmark = pytest.mark.django_db


def test_overview_counts_per_wijk_and_buurt_and_outside(client, django_assert_max_num_queries):
    world = make_world()
    client.force_login(world.raadpleger)
    with django_assert_max_num_queries(12):
        response = client.get(f"/g/{world.gemeente.slug}/")
    assert response.status_code == 200
    overview = response.context["overview"]
    assert [t.code for t in overview.types] == ["bench", "tree", "street_light"]  # by Dutch label
    wijk = overview.wijken[0]
    assert wijk.area.code == "W01" and wijk.total == 2
    assert {b.area.code: b.counts for b in wijk.buurten} == {"B011": {"tree": 1}, "B012": {"street_light": 1}}
    assert overview.outside.counts == {"bench": 1}
    assert overview.totals.total == 3
    html = response.content.decode()
    for text in ("Wijk Binnenstad", "Domplein", "Lange Nieuwstraat", "Buiten alle buurten", "Boom", "Lichtmast",
                 "Bank", "Totaal gemeente"):
        assert text in html
    assert "Inlezen" not in html  # a raadpleger may not import


def test_overview_of_an_empty_gemeente(client):
    world = make_world()
    world.gemeente.assets.all().delete()
    client.force_login(world.beheerder)
    html = client.get(f"/g/{world.gemeente.slug}/").content.decode()
    assert "Nog geen assets" in html
