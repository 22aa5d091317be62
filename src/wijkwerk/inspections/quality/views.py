"""Pages of schouw rounds: list and plan, map, printable list, entry on a phone, results and
their Excel and PDF files. The catalogue and area types pages are in `catalogue_views`."""


from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from wijkwerk.areas.models import Area
from wijkwerk.municipalities import roles
from wijkwerk.municipalities.pages import gemeente_page, render_page

from .. import charts, crow
from ..models import InspectionRound
from ..pages import gemeente_extent, map_config, validation_text
from . import selectors, services
from .forms import RoundPlanForm
from .reports import round_pdf, round_xlsx

NO_BUURT = "-"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@gemeente_page(roles.VIEW_INSPECTIONS)
def round_list(request: HttpRequest, gemeente) -> HttpResponse:
    """The rounds with their progress and the trend; a manager plans a new round here (a GET
    only reads: the default catalogue is stored by the first round planned)."""
    can_manage = request.wijkwerk_perms.has(roles.MANAGE_INSPECTIONS)
    form = None
    if can_manage:
        _catalogue, aspects = selectors.catalogue_aspects(gemeente=gemeente)
        form = RoundPlanForm(request.POST or None, aspects=aspects)
        if request.method == "POST" and form.is_valid():
            try:
                rnd = services.round_plan(gemeente=gemeente, actor=request.user, origin="web", **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, validation_text(exc))
            else:
                messages.success(request, _("Schouwronde '%(name)s' gepland met %(n)s meetlocaties.")
                                 % {"name": rnd.name, "n": rnd.plots.count()})
                return redirect("inspections-round", slug=gemeente.slug, round_id=rnd.pk)
    elif request.method == "POST":
        raise PermissionDenied(_("U mag geen schouwrondes plannen."))
    rounds = [{"round": r, "progress": selectors.round_progress(round=r)} for r in selectors.round_list(gemeente=gemeente)]
    trend = selectors.round_trend(gemeente=gemeente)
    trend_aspects = sorted({a for t in trend for a in t["aspects"]})
    trend_rows = [{"aspect": a, "cells": [t["aspects"].get(a) for t in trend]} for a in trend_aspects]
    default_type = selectors.buurt_targets(gemeente=gemeente)[1]
    chart = charts.trend_chart(trend, trend_aspects, pass_share=default_type.pass_share)
    return render_page(request, "inspections/round_list.html", {
        "nav": "schouw", "rounds": rounds, "form": form, "trend_rounds": trend, "trend_rows": trend_rows,
        "chart": chart, "can_record": request.wijkwerk_perms.has(roles.RECORD_INSPECTIONS),
    }, gemeente=gemeente)


def _round(gemeente, round_id: int) -> InspectionRound:
    return selectors.round_get(gemeente=gemeente, round_id=round_id)


def _plot_features(rnd) -> list[dict]:
    return [
        {"id": p.id, "code": p.code, "lon": p.lon, "lat": p.lat, "status": p.status,
         "buurt": p.buurt.name if p.buurt_id else ""}
        for p in rnd.plots.select_related("buurt").order_by("code")
    ]


def _aspect_names(rnd) -> list[str]:
    labels = {a.code: a.name for a in rnd.catalogue.aspects.all()}
    return [labels.get(c, c) for c in rnd.aspects]


@gemeente_page(roles.VIEW_INSPECTIONS)
def round_detail(request: HttpRequest, gemeente, round_id: int) -> HttpResponse:
    """The round: facts, progress and map. A manager marks it done here (after confirming): then
    its results are fixed and nobody can enter scores any more."""
    rnd = _round(gemeente, round_id)
    can_manage = request.wijkwerk_perms.has(roles.MANAGE_INSPECTIONS)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied(_("U mag schouwrondes niet afronden."))
        if request.POST.get("form") == "finish":
            try:
                services.round_set_status(round=rnd, status=InspectionRound.Status.DONE, actor=request.user,
                                          origin="web")
            except ValidationError as exc:
                messages.warning(request, validation_text(exc))
            else:
                messages.success(request, _("Schouwronde '%(name)s' is afgerond. De uitslag ligt nu vast.")
                                 % {"name": rnd.name})
        return redirect("inspections-round", slug=gemeente.slug, round_id=rnd.pk)
    return render_page(request, "inspections/round_detail.html", {
        "nav": "schouw", "round": rnd, "progress": selectors.round_progress(round=rnd),
        "aspect_names": _aspect_names(rnd),
        "can_record": request.wijkwerk_perms.has(roles.RECORD_INSPECTIONS) and not rnd.is_done,
        "can_finish": can_manage and not rnd.is_done,
        "map_config": map_config(mode="plots", plots=_plot_features(rnd)),
    }, gemeente=gemeente)


@gemeente_page(roles.VIEW_INSPECTIONS)
def round_plots_json(request: HttpRequest, gemeente, round_id: int) -> JsonResponse:
    rnd = _round(gemeente, round_id)
    return JsonResponse({"plots": _plot_features(rnd)})


@gemeente_page(roles.VIEW_INSPECTIONS)
def round_print(request: HttpRequest, gemeente, round_id: int) -> HttpResponse:
    """The plots to print and take along, with empty boxes per aspect; of a done round, with the
    scores it has."""
    rnd = _round(gemeente, round_id)
    plots = rnd.plots.select_related("buurt").prefetch_related("scores").order_by("buurt__code", "code")
    rows = [{"plot": p, "cells": [_score_text(p, code) for code in rnd.aspects] if rnd.is_done else
             ["" for _code in rnd.aspects]} for p in plots]
    return render_page(request, "inspections/round_print.html", {
        "nav": "schouw", "round": rnd, "rows": rows, "aspect_names": _aspect_names(rnd),
        "level_legend": crow.level_legend(),
    }, gemeente=gemeente)


def _score_text(plot, aspect_code: str) -> str:
    if plot.status == plot.Status.SKIPPED:
        return "–"
    score = next((s for s in plot.scores.all() if s.aspect_code == aspect_code), None)
    return score.level if score else ""


# --- results -----------------------------------------------------------------------------------------


@gemeente_page(roles.VIEW_INSPECTIONS)
def round_results(request: HttpRequest, gemeente, round_id: int) -> HttpResponse:
    rnd = _round(gemeente, round_id)
    rows = selectors.round_results(round=rnd)
    aspects = selectors.round_results_by_aspect(round=rnd)
    wijk_rows = selectors.round_results(round=rnd, by="wijk")
    aspect = request.GET.get("aspect") or (aspects[0]["aspect_code"] if aspects else "")
    by_buurt = {r["buurt"]: r for r in rows if r["aspect_code"] == aspect}
    features = []
    for b in Area.objects.filter(gemeente=gemeente, level=Area.Level.BUURT, code__in=list(by_buurt)):
        r = by_buurt[b.code]
        features.append({"type": "Feature", "geometry": b.geometry, "properties": {
            "code": b.code, "name": b.name, "share": r["share"], "pass_share": r["pass_share"],
            "meets_norm": r["meets_norm"], "plots": r["plots"], "target": r["target"]}})
    return render_page(request, "inspections/round_results.html", {
        "nav": "schouw", "round": rnd, "rows": rows, "aspects": aspects, "wijk_rows": wijk_rows, "aspect": aspect,
        "level_legend": crow.level_legend(),
        "map_config": map_config(mode="results", areas={"type": "FeatureCollection", "features": features},
                                 extent=gemeente_extent(gemeente)),
    }, gemeente=gemeente)


@gemeente_page(roles.VIEW_INSPECTIONS)
def round_results_xlsx(request: HttpRequest, gemeente, round_id: int) -> HttpResponse:
    rnd = _round(gemeente, round_id)
    response = HttpResponse(round_xlsx(round=rnd), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="schouw-{rnd.pk}.xlsx"'
    return response


@gemeente_page(roles.VIEW_INSPECTIONS)
def round_results_pdf(request: HttpRequest, gemeente, round_id: int) -> HttpResponse:
    rnd = _round(gemeente, round_id)
    response = HttpResponse(round_pdf(round=rnd), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="schouw-{rnd.pk}.pdf"'
    return response
