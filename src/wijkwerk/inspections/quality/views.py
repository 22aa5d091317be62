"""Pages of schouw rounds: list and plan, map, printable list, entry on a phone, results and
their Excel and PDF files. The catalogue and area types pages are in `catalogue_views`."""

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wijkwerk.areas.models import Area
from wijkwerk.municipalities import roles
from wijkwerk.municipalities.pages import gemeente_page, render_page

from .. import charts, crow
from ..models import InspectionRound, Plot, QualityAspect
from ..pages import gemeente_extent, map_config, validation_text
from . import selectors, services
from .forms import RoundPlanForm
from .plots import RoundClosed, StalePlot, plot_record
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
        "chart": chart,
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
    rnd = _round(gemeente, round_id)
    return render_page(request, "inspections/round_detail.html", {
        "nav": "schouw", "round": rnd, "progress": selectors.round_progress(round=rnd),
        "aspect_names": _aspect_names(rnd),
        "is_done": rnd.status == InspectionRound.Status.DONE,
        "can_record": request.wijkwerk_perms.has(roles.RECORD_INSPECTIONS) and rnd.status != InspectionRound.Status.DONE,
        "map_config": map_config(mode="plots", plots=_plot_features(rnd)),
    }, gemeente=gemeente)


@gemeente_page(roles.VIEW_INSPECTIONS)
def round_plots_json(request: HttpRequest, gemeente, round_id: int) -> JsonResponse:
    rnd = _round(gemeente, round_id)
    return JsonResponse({"plots": _plot_features(rnd)})


@gemeente_page(roles.VIEW_INSPECTIONS)
def round_print(request: HttpRequest, gemeente, round_id: int) -> HttpResponse:
    rnd = _round(gemeente, round_id)
    plots = rnd.plots.select_related("buurt").order_by("buurt__code", "code")
    return render_page(request, "inspections/round_print.html", {
        "nav": "schouw", "round": rnd, "plots": plots, "aspect_names": _aspect_names(rnd),
    }, gemeente=gemeente)


# --- entry -------------------------------------------------------------------------------------------


def _entry_aspects(rnd) -> list[QualityAspect]:
    return [a for a in rnd.catalogue.aspects.all() if a.code in rnd.aspects]


def _plot_context(plot: Plot, aspects, *, message: str = "", error: str = "", values: dict | None = None) -> dict:
    scores = {s.aspect_code: s for s in plot.scores.all()}
    fields = []
    for a in aspects:
        s = scores.get(a.code)
        posted = (values or {}).get(a.code, {})
        fields.append({
            "aspect": a, "measured": a.scale_kind == QualityAspect.ScaleKind.MEASURED,
            "level": posted.get("level", s.level if s else ""),
            "value": posted.get("value", "" if not s or s.value is None else f"{s.value:g}"),
        })
    return {"plot": plot, "fields": fields, "levels": crow.LEVELS, "message": message, "error": error}


@gemeente_page(roles.RECORD_INSPECTIONS)
def round_entry(request: HttpRequest, gemeente, round_id: int) -> HttpResponse:
    """One buurt at a time (a round has hundreds of plots; a phone should not load them all).
    Without a choice: the first buurt that still has open plots. A done round is read-only: no
    entry, back to the round."""
    rnd = _round(gemeente, round_id)
    if rnd.status == InspectionRound.Status.DONE:
        messages.info(request, RoundClosed.MESSAGE)
        return redirect("inspections-round", slug=gemeente.slug, round_id=rnd.pk)
    aspects = _entry_aspects(rnd)
    buurten = selectors.round_buurten(round=rnd)
    codes = [b["code"] for b in buurten]
    chosen = request.GET.get("buurt", "")
    if chosen not in codes:
        chosen = next((b["code"] for b in buurten if b["open"]), codes[0] if codes else "")
    plots = rnd.plots.select_related("buurt").prefetch_related("scores").order_by("code")
    plots = plots.filter(buurt__isnull=True) if chosen == NO_BUURT else plots.filter(buurt__code=chosen)
    index = codes.index(chosen) if chosen in codes else 0
    return render_page(request, "inspections/round_entry.html", {
        "nav": "schouw", "round": rnd, "buurten": buurten, "buurt": chosen,
        "current": buurten[index] if buurten else None,
        "previous": buurten[index - 1] if buurten and index > 0 else None,
        "next": buurten[index + 1] if index + 1 < len(buurten) else None,
        "plots": [_plot_context(p, aspects) for p in plots], "progress": selectors.round_progress(round=rnd),
    }, gemeente=gemeente)


@gemeente_page(roles.RECORD_INSPECTIONS)
@require_POST
def plot_save(request: HttpRequest, gemeente, round_id: int, plot_id: int) -> HttpResponse:
    """Saves one plot (htmx: answers the plot's card; without JavaScript: back to the list)."""
    rnd = _round(gemeente, round_id)
    plot = Plot.objects.filter(round=rnd, pk=plot_id).first()
    if plot is None:
        raise Http404(_("Meetlocatie niet gevonden."))
    aspects = _entry_aspects(rnd)
    values = {a.code: {"level": request.POST.get(f"level-{a.code}", ""), "value": request.POST.get(f"value-{a.code}", "").strip()}
              for a in aspects}
    skip = request.POST.get("skip_reason", "").strip() if request.POST.get("action") == "skip" else None
    version = request.POST.get("version")
    message = error = ""
    try:
        if request.POST.get("action") == "skip" and not skip:
            raise ValidationError(_("Geef een reden om deze meetlocatie over te slaan."))
        plot = plot_record(
            plot=plot, scores=values, skip_reason=skip, expected_version=int(version) if version and version.isdigit() else None,
            actor=request.user, origin="web",
        )
        message = _("Overgeslagen en opgeslagen.") if skip else _("Opgeslagen.")
        values = None
    except StalePlot as exc:
        error = str(exc)
        plot = exc.plot
    except ValidationError as exc:
        error = validation_text(exc)
    plot = Plot.objects.select_related("buurt").prefetch_related("scores").get(pk=plot.pk)
    if request.headers.get("HX-Request") != "true":
        (messages.success if not error else messages.error)(
            request, _("Meetlocatie %(code)s: %(text)s") % {"code": plot.code, "text": message or error})
        buurt = plot.buurt.code if plot.buurt_id else NO_BUURT
        return redirect(reverse("inspections-entry", kwargs={"slug": gemeente.slug, "round_id": rnd.pk})
                        + f"?buurt={quote(buurt)}#plot-{plot.pk}")
    return render_page(request, "inspections/_plot_card.html", {
        "round": rnd, "p": _plot_context(plot, aspects, message=message, error=error, values=values),
    }, gemeente=gemeente)  # htmx swaps only 2xx answers: the card itself tells what went wrong


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
