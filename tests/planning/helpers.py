"""Planning test helpers: a small municipality with assets, and ids for the isolation tests."""

from django.test import TestCase
from django.urls import reverse

from tests.assets.factories import make_asset
from tests.municipalities.factories import GemeenteFactory
from tests.planning.factories import START_YEAR, PlanFactory
from wijkwerk.planning.models import Plan, PlanItem


def plan_ids(gemeente) -> dict:
    """For the enumerating isolation tests: a computed (empty) plan of `gemeente` (made once)."""
    plan = Plan.objects.filter(gemeente=gemeente, name="Isolatietest").first()
    if plan is None:
        plan = PlanFactory(gemeente=gemeente, name="Isolatietest", computed=True)
    return {"plan_id": plan.pk}


def small_gemeente(n: int = 24, slug: str = "plandorp"):
    g = GemeenteFactory(slug=slug, name="Plandorp")
    types = ["bench", "street_light", "paving", "tree"]
    for i in range(n):
        make_asset(g, types[i % 4], f"P{i}", lon=5.1 + i * 1e-4, lat=52.09, condition=1 + (i * 7) % 6,
                   quantity=1 + (i % 3) * 10 if types[i % 4] == "paving" else 1, installation_year=1970 + i)
    return g


def export_file(client, slug: str, plan_id: int, fmt: str = "xlsx", language: str = "nl") -> bytes:
    """Makes a file of a plan as the page does (POST starts the task, which runs inline in the tests,
    after commit) and downloads it (GET); returns its bytes."""
    url = reverse("planning-plan-excel" if fmt == "xlsx" else "planning-plan-pdf", args=[slug, plan_id])
    with TestCase.captureOnCommitCallbacks(execute=True):
        made = client.post(url, HTTP_ACCEPT_LANGUAGE=language)
    assert made.status_code == 302, made.content[:500]
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, (url, response.status_code)
    return b"".join(response.streaming_content) if response.streaming else response.content


def council_result(start_year: int = START_YEAR) -> dict:
    """The summary of a computed two-year plan with the sizes a city has (amounts in millions, a gap of
    0,005 %), for pages and files that must print them the Dutch way."""
    return {"objective": 1234567.8, "lower_bound": 1234506.1, "gap": 0.00005, "cost_per_year": [1199985.0, 1150000.0],
            "budget_per_year": [1200000.0, 1200000.0], "risk_per_year_before": [700000.0, 720000.0],
            "risk_per_year_after": [610000.0, 624567.8], "performance_per_year_after": [0.8, 0.85],
            "start_year": start_year, "assets": 24000, "method": "lagrange",
            "cost_per_line": {"green": [600000.0, 575000.0], "furniture": [599985.0, 575000.0]},
            "budget_per_line": None, "worst_first_risk": 1400000.0,
            "frontier": [{"factor": 0.6, "budget_per_year": 720000.0, "cost": 1430000.0, "risk": 1500000.0,
                          "gap": 0.0001, "performance": 0.7, "risk_reduction_per_1000": None},
                         {"factor": 1.0, "budget_per_year": 1200000.0, "cost": 2349985.0, "risk": 1234567.8,
                          "gap": 0.00005, "performance": 0.85, "risk_reduction_per_1000": 277.5}]}


def council_plan(world, name: str = "MJOP 2026-2027"):
    """A computed plan of `world` (make_world) with council-sized figures and three interventions in the
    first year (the tree, the light, the bench)."""
    plan = PlanFactory(gemeente=world.gemeente, name=name, computed=True, result=council_result(),
                       params={"years": 2, "budget": 1200000.0, "objective": "risk", "frontier": True})
    for asset, code, cost in ((world.tree, "replace", 900.0), (world.light, "large", 400.0),
                              (world.outside_bench, "small", 40.0)):
        PlanItem.objects.create(plan=plan, asset=asset, year=1, intervention=code, cost=cost)
    PlanItem.objects.create(plan=plan, asset=world.tree, year=2, intervention="small", cost=45.0)
    return plan
