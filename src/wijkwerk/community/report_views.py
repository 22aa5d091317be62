"""Staff pages of reports: the triage list with filters and a map, one report with its actions
(status, reply, internal note, merge, work order), its photo, and the categories."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from wijkwerk.core.states import TransitionRefused
from wijkwerk.municipalities import roles
from wijkwerk.municipalities.pages import gemeente_page, render_page
from wijkwerk.work.photos import photo_path
from wijkwerk.work.selectors import activity_list

from . import selectors
from .categories import categories_defaults_ensure, category_update
from .report_forms import (
    CategoryForm,
    ReportFilterForm,
    ReportMergeForm,
    ReportOrderForm,
    ReportTextForm,
    ReportTransitionForm,
)
from .report_models import CLOSED_STATUSES, ServiceCategory
from .reports import report_merge, report_note, report_reply, report_to_order, report_transition

PAGE_SIZE = 100
MAP_LIMIT = 2000


@gemeente_page(roles.VIEW_REPORTS)
@require_GET
def report_list(request: HttpRequest, gemeente) -> HttpResponse:
    categories = list(selectors.category_list(gemeente=gemeente, active_only=False))
    if not categories:
        categories_defaults_ensure(gemeente=gemeente)
        categories = list(selectors.category_list(gemeente=gemeente, active_only=False))
    form = ReportFilterForm(request.GET or None, categories=categories)
    d = form.cleaned_data if form.is_valid() else {}
    reports = selectors.report_list(gemeente=gemeente, statuses=[d["status"]] if d.get("status") else None,
                                    category_codes=[d["category"]] if d.get("category") else None,
                                    overdue=bool(d.get("overdue")))
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    points = [{"number": r.number, "lat": r.lat, "lon": r.lon, "status": r.get_status_display(),
               "category": r.category.name} for r in reports[:MAP_LIMIT]]
    config = {"tileUrl": settings.WIJKWERK_TILE_URL, "tileAttribution": settings.WIJKWERK_TILE_ATTRIBUTION,
              "points": points, "baseUrl": request.path}
    return render_page(request, "community/report_list.html", {
        "nav": "reports", "form": form, "page": page, "reports": page.object_list, "total": page.paginator.count,
        "today": timezone.localdate(), "closed": CLOSED_STATUSES, "query": query.urlencode(), "map_config": config,
    }, gemeente=gemeente)


def _report(gemeente, number: str):
    report = selectors.report_get(gemeente=gemeente, number=number)
    if report is None:
        raise Http404(_("Deze melding bestaat niet."))
    return report


def _action(request, gemeente, report) -> str | None:
    """Runs the posted action; returns an error message, or None when it was done."""
    action = request.POST.get("action")
    actor = request.user
    if action == "status":
        form = ReportTransitionForm(request.POST, report=report)
        if not form.is_valid():
            return _("Kies een nieuwe status.")
        report_transition(report=report, to=form.cleaned_data["to"], reason=form.cleaned_data["reason"],
                          actor=actor, origin="web")
    elif action in ("reply", "note"):
        form = ReportTextForm(request.POST)
        if not form.is_valid():
            return _("Vul een tekst in.")
        (report_reply if action == "reply" else report_note)(report=report, text=form.cleaned_data["text"],
                                                             actor=actor, origin="web")
    elif action == "merge":
        form = ReportMergeForm(request.POST)
        into = selectors.report_get(gemeente=gemeente, number=form.data.get("into", "").strip())
        if into is None:
            return _("Er is geen melding met dit nummer.")
        report_merge(duplicate=report, into=into, actor=actor, origin="web")
    elif action == "order":
        activities = {a.code: a for a in activity_list(gemeente=gemeente, active_only=True)}
        form = ReportOrderForm(request.POST, activities=activities.values())
        if not form.is_valid():
            return _("Kies een activiteit.")
        order = report_to_order(report=report, activity=activities[form.cleaned_data["activity"]], actor=actor,
                                origin="web")
        messages.success(request, _("Werkorder %(code)s is gemaakt.") % {"code": order.code})
    else:
        return _("Onbekende actie.")
    return None


@gemeente_page(roles.VIEW_REPORTS)
@require_http_methods(["GET", "POST"])
def report_detail(request: HttpRequest, gemeente, number: str) -> HttpResponse:
    report = _report(gemeente, number)
    can_handle = request.wijkwerk_perms.can_handle_reports
    error = None
    if request.method == "POST":
        if not can_handle:
            raise PermissionDenied(_("U mag meldingen niet behandelen."))
        try:
            error = _action(request, gemeente, report)
        except TransitionRefused as exc:
            error = exc.message
        except ValidationError as exc:
            error = " ".join(exc.messages)
        if error is None:
            return redirect("report", slug=gemeente.slug, number=report.number)
    activities = list(activity_list(gemeente=gemeente, active_only=True))
    order_form = ReportOrderForm(initial={"activity": report.category.activity_code}, activities=activities)
    return render_page(request, "community/report_detail.html", {
        "nav": "reports", "report": report, "events": selectors.event_history(report, public_only=False), "can_handle": can_handle,
        "error": error, "transition_form": ReportTransitionForm(report=report), "text_form": ReportTextForm(),
        "merge_form": ReportMergeForm(), "order_form": order_form, "today": timezone.localdate(),
        "duplicates": report.duplicates.all(),
    }, gemeente=gemeente, status=400 if error else 200)


@gemeente_page(roles.VIEW_REPORTS)
@require_GET
def report_photo(request: HttpRequest, gemeente, number: str) -> HttpResponse:
    report = _report(gemeente, number)
    path = photo_path(report.photo) if report.photo else None
    if path is None:
        raise Http404(_("Deze foto bestaat niet."))
    response = FileResponse(path.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@gemeente_page(roles.MANAGE_COMMUNITY)
@require_http_methods(["GET", "POST"])
def category_list(request: HttpRequest, gemeente) -> HttpResponse:
    if not ServiceCategory.objects.filter(gemeente=gemeente).exists():
        categories_defaults_ensure(gemeente=gemeente)
    categories = list(selectors.category_list(gemeente=gemeente, active_only=False))
    forms = [CategoryForm(instance=c, prefix=f"c{c.pk}") for c in categories]
    status = 200
    if request.method == "POST":
        category = next((c for c in categories if str(c.pk) == request.POST.get("category")), None)
        if category is None:
            raise Http404(_("Deze categorie bestaat niet."))
        form = CategoryForm(request.POST, instance=category, prefix=f"c{category.pk}")
        if form.is_valid():
            category_update(category=category, data=form.cleaned_data, actor=request.user)
            messages.success(request, _("Categorie ‘%(name)s’ is opgeslagen.") % {"name": category.name})
            return redirect("report-categories", slug=gemeente.slug)
        forms = [form if c.pk == category.pk else f for c, f in zip(categories, forms, strict=True)]
        status = 400
    return render_page(request, "community/report_categories.html", {
        "nav": "reports", "rows": list(zip(categories, forms, strict=True))}, gemeente=gemeente, status=status)
