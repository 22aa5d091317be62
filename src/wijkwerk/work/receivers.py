"""How execution hears from the apps below it (docs/adr/0006): a plan adopted in planning becomes work
orders here, in the same transaction."""

from .catalogue import catalogue_defaults_ensure
from .models import Activity
from .sources import orders_from_plan


def plan_adopted_to_orders(sender, *, plan, actor=None, origin: str = "web", **kwargs) -> dict:
    """The adopted plan's first year as work orders (planning.signals.plan_adopted). A municipality without
    an activity catalogue gets the default one first, so no intervention is left without an activity."""
    if not Activity.objects.filter(gemeente=plan.gemeente).exists():
        catalogue_defaults_ensure(gemeente=plan.gemeente, actor=actor, origin=origin)
    return orders_from_plan(plan=plan, year=1, actor=actor, origin=origin)
