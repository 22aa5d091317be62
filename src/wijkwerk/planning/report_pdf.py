"""The plan (MJOP) as a PDF a council can read: what was asked (objective, horizon, budget) and when,
the outcome, what "risico", "ondergrens" and "afstand tot optimum" mean, cost against the budget per
year, the budget lines and scenarios, and the cost per wijk, asset type and intervention. Built on
`core.pdf.ReportPdf` (embedded font, page numbers, headings that wrap and repeat, amounts right-
aligned); numbers in the active language's notation (`core.numbers`)."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from wijkwerk.core.numbers import format_number, format_percent
from wijkwerk.core.pdf import Column, ReportPdf

from . import figures
from .exporting import PlanDocument, aggregate, breakdowns


def _money(value) -> str:
    return "" if value is None else format_number(value)


def _share(value, decimals: int = 1) -> str:
    return "" if value is None else format_percent(value, decimals)


def _years(pdf: ReportPdf, doc: PlanDocument, counts: dict) -> None:
    pdf.heading(_("Kosten en risico per jaar"))
    # widths: the longest word of each heading fits its column (bold 8.5 pt), so no word is broken
    columns = [Column(_("Jaar"), 16), Column(_("Budget (€)"), 24, "R"), Column(_("Kosten (€)"), 24, "R"),
               Column(_("Besteed van het budget"), 18, "R"), Column(_("Risico zonder onderhoud"), 24, "R"),
               Column(_("Risico met plan"), 22, "R"), Column(_("Op streefconditie"), 27, "R"),
               Column(_("Maatregelen"), 25, "R")]
    rows = [[str(r["year"]), _money(r["budget"]), _money(r["cost"]), _share(r["spent"]), format_number(r["before"]),
             format_number(r["after"]), _share(r["performance"], 0), format_number(r["count"])]
            for r in figures.year_rows(doc.summary, counts)]
    t = figures.totals(doc.summary)
    rows.append([_("Totaal"), _money(t["budget"]), _money(t["cost"]), _share(t["spent"]), "", "", "",
                 format_number(sum(counts.values()))])
    pdf.table(columns, rows)


def _lines(pdf: ReportPdf, doc: PlanDocument) -> None:
    lines = figures.line_rows(doc.summary)
    if not lines:
        return
    pdf.heading(_("Per budgetlijn"))
    columns = [Column(_("Budgetlijn"), 60), Column(_("Budget over de horizon (€)"), 40, "R"),
               Column(_("Kosten over de horizon (€)"), 40, "R"), Column(_("Besteed van het budget"), 30, "R")]
    pdf.table(columns, [[r["label"], _money(r["budget"]) or _("(totaalbudget)"), _money(r["cost"]),
                         _share(r["spent"])] for r in lines])


def _scenarios(pdf: ReportPdf, doc: PlanDocument) -> None:
    frontier = doc.summary.get("frontier") or []
    if not frontier:
        return
    pdf.heading(_("Budgetscenario's: wat levert extra budget op?"))
    columns = [Column(_("Budget"), 18, "R"), Column(_("Budget per jaar (€)"), 30, "R"),
               Column(_("Kosten totaal (€)"), 32, "R"), Column(_("Risico"), 28, "R"),
               Column(_("Op streefconditie (laatste jaar)"), 34, "R"),
               Column(_("Risicodaling per 1.000 euro extra"), 38, "R")]
    rows = []
    for f in frontier:
        if f.get("risk") is None:
            rows.append([_share(f["factor"], 0), _money(f["budget_per_year"]), _("geen plan mogelijk"), "", "", ""])
            continue
        reduction = f.get("risk_reduction_per_1000")
        rows.append([_share(f["factor"], 0), _money(f["budget_per_year"]), _money(f["cost"]), format_number(f["risk"]),
                     _share(f.get("performance"), 0), "-" if reduction is None else format_number(reduction, 2)])
    pdf.table(columns, rows)


def plan_pdf(doc: PlanDocument, *, path: str, progress: Callable[[float], None] | None = None) -> None:
    report = progress or (lambda _fraction: None)
    agg = aggregate(doc.gemeente, doc.items)
    report(0.3)
    pdf = ReportPdf(_("Meerjarenonderhoudsplan: %(name)s") % {"name": doc.name}, subtitle=doc.gemeente.name)
    pdf.facts([*figures.result_facts(doc.summary, objective=doc.objective), (_("Gemaakt op"), doc.made_text())])
    pdf.heading(_("Wat betekenen de getallen?"), level=2)
    for term, text in figures.explanations():
        pdf.paragraph(_("%(term)s: %(explanation)s") % {"term": term, "explanation": text})
    _years(pdf, doc, agg["counts"])
    _lines(pdf, doc)
    _scenarios(pdf, doc)
    report(0.6)
    total = sum(agg["by"]["year"].values()) or 1.0
    for title, heading, key in breakdowns():
        pdf.heading(title)
        pdf.table([Column(heading, 100), Column(_("Kosten (€)"), 40, "R"), Column(_("Aandeel"), 30, "R")],
                  [[str(k), _money(v), _share(v / total)] for k, v in agg["by"][key].items()])
    report(0.9)
    with open(path, "wb") as handle:
        handle.write(pdf.output_bytes())
    report(1.0)
