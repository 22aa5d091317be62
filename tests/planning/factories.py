"""Plans for the tests, made directly with the ORM (no computation). A fixed start year, never
today's."""

import factory

from tests.municipalities.factories import GemeenteFactory
from wijkwerk.planning.models import Plan

START_YEAR = 2026


def empty_result(start_year: int = START_YEAR) -> dict:
    """The summary of a computed plan without assets (one year, nothing to do)."""
    return {"objective": 0.0, "lower_bound": 0.0, "gap": 0.0, "cost_per_year": [0.0], "risk_per_year_before": [0.0],
            "risk_per_year_after": [0.0], "performance_per_year_after": [1.0], "start_year": start_year,
            "frontier": [], "assets": 0}


class PlanFactory(factory.django.DjangoModelFactory):
    """A plan waiting for its computation (draft); `computed=True` gives a computed empty plan."""

    class Meta:
        model = Plan

    class Params:
        computed = factory.Trait(status=Plan.Status.COMPUTED, progress=1.0,
                                 result=factory.LazyFunction(empty_result))

    gemeente = factory.SubFactory(GemeenteFactory)
    name = factory.Sequence(lambda n: f"Plan {n}")
    status = Plan.Status.DRAFT
