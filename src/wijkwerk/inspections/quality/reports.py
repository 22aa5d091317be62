"""Files of a schouw round: Excel workbook (openpyxl) and PDF report (fpdf2)."""

from __future__ import annotations

import io

import openpyxl
from fpdf import FPDF
from openpyxl.styles import Font, PatternFill

from wijkwerk.core.files import append_row

from .selectors import round_progress, round_results, round_results_by_aspect


def _pct(share: float) -> str:
    return f"{share * 100:.1f} %".replace(".", ",")


def round_xlsx(*, round) -> bytes:
    """Sheets: Uitslag per buurt, Per wijk, Per aspect, Meetlocaties (every plot and score)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Per buurt"
    header = ["buurt", "buurtnaam", "aspect", "meetlocaties", "op of boven streef", "aandeel", "streefniveau",
              "normpercentage", "voldoet"]
    append_row(ws, header)
    ok_fill, bad_fill = PatternFill("solid", fgColor="C6EFCE"), PatternFill("solid", fgColor="FFC7CE")
    for r in round_results(round=round):
        append_row(ws, [r["buurt"], r["buurt_name"], r["aspect"], r["plots"], r["at_or_above_target"], r["share"],
                   r["target"], r["pass_share"], "ja" if r["meets_norm"] else "nee"])
        ws.cell(ws.max_row, 9).fill = ok_fill if r["meets_norm"] else bad_fill
    wijk = wb.create_sheet("Per wijk")
    append_row(wijk, ["wijk", "wijknaam", "aspect", "meetlocaties", "op of boven streef", "aandeel", "normpercentage", "voldoet"])
    for r in round_results(round=round, by="wijk"):
        append_row(wijk, [r["wijk"], r["wijk_name"], r["aspect"], r["plots"], r["at_or_above_target"], r["share"],
                     r["pass_share"], "ja" if r["meets_norm"] else "nee"])
    aspects = wb.create_sheet("Per aspect")
    append_row(aspects, ["aspect", "meetlocaties", "op of boven streef", "aandeel", "buurten", "buurten die voldoen"])
    for a in round_results_by_aspect(round=round):
        append_row(aspects, [a["aspect"], a["plots"], a["at_or_above_target"], a["share"], a["buurten"], a["buurten_ok"]])
    plots = wb.create_sheet("Meetlocaties")
    append_row(plots, ["plot", "buurt", "lat", "lon", "status", "reden overslaan", "aspect", "level", "value"])
    labels = {a.code: a.name for a in round.catalogue.aspects.all()}
    for p in round.plots.select_related("buurt").prefetch_related("scores").order_by("code"):
        scores = list(p.scores.all())
        base = [p.code, p.buurt.code if p.buurt_id else "", p.lat, p.lon, p.get_status_display(), p.skip_reason]
        if not scores:
            append_row(plots, [*base, "", "", ""])
        for s in scores:
            append_row(plots, [*base, labels.get(s.aspect_code, s.aspect_code), s.level, s.value])
    for sheet in wb.worksheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for col in sheet.columns:
            width = max(len(str(c.value or "")) for c in col) + 2
            sheet.column_dimensions[col[0].column_letter].width = min(width, 40)
    for row in ws.iter_rows(min_row=2, min_col=6, max_col=6):
        for c in row:
            c.number_format = "0.0%"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def round_pdf(*, round) -> bytes:
    """A short report: the round, the summary per aspect and the table per buurt."""
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_title(f"Schouwronde {round.name}")
    pdf.set_author("Wijkwerk")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, _latin(f"Schouwronde {round.name}"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    progress = round_progress(round=round)
    period = ""
    if round.period_start:
        period = f"{round.period_start:%d-%m-%Y}" + (f" t/m {round.period_end:%d-%m-%Y}" if round.period_end else "")
    lines = [
        f"Gemeente {round.gemeente.name}" + (f", periode {period}" if period else ""),
        f"Kwaliteitscatalogus versie {round.catalogue.version}; meetlocaties: {progress['total']} "
        f"(geschouwd {progress['done']}, overgeslagen {progress['skipped']}, open {progress['open']}).",
        "Aandeel = meetlocaties op of boven het streefniveau / geschouwde meetlocaties; "
        "de norm is gehaald als het aandeel minstens het normpercentage is.",
    ]
    for line in lines:
        pdf.multi_cell(0, 5, _latin(line), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 8, "Per aspect", new_x="LMARGIN", new_y="NEXT")
    _table(pdf, ["Aspect", "Locaties", "Goed", "Aandeel", "Buurten ok"], [60, 25, 25, 25, 30], [
        [a["aspect"], a["plots"], a["at_or_above_target"], _pct(a["share"]), f"{a['buurten_ok']} van {a['buurten']}"]
        for a in round_results_by_aspect(round=round)
    ])
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 8, "Per buurt", new_x="LMARGIN", new_y="NEXT")
    _table(pdf, ["Buurt", "Aspect", "Loc.", "Goed", "Aandeel", "Streef", "Norm", "Voldoet"],
           [38, 42, 14, 14, 20, 14, 16, 22], [
               [f"{r['buurt']} {r['buurt_name']}"[:24], r["aspect"], r["plots"], r["at_or_above_target"],
                _pct(r["share"]), r["target"], _pct(r["pass_share"]), "ja" if r["meets_norm"] else "nee"]
               for r in round_results(round=round)
           ])
    return bytes(pdf.output())


def _latin(text) -> str:
    return str(text).encode("latin-1", "replace").decode("latin-1")


def _table(pdf, header, widths, rows) -> None:
    pdf.set_font("Helvetica", "B", 9)
    pdf.set_fill_color(230, 240, 236)
    for h, w in zip(header, widths, strict=True):
        pdf.cell(w, 6, _latin(h), border=1, fill=True)
    pdf.ln()
    pdf.set_font("Helvetica", "", 9)
    for row in rows:
        for value, w in zip(row, widths, strict=True):
            pdf.cell(w, 6, _latin(value)[:40], border=1)
        pdf.ln()
    if not rows:
        pdf.cell(sum(widths), 6, "Nog geen scores.", border=1)
        pdf.ln()
