"""Files of a schouw round: Excel workbook (openpyxl) and PDF report (fpdf2), in the active language.
The sheet of plots keeps the schouw import's column names (plot, lat, lon, aspect, level, ...)."""

from __future__ import annotations

import io

import openpyxl
from django.utils.formats import get_format
from django.utils.translation import gettext as _
from fpdf import FPDF
from openpyxl.styles import Font, PatternFill

from wijkwerk.core.files import append_row

from .selectors import round_progress, round_results, round_results_by_aspect


def _pct(share: float) -> str:
    # 12,5 % in Dutch, 12.5 % in English: the decimal separator of the active language.
    return f"{share * 100:.1f} %".replace(".", get_format("DECIMAL_SEPARATOR"))


def round_xlsx(*, round) -> bytes:
    """Sheets: Uitslag per buurt, Per wijk, Per aspect, Meetlocaties (every plot and score)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = _("Per buurt")
    header = [_("buurt"), _("buurtnaam"), _("aspect"), _("meetlocaties"), _("op of boven streef"), _("aandeel"),
              _("streefniveau"), _("normpercentage"), _("voldoet")]
    append_row(ws, header)
    yes, no = _("ja"), _("nee")
    ok_fill, bad_fill = PatternFill("solid", fgColor="C6EFCE"), PatternFill("solid", fgColor="FFC7CE")
    for r in round_results(round=round):
        append_row(ws, [r["buurt"], r["buurt_name"], r["aspect"], r["plots"], r["at_or_above_target"], r["share"],
                   r["target"], r["pass_share"], yes if r["meets_norm"] else no])
        ws.cell(ws.max_row, 9).fill = ok_fill if r["meets_norm"] else bad_fill
    wijk = wb.create_sheet(_("Per wijk"))
    append_row(wijk, [_("wijk"), _("wijknaam"), _("aspect"), _("meetlocaties"), _("op of boven streef"), _("aandeel"),
                      _("normpercentage"), _("voldoet")])
    for r in round_results(round=round, by="wijk"):
        append_row(wijk, [r["wijk"], r["wijk_name"], r["aspect"], r["plots"], r["at_or_above_target"], r["share"],
                     r["pass_share"], yes if r["meets_norm"] else no])
    aspects = wb.create_sheet(_("Per aspect"))
    append_row(aspects, [_("aspect"), _("meetlocaties"), _("op of boven streef"), _("aandeel"), _("buurten"),
                         _("buurten die voldoen")])
    for a in round_results_by_aspect(round=round):
        append_row(aspects, [a["aspect"], a["plots"], a["at_or_above_target"], a["share"], a["buurten"], a["buurten_ok"]])
    plots = wb.create_sheet(_("Meetlocaties"))
    # The schouw import's column names (quality/schouw_import.py), not translated: the sheet can be read back.
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
    title = _("Schouwronde %(name)s") % {"name": round.name}
    pdf.set_title(title)
    pdf.set_author("Wijkwerk")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, _latin(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    progress = round_progress(round=round)
    period = ""
    if round.period_start:
        period = f"{round.period_start:%d-%m-%Y}"
        if round.period_end:
            period = _("%(start)s t/m %(end)s") % {"start": period, "end": f"{round.period_end:%d-%m-%Y}"}
    if period:
        heading = _("Gemeente %(name)s, periode %(period)s") % {"name": round.gemeente.name, "period": period}
    else:
        heading = _("Gemeente %(name)s") % {"name": round.gemeente.name}
    lines = [
        heading,
        _("Kwaliteitscatalogus versie %(version)s; meetlocaties: %(total)s (geschouwd %(done)s, overgeslagen "
          "%(skipped)s, open %(open)s).") % {"version": round.catalogue.version, **progress},
        _("Aandeel = meetlocaties op of boven het streefniveau / geschouwde meetlocaties; "
          "de norm is gehaald als het aandeel minstens het normpercentage is."),
    ]
    for line in lines:
        pdf.multi_cell(0, 5, _latin(line), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 8, _("Per aspect"), new_x="LMARGIN", new_y="NEXT")
    _table(pdf, [_("Aspect"), _("Locaties"), _("Goed"), _("Aandeel"), _("Buurten ok")], [60, 25, 25, 25, 30], [
        [a["aspect"], a["plots"], a["at_or_above_target"], _pct(a["share"]),
         _("%(ok)s van %(total)s") % {"ok": a["buurten_ok"], "total": a["buurten"]}]
        for a in round_results_by_aspect(round=round)
    ])
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 8, _("Per buurt"), new_x="LMARGIN", new_y="NEXT")
    yes, no = _("ja"), _("nee")
    _table(pdf, [_("Buurt"), _("Aspect"), _("Loc."), _("Goed"), _("Aandeel"), _("Streef"), _("Norm"), _("Voldoet")],
           [38, 42, 14, 14, 20, 14, 16, 22], [
               [f"{r['buurt']} {r['buurt_name']}"[:24], r["aspect"], r["plots"], r["at_or_above_target"],
                _pct(r["share"]), r["target"], _pct(r["pass_share"]), yes if r["meets_norm"] else no]
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
        pdf.cell(sum(widths), 6, _latin(_("Nog geen scores.")), border=1)
        pdf.ln()
