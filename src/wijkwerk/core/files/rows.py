"""Simple tables (CSV, XLSX) read as a stream of rows: `(row_number, {column: value})`.

Nothing is held but the row at hand (and a batch, when asked for batches), so a file of a million
rows costs the memory of one batch. Row numbers are the ones a spreadsheet shows (the header row is
row 1); rows with only empty cells are skipped, their numbers are not reused.

Values: CSV cells are text (a leading `'` that our CSV writer added is removed, see writers.py);
XLSX cells keep their type (numbers, dates, booleans, text) and their text as it is. Text is stripped; an empty cell is None.
The file is checked first (`check_file`: content, size); more rows than WIJKWERK_IMPORT_MAX_ROWS
raise `LimitExceeded` as soon as the row after the limit is reached, so an importer that writes
inside one transaction writes nothing.
"""

import csv
from collections.abc import Iterator
from pathlib import Path

import openpyxl
from django.utils.translation import gettext as _

from . import limits
from .batching import batched
from .charsets import CERTAIN, check_encoding_name, detect_file_encoding, encoding_note
from .checks import TABLE_FORMATS, check_file
from .errors import FileRefused
from .sniffing import UTF16_BOMS, utf16_without_bom
from .writers import ESCAPE, restore_text

BATCH_SIZE = 5000  # rows per batch of `TableRows.batches`
DELIMITERS = (",", ";", "\t", "|")
HEAD_BYTES = 100_000


def unique_columns(header: list) -> list[str]:
    """Column names from a header row: stripped, `kolom_<n>` where empty, made unique."""
    columns: list[str] = []
    seen: set[str] = set()
    for j, name in enumerate(header):
        name = str("" if name is None else name).strip() or f"kolom_{j + 1}"
        while name in seen:
            name = f"{name}_{j + 1}"
        seen.add(name)
        columns.append(name)
    return columns


def detect_delimiter(first_line: str) -> str | None:
    """The delimiter the header line uses most (`;` `,` tab `|`), None when it has none."""
    delimiter = max(DELIMITERS, key=first_line.count)
    return delimiter if first_line.count(delimiter) else None


def _restore_row(row: list[str]) -> list[str]:
    """The row with our CSV escape undone; the row itself (no copy) when no cell starts with `'`
    (found at C speed: a million rows pay almost nothing)."""
    if "\x00'" not in "\x00" + "\x00".join(row):
        return row
    return [restore_text(c) if c[:1] == ESCAPE else c for c in row]


def _csv_records(path: Path, encoding: str, delimiter: str) -> Iterator:
    """Yields the header (a list) first, then (row number, cells) per non-empty record; cells are
    text, "" where empty."""
    name = path.name
    limit = limits.max_rows()
    try:
        with path.open("r", encoding=encoding, newline="") as text:
            reader = csv.reader(text, delimiter=delimiter)
            header = next(reader, None)
            if header is None:
                raise FileRefused(_("Bestand '%(name)s' is leeg.") % {"name": name})
            if header:
                header[0] = header[0].lstrip("\ufeff")
            yield header
            number = 1
            count = 0
            for row in reader:
                number += 1
                if not "".join(row).strip():
                    continue
                count += 1
                if count > limit:
                    raise limits.too_many_rows(name)
                yield number, _restore_row(row)
    except csv.Error as exc:
        raise FileRefused(_("'%(name)s' is geen geldige CSV: %(error)s.") % {"name": name, "error": exc}) from None
    except UnicodeDecodeError:
        raise FileRefused(_("'%(name)s' kan niet worden gelezen met tekenset %(encoding)s; probeer een andere "
                            "--encoding.") % {"name": name, "encoding": encoding}) from None


def _blank(value) -> bool:
    return value is None or isinstance(value, str) and not value.strip()


def _xlsx_records(path: Path) -> Iterator:
    """Yields the header (a list) first, then (row number, cells) per non-empty row of the first sheet;
    cells keep their type, None where empty."""
    name = path.name
    limit = limits.max_rows()
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors for a damaged file
        raise FileRefused(_("'%(name)s' kan niet worden gelezen als Excel-bestand (.xlsx): beschadigd of een "
                            "ander formaat.") % {"name": name}) from None
    try:
        header = None
        count = 0
        for number, values in enumerate(workbook.worksheets[0].iter_rows(values_only=True), start=1):
            if header is None:
                if values and not all(_blank(v) for v in values):
                    header = ["" if v is None else str(v).strip() for v in values]
                    while header and not header[-1]:
                        header.pop()
                    yield header
                continue
            if not values or all(_blank(v) for v in values):
                continue
            count += 1
            if count > limit:
                raise limits.too_many_rows(name)
            # No escape to undo: our XLSX writer stores text as string cells, unchanged.
            yield number, [None if isinstance(v, str) and not v.strip() else v for v in values]
        if header is None:
            raise FileRefused(_("Bestand '%(name)s' bevat geen gegevens.") % {"name": name})
    except FileRefused:
        raise
    except Exception:  # a damaged sheet inside a sound zip
        raise FileRefused(_("'%(name)s' kan niet worden gelezen als Excel-bestand: het is beschadigd.")
                          % {"name": name}) from None
    finally:
        workbook.close()


class Records:
    """A checked CSV or XLSX file opened for reading: its header, encoding and delimiter (CSV), notes,
    and `records`, an iterator of (row number, cells) over the non-empty rows (CSV cells are text, ""
    where empty; XLSX cells keep their type, None where empty). Used by `TableRows` and by the
    column-wise `read_table`."""

    def __init__(self, path: Path, fmt: str, *, encoding: str | None = None):
        self.path = path
        self.fmt = fmt
        self.encoding: str | None = None
        self.delimiter: str | None = None
        self.messages: list[str] = []
        if fmt == "xlsx":
            self.records = _xlsx_records(path)
        else:
            self.records = self._open_csv(encoding)
        self.header: list = next(self.records)

    def _open_csv(self, encoding: str | None) -> Iterator:
        path = self.path
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
        if b"\x00" in head and not head.startswith(UTF16_BOMS) and utf16_without_bom(head) is None:
            raise FileRefused(_("'%(name)s' is geen tekstbestand (CSV); controleer het formaat.") % {"name": path.name})
        if encoding:
            encoding = check_encoding_name(encoding)
        else:
            encoding = detect_file_encoding(path)
            if encoding not in CERTAIN:
                self.messages.append(encoding_note(encoding))
        try:
            with path.open("r", encoding=encoding, newline="") as text:
                first_line = text.readline(1_000_000).lstrip("\ufeff").rstrip("\r\n")
        except UnicodeDecodeError:
            raise FileRefused(_("'%(name)s' kan niet worden gelezen met tekenset %(encoding)s; probeer een andere "
                                "--encoding.") % {"name": path.name, "encoding": encoding}) from None
        delimiter = detect_delimiter(first_line)
        if delimiter is None:
            raise FileRefused(_("'%(name)s' lijkt geen CSV met kolommen: de eerste regel bevat geen scheidingsteken "
                                "(, ; tab of |).") % {"name": path.name})
        self.encoding, self.delimiter = encoding, delimiter
        return _csv_records(path, encoding, delimiter)

    @property
    def decimal_comma(self) -> bool:
        """Whether text numbers may use a decimal comma (Dutch CSV with `;`, and XLSX)."""
        return self.fmt == "xlsx" or self.delimiter != ","

    def close(self) -> None:
        self.records.close()


class TableRows:
    """A CSV or XLSX file as a stream of `(row_number, {column: value})` (see the module).

        with open_rows(path) as table:
            found = columns_by_alias(table.columns, ALIASES)
            for batch in table.batches():
                ...

    `columns` are the header's names (stripped, unique); each row has every column. Iterate once."""

    def __init__(self, path: str | Path, *, encoding: str | None = None):
        checked = check_file(path, formats=TABLE_FORMATS)
        self.path = checked.path
        self.name = checked.path.name
        self.fmt = checked.fmt
        self._source = Records(checked.path, checked.fmt, encoding=encoding)
        self.columns = unique_columns(self._source.header)
        self.encoding = self._source.encoding
        self.delimiter = self._source.delimiter
        self.messages = self._source.messages
        self.rows_read = 0

    def __iter__(self) -> Iterator[tuple[int, dict]]:
        columns = self.columns
        width = len(columns)
        for number, cells in self._source.records:
            if len(cells) < width:
                cells = [*cells, *([None] * (width - len(cells)))]
            row = {}
            for name, value in zip(columns, cells, strict=False):
                if isinstance(value, str):
                    value = value.strip() or None
                row[name] = value  # also: CSV's "" became None
            self.rows_read += 1
            yield number, row

    def batches(self, size: int = BATCH_SIZE) -> Iterator[list[tuple[int, dict]]]:
        """The rows in lists of `size`."""
        return batched(self, size)

    def close(self) -> None:
        self._source.close()

    def __enter__(self) -> "TableRows":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_rows(path: str | Path, *, encoding: str | None = None) -> TableRows:
    """Opens a CSV or XLSX file for streaming (checks it first; raises FileRefused). Close it, or use
    it in a `with` block."""
    return TableRows(path, encoding=encoding)


def iter_rows(path: str | Path, *, encoding: str | None = None) -> Iterator[tuple[int, dict]]:
    """`(row_number, {column: value})` for every non-empty row of a CSV or XLSX file; the file is
    closed when the iteration ends. Use `open_rows` when you need the columns before the rows."""
    with open_rows(path, encoding=encoding) as table:
        yield from table
