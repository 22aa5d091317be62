"""Demo: the demo municipality's current yearly budget in its planning model (the default of new plans)."""

from collections.abc import Callable

from django.utils.translation import gettext as _

from wijkwerk.core.numbers import format_number

from .models import PlanningModel
from .services import planning_current_budget_set


def demo_planning_ensure(*, gemeente, say: Callable[[str], None] | None = None) -> float | None:
    """Idempotent: stores the budget once (derived from the assets); later runs leave it alone."""
    pm = PlanningModel.objects.filter(gemeente=gemeente).first()
    current = (pm.config or {}).get("current_budget") if pm else None
    if current is None:
        current = planning_current_budget_set(gemeente=gemeente, amount=None, origin="system").get("current_budget")
        if say is not None and current is not None:
            say("  " + _("Planning: huidig budget %(amount)s euro per jaar vastgelegd.")
                % {"amount": format_number(current)})
    return current
