"""Planning in a real browser: make a plan (a budget typed as "€ 1.500"), the progress block turns into
the result by itself (htmx, no reload), the plan map draws its points, axe checks."""

import pytest

from tests.assets.factories import make_asset
from tests.assets.worlds import make_world
from wijkwerk.core import tasks
from wijkwerk.planning import services
from wijkwerk.planning.models import Plan

from .conftest import axe_serious
from .test_pages_browser import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_plan_through_the_page(page, settings, monkeypatch):
    world = make_world()
    for i in range(12):
        make_asset(world.gemeente, "bench", f"BB{i}", lon=5.1 + i * 1e-4, lat=52.08, condition=1 + i % 6,
                   installation_year=1970)
    queued = []
    monkeypatch.setattr(tasks, "enqueue", lambda path, **kw: queued.append(kw))  # the test runs the task
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, "anna")
    page.goto(f"/g/{world.gemeente.slug}/planning/")
    assert axe_serious(page) == []
    page.get_by_label("Naam").fill("Scenario A")
    page.get_by_label("Budget per jaar (euro)").fill("€ 1.500")  # as people write amounts
    page.get_by_label("Horizon (jaren)").fill("3")
    page.get_by_role("button", name="Berekenen").click()
    page.get_by_role("heading", name="Het plan wordt berekend").wait_for(timeout=10000)
    assert axe_serious(page) == []
    page.evaluate("window.__noReload = true")
    plan = Plan.objects.get(name="Scenario A")
    assert plan.params["budget"] == 1500.0
    assert queued == [{"plan_id": plan.pk}]
    services.plan_run(plan_id=plan.pk)
    page.get_by_role("heading", name="Klaar").wait_for(timeout=15000)  # htmx polled the status
    assert page.evaluate("window.__noReload === true")  # the same page: no reload happened
    page.get_by_role("link", name="Toon het volledige plan").click()
    page.locator("#planning-map[data-ready='true']").wait_for(timeout=15000)
    assert int(page.locator("#planning-map").get_attribute("data-points")) > 0
    assert page.locator(".plan-legend li").count() == 3
    assert axe_serious(page) == []
    page.goto(f"/g/{world.gemeente.slug}/planning/risicomodel/")
    assert page.get_by_label("Risico bij kans 5 en effect 5").input_value() == "25"
    assert axe_serious(page) == []
