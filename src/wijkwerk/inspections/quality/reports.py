"""Files of a schouw round: Excel workbook (openpyxl) and PDF report (`core.pdf`), in the active language.
The sheet of plots keeps the schouw import's column names (plot, lat, lon, aspect, level, ...)."""

from __future__ import annotations

import io

import openpyxl
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl.styles import Font, PatternFill

from wijkwerk.core.files import append_row
from wijkwerk.core.numbers import format_number, format_percent
from wijkwerk.core.pdf import Column, ReportPdf

from .. import crow
from .selectors import round_progress, round_results, round_results_by_aspect


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
    """The report a council reads: the round, how to read it (the levels), the summary per aspect
    and the results per buurt and per wijk, each area's name once above its rows. Numbers and
    percentages in the active language; page numbers and an embedded font (ReportPdf)."""
    pdf = ReportPdf(_("Uitslag schouwronde %(name)s") % {"name": round.name},
                    subtitle=_("Gemeente %(name)s") % {"name": round.gemeente.name})
    progress = round_progress(round=round)
    aspects = {a.code: a.name for a in round.catalogue.aspects.all()}
    pdf.facts([
        (_("Periode"), _period(round)),
        (_("Status"), str(round.get_status_display()) if round.is_done else
         _("%(status)s (nog niet afgerond: de uitslag kan nog veranderen)") % {"status": round.get_status_display()}),
        (_("Aspecten"), ", ".join(aspects.get(c, c) for c in round.aspects)),
        (_("Kwaliteitscatalogus"), _("versie %(version)s") % {"version": round.catalogue.version}),
        (_("Meetlocaties"), _("%(total)s, waarvan %(done)s geschouwd, %(skipped)s overgeslagen en %(open)s open") % {
            k: format_number(v) for k, v in progress.items()}),
        (_("Gemaakt op"), date_format(timezone.localdate(), "j F Y")),
    ])
    pdf.heading(_("Zo leest u deze uitslag"), level=2)
    pdf.paragraph(_("Elke meetlocatie (ongeveer 100 m²) krijgt per aspect een niveau volgens de CROW-methode, van A+ "
                    "(zeer hoog) tot D (zeer laag). Aandeel = de meetlocaties op of boven het streefniveau gedeeld door "
                    "de geschouwde meetlocaties (overgeslagen tellen niet mee). Een buurt voldoet als het aandeel "
                    "minstens het normpercentage (de norm) van haar gebiedstype is."))
    for item in crow.level_legend():
        pdf.paragraph(f"{item['level']} ({item['name']}): {item['description']}")
    yes, no = _("voldoet"), _("voldoet niet")
    pdf.heading(_("Per aspect"))
    pdf.table([Column(_("Aspect"), 58), Column(_("Meetlocaties"), 26, "R"), Column(_("Op of boven streefniveau"), 34, "R"),
               Column(_("Aandeel"), 24, "R"), Column(_("Buurten die voldoen"), 38, "R")], [
        [a["aspect"], format_number(a["plots"]), format_number(a["at_or_above_target"]), format_percent(a["share"]),
         _("%(ok)s van %(total)s") % {"ok": format_number(a["buurten_ok"]), "total": format_number(a["buurten"])}]
        for a in round_results_by_aspect(round=round)
    ] or [[_("Nog geen scores."), "", "", "", ""]])
    for by, heading in (("buurt", _("Per buurt")), ("wijk", _("Per wijk"))):
        rows = round_results(round=round, by=by)
        pdf.heading(heading)
        if not rows:
            pdf.paragraph(_("Nog geen scores."))
            continue
        pdf.table([Column(heading, 0), Column(_("Aspect"), 44), Column(_("Meetlocaties"), 26, "R"),
                   Column(_("Op of boven streefniveau"), 26, "R"), Column(_("Aandeel"), 18, "R"),
                   Column(_("Streefniveau"), 26, "C"), Column(_("Norm"), 18, "R"), Column(_("Oordeel"), 22)], [
            [f"{r[by]} {r[f'{by}_name']}".strip(), r["aspect"], format_number(r["plots"]),
             format_number(r["at_or_above_target"]), format_percent(r["share"]), r.get("target", "–"),
             format_percent(r["pass_share"], 0), yes if r["meets_norm"] else no]
            for r in rows
        ], group_by=0)
    return pdf.output_bytes()


def _period(round) -> str:
    if not round.period_start:
        return "–"
    start = date_format(round.period_start, "j F Y")
    if not round.period_end:
        return start
    return _("%(start)s t/m %(end)s") % {"start": start, "end": date_format(round.period_end, "j F Y")}
