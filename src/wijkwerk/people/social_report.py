"""The yearly social-return report of a contract: the figures as pages, the workbook and the PDF show
them (`report_data`), then as Excel (formula-safe, `core.files`) and as PDF (`core.pdf`).

Aggregates only, never a person: a target group (or bonus) with fewer persons than the suppression
threshold shows neither its count nor its amount, unless the viewer is a job coach of every person in
it; the totals stay."""

from __future__ import annotations

import io
from collections.abc import Mapping

import openpyxl
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl.styles import Font

from wijkwerk.core.files import append_row
from wijkwerk.core.numbers import format_money, format_number, format_percent
from wijkwerk.core.pdf import Column, ReportPdf

from .social_return import GroupFigure, YearResult, cents
from .tables import BONUS_LABELS, TARGET_GROUP_LABELS


def visible_rows(figures: Mapping[str, GroupFigure], *, threshold: int, coach_organisations=frozenset(),
                 labels: Mapping | None = None) -> list[dict]:
    """Rows for pages and reports: a group with fewer than `threshold` persons is suppressed (count and
    amount None) unless all its persons belong to organisations the viewer is a job coach of. Ordered
    as the labels (the table's order), unknown codes last."""
    labels = labels if labels is not None else TARGET_GROUP_LABELS
    order = {code: i for i, code in enumerate(labels)}
    rows = []
    for code, figure in sorted(figures.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])):
        coached = bool(coach_organisations) and figure.organisations <= set(coach_organisations)
        hidden = figure.persons < threshold and not coached
        rows.append({"code": code, "label": str(labels.get(code, code)), "suppressed": hidden,
                     "persons": None if hidden else figure.persons,
                     "person_years": None if hidden else cents(figure.person_years),
                     "value": None if hidden else cents(figure.value)})
    return rows


def report_data(*, result: YearResult, threshold: int, coach_organisations=frozenset()) -> dict:
    """What the report shows, in exact cents (Decimal); suppressed cells are None."""
    c, spec = result.combined, result.contract
    table = spec.table
    groups = visible_rows(c.groups, threshold=threshold, coach_organisations=coach_organisations,
                          labels=TARGET_GROUP_LABELS)
    bonuses = visible_rows(c.bonuses, threshold=threshold, coach_organisations=coach_organisations,
                           labels=BONUS_LABELS)
    share = result.share
    return {
        "contract": spec, "year": result.year, "table": table, "threshold": threshold,
        "value_per_year": cents(spec.value_per_year), "obligation_share": spec.obligation,
        "obligation": result.obligation, "realised": result.realised, "realised_own": result.realised_own,
        "share": None if share is None else float(share), "met": result.met,
        "groups": groups, "group_total": cents(c.group_value), "bonuses": bonuses, "bonus_total": cents(c.bonus_value),
        "training": cents(c.training), "trainings": c.trainings,
        "purchases": cents(c.purchases), "purchase_count": c.purchase_count,
        "persons": c.persons, "person_years": cents(c.person_years),
        "any_suppressed": any(r["suppressed"] for r in groups + bonuses),
        "contracts": [{"key": s.key, "code": s.code, "name": s.name, "value": cents(s.value_per_year),
                       "obligation": cents(s.value_per_year * s.obligation), "realised": cents(f.total),
                       "main": i == 0} for i, (s, f) in enumerate(result.family)],
        "table_rows": [{"code": g, "label": str(TARGET_GROUP_LABELS.get(g, g)), "value": cents(v),
                        "months": table.months(g), "full_time": float(table.full_time(g))}
                       for g, v in table.values.items()],
        "table_bonuses": [{"code": code, "label": str(BONUS_LABELS.get(code, code)),
                           "amount": cents(b.get("amount", 0)), "min_age": b.get("min_age")}
                          for code, b in table.bonuses.items()],
    }


def _hidden(threshold: int) -> str:
    return _("< %(n)s") % {"n": threshold}


def _money(value) -> str:
    return format_money(value, 2) if value is not None else _("afgeschermd")


def report_filename(data: dict, ext: str) -> str:
    """A download name with only safe characters: social-return-CODE-YEAR.ext."""
    code = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in data["contract"].code)[:60]
    return f"social-return-{code}-{data['year']}.{ext}"


def _summary(data: dict) -> list[tuple[str, str]]:
    spec = data["contract"]
    return [
        (_("Contract"), f"{spec.code} {spec.name}"),
        (_("Jaar"), str(data["year"])),
        (_("Contractwaarde per jaar"), format_money(data["value_per_year"], 2)),
        (_("Verplichting"), _("%(share)s = %(amount)s") % {"share": format_percent(data["obligation_share"], 1),
                                                          "amount": format_money(data["obligation"], 2)}),
        (_("Gerealiseerd (met subcontracten)"), format_money(data["realised"], 2)),
        (_("Gerealiseerd (eigen contract)"), format_money(data["realised_own"], 2)),
        (_("Deel van de contractwaarde"), format_percent(data["share"], 2) if data["share"] is not None else "-"),
        (_("Verplichting gehaald"), _("ja") if data["met"] else _("nee")),
        (_("Personen / persoonsjaren"), f"{format_number(data['persons'])} / {format_number(data['person_years'], 2)}"),
        (_("Waarderingstabel"), f"{data['table'].label} ({data['table'].region or '-'})"),
    ]


def report_xlsx(data: dict) -> bytes:
    """The report as a workbook: a summary sheet, the breakdown, the contracts and the table used."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = _("Samenvatting")
    append_row(ws, [_("onderdeel"), _("waarde")])
    for label, value in _summary(data):
        append_row(ws, [label, value])
    append_row(ws, [_("realisatie (euro)"), float(data["realised"])])
    append_row(ws, [_("verplichting (euro)"), float(data["obligation"])])
    sheet = wb.create_sheet(_("Opbouw"))
    append_row(sheet, [_("onderdeel"), _("code"), _("personen"), _("persoonsjaren"), _("bedrag (euro)")])
    hidden = _hidden(data["threshold"])
    for kind, rows in ((_("doelgroep"), data["groups"]), (_("bonus"), data["bonuses"])):
        for r in rows:
            append_row(sheet, [f"{kind}: {r['label']}", r["code"], hidden if r["suppressed"] else r["persons"],
                               None if r["person_years"] is None else float(r["person_years"]),
                               _("afgeschermd") if r["suppressed"] else float(r["value"])])
    append_row(sheet, [_("doelgroepen samen"), "", data["persons"], float(data["person_years"]),
                       float(data["group_total"])])
    append_row(sheet, [_("bonussen samen"), "", None, None, float(data["bonus_total"])])
    append_row(sheet, [_("opleidingen (werkelijke kosten)"), "", data["trainings"], None, float(data["training"])])
    append_row(sheet, [_("inkoop bij SW-bedrijf (factuurwaarde)"), "", data["purchase_count"], None,
                       float(data["purchases"])])
    append_row(sheet, [_("totaal gerealiseerd"), "", None, None, float(data["realised"])])
    sheet = wb.create_sheet(_("Contracten"))
    append_row(sheet, [_("code"), _("naam"), _("waarde per jaar"), _("verplichting"), _("gerealiseerd (eigen)")])
    for c in data["contracts"]:
        append_row(sheet, [c["code"], c["name"], float(c["value"]), float(c["obligation"]), float(c["realised"])])
    sheet = wb.create_sheet(_("Tabel"))
    append_row(sheet, [_("doelgroep"), _("code"), _("waarde per persoonsjaar"), _("telperiode (maanden)"),
                       _("uren voltijd")])
    for r in data["table_rows"]:
        append_row(sheet, [r["label"], r["code"], float(r["value"]), r["months"], r["full_time"]])
    for b in data["table_bonuses"]:
        append_row(sheet, [b["label"], b["code"], float(b["amount"]), None, None])
    for sheet in wb.worksheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        sheet.column_dimensions["A"].width = 44
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def report_pdf(data: dict, *, gemeente_name: str = "") -> bytes:
    """The report as PDF: summary, breakdown by target group, bonuses, training, purchases, the
    contracts and the valuation table used."""
    spec = data["contract"]
    pdf = ReportPdf(_("Social return %(year)s: %(code)s %(name)s") % {"year": data["year"], "code": spec.code,
                                                                      "name": spec.name},
                    subtitle=_("Gemeente %(name)s") % {"name": gemeente_name} if gemeente_name else "")
    pdf.facts(_summary(data) + [(_("Gemaakt op"), date_format(timezone.localdate(), "j F Y"))], label_width=62)
    hidden = _hidden(data["threshold"])
    pdf.heading(_("Opbouw per doelgroep"))
    pdf.table([Column(_("Doelgroep"), 80), Column(_("Personen"), 24, "R"), Column(_("Persoonsjaren"), 30, "R"),
               Column(_("Bedrag"), 46, "R")],
              [[r["label"], hidden if r["suppressed"] else format_number(r["persons"]),
                "" if r["suppressed"] else format_number(r["person_years"], 2), _money(r["value"])]
               for r in data["groups"]]
              + [[_("Doelgroepen samen"), format_number(data["persons"]), format_number(data["person_years"], 2),
                  format_money(data["group_total"], 2)]])
    pdf.heading(_("Bonussen, opleidingen en inkoop"))
    rows = [[r["label"], hidden if r["suppressed"] else format_number(r["persons"]), _money(r["value"])]
            for r in data["bonuses"]]
    rows += [[_("Bonussen samen"), "", format_money(data["bonus_total"], 2)],
             [_("Opleidingen (werkelijke kosten)"), format_number(data["trainings"]), format_money(data["training"], 2)],
             [_("Inkoop bij SW-bedrijf (factuurwaarde excl. btw)"), format_number(data["purchase_count"]),
              format_money(data["purchases"], 2)],
             [_("Totaal gerealiseerd"), "", format_money(data["realised"], 2)]]
    pdf.table([Column(_("Onderdeel"), 104), Column(_("Aantal"), 30, "R"), Column(_("Bedrag"), 46, "R")], rows)
    if data["any_suppressed"]:
        pdf.paragraph(_("Groepen met minder dan %(n)s personen zijn afgeschermd: aantal en bedrag staan er niet, "
                        "de totalen tellen ze wel mee.") % {"n": data["threshold"]})
    pdf.heading(_("Contract en subcontracten"))
    pdf.table([Column(_("Code"), 30), Column(_("Naam"), 62), Column(_("Waarde per jaar"), 30, "R"),
               Column(_("Verplichting"), 28, "R"), Column(_("Gerealiseerd"), 30, "R")],
              [[c["code"], c["name"], format_money(c["value"]), format_money(c["obligation"], 2),
                format_money(c["realised"], 2)] for c in data["contracts"]])
    table = data["table"]
    pdf.heading(_("Waarderingstabel %(label)s") % {"label": table.label})
    pdf.paragraph(_("Regio %(region)s. Waarde per persoonsjaar voltijd; deeltijd telt naar rato van de uren per week, "
                    "per maand van de telperiode vanaf de start van elke persoon.") % {"region": table.region or "-"})
    pdf.table([Column(_("Doelgroep"), 80), Column(_("Per persoonsjaar"), 36, "R"), Column(_("Telperiode"), 30, "R"),
               Column(_("Uren voltijd"), 30, "R")],
              [[r["label"], format_money(r["value"]), _("%(n)s maanden") % {"n": r["months"]},
                format_number(r["full_time"], 1)] for r in data["table_rows"]]
              + [[b["label"], format_money(b["amount"]), "", ""] for b in data["table_bonuses"]])
    return pdf.output_bytes()
