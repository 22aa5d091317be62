"""Reading reports and their categories (pages, Open311)."""

from __future__ import annotations

import datetime
import math

from django.db.models import QuerySet
from django.utils import timezone

from .report_models import CLOSED_STATUSES, REPORT_FLOW, Report, ReportEvent, ServiceCategory


def category_list(*, gemeente, active_only: bool = True) -> QuerySet[ServiceCategory]:
    categories = ServiceCategory.objects.filter(gemeente=gemeente)
    return categories.filter(active=True) if active_only else categories


def category_get(*, gemeente, code: str) -> ServiceCategory | None:
    return ServiceCategory.objects.filter(gemeente=gemeente, code=str(code or "")[:60]).first()


def report_list(*, gemeente, statuses=None, category_codes=None, start=None, end=None, numbers=None,
                overdue: bool = False) -> QuerySet[Report]:
    """Reports of the gemeente, newest first; `start`/`end`: dates or datetimes of creation."""
    reports = Report.objects.filter(gemeente=gemeente).select_related("category")
    if statuses:
        reports = reports.filter(status__in=list(statuses))
    if category_codes:
        reports = reports.filter(category__code__in=list(category_codes))
    if start is not None:
        reports = reports.filter(**{"created__date__gte" if isinstance(start, datetime.date)
                                    and not isinstance(start, datetime.datetime) else "created__gte": start})
    if end is not None:
        reports = reports.filter(**{"created__date__lte" if isinstance(end, datetime.date)
                                    and not isinstance(end, datetime.datetime) else "created__lte": end})
    if numbers:
        reports = reports.filter(number__in=list(numbers))
    if overdue:
        reports = reports.exclude(status__in=CLOSED_STATUSES).filter(deadline__lt=timezone.localdate())
    return reports


def report_get(*, gemeente, number: str) -> Report | None:
    return (Report.objects.filter(gemeente=gemeente, number=str(number or "")[:20])
            .select_related("category", "asset", "buurt", "merged_into").first())


def report_by_token(*, token: str) -> Report | None:
    token = str(token or "")
    if not token or len(token) > 40:
        return None
    return Report.objects.filter(token=token).select_related("gemeente", "category", "merged_into").first()


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance in metres (equirectangular; exact enough within a few kilometres)."""
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    y = math.radians(lat2 - lat1)
    return 6_371_000 * math.hypot(x, y)


def reports_nearby_open(*, gemeente, category, lat: float, lon: float, radius_m: float = 50) -> list[Report]:
    """Open reports of the same category within `radius_m` metres, nearest first."""
    dlat = radius_m / 111_320
    dlon = radius_m / (111_320 * max(math.cos(math.radians(lat)), 0.01))
    candidates = (Report.objects.filter(gemeente=gemeente, category=category, merged_into=None,
                                        lat__range=(lat - dlat, lat + dlat), lon__range=(lon - dlon, lon + dlon))
                  .exclude(status__in=CLOSED_STATUSES).select_related("category"))
    found = [(distance_m(lat, lon, r.lat, r.lon), r) for r in candidates]
    return [r for d, r in sorted(found, key=lambda pair: pair[0]) if d <= radius_m]


def event_history(report: Report, *, public_only: bool = True) -> list[tuple[ReportEvent, str]]:
    """The report's events (oldest first) with the label of the status each moved to ("" if none)."""
    events = report.events.order_by("at", "id")
    if public_only:
        events = events.filter(public=True)
    return [(e, REPORT_FLOW.label(e.to_status) if e.to_status else "") for e in events]


def public_status_note(report: Report) -> str:
    """The text of the latest public event (empty when there is none)."""
    event = report.events.filter(public=True).exclude(text="").order_by("-at", "-id").first()
    return event.text if event else ""


def assets_near(*, gemeente, category, lat: float, lon: float, radius_m: float = 50, limit: int = 10) -> list:
    """Assets of the category's asset types within `radius_m` metres (to pick "that street light")."""
    from wijkwerk.assets.models import Asset

    if not category.asset_types:
        return []
    dlat = radius_m / 111_320
    dlon = radius_m / (111_320 * max(math.cos(math.radians(lat)), 0.01))
    candidates = (Asset.objects.filter(gemeente=gemeente, asset_type__code__in=list(category.asset_types),
                                       lat__range=(lat - dlat, lat + dlat), lon__range=(lon - dlon, lon + dlon))
                  .select_related("asset_type")[:200])
    found = [(distance_m(lat, lon, a.lat, a.lon), a) for a in candidates]
    return [a for d, a in sorted(found, key=lambda pair: pair[0]) if d <= radius_m][:limit]


def gemeente_centre(*, gemeente) -> list[float] | None:
    """A point to open the map at: the last report's place, else one of the gemeente's assets."""
    from wijkwerk.assets.models import Asset

    found = (Report.objects.filter(gemeente=gemeente).order_by("-id").values_list("lat", "lon").first()
             or Asset.objects.filter(gemeente=gemeente).values_list("lat", "lon").first())
    return [found[0], found[1]] if found else None
