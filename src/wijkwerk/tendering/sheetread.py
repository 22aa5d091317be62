"""Reading a filled-in bid sheet ("inschrijfbiljet") and checking it against the tender's method.
The sheet's layout, the refusal categories and the template are in `billsheet`.

Pure Python + openpyxl: no Django.

Reading never raises on a bad sheet: every problem becomes a `Refusal` with the exact cell
("Inschrijving!E5") and a Dutch reason.

Formulas: an .xlsx keeps a formula's last result (the cached value) next to the formula, and a
crafted file can store any number there. Every cell that is read (prices, codes, fictitious
quantities, the bidder's answers) and holds a formula is recomputed (`sheetcalc`); a formula whose
result differs from its cached value, or that cannot be recomputed, refuses the sheet at that cell.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.utils.translation import gettext
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from .billsheet import (
    BIDDER_LABELS,
    FILE,
    FINGERPRINT,
    FINGERPRINT_NAME,
    HEADERS,
    NAME,
    PRICE,
    SHEET,
    SHEET_BID,
    SHEET_BIDDER,
    SHEET_METHOD,
    SW,
    BidSheet,
    Refusal,
    plain_number,
)
from .method import Method
from .sheetcalc import FormulaCheck

SHA_RE = re.compile(r"\b([0-9a-f]{64})\b")


def parse_amount(value) -> Decimal:
    """A number from a cell: Excel numbers as they show (15 significant digits), text in Dutch
    ("1.234,56", "12,50", "€ 12,50") or English ("1,234.56", "12.50") notation.
    Raises ValueError when it is not a number."""
    if isinstance(value, bool):
        raise ValueError("ja/nee is geen bedrag")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("geen getal")
        return Decimal(f"{value:.15g}")
    if isinstance(value, Decimal):
        return value
    text = str(value).strip().replace("\u00a0", "").replace(" ", "").replace("€", "").replace("EUR", "")
    if text.startswith("(") and text.endswith(")"):
        text = "-" + text[1:-1]
    if not re.fullmatch(r"[+-]?[0-9.,]*[0-9][0-9.,]*", text):
        raise ValueError("geen getal")
    if "," in text and "." in text:
        decimal_sep = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal_sep == "," else ","
        text = text.replace(thousands, "").replace(decimal_sep, ".")
    elif "," in text:
        if text.count(",") > 1:
            text = text.replace(",", "")
        else:
            text = text.replace(",", ".")
    elif text.count(".") > 1:
        text = text.replace(".", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError("geen getal") from None
    if not number.is_finite():
        raise ValueError("geen getal")
    return number


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _label(value) -> str:
    return _cell_text(value).rstrip(":").strip().casefold()


def _find_sheet(wb, name: str):
    for ws in wb.worksheets:
        if ws.title.strip().casefold() == name.casefold():
            return ws
    return None


def _fingerprint(wb) -> str:
    meta = _find_sheet(wb, SHEET_METHOD)
    if meta is not None:
        for row in meta.iter_rows(min_row=1, max_row=min(meta.max_row, 20), max_col=3, values_only=True):
            for value in row:
                match = SHA_RE.search(_cell_text(value).lower())
                if match:
                    return match.group(1)
    try:
        defined = wb.defined_names.get(FINGERPRINT_NAME)
        if defined is not None:
            for sheet_title, ref in defined.destinations:
                ws = _find_sheet(wb, sheet_title)
                if ws is not None:
                    match = SHA_RE.search(_cell_text(ws[ref.replace("$", "")].value).lower())
                    if match:
                        return match.group(1)
    except (AttributeError, KeyError, ValueError, TypeError):
        pass
    for text in (wb.properties.keywords, wb.properties.description):
        match = SHA_RE.search((text or "").lower())
        if match:
            return match.group(1)
    return ""


FORMULA_TAG_RE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")


def _has_formulas(data: bytes) -> bool:
    """Whether any worksheet of the xlsx holds a formula (an `<f>` element), found by scanning the
    sheet XML in pieces: much cheaper than loading the workbook a second time with formulas.
    When in doubt, True."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
                    continue
                with archive.open(info) as member:
                    tail = b""
                    while chunk := member.read(1024 * 1024):
                        if FORMULA_TAG_RE.search(tail + chunk):
                            return True
                        tail = chunk[-64:]
        return False
    except Exception:  # noqa: BLE001 - a strange file: let the full load decide
        return True


def read_bid(source: str | Path | bytes, method: Method, *, file_name: str | None = None) -> BidSheet:
    """Reads one filled-in bid sheet and checks it against the method. Never raises for a bad
    file: problems are in `.refusals`."""
    if isinstance(source, bytes):
        data = source
        file_name = file_name or "inschrijving.xlsx"
    else:
        path = Path(source)
        file_name = file_name or path.name
        try:
            data = path.read_bytes()
        except OSError as exc:
            bid = BidSheet(file_name=file_name)
            bid.refusals.append(Refusal(FILE, "", gettext("Het bestand kan niet gelezen worden: %(error)s.")
                                        % {"error": exc.strerror or exc}))
            return bid
    bid = BidSheet(file_name=file_name, file_sha256=hashlib.sha256(data).hexdigest())
    try:
        wb = load_workbook(io.BytesIO(data), data_only=True)
    except Exception:  # noqa: BLE001 - any failure to open means "not a readable xlsx"
        bid.refusals.append(Refusal(FILE, "", gettext("Het bestand is geen leesbaar Excel-bestand (.xlsx); "
                                                      "lever het ingevulde inschrijfbiljet in.")))
        return bid
    try:
        formulas = FormulaCheck(load_workbook(io.BytesIO(data), data_only=False) if _has_formulas(data) else None)
    except Exception:  # noqa: BLE001 - opened once already; a second failure is still "not readable"
        bid.refusals.append(Refusal(FILE, "", gettext("Het bestand is geen leesbaar Excel-bestand (.xlsx); "
                                                      "lever het ingevulde inschrijfbiljet in.")))
        return bid
    try:
        _read_bidder(wb, bid, formulas)
        bid.fingerprint = _fingerprint(wb)
        if not bid.fingerprint:
            bid.refusals.append(Refusal(FINGERPRINT, f"{SHEET_METHOD}!B2",
                                        gettext("De vingerafdruk van de methode ontbreekt: dit is niet het "
                                                "inschrijfbiljet van deze aanbesteding.")))
        elif bid.fingerprint != method.sha256:
            bid.refusals.append(Refusal(FINGERPRINT, f"{SHEET_METHOD}!B2",
                                        gettext("Inschrijfbiljet van een andere aanbesteding of methode "
                                                "(vingerafdruk %(found)s… in plaats van %(expected)s…).")
                                        % {"found": bid.fingerprint[:12], "expected": method.sha256[:12]}))
        ws = _find_sheet(wb, SHEET_BID)
        if ws is None:
            bid.refusals.append(Refusal(SHEET, f"{SHEET_BID}!A1",
                                        gettext("Het tabblad '%(sheet)s' ontbreekt.") % {"sheet": SHEET_BID}))
        else:
            _read_prices(ws, bid, method, formulas)
    except Exception as exc:  # noqa: BLE001 - a strange sheet is refused, never a crash
        bid.refusals.append(Refusal(FILE, "", gettext("Het inschrijfbiljet kan niet gelezen worden (%(error)s).")
                                    % {"error": type(exc).__name__}))
    return bid


def _read_bidder(wb, bid: BidSheet, formulas: FormulaCheck) -> None:
    ws = _find_sheet(wb, SHEET_BIDDER)
    answers: dict[str, tuple[str, str]] = {}
    if ws is not None:
        for row in range(1, min(ws.max_row, 50) + 1):
            label = _label(ws.cell(row=row, column=1).value)
            for wanted in BIDDER_LABELS:
                if label == wanted.casefold() and wanted not in answers:
                    raw = ws.cell(row=row, column=2).value
                    problem = formulas.mismatch(ws.title, row, 2, raw, what="antwoord")
                    if problem:
                        category = SW if "SW-bedrijf" in wanted else NAME
                        bid.refusals.append(Refusal(category, f"{SHEET_BIDDER}!B{row}", problem))
                        raw = None
                    answers[wanted] = (_cell_text(raw), f"{SHEET_BIDDER}!B{row}")
    default_cells = {label: f"{SHEET_BIDDER}!B{i}" for i, label in enumerate(BIDDER_LABELS, start=1)}
    if ws is None:
        bid.refusals.append(Refusal(NAME, f"{SHEET_BIDDER}!A1",
                                    gettext("Het tabblad '%(sheet)s' ontbreekt.") % {"sheet": SHEET_BIDDER}))

    def answer(label: str) -> tuple[str, str]:
        return answers.get(label, ("", default_cells[label]))

    bid.bidder, name_cell = answer("Naam inschrijver")
    bid.bidder_kvk, _ = answer("KvK-nummer inschrijver")
    bid.sw_name, sw_cell = answer("Naam SW-bedrijf")
    bid.sw_kvk, _ = answer("KvK-nummer SW-bedrijf")
    if ws is not None and not bid.bidder:
        bid.refusals.append(Refusal(NAME, name_cell, gettext("De naam van de inschrijver ontbreekt.")))
    if not bid.sw_name:
        bid.refusals.append(Refusal(SW, sw_cell, gettext("Geen SW-bedrijf als partner: de naam van het SW-bedrijf "
                                                         "ontbreekt.")))


def _header(ws) -> tuple[int, dict[str, int]] | None:
    wanted = {h.casefold(): h for h in HEADERS}
    for row in range(1, min(ws.max_row, 20) + 1):
        found = {}
        for col in range(1, min(ws.max_column, 30) + 1):
            label = _label(ws.cell(row=row, column=col).value)
            if label in wanted and wanted[label] not in found:
                found[wanted[label]] = col
        if "Code" in found and "Eenheidsprijs" in found:
            return row, found
    return None


def _col_letter(col: int) -> str:
    return get_column_letter(col)


def _read_prices(ws, bid: BidSheet, method: Method, formulas: FormulaCheck) -> None:
    header = _header(ws)
    if header is None:
        bid.refusals.append(Refusal(SHEET, f"{SHEET_BID}!A1",
                                    gettext("De kopregel (Code … Eenheidsprijs) ontbreekt of is gewijzigd.")))
        return
    head_row, cols = header
    qty_col = cols.get("Fictieve hoeveelheid")
    if qty_col is None:
        bid.refusals.append(Refusal(SHEET, f"{SHEET_BID}!D{head_row}",
                                    gettext("De kolom 'Fictieve hoeveelheid' ontbreekt.")))
    items = {item.code: item for item in method.price_items}
    order = {item.code: i for i, item in enumerate(method.price_items)}
    seen: dict[str, int] = {}
    code_col, price_col = cols["Code"], cols["Eenheidsprijs"]
    for row in range(head_row + 1, ws.max_row + 1):
        code = _cell_text(ws.cell(row=row, column=code_col).value)
        qty_raw = ws.cell(row=row, column=qty_col).value if qty_col else None
        price_raw = ws.cell(row=row, column=price_col).value
        code_ref = f"{SHEET_BID}!{_col_letter(code_col)}{row}"
        price_ref = f"{SHEET_BID}!{_col_letter(price_col)}{row}"
        problem = formulas.mismatch(ws.title, row, code_col, ws.cell(row=row, column=code_col).value, what="code")
        if problem:
            bid.refusals.append(Refusal(SHEET, code_ref, problem))
            continue
        if not code:
            if _cell_text(qty_raw) or _cell_text(price_raw):
                bid.refusals.append(Refusal(SHEET, code_ref, gettext("Regel zonder code: regels mogen niet worden "
                                                                     "toegevoegd of gewist.")))
            continue
        if code not in items:
            bid.refusals.append(Refusal(SHEET, code_ref, gettext("Code '%(code)s' hoort niet bij deze aanbesteding "
                                                                 "(regel toegevoegd of code gewijzigd).")
                                        % {"code": code}))
            continue
        if code in seen:
            bid.refusals.append(Refusal(SHEET, code_ref, gettext("Code '%(code)s' staat er meer dan één keer in "
                                                                 "(ook op regel %(row)s).")
                                        % {"code": code, "row": seen[code]}))
            continue
        seen[code] = row
        item = items[code]
        if qty_col is not None:
            qty_ref = f"{SHEET_BID}!{_col_letter(qty_col)}{row}"
            problem = formulas.mismatch(ws.title, row, qty_col, qty_raw, what="getal")
            if problem:
                bid.refusals.append(Refusal(SHEET, qty_ref, problem))
            try:
                quantity = parse_amount(qty_raw) if _cell_text(qty_raw) else None
            except ValueError:
                quantity = None
            if quantity != item.fictive_quantity:
                shown = _cell_text(qty_raw) or gettext("leeg")
                bid.refusals.append(Refusal(SHEET, qty_ref, gettext("Fictieve hoeveelheid van %(code)s is gewijzigd: "
                                                                    "%(shown)s in plaats van %(expected)s.")
                                            % {"code": code, "shown": shown,
                                               "expected": plain_number(item.fictive_quantity)}))
        problem = formulas.mismatch(ws.title, row, price_col, price_raw, what="bedrag")
        if problem:
            bid.refusals.append(Refusal(PRICE, price_ref, problem))
            continue
        if price_raw is None or _cell_text(price_raw) == "":
            bid.refusals.append(Refusal(PRICE, price_ref, gettext("Eenheidsprijs van %(code)s ontbreekt.") % {"code": code}))
            continue
        try:
            price = parse_amount(price_raw)
        except ValueError:
            bid.refusals.append(Refusal(PRICE, price_ref, gettext("Eenheidsprijs van %(code)s is geen getal: "
                                                                  "'%(value)s'.")
                                        % {"code": code, "value": _cell_text(price_raw)}))
            continue
        if price < 0:
            bid.refusals.append(Refusal(PRICE, price_ref, gettext("Eenheidsprijs van %(code)s is negatief (%(price)s).")
                                        % {"code": code, "price": price}))
            continue
        bid.unit_prices[code] = price
    for code, item in items.items():
        if code not in seen:
            bid.refusals.append(Refusal(SHEET, f"{SHEET_BID}!{_col_letter(code_col)}{head_row + 1 + order[code]}",
                                        gettext("De regel met code '%(code)s' (%(description)s) ontbreekt "
                                                "(regel gewist of code gewijzigd).")
                                        % {"code": code, "description": item.description}))
