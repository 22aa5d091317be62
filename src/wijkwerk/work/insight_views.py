"""The execution dashboard and its Excel download."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from wijkwerk.municipalities import roles
from wijkwerk.municipalities.pages import gemeente_page, render_page

from .insight import insight, insight_xlsx
from .views import work_context

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year(request) -> int:
    raw = request.GET.get("jaar", "")
    this_year = timezone.localdate().year
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= this_year + 10 else this_year


@gemeente_page(roles.VIEW_WORK)
@require_GET
def dashboard(request: HttpRequest, gemeente) -> HttpResponse:
    ctx = work_context(request, gemeente, "insight")
    year = _year(request)
    with_people = ctx["can_manage"] or ctx["can_plan"]
    ctx.update({"data": insight(gemeente=gemeente, year=year, with_people=with_people), "with_people": with_people,
                "year": year, "years": range(timezone.localdate().year + 1, timezone.localdate().year - 5, -1)})
    return render_page(request, "work/insight.html", ctx, gemeente=gemeente)


@gemeente_page(roles.VIEW_WORK)
@require_GET
def dashboard_xlsx(request: HttpRequest, gemeente) -> HttpResponse:
    ctx = work_context(request, gemeente, "insight")
    year = _year(request)
    data = insight_xlsx(gemeente=gemeente, year=year, with_people=ctx["can_manage"] or ctx["can_plan"])
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="uitvoering-{gemeente.slug}-{year}.xlsx"'
    return response
