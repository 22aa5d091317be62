"""How execution hears from the apps below it (docs/adr/0006), in their transaction: a plan adopted in planning
becomes work orders here, and a re-inspected schouw plot closes the schouw orders it shows are done."""

from .catalogue import catalogue_defaults_ensure
from .models import Activity, WorkOrder
from .sources import orders_from_plan, schouw_orders_close


def plan_adopted_to_orders(sender, *, plan, actor=None, origin: str = "web", **kwargs) -> dict:
    """The adopted plan's first year as work orders (planning.signals.plan_adopted). A municipality without
    an activity catalogue gets the default one first, so no intervention is left without an activity."""
    if not Activity.objects.filter(gemeente=plan.gemeente).exists():
        catalogue_defaults_ensure(gemeente=plan.gemeente, actor=actor, origin=origin)
    return orders_from_plan(plan=plan, year=1, actor=actor, origin=origin)


# About 50 m around a re-inspected plot: the schouw orders there may be done (sources.schouw_orders_close
# decides, within 15 m of a newer result at or above the order's target).
NEAR_DEGREES = 0.0007


def plot_recorded_closes_orders(sender, *, plot, actor=None, origin: str = "web", **kwargs) -> list[str]:
    """A re-inspected plot closes the open schouw orders near it whose aspect now meets its target
    (inspections.signals.plot_recorded)."""
    if plot.lat is None or plot.lon is None:
        return []
    near = WorkOrder.objects.filter(
        gemeente_id=plot.round.gemeente_id, origin=WorkOrder.Origin.SCHOUW,
        lat__range=(plot.lat - NEAR_DEGREES, plot.lat + NEAR_DEGREES),
        lon__range=(plot.lon - NEAR_DEGREES, plot.lon + NEAR_DEGREES)).values_list("pk", flat=True)
    ids = list(near)
    if not ids:
        return []
    return schouw_orders_close(gemeente=plot.round.gemeente, orders=ids, actor=actor, origin=origin)
