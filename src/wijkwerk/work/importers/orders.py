"""`wijkwerk import-work-orders`: code,activity,asset,lat,lon,quantity,deadline,priority[,hours,
description]. `asset`: the asset's external id (several `;`-separated), or leave it empty and give
a position (lat/lon, WGS84). Hours = quantity x the activity's norm hours (unless an `hours`
column gives them). An empty code gets the next automatic one; an existing code is updated while
the order is still new (nieuw)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from wijkwerk.core.files import ImportReport, parse_float

from ..models import Activity, WorkOrder
from ..orders import OrderSpec, order_assets_resolve, order_create, order_update
from .base import RowRefused, codes, date_value, rows_import, text

ORDER_ALIASES = {
    "code": ("code", "werkorder", "ordernummer"),
    "activity": ("activity", "activiteit"),
    "asset": ("asset", "assets", "bronsleutel", "object"),
    "lat": ("lat", "latitude", "breedtegraad"),
    "lon": ("lon", "lng", "longitude", "lengtegraad"),
    "quantity": ("quantity", "hoeveelheid", "aantal"),
    "deadline": ("deadline", "uiterste_datum", "datum"),
    "priority": ("priority", "prioriteit"),
    "hours": ("hours", "uren"),
    "description": ("description", "omschrijving"),
}
ORDER_REQUIRED = ("code", "activity", "asset", "lat", "lon", "quantity", "deadline", "priority")
PRIORITY_WORDS = {"spoed": 1, "hoog": 2, "normaal": 3, "laag": 4}


def _priority(value: str) -> int:
    word = (value or "").strip().lower()
    if not word:
        return WorkOrder.Priority.NORMAL
    if word in PRIORITY_WORDS:
        return PRIORITY_WORDS[word]
    if word.isdigit() and int(word) in WorkOrder.Priority.values:
        return int(word)
    raise RowRefused("priority", _("Prioriteit ‘%(value)s’ bestaat niet: gebruik 1 (spoed) tot en met 4 (laag), of "
                                   "spoed/hoog/normaal/laag.") % {"value": value})


def _point(row: dict, columns: dict[str, str]) -> tuple[float | None, float | None]:
    lat_raw, lon_raw = text(row, columns, "lat"), text(row, columns, "lon")
    if not lat_raw and not lon_raw:
        return None, None
    lat, lon = parse_float(lat_raw), parse_float(lon_raw)
    if lat != lat or lon != lon:  # NaN: empty or not a number
        raise RowRefused("lat" if lat != lat else "lon", _("Geef de positie als lat én lon in graden (WGS84), bijv. "
                                                            "52.09 en 5.12."))
    return lat, lon


def work_orders_import(*, gemeente, path, actor=None, origin: str = "cli") -> ImportReport:
    activities = {a.code: a for a in Activity.objects.filter(gemeente=gemeente)}

    def write_row(row: dict, columns: dict[str, str]) -> str:
        code = text(row, columns, "code")
        activity_code = text(row, columns, "activity").lower()
        activity = activities.get(activity_code)
        if activity is None:
            raise RowRefused("activity", _("Onbekende activiteit ‘%(code)s’.") % {"code": activity_code}
                             if activity_code else _("De activiteit ontbreekt."))
        try:
            assets = order_assets_resolve(gemeente=gemeente, external_ids=codes(text(row, columns, "asset")))
        except ValidationError as exc:
            raise RowRefused("asset", " ".join(exc.messages)) from None
        lat, lon = _point(row, columns)
        if not assets and lat is None:
            raise RowRefused("asset", _("Geef een asset (bronsleutel) of een positie (lat, lon)."))
        quantity = text(row, columns, "quantity") or "1"
        if parse_float(quantity) != parse_float(quantity):
            raise RowRefused("quantity", _("De hoeveelheid ‘%(value)s’ is geen getal.") % {"value": quantity})
        if parse_float(quantity) < 0:
            raise RowRefused("quantity", _("De hoeveelheid mag niet negatief zijn (%(value)s).") % {"value": quantity})
        hours = text(row, columns, "hours")
        if hours and not parse_float(hours) >= 0:
            raise RowRefused("hours", _("Het aantal uren mag niet negatief zijn en moet een getal zijn (%(value)s).") % {
                "value": hours})
        spec = OrderSpec(activity=activity, quantity=str(parse_float(quantity)), hours=hours or None,
                         code=code, description=text(row, columns, "description"), assets=assets, lat=lat, lon=lon,
                         deadline=date_value(row.get(columns["deadline"]), "deadline"),
                         priority=_priority(text(row, columns, "priority")))
        existing = WorkOrder.objects.filter(gemeente=gemeente, code=code).first() if code else None
        if existing is None:
            order_create(gemeente=gemeente, spec=spec, actor=actor, origin=origin)
            return "created"
        changed = order_update(order=existing, spec=spec, actor=actor, origin=origin,
                               reason=_("Gewijzigd door het inlezen van een bestand."))
        return "updated" if changed else "unchanged"

    return rows_import(path=path, aliases=ORDER_ALIASES, required=ORDER_REQUIRED, write_row=write_row,
                       action="work.orders_import", gemeente=gemeente, actor=actor, origin=origin)
