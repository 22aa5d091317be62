"""The planning model Wijkwerk ships with (a municipality may change every number on its pages)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ASPECTS = ["veiligheid", "bereikbaarheid", "leefbaarheid", "imago", "duurzaamheid"]

# NEN 2767 condition 1..6 -> probability-of-failure class 1..5 (almost never .. almost daily)
PROBABILITY_OF_CONDITION = [1, 1, 2, 3, 4, 5]

# 5 x 5 risk matrix: rows probability 1..5, columns effect 1..5 (risk = probability x effect)
RISK_MATRIX = [[p * e for e in range(1, 6)] for p in range(1, 6)]

# yearly chance to drop one condition (two: 15 % of that) per asset type; others use DEFAULT_SPEED
SPEED = {"tree": 0.10, "street_light": 0.08, "bench": 0.15, "bin": 0.18, "bicycle_rack": 0.12, "bollard": 0.10,
         "barrier": 0.12, "playground_equipment": 0.15, "sign": 0.10, "plant_bed": 0.20, "grass": 0.20,
         "hedge": 0.15, "paving": 0.10, "water_bank": 0.08}
DEFAULT_SPEED = 0.12

# unit cost (EUR per unit of the asset: piece, m or m2) of small maintenance, large maintenance, replacement
UNIT_COST = {"tree": [45, 250, 900], "street_light": [60, 400, 2200], "bench": [40, 180, 900],
             "bin": [20, 90, 450], "bicycle_rack": [25, 120, 600], "bollard": [10, 50, 180],
             "barrier": [8, 40, 150], "playground_equipment": [150, 900, 6000], "sign": [15, 60, 250],
             "plant_bed": [3, 12, 45], "grass": [0.5, 2, 6], "hedge": [4, 15, 60], "paving": [2, 15, 70],
             "water_bank": [10, 60, 300]}
DEFAULT_UNIT_COST = [20, 100, 500]

# effect on the five aspects (1..5) per asset type
EFFECT = {"street_light": [4, 3, 3, 2, 2], "playground_equipment": [5, 2, 3, 3, 1], "paving": [4, 4, 2, 2, 1],
          "tree": [4, 2, 3, 2, 3], "sign": [4, 3, 1, 1, 1], "water_bank": [3, 2, 2, 2, 3],
          "bench": [2, 1, 3, 2, 1], "bin": [1, 1, 3, 2, 2]}
DEFAULT_EFFECT = [2, 2, 2, 2, 1]

INTERVENTIONS = [
    {"code": "small", "label": "klein onderhoud", "steps": 1},
    {"code": "large", "label": "groot onderhoud", "steps": 2},
    {"code": "replace", "label": "vervanging", "to_condition": 1},
]

# budget lines (codes used by `wijkwerk plan --line-budgets` and in the config) and their asset types;
# a type not listed falls in DEFAULT_BUDGET_LINE
BUDGET_LINES = {
    "green": ["tree", "plant_bed", "grass", "hedge", "water_bank"],
    "paving": ["paving"],
    "furniture": ["bench", "bin", "bicycle_rack", "bollard", "barrier", "sign", "playground_equipment"],
    "lighting": ["street_light"],
}
BUDGET_LINE_LABELS = {"green": _("groen"), "paving": _("verharding"), "furniture": _("meubilair"),
                      "lighting": _("verlichting")}
DEFAULT_BUDGET_LINE = "furniture"


def budget_line_of(cfg: dict, code: str) -> str:
    """The budget line of an asset type under the configuration `cfg`."""
    for line, types in (cfg.get("budget_lines") or BUDGET_LINES).items():
        if code in types:
            return line
    return DEFAULT_BUDGET_LINE


def budget_line_order(cfg: dict) -> list[str]:
    lines = list(cfg.get("budget_lines") or BUDGET_LINES)
    return lines if DEFAULT_BUDGET_LINE in lines else [*lines, DEFAULT_BUDGET_LINE]


def default_config() -> dict:
    return {
        "horizon": 10,
        "target_condition": 3,
        "combine": "worst",  # or "weighted"
        "aspect_weights": [0.4, 0.2, 0.2, 0.1, 0.1],
        "probability_of_condition": list(PROBABILITY_OF_CONDITION),
        "risk_matrix": [list(r) for r in RISK_MATRIX],
        "min_transitions": 30,
        "replacement_min_years": 15,
        "default_condition": 3,
        "current_budget": None,  # EUR per year; None = derived from the assets
        "budget_lines": {k: list(v) for k, v in BUDGET_LINES.items()},  # line code -> asset types
        "types": {},  # per asset type overrides: speed, transition, unit_cost, effect, mandatory
        "location_bonus": {"hoofdweg": [1, 1, 0, 0, 0], "schoolzone": [1, 0, 0, 0, 0]},
        "area_type_bonus": {"centrum": [0, 1, 1, 1, 0], "winkelgebied": [0, 1, 1, 1, 0]},
    }
