"""Pages of the asset register: the map (and its page-internal JSON) and the asset page. The
import pages (upload, dry-run report, confirm, progress) are in `import_views`."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods
from shapely.geometry import mapping, shape

from wijkwerk.areas.models import Area
from wijkwerk.municipalities.pages import gemeente_page, render_page

from . import services
from .forms import AssetEditForm
from .mapdata import (
    MAX_POINTS,
    NL_BBOX,
    OUTSIDE,
    POINT_LIMIT,
    POINT_ZOOM,
    map_clusters,
    map_extent,
    map_filtered_assets,
    parse_bbox,
)
from .models import Asset, AssetType
from .search_keys import address_text
from .selectors import asset_get

# Point colours per asset type on the map (also shown in the legend). Chosen to stay apart on
# a grey base map and from each other; unknown types get the fallback.
TYPE_COLOURS = {
    "tree": "#2e7d32",
    "street_light": "#f9a825",
    "bench": "#6d4c41",
    "bin": "#455a64",
    "bicycle_rack": "#1565c0",
    "bollard": "#8e24aa",
    "barrier": "#c62828",
    "playground_equipment": "#ef6c00",
    "sign": "#d81b60",
    "plant_bed": "#7cb342",
    "grass": "#9ccc65",
    "hedge": "#00695c",
    "paving": "#757575",
    "water_bank": "#0277bd",
}
FALLBACK_COLOUR = "#37474f"


# --- map ---------------------------------------------------------------------------------------


@gemeente_page()
@require_GET
def asset_map(request: HttpRequest, gemeente) -> HttpResponse:
    _, filters = map_filtered_assets(gemeente, request.GET)
    types = list(AssetType.objects.all())
    present = set(
        Asset.objects.filter(gemeente=gemeente).values_list("asset_type__code", flat=True).distinct().order_by()
    )
    areas = list(Area.objects.filter(gemeente=gemeente).only("id", "level", "code", "name", "parent_id"))
    wijken = sorted((a for a in areas if a.level == Area.Level.WIJK), key=lambda a: a.name.lower())
    by_parent: dict = {}
    for area in areas:
        if area.level == Area.Level.BUURT:
            by_parent.setdefault(area.parent_id, []).append(area)
    buurt_groups = [(w.name, sorted(by_parent.get(w.pk, []), key=lambda a: a.name.lower())) for w in wijken]
    loose = [a for pid, group in by_parent.items() if pid not in {w.pk for w in wijken} for a in group]
    if loose:
        buurt_groups.append((gettext("Zonder wijk"), sorted(loose, key=lambda a: a.name.lower())))
    map_config = {
        "dataUrl": reverse("asset-map-data", args=[gemeente.slug]),
        "searchUrl": reverse("asset-search-data", args=[gemeente.slug]),
        "searchPage": reverse("asset-search", args=[gemeente.slug]),
        "focus": _focus(gemeente, request.GET.get("asset")),
        "areasUrl": reverse("asset-map-areas", args=[gemeente.slug]),
        "assetUrl": reverse("asset-detail", args=[gemeente.slug, 0]).replace("/0/", "/{id}/"),
        "tileUrl": settings.WIJKWERK_TILE_URL,
        "tileAttribution": settings.WIJKWERK_TILE_ATTRIBUTION,
        "extent": map_extent(gemeente, filters) or list(NL_BBOX),
        "filters": filters,
        "colours": {t.code: TYPE_COLOURS.get(t.code, FALLBACK_COLOUR) for t in types},
        "labels": {t.code: gettext(t.label) for t in types},
        "fallbackColour": FALLBACK_COLOUR,
    }
    legend = [
        {"code": t.code, "label": gettext(t.label), "colour": TYPE_COLOURS.get(t.code, FALLBACK_COLOUR)}
        for t in types
        if t.code in present
    ]
    context = {
        "nav": "map",
        "types": types,
        "wijken": wijken,
        "buurt_groups": buurt_groups,
        "filters": filters,
        "outside_value": OUTSIDE,
        "map_config": map_config,
        "legend": legend,
    }
    return render_page(request, "assets/map.html", context, gemeente=gemeente)


def _focus(gemeente, value: str | None) -> dict | None:
    """The asset the map opens on (`?asset=<id>`, e.g. from the search results), or None."""
    if not value or not value.isdigit() or len(value) > 18:
        return None
    asset = asset_get(gemeente=gemeente, asset_id=int(value))
    if asset is None:
        return None
    return {"id": asset.pk, "lon": asset.lon, "lat": asset.lat, "type": asset.asset_type.code,
            "label": gettext(asset.asset_type.label), "external_id": asset.external_id,
            "address": address_text(asset.attributes)}


@gemeente_page()
@require_GET
def asset_map_data(request: HttpRequest, gemeente) -> JsonResponse:
    """What the map draws for the current view: `clusters` (numbered circles) when many assets
    are in view, otherwise `points` [[id, lon, lat, type, external_id], ...]."""
    try:
        bbox = parse_bbox(request.GET.get("bbox"))
        zoom = min(max(int(request.GET.get("zoom", "12")), 0), 24)
    except (TypeError, ValueError):
        return JsonResponse(
            {"detail": gettext("Ongeldige kaartuitsnede: gebruik bbox=minlon,minlat,maxlon,maxlat en zoom=getal.")},
            status=400,
        )
    qs, _ = map_filtered_assets(gemeente, request.GET)
    in_view = qs.filter(lon__gte=bbox[0], lon__lte=bbox[2], lat__gte=bbox[1], lat__lte=bbox[3])
    count = in_view.count()
    if zoom >= POINT_ZOOM or count <= POINT_LIMIT:
        points = [
            [pk, round(lon, 7), round(lat, 7), code, external_id]
            for pk, lon, lat, code, external_id in in_view.order_by().values_list(
                "id", "lon", "lat", "asset_type__code", "external_id"
            )[:MAX_POINTS]
        ]
        return JsonResponse({"mode": "points", "count": count, "points": points, "truncated": count > MAX_POINTS})
    return JsonResponse({"mode": "clusters", "count": count, "clusters": map_clusters(in_view, bbox=bbox, zoom=zoom)})


@gemeente_page()
@require_GET
def asset_map_areas(request: HttpRequest, gemeente) -> JsonResponse:
    """The buurt (or wijk) outlines as GeoJSON, simplified to about a metre for drawing."""
    level = request.GET.get("niveau") or Area.Level.BUURT
    if level not in Area.Level.values:
        return JsonResponse({"detail": gettext("Niveau moet wijk of buurt zijn.")}, status=400)
    features = []
    for area in Area.objects.filter(gemeente=gemeente, level=level).order_by("code"):
        try:
            geometry = mapping(shape(area.geometry).simplify(0.00001, preserve_topology=True))
        except (ValueError, TypeError, AttributeError, KeyError):
            continue  # a broken polygon must not take the whole map down
        features.append(
            {
                "type": "Feature",
                "geometry": geometry,
                "properties": {"code": area.code, "name": area.name, "level": area.level},
            }
        )
    return JsonResponse({"type": "FeatureCollection", "features": features})


# --- asset page --------------------------------------------------------------------------------

FIELD_LABELS = {
    "quantity": gettext_lazy("Hoeveelheid"),
    "unit": gettext_lazy("Eenheid"),
    "installation_year": gettext_lazy("Aanlegjaar"),
    "condition": gettext_lazy("Conditie"),
    "condition_date": gettext_lazy("Conditiedatum"),
    "geometry": gettext_lazy("Ligging"),
    "asset_type": gettext_lazy("Soort"),
    "external_id": gettext_lazy("Bronsleutel"),
    "buurt": gettext_lazy("Buurt"),
    "wijk": gettext_lazy("Wijk"),
    "attributes": gettext_lazy("Kenmerken"),
}
SOURCE_LABELS = {"web": gettext_lazy("website"), "api": "API", "import": gettext_lazy("import"),
                 "cli": gettext_lazy("opdrachtregel"), "system": gettext_lazy("systeem")}


def _display(value) -> str:
    if value is None or value == "":
        return gettext("leeg")
    if isinstance(value, bool):
        return gettext("ja") if value else gettext("nee")
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    if isinstance(value, (dict, list)):
        return ", ".join(f"{k}: {_display(v)}" for k, v in value.items()) if isinstance(value, dict) else str(value)
    return str(value)


def _history_rows(asset: Asset, labels: dict[str, str]) -> list[dict]:
    rows = []
    type_names = {code: gettext(label) for code, label in AssetType.objects.values_list("code", "label")}
    for entry in asset.history.select_related("actor")[:200]:
        changes = []
        for name, pair in (entry.changes or {}).items():
            old, new = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
            key = name.split(".", 1)[1] if name.startswith("attributes.") else name
            if key in ("type", "asset_type"):  # stored as type codes; shown by name
                key, old, new = "asset_type", type_names.get(old, old), type_names.get(new, new)
            changes.append(
                {"label": labels.get(key) or FIELD_LABELS.get(key) or key, "old": _display(old), "new": _display(new)}
            )
        rows.append(
            {
                "at": entry.at,
                "kind": entry.get_kind_display(),
                "actor": (entry.actor.get_full_name() or entry.actor.username) if entry.actor else "",
                "source": SOURCE_LABELS.get(entry.source, entry.source),
                "changes": changes,
            }
        )
    return rows


def _attribute_rows(asset: Asset) -> list[dict]:
    attributes = dict(asset.attributes or {})
    rows = []
    for spec in asset.asset_type.schema or []:
        value = attributes.pop(spec["name"], None)
        rows.append({"label": gettext(spec["label"]), "value": value, "display": _display(value) if value is not None else "",
                     "unit": spec.get("unit", "")})
    for name, value in sorted(attributes.items()):  # extra columns from the source file
        rows.append({"label": name, "value": value, "display": _display(value), "unit": "", "extra": True})
    return rows


@gemeente_page()
@require_http_methods(["GET", "POST"])
def asset_detail(request: HttpRequest, gemeente, asset_id: int) -> HttpResponse:
    asset = asset_get(gemeente=gemeente, asset_id=asset_id)
    if asset is None:
        raise Http404(gettext("Asset niet gevonden."))
    can_change = request.wijkwerk_perms.can_change
    form = None
    if can_change:
        if request.method == "POST":
            form = AssetEditForm(request.POST, asset=asset)
            if form.is_valid():
                response = _save_asset(request, gemeente, asset, form)
                if response is not None:
                    return response
        else:
            form = AssetEditForm(asset=asset)
    elif request.method == "POST":
        raise PermissionDenied(gettext("U mag deze asset niet wijzigen."))
    labels = {spec["name"]: gettext(spec["label"]) for spec in asset.asset_type.schema or []}
    context = {
        "nav": "map",
        "asset": asset,
        "attribute_rows": _attribute_rows(asset),
        "history": _history_rows(asset, labels),
        "form": form,
        "colour": TYPE_COLOURS.get(asset.asset_type.code, FALLBACK_COLOUR),
        "location": {
            "geometry": asset.geometry,
            "lon": asset.lon,
            "lat": asset.lat,
            "colour": TYPE_COLOURS.get(asset.asset_type.code, FALLBACK_COLOUR),
            "tileUrl": settings.WIJKWERK_TILE_URL,
            "tileAttribution": settings.WIJKWERK_TILE_ATTRIBUTION,
        },
        "edit_open": request.method == "POST",
    }
    return render_page(request, "assets/asset_detail.html", context, gemeente=gemeente)


def _save_asset(request, gemeente, asset: Asset, form: AssetEditForm) -> HttpResponse | None:
    """Saves through the service; returns a redirect, or None to show the form with its errors."""
    changes = form.changes()
    url = reverse("asset-detail", args=[gemeente.slug, asset.pk])
    if not changes:
        messages.info(request, gettext("Er was niets gewijzigd."))
        return redirect(url)
    try:
        services.asset_update(
            asset=asset,
            changes=changes,
            actor=request.user,
            expected_version=form.cleaned_data["version"],
            origin="web",
        )
    except services.StaleVersion:
        messages.error(
            request,
            gettext(
                "Iemand anders heeft deze asset intussen gewijzigd. Hieronder staan de nieuwe gegevens; "
                "voer uw wijziging opnieuw in."
            ),
        )
        return redirect(url)
    except ValidationError as exc:
        for field, errors in _validation_errors(exc).items():
            target = f"attr_{field}" if f"attr_{field}" in form.fields else (field if field in form.fields else None)
            for message in errors:
                form.add_error(target, message)
        return None
    messages.success(request, gettext("De wijzigingen zijn opgeslagen."))
    return redirect(url)


def _validation_errors(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {
            name.split(".", 1)[-1]: [m for e in errs for m in e.messages] for name, errs in exc.error_dict.items()
        }
    return {"__all__": exc.messages}
