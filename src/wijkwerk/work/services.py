"""Work-order services (writes): creating orders, changing their status, and the assignments of the
weekly plan. Every status change goes through `core.states.transition` with WORK_ORDER_FLOW and
appends a WorkOrderEvent (who, when, from, to, reason) in the same transaction; nothing is edited
in place. Where orders come from (plan, schouw, residents' reports) is in `work.sources`; the
registration in the field in `work.completion`; the catalogue in `work.catalogue`; workers and
teams in `work.people`.

The weekly plan writes its result with::

    assignments_replace(*, gemeente, week: datetime.date, assignments: Iterable[AssignmentSpec],
                        orders: Iterable[int] | None = None, actor=None, origin="system",
                        reason="") -> AssignmentsResult

`week` is any day of the ISO week (Monday..Sunday is replaced). `AssignmentSpec(order_id,
worker_id, day, hours, learning_skill_id=None)`. Without `orders`, every assignment in that week of
an order that may still be planned (nieuw, gepland, afgekeurd) is replaced by `assignments`; with
`orders` (order ids), only those orders' assignments are (a move on the board). An order that gets
assignments becomes `gepland` with `planned_day` (one order is done on one day); a `gepland` order
of the replaced set that gets none goes back to `nieuw`; every such change is appended to the
order's history (a moved day too) and audited (`work.order.gepland` / `work.order.nieuw` list each
order's old and new status; `work.assignments_replace` the counts). It checks integrity (the municipality's
orders and workers, a plannable status, days inside the week, one day per order, one row per
worker and order, 0 < hours <= 8 per row) and raises ValidationError, writing nothing; the hard
rules of the weekly plan (skills, certificates, supervision, capacity) are the scheduler's to check
before it calls this.
"""

from wijkwerk.core.states import TransitionRefused

from .assignments import (
    MAX_HOURS_PER_DAY,
    AssignmentSpec,
    AssignmentsResult,
    assignments_replace,
    week_bounds,
)
from .history import order_event_append, order_transition
from .orders import (
    OrderSpec,
    order_assets_resolve,
    order_code_next,
    order_create,
    order_update,
    orders_create,
)

__all__ = ["MAX_HOURS_PER_DAY", "AssignmentSpec", "AssignmentsResult", "OrderSpec", "TransitionRefused",
           "assignments_replace", "order_assets_resolve", "order_code_next", "order_create", "order_event_append",
           "order_transition", "order_update", "orders_create", "week_bounds"]
