"""Creating and changing work orders (by hand, from a file, from the plan, the schouw or a
resident's report): hours from the activity's norm, location, buurt and wijk from the assets or
the point, automatic codes, and the first line of the history. Other apps use `work.services`."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkwerk.areas.locate import AreaLocator
from wijkwerk.assets.models import Asset
from wijkwerk.core.audit import audit_log
from wijkwerk.core.geo import in_netherlands_wgs84

from .history import actor_label, order_event_append
from .models import Activity, WorkOrder, WorkOrderEvent

CODE_PREFIX = {WorkOrder.Origin.PLAN: "PL", WorkOrder.Origin.SCHOUW: "SC", WorkOrder.Origin.MELDING: "ME",
               WorkOrder.Origin.HAND: "WO"}


@dataclass
class OrderSpec:
    """One order to create. `hours` None: quantity x the activity's norm hours. `assets`: Asset
    objects of the same municipality (the first gives the location unless lat/lon are given)."""

    activity: Activity
    quantity: Decimal | float | int | str = 1
    hours: Decimal | float | str | None = None
    code: str = ""
    description: str = ""
    assets: list = field(default_factory=list)
    lat: float | None = None
    lon: float | None = None
    deadline: datetime.date | None = None
    priority: int = WorkOrder.Priority.NORMAL
    origin: str = WorkOrder.Origin.HAND
    origin_ref: str = ""
    plan_id: int | None = None
    year: int | None = None
    plot_id: int | None = None
    aspect_code: str = ""
    target_level: str = ""
    buurt_id: int | None = None
    wijk_id: int | None = None


def _decimal(value, *, label: str, places: str = "0.01") -> Decimal:
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ValidationError(_("%(label)s is geen getal: ‘%(value)s’.") % {"label": label, "value": value}) from None
    if not number.is_finite():
        raise ValidationError(_("%(label)s is geen getal: ‘%(value)s’.") % {"label": label, "value": value})
    if number < 0:
        raise ValidationError(_("%(label)s mag niet negatief zijn (%(value)s).") % {"label": label, "value": value})
    return number.quantize(Decimal(places))


CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,59}$")
RESERVED_CODES = frozenset({"nieuw", "uit-schouw"})  # page addresses under /werkorders/


def _clean_spec(spec: OrderSpec, *, gemeente) -> dict:
    if spec.activity.gemeente_id != gemeente.pk:
        raise ValidationError(_("De activiteit ‘%(code)s’ hoort niet bij deze gemeente.") % {"code": spec.activity.code})
    if not spec.activity.active:
        raise ValidationError(_("De activiteit ‘%(code)s’ is niet meer in gebruik.") % {"code": spec.activity.code})
    quantity = _decimal(spec.quantity, label=_("De hoeveelheid"))
    if spec.hours is None or str(spec.hours).strip() == "":
        hours = (quantity * spec.activity.norm_hours).quantize(Decimal("0.01"))
    else:
        hours = _decimal(spec.hours, label=_("Het aantal uren"))
    if hours > Decimal("9999999"):
        raise ValidationError(_("Het aantal uren is te groot (%(hours)s).") % {"hours": hours})
    for asset in spec.assets:
        if asset.gemeente_id != gemeente.pk:
            raise ValidationError(_("Het asset ‘%(id)s’ hoort bij een andere gemeente.") % {"id": asset.external_id})
    lat, lon = spec.lat, spec.lon
    if (lat is None) != (lon is None):
        raise ValidationError(_("Geef zowel de breedtegraad (lat) als de lengtegraad (lon) op."))
    if lat is not None and not bool(in_netherlands_wgs84([float(lon)], [float(lat)])[0]):
        raise ValidationError(_("De plek ligt buiten Nederland (lat %(lat)s, lon %(lon)s).") % {"lat": lat, "lon": lon})
    if lat is None and spec.assets:
        lat, lon = spec.assets[0].lat, spec.assets[0].lon
    buurt_id, wijk_id = spec.buurt_id, spec.wijk_id
    if spec.assets and buurt_id is None and wijk_id is None:
        buurt_id, wijk_id = spec.assets[0].buurt_id, spec.assets[0].wijk_id
    if int(spec.priority) not in WorkOrder.Priority.values:
        raise ValidationError(_("De prioriteit moet 1 (spoed) tot en met 4 (laag) zijn."))
    if spec.origin not in WorkOrder.Origin.values:
        raise ValidationError(_("Onbekende herkomst ‘%(origin)s’.") % {"origin": spec.origin})
    code = (spec.code or "").strip()
    if code and not CODE_RE.match(code):
        raise ValidationError(_("De code ‘%(code)s’ is ongeldig: gebruik letters, cijfers, punt, - of _ "
                                "(hoogstens 60 tekens).") % {"code": code[:80]})
    if code.lower() in RESERVED_CODES:
        raise ValidationError(_("De code ‘%(code)s’ is gereserveerd; kies een andere.") % {"code": code})
    return {"activity": spec.activity, "quantity": quantity, "hours": hours, "code": code,
            "description": (spec.description or "")[:255], "lat": lat, "lon": lon, "deadline": spec.deadline,
            "priority": int(spec.priority), "origin": spec.origin, "origin_ref": spec.origin_ref[:100],
            "plan_id": spec.plan_id, "year": spec.year, "plot_id": spec.plot_id, "aspect_code": spec.aspect_code,
            "target_level": spec.target_level, "buurt_id": buurt_id, "wijk_id": wijk_id}


def order_code_next(*, gemeente, origin: str = WorkOrder.Origin.HAND, year: int | None = None, skip: int = 0) -> str:
    """The next free automatic code, e.g. `WO-2026-00012` (prefix per origin)."""
    year = year or timezone.localdate().year
    prefix = f"{CODE_PREFIX.get(origin, 'WO')}-{year}-"
    highest = 0
    for code in WorkOrder.objects.filter(gemeente=gemeente, code__startswith=prefix).values_list("code", flat=True):
        tail = code[len(prefix):]
        if tail.isdigit():
            highest = max(highest, int(tail))
    return f"{prefix}{highest + 1 + skip:05d}"


def _locate_missing(gemeente, rows: list[dict]) -> None:
    todo = [r for r in rows if r["buurt_id"] is None and r["wijk_id"] is None and r["lat"] is not None]
    if not todo:
        return
    locator = AreaLocator.for_gemeente(gemeente)
    if not locator.has_areas:
        return
    buurten, wijken = locator.locate([r["lon"] for r in todo], [r["lat"] for r in todo])
    for row, buurt, wijk in zip(todo, buurten, wijken, strict=True):
        row["buurt_id"], row["wijk_id"] = int(buurt) or None, int(wijk) or None


def orders_create(*, gemeente, specs: Iterable[OrderSpec], actor=None, origin: str = "system",
                  action: str = "work.orders_create") -> list[WorkOrder]:
    """Creates orders (all or none): validates each spec (ValidationError names the order), fills
    hours, location, buurt and wijk, gives orders without a code the next automatic one, appends
    their first history line and writes one audit record."""
    rows = []
    for number, spec in enumerate(specs, start=1):
        try:
            rows.append((spec, _clean_spec(spec, gemeente=gemeente)))
        except ValidationError as exc:
            label = spec.code or _("nummer %(n)s") % {"n": number}
            raise ValidationError(_("Werkorder %(label)s: %(message)s") % {
                "label": label, "message": " ".join(exc.messages)}) from None
    cleaned = [row for _spec, row in rows]
    _locate_missing(gemeente, cleaned)
    given = [row["code"] for row in cleaned if row["code"]]
    if len(set(given)) != len(given):
        dup = next(c for c in given if given.count(c) > 1)
        raise ValidationError(_("De code ‘%(code)s’ komt twee keer voor.") % {"code": dup})
    with transaction.atomic():
        taken = set(WorkOrder.objects.filter(gemeente=gemeente, code__in=given).values_list("code", flat=True))
        if taken:
            raise ValidationError(_("Er is al een werkorder met de code ‘%(code)s’.") % {"code": sorted(taken)[0]})
        # automatic codes: the highest number per prefix once, then counting up (no scan per order)
        numbers: dict[tuple, int] = {}
        for _spec, row in rows:
            if not row["code"]:
                key = (row["origin"], row["year"] or timezone.localdate().year)
                if key not in numbers:
                    first = order_code_next(gemeente=gemeente, origin=key[0], year=key[1])
                    numbers[key] = int(first.rsplit("-", 1)[1]) - 1
                numbers[key] += 1
                row["code"] = f"{CODE_PREFIX.get(key[0], 'WO')}-{key[1]}-{numbers[key]:05d}"
        creator = actor if getattr(actor, "is_authenticated", False) else None
        orders = WorkOrder.objects.bulk_create(
            [WorkOrder(gemeente=gemeente, created_by=creator, **row) for _spec, row in rows], batch_size=1000)
        through = WorkOrder.assets.through
        through.objects.bulk_create(
            [through(workorder_id=order.pk, asset_id=getattr(asset, "pk", asset))
             for order, (spec, _row) in zip(orders, rows, strict=True) for asset in spec.assets or ()],
            batch_size=2000)
        label = actor_label(actor)
        WorkOrderEvent.objects.bulk_create(
            [WorkOrderEvent(order=order, actor=creator, actor_label=label, to_status=WorkOrder.Status.NEW,
                            detail={"origin": order.origin, **({"ref": order.origin_ref} if order.origin_ref else {})})
             for order in orders], batch_size=1000)
        audit_log(action=action, actor=actor, gemeente=gemeente, object_type="work.workorder", origin=origin,
                  detail={"count": len(orders), "codes": [o.code for o in orders[:50]]})
    return orders


def order_create(*, gemeente, spec: OrderSpec, actor=None, origin: str = "system") -> WorkOrder:
    """One order (by hand, or a resident's report through `sources.order_from_report`)."""
    return orders_create(gemeente=gemeente, specs=[spec], actor=actor, origin=origin, action="work.order_create")[0]


ORDER_FIELDS = ("activity", "quantity", "hours", "description", "lat", "lon", "deadline", "priority", "buurt_id",
                "wijk_id")


def order_update(*, order: WorkOrder, spec: OrderSpec, actor=None, origin: str = "system", reason: str = "") -> bool:
    """Changes what a new order (status nieuw) asks for: activity, quantity, hours, location, assets,
    deadline, priority. The change is appended to the history with the old and new values; an
    order already planned or further is refused. Returns whether anything changed."""
    cleaned = _clean_spec(spec, gemeente=order.gemeente)
    if cleaned["buurt_id"] is None and cleaned["wijk_id"] is None:
        _locate_missing(order.gemeente, [cleaned])
    with transaction.atomic():
        locked = WorkOrder.objects.select_for_update().get(pk=order.pk)
        if locked.status != WorkOrder.Status.NEW:
            raise ValidationError(_("Werkorder %(code)s heeft de status ‘%(status)s’ en kan niet meer worden "
                                    "gewijzigd.") % {"code": locked.code, "status": locked.get_status_display()})
        changes = {}
        for name in ORDER_FIELDS:
            old, new = getattr(locked, name), cleaned[name]
            if old != new:
                changes[name] = (old, new)
        old_assets = sorted(locked.assets.values_list("pk", flat=True))
        new_assets = sorted(a.pk for a in spec.assets)
        if not changes and old_assets == new_assets:
            return False
        for name, (_old, new) in changes.items():
            setattr(locked, name, new)
        if changes:
            locked.save(update_fields=list(changes))
        if old_assets != new_assets:
            locked.assets.set(spec.assets)
        shown = {n: [_json(o), _json(v)] for n, (o, v) in changes.items()}
        if old_assets != new_assets:
            shown["assets"] = [old_assets, new_assets]
        order_event_append(order=locked, actor=actor, from_status=locked.status, to_status=locked.status,
                           reason=reason, detail={"changes": shown})
        audit_log(action="work.order_update", actor=actor, gemeente=locked.gemeente, obj=locked, origin=origin,
                  detail={"code": locked.code, "changes": shown})
    for name, (_old, new) in changes.items():
        setattr(order, name, new)
    return True


def _json(value):
    if isinstance(value, Activity):
        return value.code
    if isinstance(value, (Decimal, datetime.date)):
        return str(value)
    return value


def order_assets_resolve(*, gemeente, external_ids: Iterable[str]) -> list[Asset]:
    """The municipality's assets with these external ids; ValidationError names one that is not
    there (or belongs to another municipality)."""
    ids = [str(i).strip() for i in external_ids if str(i).strip()]
    found = {a.external_id: a for a in Asset.objects.filter(gemeente=gemeente, external_id__in=ids)}
    for external_id in ids:
        if external_id not in found:
            if Asset.objects.filter(external_id=external_id).exclude(gemeente=gemeente).exists():
                raise ValidationError(_("Het asset ‘%(id)s’ hoort bij een andere gemeente.") % {"id": external_id})
            raise ValidationError(_("Het asset ‘%(id)s’ bestaat niet in deze gemeente.") % {"id": external_id})
    return [found[i] for i in ids]


