"""Pages: schouw rounds (plan, map, printable list, entry on a phone, results, exports), the
quality catalogue and area types, NEN 2767 condition (map, counts, per asset)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from wijkwerk.areas.models import Area
from wijkwerk.assets.selectors import asset_get
from wijkwerk.core.views import gemeente_page, render_page
from wijkwerk.municipalities import roles

from . import crow, nen2767, selectors, services
from .forms import AreaTypeAssignForm, ConditionForm, RoundPlanForm, ThresholdForm
from .models import AreaType, BuurtAreaType, Plot, QualityAspect

LEVEL_COLOURS = {"A+": "#1a7f37", "A": "#4caf50", "B": "#f0c000", "C": "#e67e22", "D": "#c0392b"}
CONDITION_COLOURS = {1: "#1a7f37", 2: "#66bb6a", 3: "#f0c000", 4: "#f39c12", 5: "#d35400", 6: "#922b21"}


def _validation_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


# --- rounds ----------------------------------------------------------------------------------------


@gemeente_page(roles.VIEW_INSPECTIONS)
def round_list(request: HttpRequest, gemeente) -> HttpResponse:
    can_manage = request.wijkwerk_perms.has(roles.MANAGE_INSPECTIONS)
    form = None
    if can_manage:
        catalogue = services.catalogue_ensure_default(gemeente=gemeente)
        form = RoundPlanForm(request.POST or None, catalogue=catalogue)
        if request.method == "POST" and form.is_valid():
            try:
                rnd = services.round_plan(gemeente=gemeente, actor=request.user, origin="web", **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, _validation_text(exc))
            else:
                messages.success(request, f"Schouwronde '{rnd.name}' gepland met {rnd.plots.count()} meetlocaties.")
                return redirect("inspections-round", slug=gemeente.slug, round_id=rnd.pk)
    elif request.method == "POST":
        raise PermissionDenied("U mag geen schouwrondes plannen.")
    rounds = [{"round": r, "progress": selectors.round_progress(round=r)} for r in selectors.round_list(gemeente=gemeente)]
    trend = selectors.round_trend(gemeente=gemeente)
    trend_aspects = sorted({a for t in trend for a in t["aspects"]})
    trend_rows = [{"round": t["round"], "id": t["id"], "cells": [t["aspects"].get(a) for a in trend_aspects]} for t in trend]
    return render_page(request, "inspections/round_list.html", {
        "nav": "schouw", "rounds": rounds, "form": form, "trend_aspects": trend_aspects, "trend_rows": trend_rows,
    }, gemeente=gemeente)


def _round(gemeente, round_id: int):
    return selectors.round_get(gemeente=gemeente, round_id=round_id)


def _plot_features(rnd) -> list[dict]:
    return [
        {"id": p.id, "code": p.code, "lon": p.lon, "lat": p.lat, "status": p.status,
         "buurt": p.buurt.name if p.buurt_id else ""}
        for p in rnd.plots.select_related("buurt").order_by("code")
    ]


def _map_config(**extra) -> dict:
    return {"tileUrl": settings.WIJKWERK_TILE_URL, "tileAttribution": settings.WIJKWERK_TILE_ATTRIBUTION, **extra}


@gemeente_page(roles.VIEW_INSPECTIONS)
def round_detail(request: HttpRequest, gemeente, round_id: int) -> HttpResponse:
    rnd = _round(gemeente, round_id)
    labels = {a.code: a.name for a in rnd.catalogue.aspects.all()}
    return render_page(request, "inspections/round_detail.html", {
        "nav": "schouw", "round": rnd, "progress": selectors.round_progress(round=rnd),
        "aspect_names": [labels.get(c, c) for c in rnd.aspects],
        "can_record": request.wijkwerk_perms.has(roles.RECORD_INSPECTIONS),
        "map_config": _map_config(mode="plots", plots=_plot_features(rnd)),
    }, gemeente=gemeente)


@gemeente_page(roles.VIEW_INSPECTIONS)
def round_print(request: HttpRequest, gemeente, round_id: int) -> HttpResponse:
    rnd = _round(gemeente, round_id)
    labels = {a.code: a.name for a in rnd.catalogue.aspects.all()}
    plots = rnd.plots.select_related("buurt").order_by("buurt__code", "code")
    return render_page(request, "inspections/round_print.html", {
        "nav": "schouw", "round": rnd, "plots": plots, "aspect_names": [labels.get(c, c) for c in rnd.aspects],
    }, gemeente=gemeente)


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
    rnd = _round(gemeente, round_id)
    aspects = _entry_aspects(rnd)
    plots = rnd.plots.select_related("buurt").prefetch_related("scores").order_by("buurt__code", "code")
    buurt = request.GET.get("buurt", "")
    if buurt:
        plots = plots.filter(buurt__code=buurt)
    buurten = Area.objects.filter(pk__in=rnd.plots.values("buurt_id")).order_by("code")
    return render_page(request, "inspections/round_entry.html", {
        "nav": "schouw", "round": rnd, "buurten": buurten, "buurt": buurt,
        "plots": [_plot_context(p, aspects) for p in plots], "progress": selectors.round_progress(round=rnd),
    }, gemeente=gemeente)


@gemeente_page(roles.RECORD_INSPECTIONS)
@require_POST
def plot_save(request: HttpRequest, gemeente, round_id: int, plot_id: int) -> HttpResponse:
    """Saves one plot (htmx: answers the plot's card; without JavaScript: back to the list)."""
    rnd = _round(gemeente, round_id)
    plot = Plot.objects.filter(round=rnd, pk=plot_id).first()
    if plot is None:
        raise Http404("Meetlocatie niet gevonden.")
    aspects = _entry_aspects(rnd)
    values = {a.code: {"level": request.POST.get(f"level-{a.code}", ""), "value": request.POST.get(f"value-{a.code}", "").strip()}
              for a in aspects}
    skip = request.POST.get("skip_reason", "").strip() if request.POST.get("action") == "skip" else None
    version = request.POST.get("version")
    message = error = ""
    try:
        if request.POST.get("action") == "skip" and not skip:
            raise ValidationError("Geef een reden om deze meetlocatie over te slaan.")
        plot = services.plot_record(
            plot=plot, scores=values, skip_reason=skip, expected_version=int(version) if version and version.isdigit() else None,
            actor=request.user, origin="web",
        )
        message = "Overgeslagen en opgeslagen." if skip else "Opgeslagen."
        values = None
    except services.StalePlot as exc:
        error = str(exc)
        plot = exc.plot
    except ValidationError as exc:
        error = _validation_text(exc)
    plot = Plot.objects.select_related("buurt").prefetch_related("scores").get(pk=plot.pk)
    if request.headers.get("HX-Request") != "true":
        (messages.success if not error else messages.error)(request, f"Meetlocatie {plot.code}: {message or error}")
        return redirect(reverse("inspections-entry", kwargs={"slug": gemeente.slug, "round_id": rnd.pk}) + f"#plot-{plot.pk}")
    return render_page(request, "inspections/_plot_card.html", {
        "round": rnd, "p": _plot_context(plot, aspects, message=message, error=error, values=values),
    }, gemeente=gemeente)  # htmx swaps only 2xx answers: the card itself tells what went wrong


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
        "map_config": _map_config(mode="results", areas={"type": "FeatureCollection", "features": features}),
    }, gemeente=gemeente)


@gemeente_page(roles.VIEW_INSPECTIONS)
def round_results_xlsx(request: HttpRequest, gemeente, round_id: int) -> HttpResponse:
    from .reports import round_xlsx

    rnd = _round(gemeente, round_id)
    response = HttpResponse(round_xlsx(round=rnd),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="schouw-{rnd.pk}.xlsx"'
    return response


@gemeente_page(roles.VIEW_INSPECTIONS)
def round_results_pdf(request: HttpRequest, gemeente, round_id: int) -> HttpResponse:
    from .reports import round_pdf

    rnd = _round(gemeente, round_id)
    response = HttpResponse(round_pdf(round=rnd), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="schouw-{rnd.pk}.pdf"'
    return response


# --- catalogue and area types -----------------------------------------------------------------------


@gemeente_page(roles.VIEW_INSPECTIONS)
def catalogue(request: HttpRequest, gemeente) -> HttpResponse:
    can_manage = request.wijkwerk_perms.has(roles.MANAGE_INSPECTIONS)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied("U mag de kwaliteitscatalogus niet wijzigen.")
    current = services.catalogue_ensure_default(gemeente=gemeente)
    services.area_types_ensure_default(gemeente=gemeente)
    measured = [a for a in current.aspects.all() if a.scale_kind == QualityAspect.ScaleKind.MEASURED]
    threshold_form = ThresholdForm(request.POST if request.POST.get("form") == "thresholds" else None, aspects=measured)
    assign_form = AreaTypeAssignForm(request.POST if request.POST.get("form") == "assign" else None, gemeente=gemeente)
    if request.method == "POST":
        try:
            if request.POST.get("form") == "thresholds" and threshold_form.is_valid():
                d = threshold_form.cleaned_data
                services.aspect_thresholds_update(
                    gemeente=gemeente, aspect_code=d["aspect"], actor=request.user, origin="web",
                    thresholds={"A+": d["a_plus"], "A": d["a"], "B": d["b"], "C": d["c"]},
                )
                messages.success(request, "De grenzen zijn opgeslagen in een nieuwe versie van de catalogus.")
                return redirect("inspections-catalogue", slug=gemeente.slug)
            if request.POST.get("form") == "assign" and assign_form.is_valid():
                d = assign_form.cleaned_data
                services.buurt_area_type_assign(gemeente=gemeente, buurt=d["buurt"], area_type=d["area_type"],
                                                actor=request.user, origin="web")
                messages.success(request, f"Buurt {d['buurt'].name} heeft nu gebiedstype "
                                          f"{d['area_type'].name if d['area_type'] else 'standaard'}.")
                return redirect("inspections-catalogue", slug=gemeente.slug)
        except ValidationError as exc:
            form = threshold_form if request.POST.get("form") == "thresholds" else assign_form
            form.add_error(None, _validation_text(exc))
    area_types = list(AreaType.objects.filter(gemeente=gemeente).order_by("name"))
    aspects = list(current.aspects.all())
    type_rows = [{"type": t, "targets": [t.target_for(a.code) for a in aspects],
                  "buurten": t.assignments.count()} for t in area_types]
    assignments = BuurtAreaType.objects.filter(gemeente=gemeente).select_related("buurt", "area_type").order_by("buurt__code")
    aspect_rows = [{"aspect": a, "bounds": [f"≤ {a.thresholds[k]:g}" if k in a.thresholds else "–" for k in crow.THRESHOLD_LEVELS]
                    + ([f"> {a.thresholds['C']:g}"] if "C" in a.thresholds else ["–"])} for a in aspects]
    return render_page(request, "inspections/catalogue.html", {
        "nav": "schouw", "catalogue": current, "aspects": aspects, "aspect_rows": aspect_rows, "type_rows": type_rows,
        "assignments": assignments, "can_manage": can_manage, "threshold_form": threshold_form,
        "assign_form": assign_form, "versions": gemeente.quality_catalogues.order_by("-version")[:10],
    }, gemeente=gemeente)


# --- condition --------------------------------------------------------------------------------------


@gemeente_page(roles.VIEW_INSPECTIONS)
def condition_overview(request: HttpRequest, gemeente) -> HttpResponse:
    from wijkwerk.assets.models import Asset

    points = list(
        Asset.objects.filter(gemeente=gemeente, condition__isnull=False)
        .values_list("id", "lon", "lat", "condition", "asset_type__label", "external_id")[:20000]
    )
    return render_page(request, "inspections/condition_overview.html", {
        "nav": "conditie", "by_type": selectors.condition_counts(gemeente=gemeente, by="type"),
        "by_wijk": selectors.condition_counts(gemeente=gemeente, by="wijk"), "conditions": range(1, 7),
        "legend": [(c, CONDITION_COLOURS[c], nen2767.CONDITION_LABELS[c]) for c in range(1, 7)],
        "map_config": _map_config(mode="condition", colours=CONDITION_COLOURS,
                                  assetUrl=reverse("asset-detail", kwargs={"slug": gemeente.slug, "asset_id": 0}),
                                  points=[list(p) for p in points]),
    }, gemeente=gemeente)


@gemeente_page(roles.VIEW_INSPECTIONS)
def asset_condition(request: HttpRequest, gemeente, asset_id: int) -> HttpResponse:
    asset = asset_get(gemeente=gemeente, asset_id=asset_id)
    if asset is None:
        raise Http404("Asset niet gevonden.")
    can_record = request.wijkwerk_perms.has(roles.RECORD_INSPECTIONS)
    if request.method == "POST" and not can_record:
        raise PermissionDenied("U mag geen conditiemetingen vastleggen.")
    form = ConditionForm(request.POST or None) if can_record else None
    if request.method == "POST" and form.is_valid():
        try:
            inspection = services.condition_inspection_record(
                asset=asset, date=form.cleaned_data["date"], elements=form.elements(), actor=request.user, origin="web",
            )
        except ValidationError as exc:
            form.add_error(None, _validation_text(exc))
        else:
            messages.success(request, f"Conditiemeting opgeslagen: conditie {inspection.condition} "
                                      f"({nen2767.CONDITION_LABELS[inspection.condition]}).")
            return redirect("inspections-asset-condition", slug=gemeente.slug, asset_id=asset.pk)
    return render_page(request, "inspections/asset_condition.html", {
        "nav": "conditie", "asset": asset, "form": form,
        "inspections": selectors.condition_inspections_for_asset(asset=asset),
        "condition_label": nen2767.CONDITION_LABELS.get(asset.condition, ""),
    }, gemeente=gemeente)


@gemeente_page(roles.VIEW_INSPECTIONS)
def round_plots_json(request: HttpRequest, gemeente, round_id: int) -> JsonResponse:
    rnd = _round(gemeente, round_id)
    return JsonResponse({"plots": _plot_features(rnd)})
