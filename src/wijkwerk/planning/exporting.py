"""The plan (MJOP) as Excel: a summary sheet (what was asked, the figures, what they mean, cost per
year against the budget, per wijk, asset type and intervention) and a sheet per year with every
intervention. In the active language (the export task sets the language of the request that asked
for it). Amount cells carry number formats, so Excel shows them in the reader's own notation
(1.199.985 in a Dutch Excel). Written in write-only mode: a plan of 100,000 interventions stays quick
and small in memory. The PDF is in report_pdf.py; the figures both show are in figures.py.

Asset type labels are translated like on the pages (the shipped types are in the catalogue, see
assets/types.py); names of areas and assets are data."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from wijkwerk.assets.models import Asset
from wijkwerk.core.files import xlsx_row

from . import figures
from .build import CODE_LABELS

MONEY = '"€" #,##0'  # Excel shows the group separator of the reader's locale: € 1.199.985 in Dutch
WHOLE = "#,##0"
SHARE = "0.0%"
GAP = "0.000%"
PROGRESS_EVERY = 2000  # rows between two progress reports


@dataclass(frozen=True)
class PlanDocument:
    """What a file of a plan shows: the municipality, the plan's name, its summary JSON, its
    interventions (asset id, year 1.., intervention code, cost), the objective and who asked."""

    gemeente: object
    name: str
    summary: dict
    items: list = field(default_factory=list)
    objective: str = "risk"
    made_by: str = ""
    made_at: datetime | None = None

    def made_text(self) -> str:
        when = date_format(timezone.localtime(self.made_at or timezone.now()), "DATE_FORMAT")
        return _("%(date)s door %(user)s") % {"date": when, "user": self.made_by} if self.made_by else when


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
    """Cost per year, wijk, asset type (label) and intervention (label); interventions per year; and
    per asset id (external id, type label, wijk name)."""
    info = _asset_info(gemeente, [i[0] for i in items])
    by = {"year": defaultdict(float), "wijk": defaultdict(float), "type": defaultdict(float),
          "intervention": defaultdict(float)}
    counts = defaultdict(int)
    labels = intervention_labels()
    for aid, year, code, cost in items:
        _ext, label, wijk = info.get(aid, ("?", "?", "?"))
        by["year"][year] += cost
        by["wijk"][wijk] += cost
        by["type"][label] += cost
        by["intervention"][labels[code]] += cost
        counts[year] += 1
    return {"by": {k: dict(sorted(v.items())) for k, v in by.items()}, "counts": dict(counts), "info": info}


def intervention_labels() -> dict[str, str]:
    """Intervention code -> label in the active language (looked up once per file, not per row)."""
    return {code: str(label) for code, label in CODE_LABELS.items()}


def breakdowns() -> tuple[tuple[str, str, str], ...]:
    """The cost breakdowns of the summary: (title, heading of the first column, key of `aggregate`)."""
    return ((_("Per wijk"), _("Wijk"), "wijk"), (_("Per assettype"), _("Assettype"), "type"),
            (_("Per maatregel"), _("Maatregel"), "intervention"))


class _Sheet:
    """A write-only sheet with formatted rows (text always as text: formula-safe)."""

    def __init__(self, sheet):
        self.sheet = sheet

    def row(self, values, formats=(), *, bold: bool = False, size: float | None = None, wrap: bool = False):
        cells = xlsx_row(self.sheet, values)
        for cell, fmt in zip(cells, formats, strict=False):
            if fmt:
                cell.number_format = fmt
        if bold or size or wrap:
            for cell in cells:
                if bold or size:
                    cell.font = Font(bold=bold, size=size or 11)
                if wrap:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        self.sheet.append(cells)


def _widths(sheet, widths) -> None:
    for i, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + i)].width = width


def _summary_sheet(ws: _Sheet, doc: PlanDocument, agg: dict) -> None:
    ws.row([f"{doc.name} - {doc.gemeente.name}"], bold=True, size=14)
    ws.row([_("Meerjarenonderhoudsplan (MJOP)")])
    ws.row([])
    for label, value in [*figures.result_facts(doc.summary, objective=doc.objective),
                         (_("Gemaakt op"), doc.made_text())]:
        ws.row([label, value])
    ws.row([])
    ws.row([_("Wat betekenen de getallen?")], bold=True)
    for term, text in figures.explanations():
        ws.row([term, text], wrap=True)
    ws.row([])
    ws.row([_("Jaar"), _("Budget"), _("Kosten"), _("Besteed van het budget"), _("Risico zonder onderhoud"),
            _("Risico met plan"), _("Aandeel op streefconditie"), _("Maatregelen")], bold=True, wrap=True)
    for r in figures.year_rows(doc.summary, agg["counts"]):
        ws.row([r["year"], r["budget"], r["cost"], r["spent"], r["before"], r["after"], r["performance"], r["count"]],
               (None, MONEY, MONEY, SHARE, WHOLE, WHOLE, SHARE, WHOLE))
    t = figures.totals(doc.summary)
    ws.row([_("Totaal"), t["budget"], t["cost"], t["spent"], None, None, None, sum(agg["counts"].values())],
           (None, MONEY, MONEY, SHARE, None, None, None, WHOLE), bold=True)
    lines = figures.line_rows(doc.summary)
    if lines:
        ws.row([])
        ws.row([_("Per budgetlijn"), _("Budget over de horizon"), _("Kosten over de horizon"),
                _("Besteed van het budget")], bold=True, wrap=True)
        for r in lines:
            ws.row([r["label"], r["budget"], r["cost"], r["spent"]], (None, MONEY, MONEY, SHARE))
    for title, _heading, key in breakdowns():
        ws.row([])
        ws.row([title, _("Kosten")], bold=True)
        for k, v in agg["by"][key].items():
            ws.row([k, round(v, 2)], (None, MONEY))


def plan_xlsx(doc: PlanDocument, *, path: str, progress: Callable[[float], None] | None = None) -> None:
    report = progress or (lambda _fraction: None)
    agg = aggregate(doc.gemeente, doc.items)
    report(0.1)
    wb = Workbook(write_only=True)
    summary = wb.create_sheet(_("Samenvatting"))
    _widths(summary, [30, 16, 16, 14, 16, 16, 14, 12])
    _summary_sheet(_Sheet(summary), doc, agg)
    start = doc.summary.get("start_year", 1)
    years = len(doc.summary.get("cost_per_year") or [])
    by_year = defaultdict(list)
    for item in doc.items:
        by_year[item[1]].append(item)
    done, total = 0, max(1, len(doc.items))
    labels = intervention_labels()
    for y in range(1, years + 1):
        sheet = wb.create_sheet(_("Jaar %(year)s") % {"year": start + y - 1})
        _widths(sheet, [18, 22, 26, 20, 14])
        sheet.freeze_panes = "A2"
        ws = _Sheet(sheet)
        ws.row([_("Asset"), _("Type"), _("Wijk"), _("Maatregel"), _("Kosten")], bold=True)
        for aid, _year, code, cost in by_year.get(y, []):
            ext, label, wijk = agg["info"].get(aid, ("?", "?", "?"))
            ws.row([ext, label, wijk, labels[code], round(cost, 2)], (None, None, None, None, MONEY))
            done += 1
            if done % PROGRESS_EVERY == 0:
                report(0.1 + 0.8 * done / total)
    report(0.9)
    wb.save(path)
    report(1.0)

