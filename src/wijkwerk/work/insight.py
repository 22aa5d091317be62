"""Insight into execution (reads): backlog and lead times per area and activity, the share of the
year's planned work done, hours by organisation, overdue orders, learning hours per worker; and
the same as an Excel workbook (formula-safe through `core.files`)."""

from __future__ import annotations

import datetime
import io
import statistics
from collections import defaultdict
from decimal import Decimal

import openpyxl
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.styles import Font

from wijkwerk.core.files import append_row

from .models import FINISHED_STATUSES, OPEN_STATUSES, WorkedHours, WorkOrder

NO_AREA = "-"


def _area_label(wijk_name, buurt_name) -> str:
    return wijk_name or buurt_name or NO_AREA


def backlog(*, gemeente) -> list[dict]:
    """Open orders (nieuw, gepland, in uitvoering, afgekeurd) per wijk and activity: count, hours."""
    rows = (WorkOrder.objects.filter(gemeente=gemeente, status__in=OPEN_STATUSES)
            .values("wijk__name", "buurt__name", "activity__name")
            .annotate(orders=Count("id"), total_hours=Sum("hours")).order_by())
    merged: dict[tuple, dict] = {}
    for r in rows:
        key = (_area_label(r["wijk__name"], r["buurt__name"]), r["activity__name"])
        entry = merged.setdefault(key, {"area": key[0], "activity": key[1], "orders": 0, "hours": Decimal(0)})
        entry["orders"] += r["orders"]
        entry["hours"] += r["total_hours"] or 0
    return sorted(merged.values(), key=lambda e: (e["area"] == NO_AREA, e["area"], e["activity"]))


def lead_times(*, gemeente, year: int) -> list[dict]:
    """Days from made to completed (gereed) of orders completed in `year`, per wijk and activity:
    count, mean and median."""
    rows = (WorkOrder.objects.filter(gemeente=gemeente, completed_at__year=year, status__in=FINISHED_STATUSES)
            .values_list("wijk__name", "buurt__name", "activity__name", "created", "completed_at"))
    days: dict[tuple, list[float]] = defaultdict(list)
    for wijk, buurt, activity, created, completed in rows:
        days[(_area_label(wijk, buurt), activity)].append((completed - created).total_seconds() / 86400)
    return [{"area": area, "activity": activity, "orders": len(v), "mean_days": round(statistics.fmean(v), 1),
             "median_days": round(statistics.median(v), 1)}
            for (area, activity), v in sorted(days.items(), key=lambda kv: (kv[0][0] == NO_AREA, kv[0]))]


def plan_progress(*, gemeente, year: int) -> dict:
    """The year's planned work (orders from the multi-year plan for `year`, not cancelled): how many
    and how many hours, and the share done (gereed or gecontroleerd)."""
    qs = WorkOrder.objects.filter(gemeente=gemeente, origin=WorkOrder.Origin.PLAN, year=year).exclude(
        status=WorkOrder.Status.CANCELLED)
    totals = qs.aggregate(orders=Count("id"), total_hours=Sum("hours"),
                          done=Count("id", filter=Q(status__in=FINISHED_STATUSES)),
                          done_hours=Sum("hours", filter=Q(status__in=FINISHED_STATUSES)))
    orders, done = totals["orders"] or 0, totals["done"] or 0
    return {"year": year, "orders": orders, "done": done, "hours": totals["total_hours"] or Decimal(0),
            "done_hours": totals["done_hours"] or Decimal(0), "share": (done / orders) if orders else None}


def hours_by_organisation(*, gemeente, year: int) -> list[dict]:
    """Hours registered in `year` per organisation of the people who worked them (learning hours apart)."""
    rows = (WorkedHours.objects.filter(order__gemeente=gemeente, completion__at__year=year)
            .values("worker__organisation__name", "worker__organisation__kind")
            .annotate(total_hours=Sum("hours"), learning=Sum("hours", filter=Q(learning_skill__isnull=False)),
                      people=Count("worker", distinct=True))
            .order_by("worker__organisation__name"))
    return [{"organisation": r["worker__organisation__name"], "kind": r["worker__organisation__kind"],
             "hours": r["total_hours"] or Decimal(0), "learning_hours": r["learning"] or Decimal(0), "people": r["people"]}
            for r in rows]


def overdue(*, gemeente, today: datetime.date | None = None):
    """Open orders past their deadline, the oldest deadline first."""
    today = today or timezone.localdate()
    return (WorkOrder.objects.filter(gemeente=gemeente, status__in=OPEN_STATUSES, deadline__lt=today)
            .select_related("activity", "wijk", "buurt").order_by("deadline", "priority", "code"))


def learning_hours(*, gemeente, year: int) -> list[dict]:
    """Hours each worker spent in `year` on work they were learning, per skill."""
    rows = (WorkedHours.objects.filter(order__gemeente=gemeente, completion__at__year=year,
                                       learning_skill__isnull=False)
            .values("worker__name", "worker__organisation__name", "learning_skill__name")
            .annotate(total_hours=Sum("hours"), orders=Count("order", distinct=True))
            .order_by("worker__name", "learning_skill__name"))
    return [{"worker": r["worker__name"], "organisation": r["worker__organisation__name"],
             "skill": r["learning_skill__name"], "hours": r["total_hours"], "orders": r["orders"]} for r in rows]


def insight(*, gemeente, year: int, today: datetime.date | None = None, with_people: bool = True) -> dict:
    """Everything the dashboard shows. `with_people`: learning hours per named worker (only for those
    who plan or manage the work)."""
    late = overdue(gemeente=gemeente, today=today)
    return {"year": year, "backlog": backlog(gemeente=gemeente), "lead_times": lead_times(gemeente=gemeente, year=year),
            "plan": plan_progress(gemeente=gemeente, year=year),
            "organisations": hours_by_organisation(gemeente=gemeente, year=year),
            "overdue": list(late[:200]), "overdue_count": late.count(),
            "learning": learning_hours(gemeente=gemeente, year=year) if with_people else []}


def insight_xlsx(*, gemeente, year: int, today: datetime.date | None = None, with_people: bool = True) -> bytes:
    """The dashboard as a workbook, one sheet per figure; every text cell formula-safe."""
    data = insight(gemeente=gemeente, year=year, today=today, with_people=with_people)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = _("Werkvoorraad")
    append_row(ws, [_("gebied"), _("activiteit"), _("werkorders"), _("uren")])
    for r in data["backlog"]:
        append_row(ws, [r["area"], r["activity"], r["orders"], float(r["hours"])])
    sheet = wb.create_sheet(_("Doorlooptijd"))
    append_row(sheet, [_("gebied"), _("activiteit"), _("werkorders"), _("gemiddeld (dagen)"), _("mediaan (dagen)")])
    for r in data["lead_times"]:
        append_row(sheet, [r["area"], r["activity"], r["orders"], r["mean_days"], r["median_days"]])
    sheet = wb.create_sheet(_("Jaarplan"))
    plan = data["plan"]
    append_row(sheet, [_("jaar"), _("werkorders"), _("gereed"), _("aandeel gereed"), _("uren"), _("uren gereed")])
    append_row(sheet, [plan["year"], plan["orders"], plan["done"], plan["share"], float(plan["hours"]),
                       float(plan["done_hours"])])
    sheet = wb.create_sheet(_("Uren per organisatie"))
    append_row(sheet, [_("organisatie"), _("mensen"), _("uren"), _("waarvan leeruren")])
    for r in data["organisations"]:
        append_row(sheet, [r["organisation"], r["people"], float(r["hours"]), float(r["learning_hours"])])
    sheet = wb.create_sheet(_("Te laat"))
    append_row(sheet, [_("code"), _("activiteit"), _("gebied"), _("uiterste datum"), _("status"), _("uren")])
    for o in overdue(gemeente=gemeente, today=today):
        append_row(sheet, [o.code, o.activity.name, _area_label(o.wijk and o.wijk.name, o.buurt and o.buurt.name),
                           o.deadline, o.get_status_display(), float(o.hours)])
    if with_people:
        sheet = wb.create_sheet(_("Leeruren"))
        append_row(sheet, [_("medewerker"), _("organisatie"), _("vaardigheid"), _("uren"), _("werkorders")])
        for r in data["learning"]:
            append_row(sheet, [r["worker"], r["organisation"], r["skill"], float(r["hours"]), r["orders"]])
    for sheet in wb.worksheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
