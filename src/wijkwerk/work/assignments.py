"""The weekly plan's assignments (see `work.services` for the contract of `assignments_replace`)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wijkwerk.core.audit import audit_log

from .history import actor_label, orders_transition_bulk
from .models import PLANNABLE_STATUSES, WorkAssignment, Worker, WorkOrder, WorkOrderEvent

MAX_HOURS_PER_DAY = Decimal("8")


@dataclass(frozen=True)
class AssignmentSpec:
    order_id: int
    worker_id: int
    day: datetime.date
    hours: Decimal | float
    learning_skill_id: int | None = None


@dataclass
class AssignmentsResult:
    created: int = 0
    removed: int = 0
    planned: list[str] = field(default_factory=list)  # order codes that became (or stayed) gepland
    unplanned: list[str] = field(default_factory=list)  # order codes sent back to nieuw


def week_bounds(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    monday = day - datetime.timedelta(days=day.weekday())
    return monday, monday + datetime.timedelta(days=6)


def _check_assignments(*, gemeente, specs: list[AssignmentSpec], first, last, scope: set[int]) -> dict[int, dict]:
    orders = {o.pk: o for o in WorkOrder.objects.filter(gemeente=gemeente, pk__in={s.order_id for s in specs})}
    workers = set(Worker.objects.filter(gemeente=gemeente, pk__in={s.worker_id for s in specs})
                  .values_list("pk", flat=True))
    per_order: dict[int, dict] = {}
    for s in specs:
        order = orders.get(s.order_id)
        if order is None:
            raise ValidationError(_("Werkorder %(id)s bestaat niet in deze gemeente.") % {"id": s.order_id})
        if order.status not in PLANNABLE_STATUSES:
            raise ValidationError(_("Werkorder %(code)s kan niet meer worden ingepland (status ‘%(status)s’).") % {
                "code": order.code, "status": order.get_status_display()})
        if s.worker_id not in workers:
            raise ValidationError(_("Medewerker %(id)s bestaat niet in deze gemeente.") % {"id": s.worker_id})
        if not first <= s.day <= last:
            raise ValidationError(_("Werkorder %(code)s: de dag %(day)s valt buiten de week.") % {
                "code": order.code, "day": s.day.isoformat()})
        hours = Decimal(str(s.hours)).quantize(Decimal("0.01"))
        if not Decimal("0") < hours <= MAX_HOURS_PER_DAY:
            raise ValidationError(_("Werkorder %(code)s: %(hours)s uur per persoon kan niet (meer dan 0, hoogstens "
                                    "8).") % {"code": order.code, "hours": hours})
        entry = per_order.setdefault(order.pk, {"order": order, "day": s.day, "workers": set()})
        if entry["day"] != s.day:
            raise ValidationError(_("Werkorder %(code)s staat op twee dagen; een werkorder wordt op één dag "
                                    "uitgevoerd.") % {"code": order.code})
        if s.worker_id in entry["workers"]:
            raise ValidationError(_("Werkorder %(code)s: dezelfde medewerker staat er twee keer op.") % {
                "code": order.code})
        entry["workers"].add(s.worker_id)
        scope.add(order.pk)
    return per_order


def _orders_update(*, gemeente, scope: set[int], per_order: dict[int, dict], result: AssignmentsResult, actor,
                   origin: str, reason: str, week: datetime.date) -> None:
    """Orders with assignments become gepland on their day (or move to it); gepland orders of the
    replaced set without any go back to nieuw. Each change is appended to the order's history."""
    current = {pk: (code, status, day) for pk, code, status, day in WorkOrder.objects.filter(pk__in=scope)
               .values_list("pk", "code", "status", "planned_day")}
    to_plan = {pk: e["day"] for pk, e in per_order.items() if current[pk][1] != WorkOrder.Status.PLANNED}
    moved = {pk: e["day"] for pk, e in per_order.items()
             if current[pk][1] == WorkOrder.Status.PLANNED and current[pk][2] != e["day"]}
    to_unplan = {pk: None for pk in scope if pk not in per_order and current[pk][1] == WorkOrder.Status.PLANNED}
    orders_transition_bulk(gemeente=gemeente, to=WorkOrder.Status.PLANNED, orders=to_plan, actor=actor,
                           origin=origin, reason=reason)
    by_day: dict[datetime.date, list[int]] = {}
    for pk, day in moved.items():
        by_day.setdefault(day, []).append(pk)
    for day, ids in by_day.items():
        WorkOrder.objects.filter(pk__in=ids, status=WorkOrder.Status.PLANNED).update(planned_day=day)
    WorkOrderEvent.objects.bulk_create([
        WorkOrderEvent(order_id=pk, actor=actor if getattr(actor, "is_authenticated", False) else None,
                       actor_label=actor_label(actor), from_status=WorkOrder.Status.PLANNED,
                       to_status=WorkOrder.Status.PLANNED, reason=reason,
                       detail={"planned_day": day.isoformat(),
                               "previous_day": current[pk][2].isoformat() if current[pk][2] else None})
        for pk, day in moved.items()])
    orders_transition_bulk(gemeente=gemeente, to=WorkOrder.Status.NEW, orders=to_unplan, actor=actor, origin=origin,
                           reason=reason, detail={"week": week.isoformat()})
    result.planned = sorted(current[pk][0] for pk in per_order)
    result.unplanned = sorted(current[pk][0] for pk in to_unplan)


def assignments_replace(*, gemeente, week: datetime.date, assignments: Iterable[AssignmentSpec],
                        orders: Iterable[int] | None = None, actor=None, origin: str = "system",
                        reason: str = "") -> AssignmentsResult:
    """Replaces the week's assignments (see the module docstring); all or nothing."""
    first, last = week_bounds(week)
    specs = list(assignments)
    result = AssignmentsResult()
    with transaction.atomic():
        existing = WorkAssignment.objects.filter(order__gemeente=gemeente, day__range=(first, last),
                                                 order__status__in=PLANNABLE_STATUSES)
        if orders is not None:
            order_ids = set(orders)
            existing = WorkAssignment.objects.filter(order__gemeente=gemeente, order_id__in=order_ids)
            stray = {s.order_id for s in specs} - order_ids
            if stray:
                raise ValidationError(_("Er zijn toewijzingen voor werkorders die niet worden vervangen."))
        scope = set(existing.values_list("order_id", flat=True)) | set(orders or [])
        per_order = _check_assignments(gemeente=gemeente, specs=specs, first=first, last=last, scope=scope)
        result.removed, _detail = existing.delete()
        WorkAssignment.objects.bulk_create([
            WorkAssignment(order_id=s.order_id, worker_id=s.worker_id, day=s.day,
                           hours=Decimal(str(s.hours)).quantize(Decimal("0.01")), learning_skill_id=s.learning_skill_id)
            for s in specs])
        result.created = len(specs)
        _orders_update(gemeente=gemeente, scope=scope, per_order=per_order, result=result, actor=actor,
                       origin=origin, reason=reason, week=first)
        audit_log(action="work.assignments_replace", actor=actor, gemeente=gemeente, object_type="work.workassignment",
                  origin=origin, detail={"week": first.isoformat(), "created": result.created,
                                         "removed": result.removed, "planned": len(result.planned),
                                         "unplanned": len(result.unplanned)})
    return result
