"""Receivers of the community app: signals of the layers below (connected in apps.py)."""

import logging

from wijkwerk.work.models import WorkOrder

from .reports import reports_close_for_order

logger = logging.getLogger(__name__)


def order_status_closes_reports(sender, *, order, to_status, **kwargs) -> None:
    """A work order made from a report was checked (done) or cancelled: close its report(s). Runs
    after the order's change was committed: a failure here is logged, the order's change stays."""
    if to_status not in (WorkOrder.Status.CHECKED, WorkOrder.Status.CANCELLED):
        return
    try:
        reports_close_for_order(order_code=order.code, gemeente_id=order.gemeente_id,
                                done=to_status == WorkOrder.Status.CHECKED)
    except Exception:
        logger.exception("Closing the reports of work order %s failed", order.code)
