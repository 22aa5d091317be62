"""Pages of technical condition (NEN 2767): the map and counts, one asset's measurements (and
recording a new one), and the municipality's tables."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from wijkwerk.assets.selectors import asset_get
from wijkwerk.municipalities import roles
from wijkwerk.municipalities.pages import gemeente_page, render_page

from .. import nen2767
from ..pages import gemeente_extent, map_config, validation_text
from . import selectors, services
from .forms import ConditionForm, ConditionTablesForm
from .import_views import can_upload

CONDITION_COLOURS = {1: "#1a7f37", 2: "#66bb6a", 3: "#f0c000", 4: "#f39c12", 5: "#d35400", 6: "#922b21"}


def _type_labels_translated(rows: list[dict]) -> list[dict]:
    """The asset type labels are stored in Dutch: shown in the page's language."""
    return sorted(({**r, "label": _(r["label"])} for r in rows), key=lambda r: r["label"])


def _points_translated(points: list[list]) -> list[list]:
    labels: dict[str, str] = {}
    for p in points:
        p[4] = labels.setdefault(p[4], _(p[4]) if p[4] else "")
    return points


@gemeente_page(roles.VIEW_INSPECTIONS)
def condition_overview(request: HttpRequest, gemeente) -> HttpResponse:
    return render_page(request, "inspections/condition_overview.html", {
        "nav": "conditie",
        "by_type": _type_labels_translated(selectors.condition_counts(gemeente=gemeente, by="type")),
        "can_manage": request.wijkwerk_perms.has(roles.MANAGE_INSPECTIONS), "can_upload": can_upload(request),
        "by_wijk": selectors.condition_counts(gemeente=gemeente, by="wijk"), "conditions": range(1, 7),
        "legend": [(c, CONDITION_COLOURS[c], nen2767.CONDITION_LABELS[c]) for c in range(1, 7)],
        "map_config": map_config(mode="condition", colours=CONDITION_COLOURS, extent=gemeente_extent(gemeente),
                                 assetUrl=reverse("asset-detail", kwargs={"slug": gemeente.slug, "asset_id": 0}),
                                 points=_points_translated(selectors.condition_points(gemeente=gemeente))),
    }, gemeente=gemeente)


@gemeente_page(roles.VIEW_INSPECTIONS)
def asset_condition(request: HttpRequest, gemeente, asset_id: int) -> HttpResponse:
    asset = asset_get(gemeente=gemeente, asset_id=asset_id)
    if asset is None:
        raise Http404(_("Asset niet gevonden."))
    can_record = request.wijkwerk_perms.has(roles.RECORD_INSPECTIONS)
    if request.method == "POST" and not can_record:
        raise PermissionDenied(_("U mag geen conditiemetingen vastleggen."))
    form = ConditionForm(request.POST or None) if can_record else None
    if request.method == "POST" and form.is_valid():
        try:
            inspection = services.condition_inspection_record(
                asset=asset, date=form.cleaned_data["date"], elements=form.elements(), actor=request.user, origin="web",
            )
        except ValidationError as exc:
            form.add_error(None, validation_text(exc))
        else:
            messages.success(request, _("Conditiemeting opgeslagen: conditie %(condition)s (%(label)s).")
                             % {"condition": inspection.condition,
                                "label": nen2767.CONDITION_LABELS[inspection.condition]})
            return redirect("inspections-asset-condition", slug=gemeente.slug, asset_id=asset.pk)
    return render_page(request, "inspections/asset_condition.html", {
        "nav": "conditie", "asset": asset, "form": form,
        "inspections": selectors.condition_inspections_for_asset(asset=asset),
        "condition_label": nen2767.CONDITION_LABELS.get(asset.condition, ""),
    }, gemeente=gemeente)


@gemeente_page(roles.MANAGE_INSPECTIONS)
def condition_tables(request: HttpRequest, gemeente) -> HttpResponse:
    """The municipality's NEN 2767 matrix, correction factors and extent classes: view and edit."""
    tables = services.condition_tables(gemeente=gemeente)
    if request.method == "POST" and request.POST.get("form") == "reset":
        services.condition_config_save(gemeente=gemeente, actor=request.user, origin="web")
        messages.success(request, _("De standaardtabellen van NEN 2767 gelden weer."))
        return redirect("inspections-condition-tables", slug=gemeente.slug)
    form = ConditionTablesForm(request.POST or None, tables=tables)
    if request.method == "POST" and form.is_valid():
        try:
            services.condition_config_save(gemeente=gemeente, actor=request.user, origin="web", **form.tables())
        except ValidationError as exc:
            form.add_error(None, validation_text(exc))
        else:
            messages.success(request, _("De conditietabellen zijn opgeslagen. Nieuwe metingen gebruiken ze; "
                                        "eerdere metingen houden hun berekende conditie."))
            return redirect("inspections-condition-tables", slug=gemeente.slug)
    return render_page(request, "inspections/condition_tables.html", {
        "nav": "conditie", "form": form, "extent_classes": nen2767.EXTENT_CLASSES, "conditions": nen2767.CONDITIONS,
        "condition_labels": nen2767.CONDITION_LABELS, "is_default": tables == nen2767.DEFAULT_TABLES,
    }, gemeente=gemeente)
