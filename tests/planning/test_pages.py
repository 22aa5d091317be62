"""Planning pages: create a plan (task runs inline), see it, export, hand over, risk model, compare."""

import pytest

from tests.assets.factories import make_asset
from tests.assets.worlds import make_world
from tests.planning.helpers import export_file
from wijkwerk.planning.models import Plan
from wijkwerk.work.models import WorkOrder

pytestmark = pytest.mark.django_db


def _assets(g, n=16):
    for i in range(n):
        make_asset(g, ["bench", "street_light"][i % 2], f"PL{i}", lon=5.1 + i * 1e-4, lat=52.08,
                   condition=1 + i % 6, installation_year=1970)


def test_create_plan_and_pages(client, django_capture_on_commit_callbacks):
    world = make_world()
    _assets(world.gemeente)
    client.force_login(world.beheerder)
    slug = world.gemeente.slug
    assert client.get(f"/g/{slug}/planning/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(f"/g/{slug}/planning/", {"name": "Basis", "budget": "2000", "years": "4", "objective": "risk"})
    assert r.status_code == 302
    plan = Plan.objects.get(gemeente=world.gemeente, name="Basis")
    assert plan.status == Plan.Status.COMPUTED, plan.error
    assert all(c <= 2000 for c in plan.result["cost_per_year"])
    assert len(plan.result["frontier"]) == 5
    page = client.get(f"/g/{slug}/planning/{plan.pk}/")
    assert b"Budgetscenario" in page.content and b"<svg" in page.content
    assert export_file(client, slug, plan.pk, "xlsx")[:2] == b"PK"
    assert export_file(client, slug, plan.pk, "pdf")[:5] == b"%PDF-"
    assert client.post(f"/g/{slug}/planning/{plan.pk}/doorzetten").status_code == 302
    assert WorkOrder.objects.filter(plan=plan, status="nieuw").count() == plan.items.filter(year=1).count()
    plan.refresh_from_db()
    assert plan.status == Plan.Status.ADOPTED  # handing the first year over adopts the plan
    assert client.get(f"/g/{slug}/planning/vergelijken/?plan={plan.pk}").status_code == 200


def test_bad_budget_on_page_and_risk_model(client):
    world = make_world()
    client.force_login(world.beheerder)
    slug = world.gemeente.slug
    r = client.post(f"/g/{slug}/planning/", {"name": "X", "budget": "veel"})
    assert r.status_code == 400 and "bedrag" in r.content.decode()
    assert client.get(f"/g/{slug}/planning/risicomodel/").status_code == 200
    data = {f"m_{p}_{e}": str(p * e) for p in range(1, 6) for e in range(1, 6)}
    data.update({"combine": "weighted", "target_condition": "3",
                 "types_json": '{"bench": {"transition": [[0.5, 0.1, 0, 0, 0, 0]]}}'})
    r = client.post(f"/g/{slug}/planning/risicomodel/", data)
    assert r.status_code == 400 and "6 x 6" in r.content.decode()
    data["types_json"] = "{}"
    assert client.post(f"/g/{slug}/planning/risicomodel/", data).status_code == 302


def test_viewer_cannot_create(client):
    world = make_world()
    client.force_login(world.raadpleger)
    r = client.post(f"/g/{world.gemeente.slug}/planning/", {"name": "X"})
    assert r.status_code == 403
    assert not Plan.objects.filter(name="X").exists()


def test_line_budgets_map_data_and_api(client, django_capture_on_commit_callbacks):
    world = make_world()
    _assets(world.gemeente)
    client.force_login(world.beheerder)
    slug = world.gemeente.slug
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(f"/g/{slug}/planning/", {"name": "Lijnen", "years": "3", "objective": "risk",
                                                 "line_furniture": "800", "line_lighting": "1.500",
                                                 "line_green": "500", "line_paving": "500"})
    assert r.status_code == 302, r.content.decode()[:2000]
    plan = Plan.objects.get(gemeente=world.gemeente, name="Lijnen")
    assert plan.status == Plan.Status.COMPUTED, plan.error
    res = plan.result
    assert {"furniture", "lighting"} <= set(res["budget_per_line"])
    for line, costs in res["cost_per_line"].items():
        assert all(c <= b + 1e-6 for c, b in zip(costs, res["budget_per_line"][line], strict=True))
    page = client.get(f"/g/{slug}/planning/{plan.pk}/")
    html = page.content.decode()
    assert 'id="planning-map"' in html and "planning_map.js" in html and "htmx.min.js" in html
    assert "verlichting" in html
    data = client.get(f"/g/{slug}/planning/{plan.pk}/kaart.json").json()
    assert data["points"] and all(len(p) == 3 and 1 <= p[2] <= 3 for p in data["points"])
    # API
    lst = client.get(f"/api/v1/gemeenten/{slug}/plannen").json()
    assert {"id", "name", "status", "objective", "gap", "lower_bound", "created"} <= set(lst[0])
    one = client.get(f"/api/v1/gemeenten/{slug}/plannen/{plan.pk}").json()
    assert one["budget_per_line"]["lighting"] == [1500.0] * 3 and len(one["risk_per_year_after"]) == 3
    assert "frontier" in one
    # a missing line is a clear message
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/g/{slug}/planning/", {"name": "Half", "years": "3", "line_furniture": "800"})
    half = Plan.objects.get(name="Half")
    assert half.status == Plan.Status.FAILED and "verlichting" in half.error


def test_both_total_and_line_budgets_is_refused(client):
    world = make_world()
    client.force_login(world.beheerder)
    r = client.post(f"/g/{world.gemeente.slug}/planning/", {"name": "X", "budget": "1000", "line_green": "10"})
    assert r.status_code == 400 and "niet allebei" in r.content.decode()
