"""Planning in a real browser: make a plan, the progress block turns into the result, axe check."""

import pytest

from tests.web.helpers import make_asset, make_world

from .conftest import axe_serious
from .test_pages_browser import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_plan_through_the_page(page, settings):
    world = make_world()
    for i in range(12):
        make_asset(world.gemeente, "bench", f"BB{i}", lon=5.1 + i * 1e-4, lat=52.08, condition=1 + i % 6,
                   installation_year=1970)
    login(page, "anna")
    page.goto(f"/g/{world.gemeente.slug}/planning/")
    assert axe_serious(page) == []
    page.get_by_label("Naam").fill("Scenario A")
    page.get_by_label("Budget per jaar (euro)").fill("1500")
    page.get_by_label("Horizon (jaren)").fill("3")
    page.get_by_role("button", name="Berekenen").click()
    page.get_by_role("heading", name="Klaar").wait_for(timeout=30000)
    assert axe_serious(page) == []
    page.goto(f"/g/{world.gemeente.slug}/planning/risicomodel/")
    assert axe_serious(page) == []
