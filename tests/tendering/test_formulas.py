"""Bid prices are what Excel shows the bidder: a formula whose cached value was written into the
file by hand (`=44*1000` stored as 1) is recomputed and the sheet refused at that cell."""

from decimal import Decimal

import pytest

from wijkwerk.tendering.sheetread import read_bid

from .helpers import fake_cached_values, fill_bid, method

REDO = "open het bestand in Excel, sla het op en lever het opnieuw in"


def test_a_formula_with_a_fake_cached_price_is_refused_naming_the_cell(tmp_path):
    m = method()
    path = fill_bid(tmp_path / "vals.xlsx", m, prices=("=44*1000", 25.5, 12.25))
    fake_cached_values(path, {"44*1000": "1"})
    bid = read_bid(path, m)
    assert "U01" not in bid.unit_prices  # never scored as 1
    assert [(r.category, r.cell) for r in bid.refusals] == [("price", "Inschrijving!E2")]
    reason = bid.refusals[0].reason
    assert reason == f"De formule =44*1000 geeft 44000, maar het opgeslagen bedrag is 1; {REDO}."


def test_a_formula_whose_cached_value_is_right_is_read(tmp_path):
    m = method()
    path = fill_bid(tmp_path / "goed.xlsx", m, prices=("=44*1000", "=ROUND(E2/1760,2)", "=SUM(E2:E3)/4000"),
                    edit=None)
    fake_cached_values(path, {"44*1000": "44000", "ROUND(E2/1760,2)": "25", "SUM(E2:E3)/4000": "11.00625"})
    bid = read_bid(path, m)
    assert bid.refusals == []
    assert bid.unit_prices == {"U01": Decimal(44000), "U02": Decimal(25), "E01": Decimal("11.00625")}


def test_a_fake_value_behind_a_reference_is_found(tmp_path):
    """E2 = G2 * 2 and G2 = 44*1000 stored as 1 (so E2 stored as 2): E2 is refused."""
    m = method()

    def helper_cell(wb):
        wb["Inschrijving"]["G2"] = "=44*1000"

    path = fill_bid(tmp_path / "ref.xlsx", m, prices=("=G2*2", 25, 12), edit=helper_cell)
    fake_cached_values(path, {"G2*2": "2", "44*1000": "1"})
    bid = read_bid(path, m)
    assert [r.cell for r in bid.refusals] == ["Inschrijving!E2"]
    assert "geeft 88000, maar het opgeslagen bedrag is 2" in bid.refusals[0].reason


def _far_cell(wb):
    wb["Inschrijving"]["AZ1000"] = 1


@pytest.mark.parametrize(("formula", "words", "edit"), [
    ('INDIRECT("G2")', "functie INDIRECT wordt niet nagerekend", None),
    ("E2", "kringverwijzing", None),
    ("SUM(E2:E4)", "kringverwijzing", None),
    ("1/0", "deling door nul", None),
    ("SUM(G1:XFD1048576)", "bereik te groot", _far_cell),
    ("prijs*2", "naam 'prijs' wordt niet nagerekend", None),
    ("IF(1>0,1,2)", "functie IF wordt niet nagerekend", None),
    ("1>0", "vergelijkingen worden niet nagerekend", None),
    ("[1]Blad1!A1", "verwijzing naar een ander bestand", None),
])
def test_a_formula_that_cannot_be_recomputed_is_refused(tmp_path, formula, words, edit):
    m = method()
    path = fill_bid(tmp_path / "raar.xlsx", m, prices=(f"={formula}", 25, 12), edit=edit)
    fake_cached_values(path, {formula: "40"})
    bid = read_bid(path, m)
    assert [r.cell for r in bid.refusals] == ["Inschrijving!E2"], bid.refusals
    assert words in bid.refusals[0].reason and "kan niet worden nagerekend" in bid.refusals[0].reason


def test_a_formula_without_a_cached_value_is_refused(tmp_path):
    m = method()
    bid = read_bid(fill_bid(tmp_path / "leeg.xlsx", m, prices=("=40+2", 25, 12)), m)
    assert [r.cell for r in bid.refusals] == ["Inschrijving!E2"]
    assert "geen opgeslagen uitkomst (Excel toont 42)" in bid.refusals[0].reason


def test_a_fake_cached_fictitious_quantity_and_sw_partner_are_refused(tmp_path):
    m = method()

    def edit(wb):
        wb["Inschrijving"]["D2"] = "=6000*3"  # Excel shows 18000, the method says 12000
        wb["Inschrijver"]["B3"] = '=""'  # Excel shows nothing: no SW partner

    path = fill_bid(tmp_path / "kop.xlsx", m, edit=edit)
    fake_cached_values(path, {"6000*3": "12000"})
    fake_cached_values(path, {'""': "Werkbedrijf Utrecht"}, sheet_xml="xl/worksheets/sheet2.xml")
    bid = read_bid(path, m)
    reasons = [(r.category, r.cell, r.reason) for r in bid.refusals]
    assert any(cell == "Inschrijving!D2" and "geeft 18000, maar het opgeslagen getal is 12000" in reason
               for _, cell, reason in reasons), reasons
    assert any(category == "sw" and cell == "Inschrijver!B3"
               and "geeft '', maar het opgeslagen antwoord is 'Werkbedrijf Utrecht'" in reason
               for category, cell, reason in reasons), reasons
    assert bid.sw_name == ""


@pytest.mark.parametrize(("formula", "expected"), [
    ("=-2^2", "4"), ("=2^3^2", "64"), ("=2+3*4", "14"), ("=(2+3)*4", "20"), ("=50%*10", "5"),
    ("=ROUND(2.5,0)", "3"), ("=ROUND(-2.5,0)", "-3"), ("=ROUND(1234.5,-2)", "1200"), ("=ROUNDDOWN(1.99,1)", "1.9"),
    ("=ROUNDUP(1.01,0)", "2"), ("=SUM(A1:A3)", "6.5"), ("=SUM(A1:B3, 1)", "7.5"), ("=MIN(A1:A3)*MAX(A1:A3)", "3.5"),
    ("=AVERAGE(A1:A2)", "2.25"), ("=PRODUCT(A1:A3)", "7"), ("=ABS(-A2)", "3.5"), ("='Blad 2'!A1*2", "20"),
    ("=$A$1+Blad2!A1", "1"), ("=A9*3", "0"), ('="12"*2', "24"), ("=_xlfn.SUM(A1,A2)", "4.5"),
])
def test_the_evaluator_computes_like_excel(formula, expected):
    from openpyxl import Workbook

    from wijkwerk.tendering.sheetcalc import FormulaCheck

    wb = Workbook()
    ws = wb.active
    ws["A1"], ws["A2"], ws["A3"], ws["B1"] = 1, 3.5, 2, "tekst"
    wb.create_sheet("Blad 2")["A1"] = 10
    wb.create_sheet("Blad2")["A1"] = None
    ws["C1"] = formula
    assert FormulaCheck(wb).evaluate(ws.title, 1, 3) == Decimal(expected)
