"""Import of NEN 2767 measurements from a file (CSV/XLSX, one row per defect): read the table,
check every row, then save the measurements in batches. All or nothing: any refused row and
nothing is written."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wijkwerk.assets.models import Asset
from wijkwerk.assets.services import ConditionMeasurement, asset_conditions_record
from wijkwerk.core.audit import audit_log
from wijkwerk.core.files import batched, columns_by_alias, filter_in_batches, missing_fields

from .. import nen2767
from ..actors import actor_user
from ..importing import BATCH, RowCollector, RowErrors, row_batches, table_read
from ..models import ConditionDefect, ConditionElement, ConditionInspection
from .services import condition_tables, date_check, elements_clean, measurement_condition

CONDITION_COLUMNS = ("asset", "element", "replacement_value", "defect", "severity", "intensity", "extent", "date")
CONDITION_ALIASES = {
    "asset": ("asset", "object", "bronsleutel"),
    "element": ("element", "bouwdeel"),
    "replacement_value": ("replacement_value", "vervangingswaarde"),
    "defect": ("defect", "gebrek"),
    "severity": ("severity", "ernst"),
    "intensity": ("intensity", "intensiteit"),
    "extent": ("extent", "omvang"),
    "date": ("date", "datum"),
}
DEFECT_COLUMNS = ("defect", "severity", "intensity", "extent")
# How the page names the fields in a refused row (the column names of the Dutch template file)
FIELD_LABELS = {
    "asset": gettext_lazy("asset (bronsleutel)"),
    "element": gettext_lazy("element"),
    "replacement_value": gettext_lazy("vervangingswaarde"),
    "defect": gettext_lazy("gebrek"),
    "severity": gettext_lazy("ernst"),
    "intensity": gettext_lazy("intensiteit"),
    "extent": gettext_lazy("omvang"),
    "date": gettext_lazy("datum"),
}

# (asset external id, date) -> {element name: checked element}: one measurement per asset and date
Groups = dict[tuple[str, datetime.date], dict[str, dict]]


@transaction.atomic
def conditions_import(*, gemeente, path, actor=None, origin: str = "cli") -> dict:
    """Reads NEN 2767 measurements from CSV/XLSX, one row per defect: `asset` (external id),
    `element`, `replacement_value`, `defect`, `severity` (gering/serieus/ernstig), `intensity`
    (1..3), `extent` (class 1..5 or a percentage "25%"), `date` (JJJJ-MM-DD, not in the future).
    A row with an empty defect records an element without defects (condition 1). Rows with the
    same asset and date form one measurement. Atomic: any refused row -> RowErrors, nothing saved."""
    tables = condition_tables(gemeente=gemeente)
    check, rows_read = _check(gemeente=gemeente, path=path, tables=tables)
    groups = check.result()
    source = f"import {getattr(path, 'name', str(path))}"[-255:]
    conditions = _save(gemeente=gemeente, groups=groups, asset_ids=check.asset_ids, tables=tables, source=source,
                       actor=actor, origin=origin)
    report = {"rows": rows_read, "assets": len({k[0] for k in groups}), "inspections": len(groups),
              "conditions": {str(k): v for k, v in sorted(conditions.items())}}
    audit_log(action="inspections.conditions_import", actor=actor, gemeente=gemeente,
              object_type="inspections.conditioninspection", origin=origin, detail=report)
    return report


def conditions_check(*, gemeente, path) -> dict:
    """The check of `conditions_import` without saving anything: what the file would record, as
    the import's report ({"rows", "assets", "inspections", "conditions": {condition: number of
    measurements}}). Raises RowErrors (every refused row) or ValidationError like the import."""
    tables = condition_tables(gemeente=gemeente)
    check, rows_read = _check(gemeente=gemeente, path=path, tables=tables)
    groups = check.result()
    conditions: dict[int, int] = {}
    for elements in groups.values():
        condition = measurement_condition(list(elements.values()), tables)
        conditions[condition] = conditions.get(condition, 0) + 1
    return {"rows": rows_read, "assets": len({k[0] for k in groups}), "inspections": len(groups),
            "conditions": {str(k): v for k, v in sorted(conditions.items())}}


def _check(*, gemeente, path, tables: nen2767.Tables) -> tuple[_ConditionsCheck, int]:
    """Reads the file and checks every row; (the check, rows read)."""
    with table_read(path) as table:
        check = _ConditionsCheck(gemeente=gemeente, columns=_columns(table.columns), tables=tables)
        for batch in row_batches(table):
            check.rows(batch)
    return check, table.rows_read


# --- check (the file is read by `importing.table_read`) ----------------------------------------------


def _columns(found_columns: list[str]) -> dict[str, str]:
    columns = columns_by_alias(found_columns, CONDITION_ALIASES)
    missing = missing_fields(columns, CONDITION_COLUMNS)
    if missing:
        raise ValidationError(_("Kolom(men) ontbreken: %(missing)s. Gevonden: %(found)s.")
                              % {"missing": ", ".join(missing), "found": ", ".join(found_columns)})
    return columns


def _external_id(value) -> str:
    """An asset's external id as written in a cell (a whole number from Excel without ".0")."""
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value or "").strip()


def _row_element(row: dict, columns: dict[str, str], tables: nen2767.Tables) -> tuple[datetime.date, dict]:
    """(date, checked element with this row's defect, if any). Raises nen2767.Nen2767Error."""
    date = date_check(row.get(columns["date"]))
    defects = []
    if any(row.get(columns[c]) not in (None, "") for c in DEFECT_COLUMNS):
        defects = [{"name": row.get(columns["defect"]), "severity": row.get(columns["severity"]),
                    "intensity": row.get(columns["intensity"]), "extent": row.get(columns["extent"])}]
    element = elements_clean([{"name": row.get(columns["element"]),
                               "replacement_value": row.get(columns["replacement_value"]),
                               "defects": defects}], tables)[0]
    return date, element


class _ConditionsCheck:
    """Checks the rows of a conditions file batch by batch (`rows`), looking up the assets of each
    batch with a few queries; `result()` gives the measurements or raises RowErrors."""

    def __init__(self, *, gemeente, columns: dict[str, str], tables: nen2767.Tables):
        self.gemeente = gemeente
        self.columns = columns
        self.tables = tables
        self.asset_ids: dict[str, int] = {}  # external id -> asset id, of the ids seen so far
        self.unknown: set[str] = set()
        self.groups: Groups = {}
        self.errors = RowCollector()  # capped: a million bad rows do not fill the memory

    def rows(self, batch: list[tuple[int, dict]]) -> None:
        self._assets_look_up({_external_id(row.get(self.columns["asset"])) for _number, row in batch})
        for number, row in batch:
            self._row(number, row)

    def result(self) -> Groups:
        if self.errors:
            raise RowErrors(self.errors)
        return self.groups

    def _assets_look_up(self, external_ids: set[str]) -> None:
        new = sorted(e for e in external_ids if e and e not in self.asset_ids and e not in self.unknown)
        assets = Asset.objects.filter(gemeente=self.gemeente).values_list("external_id", "pk")
        self.asset_ids.update(filter_in_batches(assets, "external_id", new, size=BATCH))
        self.unknown.update(e for e in new if e not in self.asset_ids)

    def _error(self, number: int, field: str, message: str) -> None:
        self.errors.add(number, field, message)

    def _row(self, number: int, row: dict) -> None:
        ext = _external_id(row.get(self.columns["asset"]))
        if not ext:
            self._error(number, "asset", _("Het asset (bronsleutel) ontbreekt."))
            return
        if ext not in self.asset_ids:
            self._error(number, "asset", _("Asset '%(id)s' bestaat niet in deze gemeente.") % {"id": ext})
            return
        try:
            date, element = _row_element(row, self.columns, self.tables)
        except nen2767.Nen2767Error as exc:
            self._error(number, exc.field, str(exc))
            return
        group = self.groups.setdefault((ext, date), {})
        existing = group.get(element["name"])
        if existing is None:
            group[element["name"]] = element
        elif existing["replacement_value"] != element["replacement_value"] and element["replacement_value"]:
            self._error(number, "replacement_value", _("Element '%(name)s' heeft eerder een andere vervangingswaarde "
                                                       "(%(value)s).") % {"name": element["name"],
                                                                         "value": existing["replacement_value"]})
        else:
            existing["defects"].extend(element["defects"])
            existing["condition"] = nen2767.element_condition(d["condition"] for d in existing["defects"])


# --- save ------------------------------------------------------------------------------------------


def _save(*, gemeente, groups: Groups, asset_ids: dict[str, int], tables: nen2767.Tables, source: str, actor,
          origin: str) -> dict[int, int]:
    """Stores the measurements in batches and has the asset register record them on the assets;
    returns {condition: number of measurements}."""
    ordered = sorted(groups.items(), key=lambda kv: (kv[0][1], kv[0][0]))
    conditions: dict[int, int] = {}
    measurements: list[ConditionMeasurement] = []
    for batch in batched(ordered, BATCH):
        inspections = _inspections_store(gemeente=gemeente, batch=batch, asset_ids=asset_ids, tables=tables,
                                         source=source, actor=actor)
        for inspection in inspections:
            conditions[inspection.condition] = conditions.get(inspection.condition, 0) + 1
            measurements.append(ConditionMeasurement(asset_id=inspection.asset_id, condition=inspection.condition,
                                                     date=inspection.date))
    asset_conditions_record(gemeente=gemeente, measurements=measurements, source=source, actor=actor, origin=origin,
                            batch_size=BATCH)
    return conditions


def _inspections_store(*, gemeente, batch, asset_ids: dict[str, int], tables: nen2767.Tables, source: str,
                       actor) -> list[ConditionInspection]:
    """One batch of measurements with their elements and defects, a few queries per batch."""
    inspections = [
        ConditionInspection(gemeente=gemeente, asset_id=asset_ids[ext], date=date, source=source[:255],
                            condition=measurement_condition(list(elements.values()), tables), created_by=actor_user(actor))
        for (ext, date), elements in batch
    ]
    _bulk_create(ConditionInspection, inspections)
    elements = [
        (ConditionElement(inspection=inspection, name=e["name"], replacement_value=e["replacement_value"],
                          condition=e["condition"]), e["defects"])
        for inspection, (_key, by_name) in zip(inspections, batch, strict=True) for e in by_name.values()
    ]
    _bulk_create(ConditionElement, [element for element, _defects in elements])
    ConditionDefect.objects.bulk_create(
        [ConditionDefect(element=element, **d) for element, defects in elements for d in defects], batch_size=BATCH)
    return inspections


def _bulk_create(model, objects: list) -> None:
    """Inserts `objects` and sets their ids (one by one where the database cannot return them)."""
    if connection.features.can_return_rows_from_bulk_insert:
        model.objects.bulk_create(objects, batch_size=BATCH)
    else:
        for obj in objects:
            obj.save()
