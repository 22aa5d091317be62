"""The risk-model page: the 5 x 5 risk matrix, how the aspects combine, the target condition and the
unit prices per asset type (named by their labels); the other settings per asset type as JSON, an
advanced option for those who know the type codes."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from wijkwerk.core.api import UnsafeJSON, json_loads_safe
from wijkwerk.municipalities import roles
from wijkwerk.municipalities.pages import gemeente_page, render_page

from . import selectors, services
from .build import CODE_LABELS
from .forms import INTERVENTION_CODES, UnitCostForm

COMBINE_LABELS = {"worst": gettext_lazy("Zwaarste aspect telt"), "weighted": gettext_lazy("Gewogen gemiddelde")}


def _risk_level(score: int) -> str:
    """Colour band of a matrix cell by its position (probability x effect)."""
    return "low" if score <= 4 else "mid" if score <= 9 else "high" if score <= 15 else "top"


def _advanced_types(cfg: dict) -> dict:
    """The per-type settings shown as JSON: all but the unit prices (those have fields of their own)."""
    out = {}
    for code, settings in (cfg.get("types") or {}).items():
        rest = {k: v for k, v in (settings or {}).items() if k != "unit_cost"}
        if rest:
            out[code] = rest
    return out


def _read_matrix(post, errors: list) -> list | None:
    try:
        return [[float(post.get(f"m_{p}_{e}", "").replace(",", ".")) for e in range(1, 6)] for p in range(1, 6)]
    except ValueError:
        errors.append(_("Elke cel van de risicomatrix moet een getal zijn."))
        return None


def _read_types(post, errors: list) -> dict | None:
    text = (post.get("types_json") or "").strip()
    if not text:
        return {}
    try:
        types = json_loads_safe(text)
    except UnsafeJSON as exc:
        errors.append(_("Geavanceerde instellingen per assettype: %(error)s") % {"error": exc})
        return None
    if isinstance(types, dict) and all(isinstance(v, dict) for v in types.values()):
        return types
    errors.append(_('Geavanceerde instellingen per assettype: geef een object met per assettype een object, '
                    'bijv. {"bench": {"transition": [...]}}.'))
    return None


def _save(request: HttpRequest, gemeente, cfg: dict, costs: UnitCostForm) -> list[str]:
    """Reads the form and saves the model; returns the errors (nothing is saved when there are any)."""
    errors: list[str] = []
    post = request.POST
    matrix = _read_matrix(post, errors)
    changes = {"combine": post.get("combine", cfg["combine"])}
    try:
        changes["target_condition"] = int(post.get("target_condition", cfg["target_condition"]))
    except ValueError:
        errors.append(_("Streefconditie: kies 1 tot en met 6."))
    if matrix is not None:
        changes["risk_matrix"] = matrix
    types = _read_types(post, errors)
    if not costs.is_valid():
        errors.extend(costs.messages())
    if errors:
        return errors
    changes["types"] = costs.apply(types)
    try:
        services.planning_config_update(gemeente=gemeente, changes=changes, actor=request.user)
    except ValidationError as exc:
        return list(exc.messages)
    except (TypeError, ValueError, AttributeError):
        # The service checks the values; a wrong shape of the JSON (a text where a list belongs) is the
        # user's input too, not a server error.
        return [_("Geavanceerde instellingen per assettype: de opbouw klopt niet. Per assettype: transition "
                  "(6 x 6 getallen), interventions (een lijst van maatregelen), effect (vijf getallen).")]
    return []


@gemeente_page(roles.VIEW_PLANS)
@require_http_methods(["GET", "POST"])
def risk_model(request: HttpRequest, gemeente) -> HttpResponse:
    cfg = selectors.planning_config_get(gemeente=gemeente)
    can_manage = request.wijkwerk_perms.has(roles.MANAGE_PLANS)
    types = selectors.asset_type_labels()
    costs = UnitCostForm(request.POST if request.method == "POST" else None, types=types,
                         config_types=cfg.get("types") or {})
    errors = []
    if request.method == "POST":
        if not can_manage:
            return render_page(request, "403.html", {}, gemeente=gemeente, status=403)
        errors = _save(request, gemeente, cfg, costs)
        if not errors:
            messages.success(request, _("Het risicomodel is opgeslagen."))
            return redirect("planning-risk-model", slug=gemeente.slug)
    rows = [{"p": p, "cells": [(e, cfg["risk_matrix"][p - 1][e - 1], _risk_level(p * e)) for e in range(1, 6)]}
            for p in range(5, 0, -1)]
    advanced = request.POST.get("types_json", "") if request.method == "POST" else (
        json.dumps(_advanced_types(cfg), indent=1, ensure_ascii=False) if _advanced_types(cfg) else "")
    return render_page(request, "planning/risk_model.html", {
        "nav": "planning", "cfg": cfg, "rows": rows, "errors": errors, "can_manage": can_manage,
        "combine_labels": COMBINE_LABELS, "cost_rows": costs.rows(), "types": types,
        "interventions": [CODE_LABELS[iv] for iv in INTERVENTION_CODES], "types_json": advanced,
        "conditions": list(zip(range(1, 7), cfg["probability_of_condition"], strict=True)),
    }, gemeente=gemeente, status=400 if errors else 200)
