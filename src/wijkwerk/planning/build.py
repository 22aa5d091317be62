"""From the asset register (read into plain arrays by `selectors.planning_register_read`) and the
planning model to the optimiser's arrays, and back. Pure: no database access here, so the numeric
model is tested with hand-made registers."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import numpy as np
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .defaults import (
    ASPECTS,
    BUDGET_LINE_LABELS,
    BUDGET_LINES,
    DEFAULT_EFFECT,
    DEFAULT_SPEED,
    DEFAULT_UNIT_COST,
    EFFECT,
    INTERVENTIONS,
    SPEED,
    UNIT_COST,
    budget_line_of,
    budget_line_order,
)
from .optimiser import Infeasible, Problem, ProblemError
from .optimiser import strategies as st

CODE_NAMES = {st.SMALL: "small", st.LARGE: "large", st.REPLACE: "replace"}
CODE_LABELS = {"small": gettext_lazy("klein onderhoud"), "large": gettext_lazy("groot onderhoud"),
               "replace": gettext_lazy("vervanging")}


def optimiser_message(exc: Exception) -> str:
    """The message of an optimiser error (ProblemError, Infeasible) in the active language: the
    optimiser imports no Django, so its errors carry the Dutch `template` and its `params`."""
    template = getattr(exc, "template", None)
    if not template:
        return str(exc)
    params = getattr(exc, "params", None)
    text = _(template)
    return text % params if params else text


@dataclass(frozen=True)
class Register:
    """The municipality's assets as plain data, one entry per asset in id order."""

    asset_ids: np.ndarray  # (N,) int64
    external_ids: list[str]
    type_codes: list[str]  # asset type code per asset
    quantity: np.ndarray  # (N,) float
    condition: np.ndarray  # (N,) int32; 0 = never measured
    installation_year: np.ndarray  # (N,) int32; 0 = unknown
    wijk_ids: np.ndarray  # (N,) int64; 0 = outside every wijk
    area_types: list[str | None]  # area type code of the asset's buurt, if it has one
    attributes: list[dict]
    observed: dict[str, np.ndarray]  # per type code: (6, 6) counts of yearly condition transitions

    @property
    def n(self) -> int:
        return int(self.asset_ids.size)


@dataclass
class Built:
    problem: Problem
    asset_ids: np.ndarray
    type_codes: list
    kind: np.ndarray
    wijk_ids: np.ndarray
    condition: np.ndarray
    sched: np.ndarray
    labels: list
    group: np.ndarray  # (N,) index into group tables
    group_risk_year: np.ndarray  # (G, S, Y) risk per year per strategy (per unit of asset weight)
    group_good_year: np.ndarray  # (G, S, Y) probability condition <= target
    weight: np.ndarray  # (N,) multiplier of the group risk
    lines: list
    years: int
    start_year: int
    degradation_used: dict
    risk_objective: np.ndarray  # (N, S) risk over the horizon
    cost_total: np.ndarray | None = None
    line_budgeted: bool = False  # True: the budgets are per budget line (problem.line == kind_line)
    kind_line: np.ndarray | None = None  # (K,) index into `lines` per template (for reporting per line)

    def cost_per_line(self, choice: np.ndarray) -> dict[str, list[float]]:
        p = self.problem
        k, s, y = p.cost_template.shape
        u = np.bincount(p.kind.astype(np.int64) * s + choice, weights=p.scale, minlength=k * s).reshape(k, s)
        per_kind = np.einsum("ks,ksy->ky", u, p.cost_template)
        out = np.zeros((len(self.lines), y))
        np.add.at(out, self.kind_line if self.kind_line is not None else p.line, per_kind)
        return {name: [round(float(v), 2) for v in out[i]] for i, name in enumerate(self.lines)}

    def risk_per_year(self, choice: np.ndarray) -> np.ndarray:
        g, s, y = self.group_risk_year.shape
        w = np.bincount(self.group * s + choice, weights=self.weight, minlength=g * s).reshape(g, s)
        return np.einsum("gs,gsy->y", w, self.group_risk_year)

    def performance_per_year(self, choice: np.ndarray) -> np.ndarray:
        g, s, y = self.group_good_year.shape
        w = np.bincount(self.group * s + choice, minlength=g * s).reshape(g, s).astype(float)
        return np.einsum("gs,gsy->y", w, self.group_good_year) / max(1, len(choice))


def transition_for(cfg: dict, code: str, history: dict | None) -> tuple[np.ndarray, str, int]:
    """The type's transition matrix: configured, estimated from history, or the default."""
    tcfg = cfg.get("types", {}).get(code, {})
    if tcfg.get("transition"):
        try:
            return st.check_transition(tcfg["transition"], code), "ingesteld", 0
        except ProblemError as exc:
            raise ValidationError(optimiser_message(exc)) from None
    counts = (history or {}).get(code)
    observed = int(counts.sum()) if counts is not None else 0
    if counts is not None and observed >= int(cfg.get("min_transitions", 30)):
        est = counts + 0.5 * st.default_transition(tcfg.get("speed", SPEED.get(code, DEFAULT_SPEED)))
        # a condition never improves without an intervention
        est = np.triu(est)
        est[5, 5] = max(est[5, 5], 1.0)
        est = est / est.sum(axis=1, keepdims=True)
        return est, "geschat uit schouwgegevens", observed
    return st.default_transition(tcfg.get("speed", SPEED.get(code, DEFAULT_SPEED))), "standaard", observed


def effect_scores(cfg: dict, code: str, attributes: dict, area_type: str | None) -> int:
    base = np.array(cfg.get("types", {}).get(code, {}).get("effect", EFFECT.get(code, DEFAULT_EFFECT)), dtype=float)
    for key, bonus in cfg.get("location_bonus", {}).items():
        if attributes and attributes.get(key):
            base = base + np.array(bonus)
    if area_type and area_type in cfg.get("area_type_bonus", {}):
        base = base + np.array(cfg["area_type_bonus"][area_type])
    base = np.clip(base, 1, 5)
    if cfg.get("combine") == "weighted":
        w = np.array(cfg.get("aspect_weights", [0.2] * 5), dtype=float)
        return int(np.clip(round(float(base @ w / max(w.sum(), 1e-9))), 1, 5))
    return int(base.max())


def build_problem(register: Register, *, cfg: dict, years: int, budgets: list[float] | None,
                  objective: str = "risk", start_year: int | None = None,
                  line_budgets: dict[str, list[float]] | None = None) -> Built:
    """The optimiser's problem for the register under the planning model `cfg`. `budgets`: one total
    per year (all lines together), or `line_budgets`: per budget line code (green, paving, furniture,
    lighting) one amount per year; every line with assets needs one. Raises ValidationError with a
    Dutch message when the model or the budgets cannot be used."""
    start_year = start_year or datetime.date.today().year
    sched, labels = st.schedules(years)
    s = sched.shape[0]
    effects = st.default_effects()
    n = register.n
    type_codes = sorted(set(register.type_codes))
    tindex = {c: i for i, c in enumerate(type_codes)}
    history = register.observed
    matrix = np.array(cfg["risk_matrix"], dtype=float)
    if matrix.shape != (5, 5) or not np.isfinite(matrix).all() or (matrix < 0).any():
        raise ValidationError(_("De risicomatrix moet 5 x 5 niet-negatieve getallen bevatten."))
    prob = np.array(cfg["probability_of_condition"], dtype=int)
    if prob.shape != (6,) or prob.min() < 1 or prob.max() > 5:
        raise ValidationError(_("De kans per conditie moet voor conditie 1 t/m 6 een klasse 1 t/m 5 zijn."))
    target = int(cfg.get("target_condition", 3))
    # templates and lines per type
    order = budget_line_order(cfg)
    present = {budget_line_of(cfg, c) for c in type_codes}
    line_names = [x for x in order if x in present] or [order[0]]
    templates = np.zeros((max(1, len(type_codes)), s, years))
    line = np.zeros(max(1, len(type_codes)), dtype=np.int32)
    transitions, used = {}, {}
    for code, k in tindex.items():
        tcfg = cfg.get("types", {}).get(code, {})
        unit = [float(v) for v in tcfg.get("unit_cost", UNIT_COST.get(code, DEFAULT_UNIT_COST))]
        if len(unit) != 3 or min(unit) < 0:
            raise ValidationError(_("Eenheidsprijzen van %(type)s: drie niet-negatieve bedragen nodig.") % {"type": code})
        templates[k] = np.array([0.0] + unit)[sched]
        line[k] = line_names.index(budget_line_of(cfg, code))
        for iv in tcfg.get("interventions", []):
            if iv.get("steps", 0) < 0:
                raise ValidationError(_("De maatregel '%(label)s' maakt de conditie slechter; dat kan niet.")
                                      % {"label": iv.get("label", "?")})
        tm, source, obs = transition_for(cfg, code, history)
        transitions[code] = tm
        used[code] = {"source": source, "transitions": obs, "matrix": np.round(tm, 4).tolist()}
    # per asset: start condition, effect class, weight
    ids = np.asarray(register.asset_ids, dtype=np.int64)
    kind = np.array([tindex[c] for c in register.type_codes], dtype=np.int32)
    scale = np.asarray(register.quantity, dtype=float)
    default_cond = int(cfg.get("default_condition", 3))
    cond = np.where(register.condition > 0, register.condition, default_cond).astype(np.int32)
    eff = np.array([effect_scores(cfg, code, attrs or {}, area)
                    for code, attrs, area in zip(register.type_codes, register.attributes, register.area_types,
                                                 strict=True)], dtype=np.int32)
    inst = np.asarray(register.installation_year, dtype=np.int32)
    wijk = np.asarray(register.wijk_ids, dtype=np.int64)
    # groups: (type, start condition, effect)
    key = (kind.astype(np.int64) * 6 + (cond - 1)) * 5 + (eff - 1)
    ukeys, group = np.unique(key, return_inverse=True)
    g = ukeys.size
    risk_year = np.zeros((g, s, years))
    good_year = np.zeros((g, s, years))
    for code, k in tindex.items():
        sel = np.flatnonzero(ukeys // 30 == k)
        if not sel.size:
            continue
        c0 = (ukeys[sel] // 5) % 6 + 1
        e0 = ukeys[sel] % 5 + 1
        dist = st.propagate(transitions[code], effects, sched, st.start_distribution(c0))  # (g, S, Y, 6)
        rv = matrix[prob[None, :] - 1, (e0[:, None] - 1)]  # (g, 6)
        risk_year[sel] = np.einsum("gsyc,gc->gsy", dist, rv)
        good_year[sel] = dist[..., :target].sum(axis=3)
    weight = np.ones(n)
    risk_obj = np.ascontiguousarray(risk_year.sum(axis=2)[group] * weight[:, None])
    # rules: no replacement within N years of installation
    allowed = np.ones((n, s), dtype=bool)
    min_years = int(cfg.get("replacement_min_years", 0) or 0)
    if min_years:
        repl_year = np.where((sched == st.REPLACE).any(axis=1), np.argmax(sched == st.REPLACE, axis=1), -1)
        has = inst > 0
        for sidx in np.flatnonzero(repl_year >= 0):
            allowed[has & (start_year + repl_year[sidx] - inst < min_years), sidx] = False
    for code, k in tindex.items():
        mand = cfg.get("types", {}).get(code, {}).get("mandatory")
        if mand:
            need = {"small": st.SMALL, "large": st.LARGE, "replace": st.REPLACE}[mand]
            ok = (sched == need).any(axis=1)
            allowed[kind == k] &= ok[None, :]
    cost_total = None
    if objective == "cost":
        good_all = (good_year >= 0.5).all(axis=2)  # the asset is at or above target every year (median)
        allowed &= good_all[group]
        cost_total = scale[:, None] * templates[kind].sum(axis=2)
        obj = cost_total
    else:
        obj = risk_obj
    kind_line = line.copy()
    if budgets is not None and line_budgets:
        raise ValidationError(_("Geef een totaalbudget per jaar of budgetten per budgetlijn, niet allebei."))
    if line_budgets:
        b = _line_budget_rows(line_budgets, line_names, order, years)
    elif budgets is None:
        b = np.full((len(line_names), years), np.inf)
    else:
        b = _split_budgets(budgets, templates, kind, scale, line, len(line_names), years)
    names = [str(x) for x in ids]
    try:
        problem = Problem(objective=obj, cost_template=templates, kind=kind, scale=scale, budgets=b, line=line,
                          allowed=allowed, names=names)
    except ProblemError as exc:
        raise ValidationError(optimiser_message(exc)) from None
    except Infeasible as exc:
        external = dict(zip(names, register.external_ids, strict=True))
        ext = [external.get(str(a), str(a)) for a in exc.assets[:5]]
        if objective == "cost":
            message = _("Geen enkele strategie voldoet aan de streefconditie voor %(n)s asset(s), bijvoorbeeld "
                        "%(examples)s. Geen budget haalt dit doel; pas de streefconditie of de regels aan.")
        else:
            message = _("Geen enkele strategie voldoet aan de regels (verplichte maatregelen, vervangtermijn) voor "
                        "%(n)s asset(s), bijvoorbeeld %(examples)s. Geen budget haalt dit doel; pas de streefconditie "
                        "of de regels aan.")
        raise ValidationError(message % {"n": len(exc.assets), "examples": ", ".join(ext)}) from None
    return Built(problem=problem, asset_ids=ids, type_codes=type_codes, kind=kind, wijk_ids=wijk, condition=cond,
                 sched=sched, labels=labels, group=group, group_risk_year=risk_year, group_good_year=good_year,
                 weight=weight, lines=line_names, years=years, start_year=start_year, degradation_used=used,
                 risk_objective=risk_obj, cost_total=cost_total, kind_line=kind_line,
                 line_budgeted=bool(line_budgets))


def _split_budgets(budgets, templates, kind, scale, line, nlines, years) -> np.ndarray:
    """Total budget per year -> one budget row (a single line over all types): the plan's constraint is
    the total per year. (Per-line budgets: pass a (lines, years) list.)"""
    arr = np.asarray(budgets, dtype=float)
    if arr.ndim == 2:
        return arr
    # one total per year: all types share one line
    line[:] = 0
    return np.concatenate([arr[None, :], np.full((nlines - 1, years), np.inf)]) if nlines > 1 else arr[None, :]


def _line_budget_rows(line_budgets: dict, line_names: list[str], order: list[str], years: int) -> np.ndarray:
    unknown = [k for k in line_budgets if k not in order]
    if unknown:
        raise ValidationError(_("Onbekende budgetlijn '%(line)s'. Kies uit: %(lines)s.")
                              % {"line": unknown[0], "lines": ", ".join(order)})
    missing = [x for x in line_names if x not in line_budgets]
    if missing:
        raise ValidationError(
            ngettext("Geef ook een budget voor de budgetlijn %(lines)s: daar staan assets in.",
                     "Geef ook een budget voor de budgetlijnen %(lines)s: daar staan assets in.", len(missing))
            % {"lines": ", ".join(f"{x} ({BUDGET_LINE_LABELS.get(x, x)})" for x in missing)})
    rows = []
    for x in line_names:
        v = np.asarray(line_budgets[x], dtype=float).ravel()
        if v.size == 1:
            v = np.repeat(v, years)
        if v.size != years:
            raise ValidationError(_("Budgetlijn %(line)s: %(given)s jaarbudgetten opgegeven voor een horizon van "
                                    "%(years)s jaar.") % {"line": x, "given": v.size, "years": years})
        if not np.isfinite(v).all() or (v < 0).any():
            raise ValidationError(_("Budgetlijn %(line)s: een budget is negatief of geen getal.") % {"line": x})
        rows.append(v)
    return np.array(rows)


def parse_line_budgets(text: str | None, *, lines: list[str] | None = None) -> dict[str, float] | None:
    """`green=400000,paving=800000,...` (EUR per year, the same every year) -> {line: amount}."""
    if text is None or not str(text).strip():
        return None
    lines = lines or list(BUDGET_LINES)
    out: dict[str, float] = {}
    for part in str(text).split(","):
        if not part.strip():
            continue
        if "=" not in part:
            raise ValidationError(_("Budget per budgetlijn '%(text)s': schrijf lijn=bedrag, bijvoorbeeld "
                                    "green=400000.") % {"text": part.strip()})
        key, value = (x.strip() for x in part.split("=", 1))
        if key not in lines:
            raise ValidationError(_("Onbekende budgetlijn '%(line)s'. Kies uit: %(lines)s.")
                                  % {"line": key, "lines": ", ".join(lines)})
        text_v = value.replace("€", "").replace("_", "")
        try:
            v = float(text_v)
        except ValueError:
            raise ValidationError(_("Budget van budgetlijn %(line)s ('%(value)s') is geen getal.")
                                  % {"line": key, "value": value}) from None
        if not np.isfinite(v) or v < 0:
            raise ValidationError(_("Budget van budgetlijn %(line)s (%(value)s) is negatief of geen getal.")
                                  % {"line": key, "value": value})
        out[key] = v
    return out or None


def parse_budgets(*, budget: str | None, budgets: str | None, years: int) -> list[float] | None:
    """Budget from the command line: one amount for every year, or a comma list (one per year)."""
    if budget is not None and budgets is not None:
        raise ValidationError(_("Geef --budget of --budgets, niet allebei."))
    if budget is None and budgets is None:
        return None
    parts = [budget] if budget is not None else [p for p in str(budgets).split(",")]
    values = []
    for i, p in enumerate(parts, start=1):
        text = str(p).strip().replace("€", "").replace("_", "")
        try:
            v = float(text)
        except ValueError:
            raise ValidationError(_("Budget %(n)s ('%(value)s') is geen getal. Schrijf bijvoorbeeld 250000.")
                                  % {"n": i, "value": p}) from None
        if not np.isfinite(v):
            raise ValidationError(_("Budget %(n)s ('%(value)s') is geen getal.") % {"n": i, "value": p})
        if v < 0:
            raise ValidationError(_("Budget %(n)s (%(value)s) is negatief; een budget is 0 of meer euro.")
                                  % {"n": i, "value": p})
        values.append(v)
    if budget is not None:
        return values * years
    if len(values) != years:
        raise ValidationError(_("Er zijn %(given)s jaarbudgetten opgegeven voor een horizon van %(years)s jaar.")
                              % {"given": len(values), "years": years})
    return values


ASPECT_LABELS = ASPECTS
INTERVENTION_DEFAULTS = INTERVENTIONS
