"""What the execution importers share: reading the table row by row, the columns by their
aliases, and the values people write (lists `a;b`, dates, ja/nee, numbers)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wijkwerk.core.audit import audit_log
from wijkwerk.core.files import (
    FileRefused,
    ImportReport,
    columns_by_alias,
    missing_fields,
    open_rows,
    to_text,
)

YES = {"ja", "j", "yes", "y", "true", "waar", "1", "x"}
NO = {"nee", "n", "no", "false", "onwaar", "0"}


class RowRefused(Exception):
    """One row refused: `field` names the column (empty for the row as a whole)."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def text(row: dict, columns: dict[str, str], name: str) -> str:
    column = columns.get(name)
    return (to_text(row.get(column)) or "") if column else ""


def codes(value: str) -> list[str]:
    """`a; b ;c` -> ["a", "b", "c"]."""
    return [part.strip() for part in (value or "").split(";") if part.strip()]


def yes_no(value: str, field: str) -> bool:
    word = (value or "").strip().lower()
    if not word or word in NO:
        return False
    if word in YES:
        return True
    raise RowRefused(field, _("‘%(value)s’ is geen ja of nee.") % {"value": value})


def date_value(raw, field: str) -> datetime.date | None:
    """A date cell: an XLSX date, or text JJJJ-MM-DD (also DD-MM-JJJJ); empty -> None."""
    if raw in (None, ""):
        return None
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    value = str(raw).strip()
    for fmt in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise RowRefused(field, _("‘%(value)s’ is geen datum (gebruik JJJJ-MM-DD).") % {"value": value})


def columns_read(found: list[str], aliases: dict[str, tuple[str, ...]], required: tuple[str, ...]) -> dict[str, str]:
    columns = columns_by_alias(found, aliases)
    missing = missing_fields(columns, required)
    if missing:
        raise ValidationError(_("Kolom(men) ontbreken: %(missing)s. Gevonden: %(found)s.")
                              % {"missing": ", ".join(missing), "found": ", ".join(found)})
    return columns


def rows_import(*, path, aliases: dict[str, tuple[str, ...]], required: tuple[str, ...],
                write_row: Callable[[dict, dict[str, str]], str], action: str, gemeente, actor=None,
                origin: str = "cli", prepare: Callable[[list[tuple[int, dict]], dict[str, str]], None] | None = None,
                ) -> ImportReport:
    """Reads `path` (CSV/XLSX, checked by the file layer) and hands each row to `write_row(row,
    columns)`, which writes it and returns "created", "updated" or "unchanged", or raises RowRefused
    / ValidationError to refuse it. Each row is written in its own savepoint: a refused row leaves
    nothing behind, the others stay. `prepare(batch, columns)` may look things up per batch.
    A file the file layer refuses, or one without the required columns, is a ValidationError."""
    report = ImportReport(file_name=Path(str(path)).name)
    try:
        with open_rows(path) as table:
            columns = columns_read(table.columns, aliases, required)
            report.messages.extend(table.messages)
            for batch in _batches(table):
                if prepare is not None:
                    prepare(batch, columns)
                for number, row in batch:
                    _row_write(report, number, row, columns, write_row)
            report.read = table.rows_read
    except FileRefused as exc:
        raise ValidationError(str(exc)) from None
    if report.read == 0:
        raise ValidationError(_("Bestand '%(name)s' bevat geen regels.") % {"name": report.file_name})
    if report.errors:
        report.write_error_csv(prefix=action.replace(".", "-"))
    audit_log(action=action, actor=actor, gemeente=gemeente, origin=origin, object_type="work",
              result="ok" if not report.rejected else "partial",
              detail={"file": report.file_name, "read": report.read, "created": report.created,
                      "updated": report.updated, "unchanged": report.unchanged, "rejected": report.rejected})
    return report


def _batches(table, size: int = 500) -> Iterator[list[tuple[int, dict]]]:
    return table.batches(size)


def _row_write(report: ImportReport, number: int, row: dict, columns: dict[str, str], write_row) -> None:
    try:
        with transaction.atomic():
            outcome = write_row(row, columns)
    except RowRefused as exc:
        report.error(number, exc.field, exc.message)
        report.rejected += 1
        return
    except ValidationError as exc:
        report.error(number, "", " ".join(exc.messages))
        report.rejected += 1
        return
    setattr(report, outcome, getattr(report, outcome) + 1)
