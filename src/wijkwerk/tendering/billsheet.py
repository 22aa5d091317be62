"""The bid sheet ("inschrijfbiljet"): its layout, what is read from a filled-in sheet (`BidSheet`,
`Refusal` and the refusal categories) and writing the template for bidders. Reading a filled-in
sheet is `sheetread.read_bid`.

Pure Python + openpyxl: no Django.

The template has three sheets:
- `Inschrijving`: header row 1 `Code | Omschrijving | Eenheid | Fictieve hoeveelheid | Eenheidsprijs`,
  one row per price item from row 2 on. Only column E (`Eenheidsprijs`) is unlocked and has data
  validation (a decimal number >= 0); the sheet is protected.
- `Inschrijver`: labels in column A, the bidder's answers in column B (rows 1-4: `Naam inschrijver`,
  `KvK-nummer inschrijver`, `Naam SW-bedrijf`, `KvK-nummer SW-bedrijf`); only B1:B4 are unlocked.
- `Methode` (hidden, protected): the tender's title and the method's fingerprint (SHA-256) in B2.
The fingerprint is also in the defined name `methode_sha256` and in the workbook properties
(keywords `methode-sha256:<hex>`), so a sheet saved by Excel or LibreOffice keeps it somewhere.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from wijkwerk.core.files import append_row, set_text

from .method import Method

SHEET_BID = "Inschrijving"
SHEET_BIDDER = "Inschrijver"
SHEET_METHOD = "Methode"
HEADERS = ("Code", "Omschrijving", "Eenheid", "Fictieve hoeveelheid", "Eenheidsprijs")
BIDDER_LABELS = ("Naam inschrijver", "KvK-nummer inschrijver", "Naam SW-bedrijf", "KvK-nummer SW-bedrijf")
FINGERPRINT_LABEL = "Vingerafdruk methode (SHA-256)"
FINGERPRINT_NAME = "methode_sha256"

# Refusal categories (mapped onto the method's knock-out codes in scoring.py)
FILE = "file"
FINGERPRINT = "fingerprint"
SHEET = "sheet"  # rows/codes/fictitious quantities changed
PRICE = "price"  # unit price missing, negative or not a number
NAME = "name"  # bidder name missing
SW = "sw"  # no SW-bedrijf partner
DUPLICATE = "duplicate"  # two bids with the same bidder name


@dataclass(frozen=True)
class Refusal:
    category: str
    cell: str
    reason: str

    def as_json(self) -> dict:
        return {"category": self.category, "cell": self.cell, "reason": self.reason}


@dataclass
class BidSheet:
    file_name: str
    bidder: str = ""
    bidder_kvk: str = ""
    sw_name: str = ""
    sw_kvk: str = ""
    fingerprint: str = ""
    unit_prices: dict[str, Decimal] = field(default_factory=dict)
    refusals: list[Refusal] = field(default_factory=list)
    file_sha256: str = ""

    @property
    def name(self) -> str:
        """How the bid is known: the bidder's name, or the file name when that is missing."""
        return self.bidder or self.file_name

    def as_json(self) -> dict:
        return {
            "file_name": self.file_name, "bidder": self.bidder, "bidder_kvk": self.bidder_kvk,
            "sw_name": self.sw_name, "sw_kvk": self.sw_kvk, "fingerprint": self.fingerprint,
            "unit_prices": {code: str(v) for code, v in self.unit_prices.items()},
            "refusals": [r.as_json() for r in self.refusals], "file_sha256": self.file_sha256,
        }

    @classmethod
    def from_json(cls, data: dict) -> BidSheet:
        return cls(
            file_name=data["file_name"], bidder=data.get("bidder", ""), bidder_kvk=data.get("bidder_kvk", ""),
            sw_name=data.get("sw_name", ""), sw_kvk=data.get("sw_kvk", ""), fingerprint=data.get("fingerprint", ""),
            unit_prices={code: Decimal(v) for code, v in data.get("unit_prices", {}).items()},
            refusals=[Refusal(**r) for r in data.get("refusals", [])], file_sha256=data.get("file_sha256", ""),
        )


# --- template ------------------------------------------------------------------------------------


def plain_number(number: Decimal) -> int | float | str:
    """A quantity as an Excel number (int when whole)."""
    if number == number.to_integral_value():
        return int(number)
    return float(number)


def template_workbook(method: Method) -> Workbook:
    wb = Workbook()
    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="DDEBE7")
    input_fill = PatternFill("solid", fgColor="FFF7D6")
    unlocked = Protection(locked=False)

    ws = wb.active
    ws.title = SHEET_BID
    ws.append(list(HEADERS))
    for cell in ws[1]:
        cell.font, cell.fill = bold, head_fill
    for item in method.price_items:
        append_row(ws, [item.code, item.description, item.unit, plain_number(item.fictive_quantity), None])
    last = len(method.price_items) + 1
    validation = DataValidation(
        type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True, showErrorMessage=True,
        errorTitle="Ongeldige eenheidsprijs", error="Vul een bedrag van 0 of meer in (alleen cijfers).",
        promptTitle="Eenheidsprijs", prompt="Uw prijs per eenheid in euro, exclusief btw.", showInputMessage=True,
    )
    ws.add_data_validation(validation)
    for row in range(2, last + 1):
        cell = ws.cell(row=row, column=5)
        cell.protection, cell.fill, cell.number_format = unlocked, input_fill, "#,##0.00"
        validation.add(cell)
        ws.cell(row=row, column=1).number_format = "@"
    for column, width in zip("ABCDE", (12, 48, 12, 22, 16), strict=True):
        ws.column_dimensions[column].width = width
    ws.freeze_panes = "A2"
    ws.protection.sheet = True
    ws.protection.formatCells = False
    ws.protection.formatColumns = False

    info = wb.create_sheet(SHEET_BIDDER)
    for row, label in enumerate(BIDDER_LABELS, start=1):
        info.cell(row=row, column=1, value=label).font = bold
        answer = info.cell(row=row, column=2)
        answer.protection, answer.fill, answer.number_format = unlocked, input_fill, "@"
        answer.alignment = Alignment(horizontal="left")
    info.column_dimensions["A"].width = 26
    info.column_dimensions["B"].width = 48
    info.protection.sheet = True

    meta = wb.create_sheet(SHEET_METHOD)
    meta["A1"] = "Aanbesteding"
    set_text(meta["B1"], method.title)
    meta["A2"], meta["B2"] = FINGERPRINT_LABEL, method.sha256
    meta.column_dimensions["A"].width = 32
    meta.column_dimensions["B"].width = 70
    meta.protection.sheet = True
    meta.sheet_state = "hidden"
    wb.defined_names[FINGERPRINT_NAME] = DefinedName(FINGERPRINT_NAME, attr_text=f"{SHEET_METHOD}!$B$2")

    wb.properties.title = f"Inschrijfbiljet: {method.title}"[:250]
    wb.properties.subject = method.title[:250]
    wb.properties.keywords = f"methode-sha256:{method.sha256}"
    wb.properties.description = f"Methode (SHA-256): {method.sha256}"
    wb.properties.creator = "Wijkwerk"
    wb.active = 0
    return wb


def write_template(method: Method, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    template_workbook(method).save(path)
    return path


def template_bytes(method: Method) -> bytes:
    buffer = io.BytesIO()
    template_workbook(method).save(buffer)
    return buffer.getvalue()
