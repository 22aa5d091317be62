"""The evaluation report as files: JSON, a readable xlsx summary, and the award decision letters
(PDF + DOCX per bidder). Pure Python apart from gettext: the xlsx summary follows the active language,
the letters stay Dutch (see letters.py)."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from wijkwerk.core.files import append_row

from . import letters, scoring
from .method import Method


def report_workbook(result: dict, method: Method) -> bytes:
    data = scoring.as_json(result)
    wb = Workbook()
    bold = Font(bold=True)
    ws = wb.active
    ws.title = _("Inschrijvingen")
    append_row(ws, [_("Inschrijver"), _("Bestand"), _("Geldig"), _("Knock-outs"), _("Fictieve prijs"),
                    _("Abnormaal laag"), _("Shortlist"), _("Kwaliteitswaarde"), _("Eindprijs"), _("Rang")])
    yes, no = _("ja"), _("nee")
    for bid in data["bids"]:
        append_row(ws, [bid["bidder"], bid["file"], yes if bid["valid"] else no, ", ".join(bid["knockouts"]),
                   bid["fictive_price"], yes if bid["abnormally_low"] else no,
                   yes if bid["shortlisted"] else no, bid["quality_value"], bid["final_price"], bid["rank"]])
    for col in "EHI":
        for cell in ws[col][1:]:
            cell.number_format = "#,##0.00"
    refusals = wb.create_sheet(_("Weigeringen"))
    append_row(refusals, [_("Inschrijver"), _("Knock-out"), _("Cel"), _("Reden")])
    for bid in data["bids"]:
        for r in bid["refusals"]:
            append_row(refusals, [bid["bidder"], r["code"], r["cell"], r["reason"]])
    assessed = wb.create_sheet(_("Beoordeling"))
    append_row(assessed, [_("Inschrijver"), _("Criterium"), _("Maximale waarde"), _("Score"), _("Deel"), _("Waarde"),
                          _("Motivering")])
    for bid in data["bids"]:
        for c in bid["criteria"]:
            append_row(assessed, [bid["bidder"], c["code"], c["max_value"], letters._score_label(c), c["share"], c["value"],
                             letters._motivation(c)])
    info = wb.create_sheet(_("Methode"))
    rows = [(_("Aanbesteding"), method.title), (_("Vingerafdruk methode (SHA-256)"), method.sha256),
            (_("Beoordeling"), method.mode), (_("Shortlist"), method.shortlist),
            (_("Mediaan fictieve prijs"), data["median_fictive_price"]),
            (_("Grens abnormaal laag"), data["abnormally_low_threshold"]),
            (_("Winnaar"), data["winner"] or (_("gelijke eindprijs: loting") if data["tie"] else "-"))]
    for row in rows:
        append_row(info, list(row))
    for message in data["messages"] + [e["message"] for e in data["assessment_errors"]]:
        append_row(info, [_("Melding"), message])
    for sheet in wb.worksheets:
        for cell in sheet[1]:
            cell.font = bold
        for column in sheet.columns:
            width = max(len(str(c.value or "")) for c in column)
            sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 70)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def write_report(result: dict, method: Method, folder: Path, *, send_date: dt.date,
                 organisation: str = "de gemeente") -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    path = folder / "beoordeling.json"
    path.write_text(json.dumps(scoring.public_result(result), ensure_ascii=False, indent=2), encoding="utf-8")
    written.append(path)
    path = folder / "beoordeling.xlsx"
    path.write_bytes(report_workbook(result, method))
    written.append(path)
    if result.get("assessed"):
        out = folder / "brieven"
        out.mkdir(exist_ok=True)
        used: set[str] = set()
        for bid in result["bids"]:
            base = letters.safe_file_name(bid["bidder"])
            while base in used:
                base += "_"
            used.add(base)
            letter = letters.build_letter(result, bid["bidder"], send_date=send_date, organisation=organisation)
            for suffix, render in ((".pdf", letters.letter_pdf), (".docx", letters.letter_docx)):
                path = out / f"gunningsbeslissing_{base}{suffix}"
                path.write_bytes(render(letter))
                written.append(path)
    return written
