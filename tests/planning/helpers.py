"""Planning test helpers: a small municipality with assets, and ids for the isolation tests."""

from tests.assets.factories import make_asset
from tests.municipalities.factories import GemeenteFactory
from tests.planning.factories import PlanFactory
from wijkwerk.planning.models import Plan


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
