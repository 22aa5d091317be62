"""Checks of a new report's input (used by reports.report_create): the place, the category's extra
questions and the contact details. Each check returns cleaned values or adds Dutch messages to an
errors dict {field: [message]}."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

MAX_DESCRIPTION = 5000
NL_LAT = (50.5, 53.7)
NL_LON = (3.2, 7.3)


def in_netherlands(lat, lon) -> bool:
    try:
        lat, lon = float(lat), float(lon)
    except (TypeError, ValueError):
        return False
    return NL_LAT[0] <= lat <= NL_LAT[1] and NL_LON[0] <= lon <= NL_LON[1]


def place_clean(*, gemeente, lat, lon, address: str, asset, errors: dict) -> tuple[float | None, float | None, str]:
    """(lat, lon, address) of the report: the asset's position when an asset is given, else the
    point, else the address geocoded from the assets' own addresses."""
    address = (address or "").strip()[:200]
    if asset is not None:
        if asset.gemeente_id != gemeente.pk:
            errors.setdefault("asset", []).append(_("Dit object hoort niet bij deze gemeente."))
            return None, None, address
        return float(asset.lat), float(asset.lon), address
    if lat is not None or lon is not None:
        if lat is None or lon is None or not in_netherlands(lat, lon):
            errors.setdefault("lat", []).append(_("Kies een plaats in Nederland op de kaart."))
            return None, None, address
        return float(lat), float(lon), address
    if address:
        found = address_geocode(gemeente=gemeente, address=address)
        if found is not None:
            return found[0], found[1], address
        errors.setdefault("address", []).append(
            _("Dit adres is niet gevonden. Geef een plaats op de kaart."))
        return None, None, address
    errors.setdefault("lat", []).append(_("Geef een plaats op de kaart."))
    return None, None, address


def address_geocode(*, gemeente, address: str) -> tuple[float, float] | None:
    """(lat, lon) of the first asset whose own address starts with `address`, or None."""
    from wijkwerk.assets.selectors import asset_search

    found, _more = asset_search(gemeente=gemeente, query=address, limit=1)
    for asset in found:
        if in_netherlands(asset.lat, asset.lon):
            return float(asset.lat), float(asset.lon)
    return None


def buurt_at(*, gemeente, lat: float, lon: float):
    """The buurt containing the point, or None."""
    from wijkwerk.areas.locate import AreaLocator
    from wijkwerk.areas.models import Area

    try:
        buurt_ids, _wijk = AreaLocator.for_gemeente(gemeente).locate([lon], [lat])
    except Exception:  # noqa: BLE001 - a broken area geometry must not stop a report
        return None
    return Area.objects.filter(pk=int(buurt_ids[0])).first() if int(buurt_ids[0]) else None


def _value_clean(spec: dict, value, errors: dict, field: str):
    datatype = spec.get("datatype", "string")
    keys = {str(v.get("key")) for v in spec.get("values") or []}
    invalid = _("Deze waarde is niet geldig.")
    if datatype == "number":
        try:
            return str(Decimal(str(value).strip().replace(",", ".")))
        except (InvalidOperation, ValueError):
            errors.setdefault(field, []).append(_("Vul een getal in."))
    elif datatype == "datetime":
        try:
            return datetime.datetime.fromisoformat(str(value).strip()).isoformat()
        except ValueError:
            errors.setdefault(field, []).append(_("Vul een datum en tijd in."))
    elif datatype == "singlevaluelist":
        if str(value) in keys:
            return str(value)
        errors.setdefault(field, []).append(invalid)
    elif datatype == "multivaluelist":
        values = [str(v) for v in (value if isinstance(value, list | tuple) else [value])]
        if values and all(v in keys for v in values):
            return values
        errors.setdefault(field, []).append(invalid)
    else:
        text = str(value).strip()
        limit = 5000 if datatype == "text" else 500
        if len(text) <= limit:
            return text
        errors.setdefault(field, []).append(_("Deze tekst is te lang."))
    return None


def attributes_clean(*, category, attributes: dict | None, errors: dict) -> dict:
    """The answers to the category's extra questions: required ones present, values valid."""
    attributes = attributes or {}
    cleaned = {}
    for spec in category.attributes or []:
        code = str(spec.get("code", ""))
        if not code:
            continue
        value = attributes.get(code)
        field = f"attribute[{code}]"
        if value in (None, "", [], ()):
            if spec.get("required"):
                errors.setdefault(field, []).append(_("Dit veld is verplicht."))
            continue
        value = _value_clean(spec, value, errors, field)
        if value is not None:
            cleaned[code] = value
    return cleaned


def contact_clean(*, email: str, name: str, phone: str, errors: dict) -> tuple[str, str, str]:
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.setdefault("email", []).append(_("Vul een geldig e-mailadres in."))
    return email[:254], (name or "").strip()[:120], (phone or "").strip()[:30]
