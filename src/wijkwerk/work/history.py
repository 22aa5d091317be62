"""An order's status and history: every status change goes through `core.states.transition` with
WORK_ORDER_FLOW and appends a WorkOrderEvent (who, when, from, to, reason) in the same
transaction. The weekly plan moves hundreds of orders at once: `orders_transition_bulk` checks
each against the same declared table (`WORK_ORDER_FLOW.check`) under row locks, writes them with
conditional UPDATEs (only rows still in the status read), appends every event, and writes one
audit record listing each order's old and new status. Used by the other write modules; other apps
use `work.services`."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkwerk.core.audit import audit_log
from wijkwerk.core.states import TransitionRefused, transition

from .models import WORK_ORDER_FLOW, WorkOrder, WorkOrderEvent
from .signals import order_status_changed


def actor_label(actor) -> str:
    if getattr(actor, "is_authenticated", False):
        return actor.get_username()[:150]
    return (str(actor) if actor else "systeem")[:150]


def order_event_append(*, order: WorkOrder, actor=None, from_status: str = "", to_status: str = "",
                       reason: str = "", detail: dict | None = None) -> WorkOrderEvent:
    """Appends one line to the order's history (inside the caller's transaction)."""
    return WorkOrderEvent.objects.create(
        order=order, actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label=actor_label(actor), from_status=from_status, to_status=to_status, reason=reason or "",
        detail=detail or {})


def order_transition(*, order: WorkOrder, to: str, actor=None, origin: str = "system", reason: str = "",
                     changes: dict | None = None, detail: dict | None = None) -> WorkOrder:
    """Moves the order to status `to` (WORK_ORDER_FLOW; afgekeurd and vervallen need a reason) and
    appends the event; raises TransitionRefused with a Dutch message and changes nothing otherwise."""
    now = timezone.now()
    changes = dict(changes or {})
    if to == WorkOrder.Status.IN_PROGRESS:
        changes.setdefault("started_at", now)
    elif to == WorkOrder.Status.DONE:
        changes.setdefault("completed_at", now)
    elif to in (WorkOrder.Status.CHECKED, WorkOrder.Status.CANCELLED):
        changes.setdefault("closed_at", now)
    elif to in (WorkOrder.Status.NEW,):
        changes.setdefault("planned_day", None)
    with transaction.atomic():
        source = WorkOrder.objects.select_for_update().only("pk", "status").get(pk=order.pk).status
        transition(order, flow=WORK_ORDER_FLOW, to=to, actor=actor, origin=origin, reason=reason.strip(),
                   changes=changes, detail={"code": order.code, **(detail or {})})
        order_event_append(order=order, actor=actor, from_status=str(source), to_status=str(to),
                           reason=reason.strip(), detail=detail)
        transaction.on_commit(lambda: order_status_changed.send(
            sender=WorkOrder, order=order, from_status=str(source), to_status=str(to), actor=actor, origin=origin))
    return order


def orders_transition_bulk(*, gemeente, to: str, orders: Mapping[int, datetime.date | None], actor=None,
                           origin: str = "system", reason: str = "", detail: dict | None = None) -> list[str]:
    """Moves many orders to `to` at once: `orders` {order id: planned day (or None)}; the planned day
    is written with the status (to nieuw: cleared). All or nothing: one order the table refuses
    raises TransitionRefused and nothing changes. Returns the codes moved."""
    if not orders:
        return []
    reason = (reason or "").strip()
    with transaction.atomic():
        rows = list(WorkOrder.objects.select_for_update().filter(gemeente=gemeente, pk__in=list(orders))
                    .order_by("pk").values_list("pk", "code", "status"))
        groups: dict[tuple, list[int]] = defaultdict(list)
        for pk, _code, source in rows:
            WORK_ORDER_FLOW.check(source, to, reason=reason)
            day = None if to == WorkOrder.Status.NEW else orders[pk]
            groups[(source, day)].append(pk)
        for (source, day), ids in groups.items():
            written = WorkOrder.objects.filter(pk__in=ids, status=source).update(status=to, planned_day=day)
            if written != len(ids):
                raise TransitionRefused(_("De status is intussen gewijzigd; probeer het opnieuw."), source=source,
                                        target=to)
        user = actor if getattr(actor, "is_authenticated", False) else None
        WorkOrderEvent.objects.bulk_create([
            WorkOrderEvent(order_id=pk, actor=user, actor_label=actor_label(actor), from_status=source, to_status=to,
                           reason=reason, detail={**(detail or {}), **(
                               {"planned_day": orders[pk].isoformat()} if orders[pk] and to != WorkOrder.Status.NEW
                               else {})})
            for pk, _code, source in rows])
        audit_log(action=f"{WORK_ORDER_FLOW.name}.{to}", actor=actor, gemeente=gemeente, object_type="work.workorder",
                  origin=origin, detail={"orders": [[code, source, to] for _pk, code, source in rows],
                                         **({"reason": reason} if reason else {}), **(detail or {})})
    return [code for _pk, code, _source in rows]
