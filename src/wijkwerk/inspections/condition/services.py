"""Writes for technical condition (NEN 2767): the municipality's tables and measurements of
assets. Every change writes the audit log; the asset's current condition and its history are
written by the asset register (`assets.services`), never here."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkwerk.assets.services import asset_condition_record
from wijkwerk.core.audit import audit_log

from .. import nen2767
from ..actors import actor_user
from ..models import ConditionConfig, ConditionDefect, ConditionElement, ConditionInspection

DEFAULT_SOURCE = "conditiemeting"  # stored with the measurement (data, not translated)
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S")


def condition_tables(*, gemeente) -> nen2767.Tables:
    """The municipality's NEN 2767 tables (the defaults when it stored none)."""
    config = ConditionConfig.objects.filter(gemeente=gemeente).first()
    if config is None:
        return nen2767.DEFAULT_TABLES
    return nen2767.Tables.from_config(config.matrix, config.factors, config.extent_bounds)


@transaction.atomic
def condition_config_save(*, gemeente, matrix: dict | None = None, factors: dict | None = None,
                          extent_bounds: list | None = None, actor=None, origin: str = "web") -> ConditionConfig:
    """Stores corrected NEN 2767 tables for a municipality (cells not given keep the default)."""
    try:
        nen2767.Tables.from_config(matrix, factors, extent_bounds)
    except nen2767.Nen2767Error as exc:
        raise ValidationError(str(exc)) from None
    config, _created = ConditionConfig.objects.update_or_create(
        gemeente=gemeente,
        defaults={"matrix": matrix or {}, "factors": {str(k): v for k, v in (factors or {}).items()},
                  "extent_bounds": list(extent_bounds or [])},
    )
    audit_log(action="inspections.condition_config", actor=actor, gemeente=gemeente, obj=config, origin=origin)
    return config


# --- checking a measurement ------------------------------------------------------------------------


def _replacement_value(raw) -> Decimal:
    try:
        value = Decimal(str(raw if raw not in (None, "") else "0").replace(",", ".").replace("€", "").strip())
    except InvalidOperation:
        raise nen2767.Nen2767Error("replacement_value", _("Vervangingswaarde '%(value)s' is geen bedrag.")
                                   % {"value": raw}) from None
    if not value.is_finite() or value < 0:
        raise nen2767.Nen2767Error("replacement_value", _("Vervangingswaarde %(value)s kan niet negatief zijn.")
                                   % {"value": raw})
    return value


def _clean_defect(raw: dict, tables: nen2767.Tables) -> dict:
    severity = nen2767.normalise_severity(raw.get("severity"))
    intensity = nen2767.normalise_intensity(raw.get("intensity"))
    extent_class, pct = nen2767.parse_extent(raw.get("extent"), tables)
    return {"name": str(raw.get("name") or "").strip()[:150] or "gebrek", "severity": severity,
            "intensity": intensity, "extent_class": extent_class, "extent_percentage": pct,
            "condition": nen2767.defect_condition(severity, intensity, extent_class, tables)}


def elements_clean(elements: list[dict], tables: nen2767.Tables) -> list[dict]:
    """Validates and computes: [{"name", "replacement_value", "condition", "defects": [{... "condition"}]}].
    Raises nen2767.Nen2767Error naming the field."""
    clean = []
    for el in elements:
        name = str(el.get("name") or "").strip()
        if not name:
            raise nen2767.Nen2767Error("element", _("De naam van het element ontbreekt."))
        value = _replacement_value(el.get("replacement_value"))
        defects = [_clean_defect(d, tables) for d in el.get("defects") or []]
        clean.append({"name": name[:100], "replacement_value": value, "defects": defects,
                      "condition": nen2767.element_condition(d["condition"] for d in defects)})
    if not clean:
        raise nen2767.Nen2767Error("element", _("Geef ten minste één element."))
    return clean


def date_check(date) -> datetime.date:
    """A measurement date (a date, or text as JJJJ-MM-DD or DD-MM-JJJJ) that is not in the future.
    Raises nen2767.Nen2767Error."""
    if isinstance(date, datetime.datetime):
        date = date.date()
    if not isinstance(date, datetime.date):
        text = str(date or "").strip()
        parsed = None
        for fmt in DATE_FORMATS:
            try:
                parsed = datetime.datetime.strptime(text, fmt).date()
                break
            except ValueError:
                continue
        if parsed is None:
            raise nen2767.Nen2767Error("date", _("Datum '%(value)s' is geen datum (gebruik JJJJ-MM-DD).") % {"value": date})
        date = parsed
    if date > timezone.localdate():
        raise nen2767.Nen2767Error("date", _("Datum %(date)s ligt in de toekomst.") % {"date": f"{date:%d-%m-%Y}"})
    return date


def measurement_condition(elements: list[dict], tables: nen2767.Tables) -> int:
    """The asset's condition from its checked elements (replacement-value weighted, NEN 2767-1)."""
    return nen2767.asset_condition([(float(e["replacement_value"]), e["condition"]) for e in elements], tables)


# --- recording -------------------------------------------------------------------------------------


def _inspection_store(*, asset, date: datetime.date, elements: list[dict], condition: int, source: str,
                      actor) -> ConditionInspection:
    inspection = ConditionInspection.objects.create(
        gemeente_id=asset.gemeente_id, asset=asset, date=date, condition=condition, source=source[:255],
        created_by=actor_user(actor),
    )
    for e in elements:
        element = ConditionElement.objects.create(inspection=inspection, name=e["name"],
                                                  replacement_value=e["replacement_value"], condition=e["condition"])
        ConditionDefect.objects.bulk_create([ConditionDefect(element=element, **d) for d in e["defects"]])
    return inspection


@transaction.atomic
def condition_inspection_record(*, asset, date, elements: list[dict], actor=None, origin: str = "web",
                                source: str = DEFAULT_SOURCE) -> ConditionInspection:
    """Records one NEN 2767 measurement of an asset: elements [{"name", "replacement_value",
    "defects": [{"name", "severity", "intensity", "extent"}]}] (extent a class 1..5 or "25%").
    Computes element and asset conditions and keeps the measurement; the asset register then
    makes it the asset's current condition when it is the latest (and appends it to the asset's
    history either way), see `assets.services.asset_condition_record`."""
    tables = condition_tables(gemeente=asset.gemeente)
    try:
        date = date_check(date)
        clean = elements_clean(elements, tables)
    except nen2767.Nen2767Error as exc:
        raise ValidationError({exc.field: [str(exc)]}) from None
    condition = measurement_condition(clean, tables)
    inspection = _inspection_store(asset=asset, date=date, elements=clean, condition=condition, source=source,
                                   actor=actor)
    asset_condition_record(asset=asset, condition=condition, date=date, source=source, actor=actor, origin=origin)
    audit_log(action="inspections.condition_record", actor=actor, gemeente=asset.gemeente, obj=inspection,
              origin=origin, detail={"asset": asset.external_id, "condition": inspection.condition,
                                     "date": inspection.date.isoformat()})
    return inspection
