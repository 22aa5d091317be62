"""The people dashboard (`/g/<slug>/mensen/`): aggregates only, with small groups suppressed
(people.aggregates), for every role that may see them; and the same figures as an Excel workbook."""

from __future__ import annotations

import io

import openpyxl
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from openpyxl.styles import Font

from wijkwerk.core.files import append_row
from wijkwerk.municipalities import roles
from wijkwerk.municipalities.pages import gemeente_page, render_page

from .aggregates import participant_organisations, people_dashboard
from .participant_forms import ladder_label

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FIRST_YEAR = 2000
MAX_YEARS = 20
DEFAULT_YEARS = 5


def _filters(request, gemeente) -> dict:
    """The years (from-to, at most MAX_YEARS) and the organisation asked for; defaults where absent or wrong."""
    this_year = timezone.localdate().year

    def year(name: str, default: int) -> int:
        raw = request.GET.get(name, "")
        return int(raw) if raw.isdigit() and FIRST_YEAR <= int(raw) <= this_year + 1 else default

    first, last = year("van", this_year - DEFAULT_YEARS + 1), year("tot", this_year)
    first, last = min(first, last), max(first, last)
    first = max(first, last - MAX_YEARS + 1)
    organisations = list(participant_organisations(gemeente=gemeente))
    raw = request.GET.get("organisatie", "")
    organisation = next((o for o in organisations if str(o.pk) == raw), None)
    return {"first": first, "last": last, "years": list(range(first, last + 1)), "organisation": organisation,
            "organisations": organisations, "year_choices": list(range(this_year + 1, FIRST_YEAR - 1, -1))}


def _data(gemeente, filters: dict) -> dict:
    organisation = filters["organisation"]
    return people_dashboard(gemeente=gemeente, years=filters["years"],
                            organisation_id=organisation.pk if organisation else None)


@gemeente_page(roles.VIEW_PEOPLE_AGGREGATES)
@require_GET
def dashboard(request: HttpRequest, gemeente) -> HttpResponse:
    filters = _filters(request, gemeente)
    query = f"van={filters['first']}&tot={filters['last']}"
    if filters["organisation"]:
        query += f"&organisatie={filters['organisation'].pk}"
    data = _data(gemeente, filters)
    return render_page(request, "people/aggregates.html", {
        "nav": "people", "f": filters, "data": data, "query": query,
        "steps": [(s, ladder_label(s)) for s in range(1, 7)],
        "matrix_rows": [(ladder_label(r["before"]), r["cells"]) for r in data["ladder"]["matrix"]],
    }, gemeente=gemeente)


def _sheet(wb, title: str, header: list, rows: list[list]) -> None:
    sheet = wb.create_sheet(title)
    append_row(sheet, header)
    for row in rows:
        append_row(sheet, row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"


def dashboard_workbook(data: dict, *, scope: str) -> bytes:
    """The dashboard's figures, one sheet per table; hidden figures as their text ("< 5", "x")."""
    wb = openpyxl.Workbook()
    about = wb.active
    about.title = _("Toelichting")
    t = data["threshold"]
    for line in [[_("Mensen en sociale waarde: geaggregeerde cijfers")], [_("Gebied"), scope],
                 [_("Jaren"), f"{data['years'][0]}-{data['years'][-1]}"],
                 [f"< {t}", _("minder dan %(n)s deelnemers: niet getoond") % {"n": t}],
                 ["x", _("verborgen, zodat een kleine groep niet uit een totaal is terug te rekenen")]]:
        append_row(about, line)
    funnel = data["funnel"]
    _sheet(wb, _("Instroom en uitstroom"),
           [_("jaar"), _("instroom"), _("doorstroom (stappen)"), _("uitstroom regulier werk"), _("uitstroom opleiding"),
            _("uitstroom anders"), _("uitstroom totaal"), _("waarvan duurzaam"), _("herinstroom")],
           [[r["year"], *(r[m].export for m in ("inflow", "progression", "outflow_regulier_werk", "outflow_opleiding",
                                                "outflow_anders", "outflow", "lasted", "reinflow"))] for r in funnel])
    ladder = data["ladder"]
    _sheet(wb, _("Participatieladder"), [_("beweging"), _("deelnemers")],
           [[_("hoger"), ladder["up"].export], [_("gelijk"), ladder["same"].export],
            [_("lager"), ladder["down"].export], [_("gemeten (twee keer of vaker)"), ladder["measured"].export]])
    _sheet(wb, _("Ladder voor en na"), [_("eerste meting (rij), laatste meting (kolom)"), *range(1, 7)],
           [[ladder_label(r["before"]), *(c.export for c in r["cells"])] for r in ladder["matrix"]])
    _sheet(wb, _("Opleidingen"), [_("jaar"), _("behaalde opleidingen"), _("deelnemers")],
           [[r["year"], r["passed"].export, r["people"].export] for r in data["trainings"]])
    _sheet(wb, _("Uren"), [_("jaar"), _("gewerkte uren"), _("deelnemers")],
           [[r["year"], r["hours"].export, r["people"].export] for r in data["hours"]])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@gemeente_page(roles.VIEW_PEOPLE_AGGREGATES)
@require_GET
def dashboard_xlsx(request: HttpRequest, gemeente) -> HttpResponse:
    filters = _filters(request, gemeente)
    organisation = filters["organisation"]
    scope = organisation.name if organisation else gemeente.name
    response = HttpResponse(dashboard_workbook(_data(gemeente, filters), scope=scope), content_type=XLSX)
    name = f"mensen-{gemeente.slug}-{filters['first']}-{filters['last']}"
    if organisation:
        name += f"-organisatie-{organisation.pk}"
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response
