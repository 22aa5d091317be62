"""Registering work in the field (writes): start an order, complete it (hours per person,
materials, before/after photos, remarks, and for asset work the NEN 2767 condition measured
afterwards), and check it (gecontroleerd, or afgekeurd with a reason).

Completing is all or nothing: every value and photo is checked first; then, in one transaction,
the registration is appended, the photos are stored, the assets' condition and history change
through the asset register (`assets.services.asset_condition_record`) and the order becomes
gereed. A stored photo is deleted again when the transaction fails.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkwerk.assets.services import asset_condition_record
from wijkwerk.core.audit import audit_log

from .models import WorkAssignment, WorkCompletion, WorkedHours, Worker, WorkOrder, WorkPhoto
from .photos import CleanPhoto, photo_clean, photo_delete, photo_store
from .services import order_transition
from .sources import schouw_orders_close

MAX_HOURS_PER_PERSON = Decimal("12")
MAX_PHOTOS = 12
MAX_MATERIALS = 50


def order_start(*, order: WorkOrder, actor=None, origin: str = "web") -> WorkOrder:
    """gepland -> in uitvoering."""
    return order_transition(order=order, to=WorkOrder.Status.IN_PROGRESS, actor=actor, origin=origin)


def order_check(*, order: WorkOrder, approved: bool, reason: str = "", actor=None, origin: str = "web") -> WorkOrder:
    """gereed -> gecontroleerd, or -> afgekeurd (a reason is required; the order can then be planned again)."""
    to = WorkOrder.Status.CHECKED if approved else WorkOrder.Status.REJECTED
    return order_transition(order=order, to=to, actor=actor, origin=origin, reason=reason)


def order_cancel(*, order: WorkOrder, reason: str, actor=None, origin: str = "web") -> WorkOrder:
    """-> vervallen (a reason is required); its assignments are removed."""
    with transaction.atomic():
        order_transition(order=order, to=WorkOrder.Status.CANCELLED, actor=actor, origin=origin, reason=reason)
        WorkAssignment.objects.filter(order=order).delete()
    return order


def _hours_clean(order: WorkOrder, hours: Mapping[int, object]) -> list[tuple[Worker, Decimal]]:
    workers = {w.pk: w for w in Worker.objects.filter(gemeente_id=order.gemeente_id, pk__in=list(hours))}
    rows = []
    for worker_id, raw in hours.items():
        if raw is None or str(raw).strip() == "":
            continue
        worker = workers.get(int(worker_id))
        if worker is None:
            raise ValidationError(_("Deze medewerker hoort niet bij de gemeente."))
        try:
            value = Decimal(str(raw).strip().replace(",", "."))
        except (InvalidOperation, ValueError):
            raise ValidationError(_("De uren van %(name)s zijn geen getal (‘%(value)s’).") % {
                "name": worker.name, "value": raw}) from None
        if not value.is_finite() or value < 0:
            raise ValidationError(_("De uren van %(name)s mogen niet negatief zijn (%(value)s).") % {
                "name": worker.name, "value": raw})
        if value == 0:
            continue
        if value > MAX_HOURS_PER_PERSON:
            raise ValidationError(_("%(name)s: meer dan %(max)s uur op een werkorder kan niet (%(value)s).") % {
                "name": worker.name, "max": MAX_HOURS_PER_PERSON, "value": raw})
        rows.append((worker, value.quantize(Decimal("0.01"))))
    if not rows:
        raise ValidationError(_("Vul de gewerkte uren in van minstens één persoon."))
    return rows


def _materials_clean(materials: Iterable[Mapping] | None) -> list[dict]:
    out = []
    for item in materials or []:
        name = " ".join(str(item.get("name") or "").split())[:120]
        if not name:
            continue
        quantity = str(item.get("quantity") or "").strip().replace(",", ".")
        if quantity:
            try:
                number = Decimal(quantity)
            except InvalidOperation:
                raise ValidationError(_("De hoeveelheid van ‘%(name)s’ is geen getal.") % {"name": name}) from None
            if not number.is_finite() or number < 0:
                raise ValidationError(_("De hoeveelheid van ‘%(name)s’ mag niet negatief zijn.") % {"name": name})
            quantity = str(number.normalize())
        out.append({"name": name, "quantity": quantity, "unit": str(item.get("unit") or "").strip()[:20]})
    if len(out) > MAX_MATERIALS:
        raise ValidationError(_("Hoogstens %(max)s materialen per werkorder.") % {"max": MAX_MATERIALS})
    return out


def _condition_clean(order: WorkOrder, condition) -> int | None:
    if condition in (None, ""):
        return None
    try:
        value = int(condition)
    except (TypeError, ValueError):
        raise ValidationError(_("De conditie moet een geheel getal van 1 tot en met 6 zijn.")) from None
    if not 1 <= value <= 6:
        raise ValidationError(_("De conditie moet een geheel getal van 1 tot en met 6 zijn."))
    if not order.assets.exists():
        raise ValidationError(_("Deze werkorder hoort bij geen asset; een conditie kan hier niet worden vastgelegd."))
    return value


def _photos_clean(photos: Iterable[tuple[str, object]]) -> list[tuple[str, CleanPhoto]]:
    photos = list(photos or [])
    if len(photos) > MAX_PHOTOS:
        raise ValidationError(_("Hoogstens %(max)s foto's per keer.") % {"max": MAX_PHOTOS})
    out = []
    for kind, upload in photos:
        if kind not in WorkPhoto.Kind.values:
            raise ValidationError(_("Onbekend soort foto ‘%(kind)s’.") % {"kind": kind})
        out.append((kind, photo_clean(upload)))
    return out


def order_complete(*, order: WorkOrder, hours: Mapping[int, object], materials: Iterable[Mapping] | None = None,
                   photos: Iterable[tuple[str, object]] = (), remarks: str = "", condition=None,
                   date: datetime.date | None = None, actor=None, origin: str = "web") -> WorkCompletion:
    """Registers the work and moves the order to gereed (from gepland via in uitvoering). `hours`:
    {worker id: hours}; `photos`: [("voor" | "na", uploaded file)]; `condition`: NEN 2767 1..6 for
    each of the order's assets, measured on `date` (today). Raises ValidationError or
    TransitionRefused (Dutch) and changes nothing."""
    if order.status not in (WorkOrder.Status.PLANNED, WorkOrder.Status.IN_PROGRESS):
        raise ValidationError(_("Alleen een geplande werkorder of een werkorder in uitvoering kan gereed worden "
                                "gemeld (status nu: %(status)s).") % {"status": order.get_status_display()})
    hour_rows = _hours_clean(order, hours)
    material_rows = _materials_clean(materials)
    condition = _condition_clean(order, condition)
    clean_photos = _photos_clean(photos)
    date = date or timezone.localdate()
    learning = dict(WorkAssignment.objects.filter(order=order, learning_skill__isnull=False)
                    .values_list("worker_id", "learning_skill_id"))
    stored: list[str] = []
    try:
        with transaction.atomic():
            if order.status == WorkOrder.Status.PLANNED:
                order_transition(order=order, to=WorkOrder.Status.IN_PROGRESS, actor=actor, origin=origin)
            completion = WorkCompletion.objects.create(
                order=order, actor=actor if getattr(actor, "is_authenticated", False) else None,
                remarks=(remarks or "").strip()[:5000], materials=material_rows, condition=condition)
            WorkedHours.objects.bulk_create([
                WorkedHours(completion=completion, order=order, worker=w, hours=h, learning_skill_id=learning.get(w.pk))
                for w, h in hour_rows])
            for kind, photo in clean_photos:
                relative = photo_store(photo, gemeente_id=order.gemeente_id, order_id=order.pk)
                stored.append(relative)
                WorkPhoto.objects.create(completion=completion, order=order, kind=kind, path=relative,
                                         content_type="image/jpeg", width=photo.width, height=photo.height,
                                         size=photo.size)
            if condition is not None:
                for asset in order.assets.all():
                    asset_condition_record(asset=asset, condition=condition, date=date, actor=actor, origin=origin,
                                           source=f"werkorder {order.code}")
            total = sum(h for _w, h in hour_rows)
            order_transition(order=order, to=WorkOrder.Status.DONE, actor=actor, origin=origin,
                             detail={"hours": str(total), "people": len(hour_rows), "photos": len(clean_photos),
                                     "materials": len(material_rows),
                                     **({"condition": condition} if condition is not None else {})})
            audit_log(action="work.order_complete", actor=actor, gemeente=order.gemeente, obj=order, origin=origin,
                      detail={"code": order.code, "hours": str(total), "photos": len(clean_photos)})
    except BaseException:
        for relative in stored:
            photo_delete(relative)
        raise
    if order.origin == WorkOrder.Origin.SCHOUW:
        schouw_orders_close(gemeente=order.gemeente, orders=[order], actor=actor, origin=origin)
        order.refresh_from_db(fields=["status", "closed_at"])
    return completion
