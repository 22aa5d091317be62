"""Reading a simple table (CSV or XLSX) as rows of {normalised column: value} with file row numbers."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from wijkwerk.core.uploads import FileRefused, check_size, zip_member_names


class TableFileError(FileRefused):
    """The file cannot be read at all; str() is a one-line Dutch message."""


@dataclass
class Table:
    columns: list[str]  # normalised names
    rows: list[tuple[int, dict]]  # (row number as a spreadsheet shows it, {column: value or None})


def norm_column(name) -> str:
    return re.sub(r"[\s\-.]+", "_", str(name or "").strip().lower())


def read_table(path: str | Path) -> Table:
    path = Path(path)
    if not path.exists():
        raise TableFileError(f"Bestand '{path}' bestaat niet.")
    if path.is_dir() or path.stat().st_size == 0:
        raise TableFileError(f"Bestand '{path.name}' is leeg of geen bestand.")
    try:
        check_size(path)
    except FileRefused as exc:
        raise TableFileError(str(exc)) from None
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        try:
            zip_member_names(path, label="Excel-bestand")  # an .xlsx is a zip: no bombs
        except FileRefused as exc:
            raise TableFileError(str(exc)) from None
        header, raw = _read_xlsx(path)
    elif suffix in (".csv", ".txt", ".tsv"):
        header, raw = _read_csv(path)
    else:
        raise TableFileError(f"Onbekend bestandsformaat '{suffix or path.name}': gebruik CSV of XLSX.")
    columns = [norm_column(h) for h in header]
    rows = []
    for number, values in raw:
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        row = {}
        for j, name in enumerate(columns):
            if not name or name in row:
                continue
            v = values[j] if j < len(values) else None
            if isinstance(v, str):
                v = v.strip() or None
            row[name] = v
        rows.append((number, row))
    if not rows:
        raise TableFileError(f"Bestand '{path.name}' bevat geen regels.")
    return Table(columns=[c for c in columns if c], rows=rows)


def _read_csv(path: Path):
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    first = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t", "|"], key=first.count)
    try:
        reader = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise TableFileError(f"'{path.name}' is geen geldige CSV: {exc}.") from None
    if not reader:
        raise TableFileError(f"Bestand '{path.name}' is leeg.")
    header = reader[0]
    return header, [(i + 2, [c if c != "" else None for c in r]) for i, r in enumerate(reader[1:])]


def _read_xlsx(path: Path):
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:
        raise TableFileError(f"'{path.name}' kan niet worden gelezen als Excel-bestand (.xlsx).") from None
    try:
        rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    finally:
        workbook.close()
    header_index = next((i for i, r in enumerate(rows) if r and any(v is not None and str(v).strip() for v in r)), None)
    if header_index is None:
        raise TableFileError(f"Bestand '{path.name}' bevat geen gegevens.")
    header = ["" if v is None else str(v) for v in rows[header_index]]
    return header, [(i + 1, list(r)) for i, r in enumerate(rows) if i > header_index]
