"""Planning reads: plans, planned work, and the asset register as plain data for the numeric model."""

from pathlib import Path

import numpy as np
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wijkwerk.assets.models import Asset, AssetType
from wijkwerk.inspections.condition.selectors import condition_history
from wijkwerk.inspections.models import BuurtAreaType

from .build import Register
from .defaults import default_config
from .models import Plan, PlanExport, PlanningModel


def planning_config_get(*, gemeente) -> dict:
    """The municipality's planning model: the defaults, overridden by what it configured."""
    cfg = default_config()
    pm = PlanningModel.objects.filter(gemeente=gemeente).first()
    if pm:
        cfg.update(pm.config or {})
    return cfg


def plan_list(*, gemeente):
    return Plan.objects.filter(gemeente=gemeente).select_related("created_by")


def plan_get(*, gemeente, plan_id: int) -> Plan:
    plan = Plan.objects.filter(gemeente=gemeente, pk=plan_id).first()
    if plan is None:
        raise Http404(_("Dit plan bestaat niet."))
    return plan


def plan_adoption(*, plan: Plan) -> dict | None:
    """When, by whom and how many interventions of the plan were handed to execution (texts for a
    sentence: date, user, count), read from the database; None when that has not happened."""
    row = Plan.objects.filter(pk=plan.pk).select_related("adopted_by").first()
    if row is None or (row.adopted_at is None and row.adopted_count is None):
        return None
    by = row.adopted_by
    return {"date": date_format(timezone.localtime(row.adopted_at), "DATE_FORMAT") if row.adopted_at else "?",
            "user": (by.get_full_name() or by.get_username()) if by else _("onbekend"),
            "count": row.adopted_count or 0,
            "at": row.adopted_at}


def asset_type_labels() -> list[tuple[str, str]]:
    """(code, label in the active language) of every asset type, by label: pages show the label, never
    the code."""
    return sorted(((code, _(label)) for code, label in AssetType.objects.values_list("code", "label")),
                  key=lambda pair: pair[1].lower())


def plan_exports_latest(*, plan: Plan, language: str) -> dict:
    """Per format ("xlsx", "pdf"): the newest export of the plan in `language`, or None."""
    out = {fmt: None for fmt in PlanExport.Format.values}
    for export in PlanExport.objects.filter(plan=plan, language=language).order_by("-created", "-id"):
        if out.get(export.format) is None:
            out[export.format] = export
    return out


def plan_export_ready(*, plan: Plan, fmt: str, language: str) -> PlanExport | None:
    """The newest finished export of the plan in this format and language whose file is there."""
    for export in PlanExport.objects.filter(plan=plan, format=fmt, language=language,
                                            status=PlanExport.Status.DONE).order_by("-created", "-id")[:3]:
        if export.file_path and Path(export.file_path).is_file():
            return export
    return None


def planning_register_read(*, gemeente) -> Register:
    """The municipality's assets (id order), the area type of each asset's buurt and the yearly
    condition transitions observed per asset type, as plain arrays for `build.build_problem`."""
    rows = list(
        Asset.objects.filter(gemeente=gemeente).order_by("id").values_list(
            "id", "external_id", "asset_type__code", "quantity", "condition", "installation_year", "wijk_id",
            "buurt_id", "attributes",
        )
    )
    area_type_of = dict(
        BuurtAreaType.objects.filter(buurt__gemeente=gemeente).values_list("buurt_id", "area_type__code")
    )
    type_of = {r[0]: r[2] for r in rows}
    return Register(
        asset_ids=np.array([r[0] for r in rows], dtype=np.int64),
        external_ids=[r[1] for r in rows],
        type_codes=[r[2] for r in rows],
        quantity=np.array([float(r[3] or 0) for r in rows], dtype=float),
        condition=np.array([r[4] or 0 for r in rows], dtype=np.int32),
        installation_year=np.array([r[5] or 0 for r in rows], dtype=np.int32),
        wijk_ids=np.array([r[6] or 0 for r in rows], dtype=np.int64),
        area_types=[area_type_of.get(r[7]) for r in rows],
        attributes=[r[8] or {} for r in rows],
        observed=_observed_transitions(gemeente, type_of),
    )


def _observed_transitions(gemeente, type_of: dict[int, str]) -> dict[str, np.ndarray]:
    """Per asset type: a (6, 6) count of yearly condition transitions (measurements about one year
    apart) in the condition history."""
    out: dict[str, np.ndarray] = {}
    prev = None
    for asset_id, date, cond in condition_history(gemeente=gemeente):
        if prev and prev[0] == asset_id and cond and prev[2]:
            years = max(1, round((date - prev[1]).days / 365.25))
            if years == 1:
                m = out.setdefault(type_of.get(asset_id), np.zeros((6, 6)))
                m[prev[2] - 1, cond - 1] += 1
        prev = (asset_id, date, cond)
    return out
