"""Reads for execution: orders with filters, one order with its history and registration, the
catalogue, workers and teams, and what the weekly plan needs."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import F, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkwerk.areas.models import Area

from .models import (
    OPEN_STATUSES,
    PLANNABLE_STATUSES,
    WORK_ORDER_FLOW,
    Activity,
    CertificateType,
    Skill,
    Team,
    WorkedHours,
    Worker,
    WorkerCertificate,
    WorkOrder,
)

# priority, then the nearest deadline (orders without one last, on every database), then the code
URGENT_FIRST = ("priority", F("deadline").asc(nulls_last=True), "code")


@dataclass(frozen=True)
class OrderFilters:
    """Filters of the order list (page and API); empty means all."""

    status: str = ""
    area: str = ""  # a wijk or buurt code
    activity: str = ""  # an activity code
    origin: str = ""
    overdue: bool = False
    q: str = ""  # part of the code or description
    day: datetime.date | None = None  # planned on this day


def order_list(*, gemeente, filters: OrderFilters | None = None, today: datetime.date | None = None) -> QuerySet:
    """The municipality's orders, most urgent first, with activity, buurt and wijk."""
    f = filters or OrderFilters()
    qs = WorkOrder.objects.filter(gemeente=gemeente).select_related("activity", "buurt", "wijk", "team")
    if f.status:
        qs = qs.filter(status=f.status)
    if f.area:
        qs = qs.filter(Q(buurt__code=f.area) | Q(wijk__code=f.area))
    if f.activity:
        qs = qs.filter(activity__code=f.activity)
    if f.origin:
        qs = qs.filter(origin=f.origin)
    if f.overdue:
        qs = qs.filter(status__in=OPEN_STATUSES, deadline__lt=today or timezone.localdate())
    if f.q:
        qs = qs.filter(Q(code__icontains=f.q) | Q(description__icontains=f.q))
    if f.day:
        qs = qs.filter(planned_day=f.day)
    return qs.order_by(*URGENT_FIRST)


def order_get(*, gemeente, code: str) -> WorkOrder:
    order = (WorkOrder.objects.filter(gemeente=gemeente, code=code)
             .select_related("activity", "buurt", "wijk", "team", "gemeente").first())
    if order is None:
        raise Http404(_("Deze werkorder bestaat niet."))
    return order


def order_detail(*, order: WorkOrder) -> dict:
    """The order's assets, history (oldest first), assignments and registrations."""
    return {
        "assets": list(order.assets.select_related("asset_type").order_by("external_id")),
        "events": _labelled(order.events.order_by("at", "id")),
        "assignments": list(order.assignments.select_related("worker", "worker__organisation", "learning_skill")
                            .order_by("worker__name")),
        "completions": list(order.completions.prefetch_related(
            Prefetch("hours", queryset=_hours_qs()), "photos").order_by("at", "id")),
        "skills": list(order.activity.skills.all()),
        "certificates": list(order.activity.certificates.all()),
    }


def _labelled(events) -> list:
    out = list(events)
    for e in out:
        e.from_label = WORK_ORDER_FLOW.label(e.from_status) if e.from_status else ""
        e.to_label = WORK_ORDER_FLOW.label(e.to_status) if e.to_status else ""
    return out


def _hours_qs():
    return WorkedHours.objects.select_related("worker", "learning_skill").order_by("worker__name")


def order_next_states(order: WorkOrder) -> list[str]:
    return sorted(WORK_ORDER_FLOW.next_states(order.status))


def order_by_origin(*, gemeente, origin: str, ref: str) -> WorkOrder | None:
    """The order made for an origin (e.g. a resident's report: origin melding, ref `melding:<id>`)."""
    return WorkOrder.objects.filter(gemeente=gemeente, origin=origin, origin_ref=ref).first()


def plannable_orders(*, gemeente, until: datetime.date | None = None) -> QuerySet:
    """Orders the weekly plan may (re)assign: nieuw, gepland or afgekeurd, with their activity's
    skills and certificates."""
    qs = (WorkOrder.objects.filter(gemeente=gemeente, status__in=PLANNABLE_STATUSES)
          .select_related("activity", "buurt", "wijk")
          .prefetch_related("activity__skills", "activity__certificates"))
    return qs.order_by(*URGENT_FIRST)


def areas_for_filter(*, gemeente) -> list[Area]:
    return list(Area.objects.filter(gemeente=gemeente).order_by("level", "code").only("id", "code", "name", "level"))


# -- catalogue ------------------------------------------------------------------------------------------------
def activity_list(*, gemeente, active_only: bool = False) -> QuerySet:
    qs = Activity.objects.filter(gemeente=gemeente).prefetch_related("skills", "certificates")
    return qs.filter(active=True) if active_only else qs.order_by("name")


def activity_get(*, gemeente, code: str) -> Activity:
    activity = Activity.objects.filter(gemeente=gemeente, code=code).first()
    if activity is None:
        raise Http404(_("Deze activiteit bestaat niet."))
    return activity


def skill_list(*, gemeente) -> QuerySet:
    return Skill.objects.filter(gemeente=gemeente).order_by("name")


def certificate_type_list(*, gemeente) -> QuerySet:
    return CertificateType.objects.filter(gemeente=gemeente).order_by("name")


# -- workers and teams ----------------------------------------------------------------------------------------
def worker_list(*, gemeente, active_only: bool = True) -> QuerySet:
    qs = (Worker.objects.filter(gemeente=gemeente).select_related("organisation", "team")
          .prefetch_related("skills", "learning",
                            Prefetch("certificates", queryset=WorkerCertificate.objects.select_related(
                                "certificate_type").order_by("certificate_type__name"))))
    return (qs.filter(active=True) if active_only else qs).order_by("name")


def worker_choices(*, gemeente) -> QuerySet:
    """Active workers by name, only id and name (for a select)."""
    return Worker.objects.filter(gemeente=gemeente, active=True).only("pk", "name").order_by("name")


def worker_get(*, gemeente, worker_id: int) -> Worker:
    worker = worker_list(gemeente=gemeente, active_only=False).filter(pk=worker_id).first()
    if worker is None:
        raise Http404(_("Deze medewerker bestaat niet."))
    return worker


def team_list(*, gemeente) -> QuerySet:
    return (Team.objects.filter(gemeente=gemeente).prefetch_related("areas", Prefetch(
        "workers", queryset=Worker.objects.filter(active=True).order_by("name"))).order_by("name"))


def team_get(*, gemeente, team_id: int) -> Team:
    team = team_list(gemeente=gemeente).filter(pk=team_id).first()
    if team is None:
        raise Http404(_("Dit team bestaat niet."))
    return team


def certificates_expiring(*, gemeente, within_days: int = 30, today: datetime.date | None = None) -> QuerySet:
    """Certificates of active workers that expire within `within_days` (or have expired)."""
    today = today or timezone.localdate()
    return (WorkerCertificate.objects.filter(worker__gemeente=gemeente, worker__active=True,
                                             valid_until__lte=today + datetime.timedelta(days=within_days))
            .select_related("worker", "certificate_type").order_by("valid_until"))
