"""Pages: schouw rounds (plan, map, printable list, entry on a phone, results, exports), the
quality catalogue and area types, NEN 2767 condition (map, counts, per asset)."""

from urllib.parse import quote

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

from . import charts, crow, nen2767, selectors, services
from .forms import (
    AreaTypeAssignForm,
    AreaTypeBuurtenForm,
    AreaTypeForm,
    ConditionForm,
    ConditionTablesForm,
    PolygonFileForm,
    RoundPlanForm,
    ThresholdForm,
)
from .models import AreaType, BuurtAreaType, InspectionRound, Plot, QualityAspect

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
    trend_rows = [{"aspect": a, "cells": [t["aspects"].get(a) for t in trend]} for a in trend_aspects]
    default_type = selectors.buurt_targets(gemeente=gemeente)[1]
    chart = charts.trend_chart(trend, trend_aspects, pass_share=default_type.pass_share)
    return render_page(request, "inspections/round_list.html", {
        "nav": "schouw", "rounds": rounds, "form": form, "trend_rounds": trend, "trend_rows": trend_rows,
        "chart": chart,
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


def _gemeente_extent(gemeente) -> list[float] | None:
    """[min_lon, min_lat, max_lon, max_lat] of the municipality's areas: where a map without data opens."""
    from wijkwerk.assets.mapdata import map_extent

    return map_extent(gemeente, {"buurt": None, "wijk": None})


@gemeente_page(roles.VIEW_INSPECTIONS)
def round_detail(request: HttpRequest, gemeente, round_id: int) -> HttpResponse:
    rnd = _round(gemeente, round_id)
    labels = {a.code: a.name for a in rnd.catalogue.aspects.all()}
    return render_page(request, "inspections/round_detail.html", {
        "nav": "schouw", "round": rnd, "progress": selectors.round_progress(round=rnd),
        "aspect_names": [labels.get(c, c) for c in rnd.aspects],
        "is_done": rnd.status == InspectionRound.Status.DONE,
        "can_record": request.wijkwerk_perms.has(roles.RECORD_INSPECTIONS) and rnd.status != InspectionRound.Status.DONE,
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


NO_BUURT = "-"


@gemeente_page(roles.RECORD_INSPECTIONS)
def round_entry(request: HttpRequest, gemeente, round_id: int) -> HttpResponse:
    """One buurt at a time (a round has hundreds of plots; a phone should not load them all).
    Without a choice: the first buurt that still has open plots. A done round is read-only: no
    entry, back to the round."""
    rnd = _round(gemeente, round_id)
    if rnd.status == InspectionRound.Status.DONE:
        messages.info(request, services.RoundClosed.MESSAGE)
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
        buurt = plot.buurt.code if plot.buurt_id else NO_BUURT
        return redirect(reverse("inspections-entry", kwargs={"slug": gemeente.slug, "round_id": rnd.pk})
                        + f"?buurt={quote(buurt)}#plot-{plot.pk}")
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
        "map_config": _map_config(mode="results", areas={"type": "FeatureCollection", "features": features},
                                  extent=_gemeente_extent(gemeente)),
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
        "can_manage": request.wijkwerk_perms.has(roles.MANAGE_INSPECTIONS),
        "by_wijk": selectors.condition_counts(gemeente=gemeente, by="wijk"), "conditions": range(1, 7),
        "legend": [(c, CONDITION_COLOURS[c], nen2767.CONDITION_LABELS[c]) for c in range(1, 7)],
        "map_config": _map_config(mode="condition", colours=CONDITION_COLOURS, extent=_gemeente_extent(gemeente),
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


# --- area types (manage) ----------------------------------------------------------------------------


def _area_type_rows(gemeente, aspects) -> list[dict]:
    from django.db.models import Count

    types = AreaType.objects.filter(gemeente=gemeente).annotate(
        n_buurten=Count("assignments", distinct=True), n_polygons=Count("polygons", distinct=True)).order_by("name")
    return [{"type": t, "targets": [t.target_for(a.code) for a in aspects]} for t in types]


@gemeente_page(roles.MANAGE_INSPECTIONS)
def area_types(request: HttpRequest, gemeente) -> HttpResponse:
    """All area types with their targets; a new one is added here and then edited on its own page."""
    from django.utils.text import slugify

    current = services.catalogue_ensure_default(gemeente=gemeente)
    services.area_types_ensure_default(gemeente=gemeente)
    aspects = list(current.aspects.all())
    form = AreaTypeForm(request.POST or None, aspects=aspects, initial={"pass_share": 90, "default_target": "B"})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        code = slugify(d["name"])[:50] or "gebiedstype"
        if AreaType.objects.filter(gemeente=gemeente, code=code).exists():
            form.add_error("name", f"Er is al een gebiedstype '{d['name']}'.")
        else:
            try:
                area_type = services.area_type_save(
                    gemeente=gemeente, code=code, name=d["name"], default_target=d["default_target"],
                    targets=form.targets(), pass_share=float(d["pass_share"]) / 100, is_default=d["is_default"],
                    actor=request.user, origin="web")
            except ValidationError as exc:
                form.add_error(None, _validation_text(exc))
            else:
                messages.success(request, f"Gebiedstype '{area_type.name}' toegevoegd. Wijs er hieronder buurten of vlakken aan toe.")
                return redirect("inspections-area-type", slug=gemeente.slug, area_type_id=area_type.pk)
    return render_page(request, "inspections/area_types.html", {
        "nav": "schouw", "aspects": aspects, "type_rows": _area_type_rows(gemeente, aspects), "form": form,
        "unassigned": Area.objects.filter(gemeente=gemeente, level=Area.Level.BUURT, area_type_assignment__isnull=True).count(),
    }, gemeente=gemeente)


@gemeente_page(roles.MANAGE_INSPECTIONS)
def area_type_edit(request: HttpRequest, gemeente, area_type_id: int) -> HttpResponse:
    """One area type: name, pass share and targets; its buurten; its polygons (from a file)."""
    import tempfile
    from pathlib import Path

    from django.utils.text import get_valid_filename

    from wijkwerk.core.uploads import FileRefused, save_upload, upload_refusal

    from .models import AreaTypePolygon

    area_type = AreaType.objects.filter(gemeente=gemeente, pk=area_type_id).first()
    if area_type is None:
        raise Http404("Gebiedstype niet gevonden.")
    current = services.catalogue_ensure_default(gemeente=gemeente)
    aspects = list(current.aspects.all())
    which = request.POST.get("form") if request.method == "POST" else None
    type_form = AreaTypeForm(request.POST if which == "type" else None, aspects=aspects, initial={
        "name": area_type.name, "pass_share": round(area_type.pass_share * 100, 1), "default_target": area_type.default_target,
        "is_default": area_type.is_default, **{f"target__{c}": level for c, level in area_type.targets.items()}})
    assigned_ids = list(area_type.assignments.values_list("buurt_id", flat=True))
    buurten_form = AreaTypeBuurtenForm(request.POST if which == "buurten" else None, gemeente=gemeente,
                                       initial={"buurten": assigned_ids})
    polygon_form = PolygonFileForm(request.POST if which == "polygons" else None,
                                   request.FILES if which == "polygons" else None)
    back = redirect("inspections-area-type", slug=gemeente.slug, area_type_id=area_type.pk)
    if which == "type" and type_form.is_valid():
        d = type_form.cleaned_data
        try:
            services.area_type_save(
                gemeente=gemeente, code=area_type.code, name=d["name"], default_target=d["default_target"],
                targets=type_form.targets(), pass_share=float(d["pass_share"]) / 100, is_default=d["is_default"],
                actor=request.user, origin="web")
        except ValidationError as exc:
            type_form.add_error(None, _validation_text(exc))
        else:
            messages.success(request, "Het gebiedstype is opgeslagen.")
            return back
    elif which == "buurten" and buurten_form.is_valid():
        try:
            counts = services.area_type_buurten_set(
                area_type=area_type, buurt_ids=[b.pk for b in buurten_form.cleaned_data["buurten"]],
                actor=request.user, origin="web")
        except ValidationError as exc:
            buurten_form.add_error(None, _validation_text(exc))
        else:
            messages.success(request, f"{counts['total']} buurt(en) hebben nu gebiedstype {area_type.name} "
                                      f"({counts['added']} erbij, {counts['removed']} terug naar standaard).")
            return back
    elif which == "polygons" and upload_refusal(request):  # dropped while it arrived (too large)
        polygon_form.is_valid()
        polygon_form.errors.pop("file", None)
        polygon_form.add_error("file", upload_refusal(request))
    elif which == "polygons" and polygon_form.is_valid():
        upload = polygon_form.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        try:
            stem = get_valid_filename(Path(upload.name).stem)[:80]
        except Exception:  # SuspiciousFileOperation for names like ".."
            stem = "vlakken"
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / (stem + suffix)
            try:
                save_upload(upload, path)  # the upload limit; read_table checks the content
                result = services.area_type_polygons_import(
                    area_type=area_type, path=path, name_field=polygon_form.cleaned_data["name_field"] or None,
                    replace=polygon_form.cleaned_data["replace"], actor=request.user, origin="web")
            except (FileRefused, ValidationError) as exc:  # FileRefused includes ImportFileError
                text = _validation_text(exc) if isinstance(exc, ValidationError) else str(exc)
                polygon_form.add_error("file", text)
            else:
                refused = "; ".join(f"rij {e['row']} ({e['field']}): {e['message']}" for e in result["errors"][:5])
                messages.success(request, f"{result['created']} vlak(ken) ingelezen voor {area_type.name}"
                                          + (f", {result['removed']} oude vervangen" if result["removed"] else "") + ".")
                if refused:
                    messages.warning(request, f"{result['rejected']} rij(en) geweigerd: {refused}")
                return back
    elif which == "delete_polygon":
        polygon = AreaTypePolygon.objects.filter(area_type=area_type, pk=request.POST.get("polygon") or 0).first()
        if polygon is not None:
            services.area_type_polygon_delete(polygon=polygon, actor=request.user, origin="web")
            messages.success(request, f"Vlak '{polygon.name}' verwijderd.")
        return back
    others = {b.buurt_id: b.area_type.name for b in
              BuurtAreaType.objects.filter(gemeente=gemeente).exclude(area_type=area_type).select_related("area_type")}
    buurt_choices = [{"widget": w, "other": others.get(int(str(w.data["value"])))} for w in buurten_form["buurten"]]
    polygons = list(area_type.polygons.all())
    features = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": p.geometry, "properties": {"name": p.name}} for p in polygons]}
    return render_page(request, "inspections/area_type_edit.html", {
        "nav": "schouw", "area_type": area_type, "type_form": type_form, "buurten_form": buurten_form,
        "buurt_choices": buurt_choices, "polygon_form": polygon_form, "polygons": polygons,
        "n_assigned": len(assigned_ids),
        "map_config": _map_config(mode="polygons", areas=features) if polygons else None,
    }, gemeente=gemeente)


# --- NEN 2767 tables (manage) -----------------------------------------------------------------------


@gemeente_page(roles.MANAGE_INSPECTIONS)
def condition_tables(request: HttpRequest, gemeente) -> HttpResponse:
    """The municipality's NEN 2767 matrix, correction factors and extent classes: view and edit."""
    tables = services.condition_tables(gemeente=gemeente)
    if request.method == "POST" and request.POST.get("form") == "reset":
        services.condition_config_save(gemeente=gemeente, actor=request.user, origin="web")
        messages.success(request, "De standaardtabellen van NEN 2767 gelden weer.")
        return redirect("inspections-condition-tables", slug=gemeente.slug)
    form = ConditionTablesForm(request.POST or None, tables=tables)
    if request.method == "POST" and form.is_valid():
        try:
            services.condition_config_save(gemeente=gemeente, actor=request.user, origin="web", **form.tables())
        except ValidationError as exc:
            form.add_error(None, _validation_text(exc))
        else:
            messages.success(request, "De conditietabellen zijn opgeslagen. Nieuwe metingen gebruiken ze; "
                                      "eerdere metingen houden hun berekende conditie.")
            return redirect("inspections-condition-tables", slug=gemeente.slug)
    return render_page(request, "inspections/condition_tables.html", {
        "nav": "conditie", "form": form, "extent_classes": nen2767.EXTENT_CLASSES, "conditions": nen2767.CONDITIONS,
        "condition_labels": nen2767.CONDITION_LABELS, "is_default": tables == nen2767.DEFAULT_TABLES,
    }, gemeente=gemeente)
