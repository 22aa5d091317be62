"""Writing CSV and XLSX so that no spreadsheet runs what a user typed (formula injection).

A text value that starts with `=`, `+`, `-`, `@`, a tab or a carriage return would be taken as a
formula by Excel or LibreOffice when the file is opened:

- CSV: such a text is written with one `'` in front (`'=HYPERLINK(...)`), which spreadsheets show
  as text; numbers are written as numbers.
- XLSX: every text is written as a string cell (data type 's'); openpyxl would otherwise store a
  text starting with `=` as a formula. Formulas Wijkwerk writes on purpose (e.g. in the bid-sheet
  template) are set on their own cells, not through these helpers.

The CSV readers undo the escape (`restore_text`), so export -> import gives the original text back
(XLSX needs no undo: its text is stored unchanged).
The rule round-trips every text: the writer adds a `'` when the text, after its leading `'`s, starts
with one of the characters above; the reader removes one `'` under the same condition. A text that
already began with `'=` thus goes out as `''=` and comes back as `'=`.

This module imports no Django (the tendering reports use it without settings).
"""

import csv
from collections.abc import Iterable
from pathlib import Path

from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"


def is_dangerous(text: str) -> bool:
    """Whether a spreadsheet could take `text` (after any leading `'`) as a formula."""
    return text.lstrip(ESCAPE).startswith(FORMULA_TRIGGERS)


def neutralise(text: str) -> str:
    """The text as it goes into a CSV cell: with one `'` in front when it could start a formula."""
    return ESCAPE + text if is_dangerous(text) else text


def restore_text(text: str) -> str:
    """Undoes `neutralise` on a text read from a file (removes the one `'` it added)."""
    if text[:1] == ESCAPE and is_dangerous(text):
        return text[1:]
    return text


def csv_value(value):
    """One value for csv.writer: None as an empty cell, floats in full (repr), text neutralised."""
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, float):
        return repr(value)
    return value


class SafeCsvWriter:
    """csv.writer whose rows go through `csv_value`."""

    def __init__(self, handle, **options):
        self._writer = csv.writer(handle, **options)

    def writerow(self, values: Iterable) -> None:
        self._writer.writerow([csv_value(v) for v in values])

    def writerows(self, rows: Iterable[Iterable]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(handle, **options) -> SafeCsvWriter:
    """A formula-safe writer on an open text handle (opened with newline="")."""
    return SafeCsvWriter(handle, **options)


def write_csv(path: str | Path, header: list[str], rows: Iterable[Iterable], *, encoding: str = "utf-8",
              delimiter: str = ",") -> int:
    """Writes a whole CSV file (formula-safe); returns the number of data rows."""
    count = 0
    with Path(path).open("w", newline="", encoding=encoding) as handle:
        writer = SafeCsvWriter(handle, delimiter=delimiter)
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def xlsx_cell(sheet, value):
    """A cell for `sheet.append`: text always as a string cell, never a formula."""
    cell = WriteOnlyCell(sheet, value=value) if isinstance(sheet, WriteOnlyWorksheet) else Cell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def xlsx_row(sheet, values: Iterable) -> list:
    """The values as cells for `sheet.append` (see `xlsx_cell`)."""
    return [xlsx_cell(sheet, v) for v in values]


def append_row(sheet, values: Iterable) -> None:
    """`sheet.append(values)` with every text written as text, for normal and write-only sheets."""
    sheet.append(xlsx_row(sheet, values))


def set_text(cell, value) -> None:
    """Puts `value` in an existing cell (e.g. sheet["B1"]), a text as a string cell."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
