from decimal import Decimal

import pytest
from openpyxl import load_workbook

from wijkwerk.tendering.billsheet import template_workbook, write_template
from wijkwerk.tendering.sheetread import parse_amount, read_bid

from .helpers import METHOD_YAML, fill_bid, method


def test_template_has_the_published_layout(tmp_path):
    m = method()
    path = write_template(m, tmp_path / "inschrijfbiljet.xlsx")
    wb = load_workbook(path)
    ws = wb["Inschrijving"]
    assert [c.value for c in ws[1]] == ["Code", "Omschrijving", "Eenheid", "Fictieve hoeveelheid", "Eenheidsprijs"]
    assert [ws.cell(row=r, column=1).value for r in (2, 3, 4)] == ["U01", "U02", "E01"]
    assert ws["D4"].value == 350.5
    assert ws.protection.sheet
    assert ws["E2"].protection.locked is False and ws["D2"].protection.locked is True
    validation = ws.data_validations.dataValidation[0]
    assert validation.type == "decimal" and validation.operator == "greaterThanOrEqual"
    assert "E2" in str(validation.sqref) or "E2:E4" in str(validation.sqref)
    info = wb["Inschrijver"]
    assert [info.cell(row=r, column=1).value for r in range(1, 5)] == [
        "Naam inschrijver", "KvK-nummer inschrijver", "Naam SW-bedrijf", "KvK-nummer SW-bedrijf"]
    assert info["B1"].protection.locked is False and info.protection.sheet
    assert wb["Methode"]["B2"].value == m.sha256
    assert m.sha256 in wb.properties.keywords


def test_a_filled_in_sheet_reads_back_exactly(tmp_path):
    m = method()
    bid = read_bid(fill_bid(tmp_path / "a.xlsx", m, prices=(40, "25,50", 12.25)), m)
    assert bid.refusals == []
    assert bid.bidder == "Groen BV" and bid.sw_name == "Werkbedrijf Utrecht"
    assert bid.unit_prices == {"U01": Decimal(40), "U02": Decimal("25.50"), "E01": Decimal("12.25")}


@pytest.mark.parametrize(("kwargs", "cell", "words"), [
    ({"prices": (40, None, 12)}, "Inschrijving!E3", "ontbreekt"),
    ({"prices": (40, -1, 12)}, "Inschrijving!E3", "negatief"),
    ({"prices": (40, "veertig", 12)}, "Inschrijving!E3", "geen getal"),
    ({"edit": lambda wb: wb["Inschrijving"].cell(row=4, column=4, value=300)}, "Inschrijving!D4", "gewijzigd"),
    ({"edit": lambda wb: wb["Inschrijving"].cell(row=2, column=1, value="U99")}, "Inschrijving!A2", "hoort niet"),
    ({"edit": lambda wb: wb["Inschrijving"].delete_rows(4)}, "Inschrijving!A4", "ontbreekt"),
    ({"edit": lambda wb: wb["Inschrijving"].append(["X1", "extra", "st", 1, 5])}, "Inschrijving!A5", "hoort niet"),
    ({"sw": None}, "Inschrijver!B3", "SW-bedrijf"),
    ({"name": "  "}, "Inschrijver!B1", "naam van de inschrijver"),
])
def test_broken_sheets_are_refused_with_cell_and_reason(tmp_path, kwargs, cell, words):
    m = method()
    bid = read_bid(fill_bid(tmp_path / "b.xlsx", m, **kwargs), m)
    assert bid.refusals, "must be refused"
    assert any(r.cell == cell and words in r.reason for r in bid.refusals), bid.refusals


def test_a_sheet_of_another_tender_is_refused(tmp_path):
    other = method(METHOD_YAML.replace("shortlist: 3", "shortlist: 4"))
    bid = read_bid(fill_bid(tmp_path / "c.xlsx", other), method())
    assert [r.category for r in bid.refusals] == ["fingerprint"]
    assert bid.refusals[0].cell == "Methode!B2"


def test_the_fingerprint_survives_a_lost_method_sheet(tmp_path):
    m = method()
    path = fill_bid(tmp_path / "d.xlsx", m, edit=lambda wb: wb.remove(wb["Methode"]))
    assert read_bid(path, m).refusals == []  # found in the workbook properties


def test_not_an_xlsx_is_refused_not_a_crash(tmp_path):
    path = tmp_path / "kapot.xlsx"
    path.write_bytes(b"dit is geen excel")
    bid = read_bid(path, method())
    assert [r.category for r in bid.refusals] == ["file"]
    assert "geen leesbaar Excel-bestand" in bid.refusals[0].reason


def test_a_bidder_template_round_trips_through_bytes():
    m = method()
    wb = template_workbook(m)
    import io

    buffer = io.BytesIO()
    wb.save(buffer)
    bid = read_bid(buffer.getvalue(), m, file_name="leeg.xlsx")
    assert {r.cell for r in bid.refusals} >= {"Inschrijving!E2", "Inschrijver!B1", "Inschrijver!B3"}


@pytest.mark.parametrize(("value", "expected"), [
    (12.5, "12.5"), (0.1 + 0.2, "0.3"), ("1.234,56", "1234.56"), ("1,234.56", "1234.56"), ("€ 12,50", "12.50"),
    ("12", "12"), (7, "7"),
])
def test_amounts_are_read_exactly(value, expected):
    assert parse_amount(value) == Decimal(expected)


@pytest.mark.parametrize("value", ["abc", "", "1,2,3x", True])
def test_non_numbers_are_not_amounts(value):
    with pytest.raises(ValueError):
        parse_amount(value)
