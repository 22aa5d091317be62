"""The plan (MJOP) as Excel (summary sheet + a sheet per year) and as PDF, in the active language (the
page's: the export views write the file in the request). Asset type labels are translated like on the
pages (the shipped types are in the catalogue, see assets/types.py); names of areas and assets are data."""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext as _
from fpdf import FPDF
from openpyxl import Workbook
from openpyxl.styles import Font

from wijkwerk.assets.models import Asset
from wijkwerk.core.files import append_row

from .build import CODE_LABELS


def _asset_info(gemeente, asset_ids) -> dict:
    out = {}
    no_wijk = _("(geen wijk)")
    ids = list(set(asset_ids))
    for a in range(0, len(ids), 5000):
        for aid, ext, label, wijk in Asset.objects.filter(gemeente=gemeente, id__in=ids[a:a + 5000]).values_list(
            "id", "external_id", "asset_type__label", "wijk__name"
        ):
            out[aid] = (ext, _(label) if label else label, wijk or no_wijk)
    return out


def aggregate(gemeente, items) -> dict:
    info = _asset_info(gemeente, [i[0] for i in items])
    by = {"year": defaultdict(float), "wijk": defaultdict(float), "type": defaultdict(float),
          "intervention": defaultdict(float)}
    counts = defaultdict(int)
    for aid, year, code, cost in items:
        ext, label, wijk = info.get(aid, ("?", "?", "?"))
        by["year"][year] += cost
        by["wijk"][wijk] += cost
        by["type"][label] += cost
        by["intervention"][str(CODE_LABELS[code])] += cost
        counts[year] += 1
    return {"by": {k: dict(sorted(v.items())) for k, v in by.items()}, "counts": dict(counts), "info": info}


def plan_xlsx(*, gemeente, name: str, summary: dict, items, path: str) -> None:
    agg = aggregate(gemeente, items)
    wb = Workbook()
    ws = wb.active
    ws.title = _("Samenvatting")
    bold = Font(bold=True)
    append_row(ws, [f"{name} - {gemeente.name}"])
    ws["A1"].font = Font(bold=True, size=14)
    append_row(ws, [_("Assets"), summary["assets"]])
    append_row(ws, [_("Risico na plan (doel)"), summary["objective"]])
    append_row(ws, [_("Ondergrens (bewezen)"), summary["lower_bound"]])
    append_row(ws, [_("Afstand tot optimum (hooguit)"), summary["gap"]])
    append_row(ws, [])
    append_row(ws, [_("Jaar"), _("Kosten"), _("Risico zonder onderhoud"), _("Risico met plan"),
                    _("Aandeel op streefconditie"), _("Maatregelen")])
    for c in ws[ws.max_row]:
        c.font = bold
    start = summary.get("start_year", 1)
    for y, cost in enumerate(summary["cost_per_year"], start=1):
        append_row(ws, [start + y - 1, cost, summary["risk_per_year_before"][y - 1], summary["risk_per_year_after"][y - 1],
                   summary.get("performance_per_year_after", [None] * y)[y - 1], agg["counts"].get(y, 0)])
    for title, key in _breakdowns():
        append_row(ws, [])
        append_row(ws, [title, _("Kosten")])
        ws[ws.max_row][0].font = bold
        for k, v in agg["by"][key].items():
            append_row(ws, [k, round(v, 2)])
    years = len(summary["cost_per_year"])
    sheets = {}
    for y in range(1, years + 1):
        s = wb.create_sheet(_("Jaar %(year)s") % {"year": start + y - 1})
        append_row(s, [_("Asset"), _("Type"), _("Wijk"), _("Maatregel"), _("Kosten")])
        for c in s[1]:
            c.font = bold
        sheets[y] = s
    for aid, year, code, cost in items:
        ext, label, wijk = agg["info"].get(aid, ("?", "?", "?"))
        append_row(sheets[year], [ext, label, wijk, str(CODE_LABELS[code]), round(cost, 2)])
    wb.save(path)


def plan_pdf(*, gemeente, name: str, summary: dict, items, path: str) -> None:
    agg = aggregate(gemeente, items)
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, _latin(f"{name} - {gemeente.name}"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(0, 6, _latin(
        _("%(assets)s assets. Risico na plan %(risk)s; bewezen ondergrens %(bound)s; het plan ligt hooguit "
          "%(gap)s %% boven het optimum.")
        % {"assets": summary["assets"], "risk": f"{summary['objective']:.1f}",
           "bound": f"{summary['lower_bound']:.1f}", "gap": f"{summary['gap'] * 100:.3f}"}))
    pdf.ln(2)
    pdf.set_font("Helvetica", "B", 10)
    widths = [20, 40, 40, 40, 40]
    for w, h in zip(widths, [_("Jaar"), _("Kosten (EUR)"), _("Risico zonder"), _("Risico met plan"),
                             _("Op streefconditie")], strict=True):
        pdf.cell(w, 7, _latin(h), border=1)
    pdf.ln()
    pdf.set_font("Helvetica", "", 10)
    start = summary.get("start_year", 1)
    perf = summary.get("performance_per_year_after") or [0] * len(summary["cost_per_year"])
    for y, cost in enumerate(summary["cost_per_year"]):
        for w, v in zip(widths, [str(start + y), f"{cost:,.0f}", f"{summary['risk_per_year_before'][y]:,.0f}",
                                 f"{summary['risk_per_year_after'][y]:,.0f}", f"{perf[y] * 100:.0f} %"], strict=True):
            pdf.cell(w, 6, v, border=1)
        pdf.ln()
    for title, key in _breakdowns():
        pdf.ln(3)
        pdf.set_font("Helvetica", "B", 11)
        pdf.cell(0, 7, _latin(title), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 10)
        for k, v in agg["by"][key].items():
            pdf.cell(100, 6, _latin(str(k)), border=1)
            pdf.cell(40, 6, f"{v:,.0f}", border=1)
            pdf.ln()
    pdf.output(path)


def _breakdowns() -> tuple[tuple[str, str], ...]:
    """The cost breakdowns of the summary: (title, key of `aggregate`)."""
    return ((_("Per wijk"), "wijk"), (_("Per assettype"), "type"), (_("Per maatregel"), "intervention"))


def _latin(text: str) -> str:
    return text.encode("latin-1", "replace").decode("latin-1")
