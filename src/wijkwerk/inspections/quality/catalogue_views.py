"""Pages of the quality catalogue and the area types: thresholds, targets, buurten and polygons.

A GET only reads: a municipality whose catalogue and area types are not stored yet sees the
defaults, which the first change stores (see `services.quality_defaults_ensure`)."""

import tempfile
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied, SuspiciousFileOperation, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.text import get_valid_filename, slugify
from django.utils.translation import gettext as _

from wijkwerk.areas.models import Area
from wijkwerk.core.files import FileRefused
from wijkwerk.core.files.uploads import save_upload, upload_refusal
from wijkwerk.municipalities import roles
from wijkwerk.municipalities.pages import gemeente_page, render_page

from .. import crow
from ..models import AreaType, AreaTypePolygon, BuurtAreaType, QualityAspect, QualityCatalogue
from ..pages import map_config, validation_text
from . import selectors, services
from .defaults import DEFAULT_CATALOGUE_NOTE
from .forms import AreaTypeAssignForm, AreaTypeBuurtenForm, AreaTypeForm, PolygonFileForm, ThresholdForm
from .polygons_import import area_type_polygons_import

REFUSALS_SHOWN = 5


def _type_rows(area_types, aspects) -> list[dict]:
    return [{"type": t, "targets": [t.target_for(a.code) for a in aspects], "buurten": getattr(t, "n_buurten", 0)}
            for t in area_types]


def _aspect_rows(aspects) -> list[dict]:
    return [{"aspect": a, "bounds": [f"≤ {a.thresholds[k]:g}" if k in a.thresholds else "–" for k in crow.THRESHOLD_LEVELS]
             + ([f"> {a.thresholds['C']:g}"] if "C" in a.thresholds else ["–"])} for a in aspects]


def _catalogue_post(request: HttpRequest, gemeente, threshold_form, assign_form) -> HttpResponse | None:
    """Saves the posted form; a redirect when saved, None to show the page with the errors."""
    which = request.POST.get("form")
    try:
        if which == "thresholds" and threshold_form.is_valid():
            d = threshold_form.cleaned_data
            services.aspect_thresholds_update(
                gemeente=gemeente, aspect_code=d["aspect"], actor=request.user, origin="web",
                thresholds={"A+": d["a_plus"], "A": d["a"], "B": d["b"], "C": d["c"]},
            )
            messages.success(request, _("De grenzen zijn opgeslagen in een nieuwe versie van de catalogus."))
            return redirect("inspections-catalogue", slug=gemeente.slug)
        if which == "assign" and assign_form.is_valid():
            d = assign_form.cleaned_data
            services.buurt_area_type_assign(gemeente=gemeente, buurt=d["buurt"], area_type=d["area_type"],
                                            actor=request.user, origin="web")
            messages.success(request, _("Buurt %(buurt)s heeft nu gebiedstype %(type)s.")
                             % {"buurt": d["buurt"].name, "type": d["area_type"].name if d["area_type"] else _("standaard")})
            return redirect("inspections-catalogue", slug=gemeente.slug)
    except ValidationError as exc:
        (threshold_form if which == "thresholds" else assign_form).add_error(None, validation_text(exc))
    return None


@gemeente_page(roles.VIEW_INSPECTIONS)
def catalogue(request: HttpRequest, gemeente) -> HttpResponse:
    can_manage = request.wijkwerk_perms.has(roles.MANAGE_INSPECTIONS)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied(_("U mag de kwaliteitscatalogus niet wijzigen."))
    current, aspects = selectors.catalogue_aspects(gemeente=gemeente)
    measured = [a for a in aspects if a.scale_kind == QualityAspect.ScaleKind.MEASURED]
    threshold_form = ThresholdForm(request.POST if request.POST.get("form") == "thresholds" else None, aspects=measured)
    assign_form = AreaTypeAssignForm(request.POST if request.POST.get("form") == "assign" else None, gemeente=gemeente)
    if request.method == "POST":
        response = _catalogue_post(request, gemeente, threshold_form, assign_form)
        if response is not None:
            return response
    assignments = BuurtAreaType.objects.filter(gemeente=gemeente).select_related("buurt", "area_type").order_by("buurt__code")
    return render_page(request, "inspections/catalogue.html", {
        "nav": "schouw", "catalogue": current or QualityCatalogue(gemeente=gemeente, version=1, note=DEFAULT_CATALOGUE_NOTE),
        "aspects": aspects, "aspect_rows": _aspect_rows(aspects),
        "type_rows": _type_rows(selectors.area_types_listed(gemeente=gemeente), aspects),
        "assignments": assignments, "can_manage": can_manage, "threshold_form": threshold_form,
        "assign_form": assign_form, "versions": gemeente.quality_catalogues.order_by("-version")[:10],
        "level_legend": crow.level_legend(),
    }, gemeente=gemeente)


@gemeente_page(roles.MANAGE_INSPECTIONS)
def area_types(request: HttpRequest, gemeente) -> HttpResponse:
    """All area types with their targets; a new one is added here and then edited on its own page."""
    if request.POST.get("form") == "defaults":
        services.quality_defaults_ensure(gemeente=gemeente, actor=request.user, origin="web")
        messages.success(request, _("De standaardgebiedstypen zijn vastgelegd; u kunt ze nu wijzigen."))
        return redirect("inspections-area-types", slug=gemeente.slug)
    _current, aspects = selectors.catalogue_aspects(gemeente=gemeente)
    form = AreaTypeForm(request.POST or None, aspects=aspects, initial={"pass_share": 90, "default_target": "B"})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        code = slugify(d["name"])[:50] or "gebiedstype"
        if AreaType.objects.filter(gemeente=gemeente, code=code).exists():
            form.add_error("name", _("Er is al een gebiedstype '%(name)s'.") % {"name": d["name"]})
        else:
            try:
                area_type = services.area_type_save(
                    gemeente=gemeente, code=code, name=d["name"], default_target=d["default_target"],
                    targets=form.targets(), pass_share=float(d["pass_share"]) / 100, is_default=d["is_default"],
                    actor=request.user, origin="web")
            except ValidationError as exc:
                form.add_error(None, validation_text(exc))
            else:
                messages.success(request, _("Gebiedstype '%(name)s' toegevoegd. Wijs er hieronder buurten of vlakken "
                                            "aan toe.") % {"name": area_type.name})
                return redirect("inspections-area-type", slug=gemeente.slug, area_type_id=area_type.pk)
    listed = selectors.area_types_listed(gemeente=gemeente)
    rows = [{"type": t, "targets": [t.target_for(a.code) for a in aspects]} for t in listed]
    return render_page(request, "inspections/area_types.html", {
        "nav": "schouw", "aspects": aspects, "type_rows": rows, "form": form,
        "defaults_stored": any(t.pk for t in listed),
        "unassigned": Area.objects.filter(gemeente=gemeente, level=Area.Level.BUURT, area_type_assignment__isnull=True).count(),
    }, gemeente=gemeente)


# --- one area type -------------------------------------------------------------------------------


def _type_saved(request, gemeente, area_type: AreaType, form: AreaTypeForm) -> bool:
    d = form.cleaned_data
    try:
        services.area_type_save(
            gemeente=gemeente, code=area_type.code, name=d["name"], default_target=d["default_target"],
            targets=form.targets(), pass_share=float(d["pass_share"]) / 100, is_default=d["is_default"],
            actor=request.user, origin="web")
    except ValidationError as exc:
        form.add_error(None, validation_text(exc))
        return False
    messages.success(request, _("Het gebiedstype is opgeslagen."))
    return True


def _buurten_saved(request, area_type: AreaType, form: AreaTypeBuurtenForm) -> bool:
    try:
        counts = services.area_type_buurten_set(
            area_type=area_type, buurt_ids=[b.pk for b in form.cleaned_data["buurten"]], actor=request.user, origin="web")
    except ValidationError as exc:
        form.add_error(None, validation_text(exc))
        return False
    messages.success(request, _("%(total)s buurt(en) hebben nu gebiedstype %(name)s (%(added)s erbij, %(removed)s terug "
                                "naar standaard).") % {**counts, "name": area_type.name})
    return True


def _upload_name(name: str) -> str:
    suffix = Path(name).suffix.lower()
    try:
        stem = get_valid_filename(Path(name).stem)[:80]
    except SuspiciousFileOperation:  # names like ".."
        stem = "vlakken"
    return stem + suffix


def _polygons_saved(request, area_type: AreaType, form: PolygonFileForm) -> bool:
    upload = form.cleaned_data["file"]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / _upload_name(upload.name)
        try:
            save_upload(upload, path)  # the upload limit; the reader checks the content
            result = area_type_polygons_import(
                area_type=area_type, path=path, name_field=form.cleaned_data["name_field"] or None,
                replace=form.cleaned_data["replace"], actor=request.user, origin="web")
        except (FileRefused, ValidationError) as exc:
            form.add_error("file", validation_text(exc) if isinstance(exc, ValidationError) else str(exc))
            return False
    text = _("%(n)s vlak(ken) ingelezen voor %(name)s") % {"n": result["created"], "name": area_type.name}
    if result["removed"]:
        text += _(", %(n)s oude vervangen") % {"n": result["removed"]}
    messages.success(request, text + ".")
    refused = "; ".join(_("rij %(row)s (%(field)s): %(message)s") % e for e in result["errors"][:REFUSALS_SHOWN])
    if refused:
        messages.warning(request, _("%(n)s rij(en) geweigerd: %(refused)s") % {"n": result["rejected"], "refused": refused})
    return True


def _polygon_deleted(request, area_type: AreaType) -> None:
    polygon = AreaTypePolygon.objects.filter(area_type=area_type, pk=request.POST.get("polygon") or 0).first()
    if polygon is not None:
        services.area_type_polygon_delete(polygon=polygon, actor=request.user, origin="web")
        messages.success(request, _("Vlak '%(name)s' verwijderd.") % {"name": polygon.name})


def _area_type_post(request, gemeente, area_type: AreaType, which: str, forms: dict) -> bool:
    """Handles the posted form `which`; True when it was saved (the page redirects)."""
    if which == "type" and forms["type"].is_valid():
        return _type_saved(request, gemeente, area_type, forms["type"])
    if which == "buurten" and forms["buurten"].is_valid():
        return _buurten_saved(request, area_type, forms["buurten"])
    if which == "polygons" and upload_refusal(request):  # dropped while it arrived (too large)
        forms["polygons"].is_valid()
        forms["polygons"].errors.pop("file", None)
        forms["polygons"].add_error("file", upload_refusal(request))
        return False
    if which == "polygons" and forms["polygons"].is_valid():
        return _polygons_saved(request, area_type, forms["polygons"])
    if which == "delete_polygon":
        _polygon_deleted(request, area_type)
        return True
    return False


@gemeente_page(roles.MANAGE_INSPECTIONS)
def area_type_edit(request: HttpRequest, gemeente, area_type_id: int) -> HttpResponse:
    """One area type: name, pass share and targets; its buurten; its polygons (from a file)."""
    area_type = AreaType.objects.filter(gemeente=gemeente, pk=area_type_id).first()
    if area_type is None:
        raise Http404(_("Gebiedstype niet gevonden."))
    _current, aspects = selectors.catalogue_aspects(gemeente=gemeente)
    which = request.POST.get("form") if request.method == "POST" else None
    assigned_ids = list(area_type.assignments.values_list("buurt_id", flat=True))
    forms = {
        "type": AreaTypeForm(request.POST if which == "type" else None, aspects=aspects, initial={
            "name": area_type.name, "pass_share": round(area_type.pass_share * 100, 1),
            "default_target": area_type.default_target, "is_default": area_type.is_default,
            **{f"target__{c}": level for c, level in area_type.targets.items()}}),
        "buurten": AreaTypeBuurtenForm(request.POST if which == "buurten" else None, gemeente=gemeente,
                                       initial={"buurten": assigned_ids}),
        "polygons": PolygonFileForm(request.POST if which == "polygons" else None,
                                    request.FILES if which == "polygons" else None),
    }
    if which and _area_type_post(request, gemeente, area_type, which, forms):
        return redirect("inspections-area-type", slug=gemeente.slug, area_type_id=area_type.pk)
    others = {b.buurt_id: b.area_type.name for b in
              BuurtAreaType.objects.filter(gemeente=gemeente).exclude(area_type=area_type).select_related("area_type")}
    polygons = list(area_type.polygons.all())
    features = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": p.geometry, "properties": {"name": p.name}} for p in polygons]}
    return render_page(request, "inspections/area_type_edit.html", {
        "nav": "schouw", "area_type": area_type, "type_form": forms["type"], "buurten_form": forms["buurten"],
        "buurt_choices": [{"widget": w, "other": others.get(int(str(w.data["value"])))} for w in forms["buurten"]["buurten"]],
        "polygon_form": forms["polygons"], "polygons": polygons, "n_assigned": len(assigned_ids),
        "map_config": map_config(mode="polygons", areas=features) if polygons else None,
    }, gemeente=gemeente)
