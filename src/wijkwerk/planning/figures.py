"""The figures of a computed plan as people read them, shared by the plan page and its files (Excel,
PDF): per year the budget, the cost and the share of the budget used; the totals; the budget lines;
what the plan was asked (objective, horizon, budget); and what "risico", "ondergrens" and "afstand
tot optimum" mean. Plain reads of the plan's summary JSON (services.plan_summary); no database."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from wijkwerk.core.numbers import format_money, format_number, format_percent

from .defaults import BUDGET_LINE_LABELS

OBJECTIVE_LABELS = {"risk": gettext_lazy("Minste risico binnen het budget"),
                    "cost": gettext_lazy("Laagste kosten, alles op streefconditie")}

# What the numbers mean, in a sentence or two: on the pages (help text) and in the files.
RISK_HELP = gettext_lazy(
    "Per asset de kans op falen (uit de conditie, NEN 2767) maal het effect daarvan (veiligheid, "
    "bereikbaarheid, leefbaarheid, imago, duurzaamheid), opgeteld over alle assets en alle jaren van de "
    "horizon. Lager is beter.")
BOUND_HELP = gettext_lazy(
    "Het laagste risico dat met dit budget wiskundig haalbaar is. Geen enkel plan komt daaronder; "
    "de berekening bewijst dat.")
GAP_HELP = gettext_lazy(
    "Hoeveel procent het risico van dit plan hooguit boven het best mogelijke plan "
    "ligt. Hoe kleiner, hoe dichter bij het beste plan.")


def explanations() -> list[tuple[str, str]]:
    """(term, explanation) of the three figures a reader of a plan asks about."""
    return [(_("Risico"), str(RISK_HELP)), (_("Ondergrens"), str(BOUND_HELP)),
            (_("Afstand tot optimum"), str(GAP_HELP))]


def _share(part: float | None, whole: float | None) -> float | None:
    if part is None or whole is None or whole <= 0:
        return None
    return part / whole


def year_rows(summary: dict, counts: dict | None = None) -> list[dict]:
    """Per plan year: year, budget (None without a budget), cost, spent (cost / budget, or None),
    risk before and after, share at the target condition after (0..1), number of interventions."""
    start = summary.get("start_year") or 1
    costs = summary.get("cost_per_year") or []
    budgets = summary.get("budget_per_year") or [None] * len(costs)
    before = summary.get("risk_per_year_before") or [0.0] * len(costs)
    after = summary.get("risk_per_year_after") or [0.0] * len(costs)
    performance = summary.get("performance_per_year_after") or [0.0] * len(costs)
    rows = []
    for i, cost in enumerate(costs):
        budget = budgets[i] if i < len(budgets) else None
        rows.append({"index": i + 1, "year": start + i, "budget": budget, "cost": cost,
                     "spent": _share(cost, budget), "before": before[i], "after": after[i],
                     "performance": performance[i], "count": (counts or {}).get(i + 1, 0)})
    return rows


def totals(summary: dict) -> dict:
    """Over the horizon: budget (None when not every year has one), cost, spent (fraction or None)."""
    costs = summary.get("cost_per_year") or []
    budgets = summary.get("budget_per_year") or []
    budget = sum(budgets) if budgets and all(b is not None for b in budgets) else None
    cost = float(sum(costs))
    return {"budget": budget, "cost": cost, "spent": _share(cost, budget), "years": len(costs)}


def line_rows(summary: dict) -> list[dict]:
    """Per budget line over the horizon: label, cost, budget (None: the line shares the total budget),
    spent."""
    cost = summary.get("cost_per_line") or {}
    budget = summary.get("budget_per_line") or {}
    rows = []
    for code, values in cost.items():
        line_budget = sum(budget[code]) if code in budget else None
        rows.append({"code": code, "label": str(BUDGET_LINE_LABELS.get(code, code)), "cost": float(sum(values)),
                     "budget": line_budget, "spent": _share(float(sum(values)), line_budget)})
    return rows


def horizon_text(summary: dict) -> str:
    years = len(summary.get("cost_per_year") or [])
    start = summary.get("start_year")
    if not start or not years:
        return ngettext("%(years)s jaar", "%(years)s jaar", years) % {"years": years}
    return ngettext("%(years)s jaar (%(first)s t/m %(last)s)", "%(years)s jaar (%(first)s t/m %(last)s)", years) % {
        "years": years, "first": start, "last": start + years - 1}


def budget_text(summary: dict) -> str:
    """The budget the plan was computed for, in a line: the same amount each year, per budget line,
    varying per year, or none (the lowest cost with everything at the target condition)."""
    lines = summary.get("budget_per_line") or {}
    if lines:
        parts = [_("%(line)s %(amount)s") % {"line": BUDGET_LINE_LABELS.get(code, code), "amount": format_money(v[0])}
                 for code, v in lines.items() if v]
        return _("per jaar per budgetlijn: %(lines)s") % {"lines": "; ".join(parts)}
    budgets = summary.get("budget_per_year") or []
    if not budgets or any(b is None for b in budgets):
        return _("geen vast budget (laagste kosten)")
    if max(budgets) - min(budgets) < 0.005:
        return _("%(amount)s per jaar") % {"amount": format_money(budgets[0])}
    return _("%(total)s over de horizon, verschillend per jaar") % {"total": format_money(sum(budgets))}


def spent_text(summary: dict) -> str:
    """"€ 11.199.985 van € 12.000.000 (93,3 %)", or the cost alone without a budget."""
    t = totals(summary)
    if t["budget"] is None:
        return format_money(t["cost"])
    return _("%(cost)s van %(budget)s (%(share)s)") % {"cost": format_money(t["cost"]),
                                                      "budget": format_money(t["budget"]),
                                                      "share": format_percent(t["spent"], 1)}


def result_facts(summary: dict, *, objective: str = "risk") -> list[tuple[str, str]]:
    """(label, value) lines of what was asked and what came out, in the active language."""
    return [
        (_("Doel"), str(OBJECTIVE_LABELS.get(objective, objective))),
        (_("Horizon"), horizon_text(summary)),
        (_("Budget"), budget_text(summary)),
        (_("Besteed over de horizon"), spent_text(summary)),
        (_("Assets in de berekening"), format_number(summary.get("assets") or 0)),
        *([(_("Kosten over de horizon (doel)"), format_money(summary.get("objective") or 0)),
           (_("Ondergrens (bewezen)"), format_money(summary.get("lower_bound") or 0))] if objective == "cost" else
          [(_("Risico na plan"), format_number(summary.get("objective") or 0)),
           (_("Ondergrens (bewezen)"), format_number(summary.get("lower_bound") or 0))]),
        (_("Afstand tot optimum"), _("hooguit %(gap)s") % {"gap": format_percent(summary.get("gap") or 0, 3)}),
    ]
