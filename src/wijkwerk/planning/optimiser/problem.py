"""The planning problem as plain arrays, and the plan that answers it.

A problem: N assets, each with S candidate strategies (a strategy = which intervention in which
year(s) of a horizon of Y years). Choose exactly one allowed strategy per asset, minimise the sum
of `objective[i, s]`, and never spend more than `budgets[l, y]` on budget line l in year y.

Costs are stored compactly: strategies come from a template per kind (usually: per asset type),
so the cost of strategy s of asset i in year y is `scale[i] * cost_template[kind[i], s, y]`
(scale = the asset's quantity in m2, m or pieces). Each kind belongs to one budget line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


def gettext_noop(text: str) -> str:
    """Marks a Dutch message for the English catalogue (makemessages finds it by this name). The
    optimiser imports no Django: the caller translates `template` and fills in `params`."""
    return text


class _Message:
    def _set(self, template: str, params: dict | None) -> str:
        self.template = template
        self.params = params or {}
        return template % self.params if params else template


class ProblemError(_Message, ValueError):
    """Bad input: the message (Dutch) names what is wrong; `template` % `params` is that message."""

    def __init__(self, template: str, params: dict | None = None):
        super().__init__(self._set(template, params))


class Infeasible(_Message, ValueError):
    """No plan satisfies the constraints. `min_budget` (L, Y) is a budget that would be feasible."""

    def __init__(self, message: str, min_budget: np.ndarray | None = None, assets: list | None = None,
                 params: dict | None = None):
        super().__init__(self._set(message, params))
        self.min_budget = min_budget
        self.assets = assets or []


@dataclass
class Problem:
    objective: np.ndarray  # (N, S) float32/float64
    cost_template: np.ndarray  # (K, S, Y) float64, cost per unit of scale
    kind: np.ndarray  # (N,) int: template per asset
    scale: np.ndarray  # (N,) float64
    budgets: np.ndarray  # (L, Y) float64, np.inf = no limit
    line: np.ndarray | None = None  # (K,) int: budget line per template (default 0)
    allowed: np.ndarray | None = None  # (N, S) bool (default: all)
    names: list | None = None  # asset names for MPS export (default 0..N-1)

    def __post_init__(self):
        self.objective = np.asarray(self.objective)
        if self.objective.dtype not in (np.float32, np.float64):
            self.objective = self.objective.astype(np.float64)
        self.cost_template = np.asarray(self.cost_template, dtype=np.float64)
        self.kind = np.asarray(self.kind, dtype=np.int32)
        self.scale = np.asarray(self.scale, dtype=np.float64)
        b = np.asarray(self.budgets, dtype=np.float64)
        self.budgets = b.reshape(1, -1) if b.ndim == 1 else b
        if self.line is None:
            self.line = np.zeros(self.cost_template.shape[0], dtype=np.int32)
        self.line = np.asarray(self.line, dtype=np.int32)
        self.validate()

    # -- shape -------------------------------------------------------------------------------------------
    @property
    def n(self) -> int:
        return self.objective.shape[0]

    @property
    def s(self) -> int:
        return self.objective.shape[1]

    @property
    def years(self) -> int:
        return self.cost_template.shape[2]

    @property
    def lines(self) -> int:
        return self.budgets.shape[0]

    def validate(self) -> None:
        n, s = self.objective.shape
        k, s2, y = self.cost_template.shape
        if s2 != s:
            raise ProblemError(gettext_noop("Aantal strategieën in kosten en risico verschilt."))
        if self.kind.shape != (n,) or self.scale.shape != (n,):
            raise ProblemError(gettext_noop("kind en scale moeten één waarde per asset hebben."))
        if n and (self.kind.min() < 0 or self.kind.max() >= k):
            raise ProblemError(gettext_noop("Onbekend strategiesjabloon bij een asset."))
        if self.budgets.shape[1] != y:
            raise ProblemError(gettext_noop("Er zijn %(given)s jaarbudgetten opgegeven, de horizon is %(years)s jaar."),
                               {"given": self.budgets.shape[1], "years": y})
        if np.isnan(self.budgets).any() or (self.budgets < 0).any():
            raise ProblemError(gettext_noop("Een budget is negatief of geen getal."))
        if self.line.shape != (k,) or (k and (self.line.min() < 0 or self.line.max() >= self.lines)):
            raise ProblemError(gettext_noop("Elke strategiesjabloon hoort bij één bestaande budgetlijn."))
        if not np.isfinite(self.cost_template).all() or (self.cost_template < 0).any():
            raise ProblemError(gettext_noop("Kosten moeten niet-negatieve getallen zijn."))
        if (self.scale < 0).any() or not np.isfinite(self.scale).all():
            raise ProblemError(gettext_noop("Hoeveelheden moeten niet-negatieve getallen zijn."))
        if self.allowed is not None:
            self.allowed = np.asarray(self.allowed, dtype=bool)
            if self.allowed.shape != (n, s):
                raise ProblemError(gettext_noop("allowed moet de vorm (assets, strategieën) hebben."))
            bad = np.flatnonzero(~self.allowed.any(axis=1))
            if bad.size:
                raise Infeasible(
                    gettext_noop("%(n)s asset(s) hebben geen toegestane strategie (bijv. asset %(example)s)."),
                    assets=[self.asset_name(i) for i in bad[:100]],
                    params={"n": int(bad.size), "example": self.asset_name(bad[0])},
                )
        fin = np.isfinite(self.objective) if self.allowed is None else np.isfinite(self.objective) | ~self.allowed
        if not fin.all():
            raise ProblemError(gettext_noop("Het doel (risico of kosten) bevat een waarde die geen getal is."))

    @classmethod
    def from_dense(cls, objective, cost, budgets, allowed=None) -> Problem:
        """Each asset its own template: cost (N, S, Y)."""
        cost = np.asarray(cost, dtype=np.float64)
        n = cost.shape[0]
        return cls(objective=objective, cost_template=cost, kind=np.arange(n), scale=np.ones(n),
                   budgets=budgets, allowed=allowed)

    def asset_name(self, i: int) -> str:
        return str(self.names[i]) if self.names is not None else str(int(i))

    # -- derived -----------------------------------------------------------------------------------------
    def constrained(self) -> np.ndarray:
        """(L, Y) bool: which budgets are real constraints."""
        return np.isfinite(self.budgets)

    @property
    def safe_budgets(self) -> np.ndarray:
        """Budgets with a tiny safety margin, so sums in another order never exceed the real budget."""
        b = self.budgets
        fb = np.where(np.isfinite(b), np.abs(b), 0.0)
        margin = np.minimum(np.maximum(1e-10 * fb, 1e-6), 1e-7 * fb)
        return np.where(np.isfinite(b), b - margin, b)

    def line_of_asset(self) -> np.ndarray:
        return self.line[self.kind]

    def usage(self, choice: np.ndarray) -> np.ndarray:
        """(L, Y) money spent by a choice of one strategy per asset (float64)."""
        k, s, y = self.cost_template.shape
        u = np.bincount(self.kind.astype(np.int64) * s + choice, weights=self.scale, minlength=k * s).reshape(k, s)
        per_kind = np.einsum("ks,ksy->ky", u, self.cost_template)
        out = np.zeros((self.lines, y))
        np.add.at(out, self.line, per_kind)
        return out

    def usage_exact(self, choice: np.ndarray) -> np.ndarray:
        """(L, Y) spent, summed asset by asset with the exact coefficients written to the MPS file."""
        cost = self.scale[:, None] * self.cost_template[self.kind, choice, :]  # (N, Y)
        out = np.zeros((self.lines, self.years))
        np.add.at(out, self.line_of_asset(), cost)
        return out

    def objective_value(self, choice: np.ndarray) -> float:
        return float(np.sum(self.objective[np.arange(self.n), choice].astype(np.float64)))

    def is_feasible(self, choice: np.ndarray) -> bool:
        if self.allowed is not None and not self.allowed[np.arange(self.n), choice].all():
            return False
        u = self.usage_exact(choice)
        c = self.constrained()
        return bool((u[c] <= self.safe_budgets[c]).all())

    def min_cost_choice(self) -> np.ndarray:
        """Per asset the allowed strategy with the least total cost (ties: least objective)."""
        total = self.cost_template.sum(axis=2)  # (K, S)
        out = np.empty(self.n, dtype=np.int32)
        for a, b in _chunks(self.n):
            c = self.scale[a:b, None] * total[self.kind[a:b]]
            c = c + 1e-9 * np.abs(self.objective[a:b]) / (1.0 + np.abs(self.objective[a:b]).max(initial=0))
            if self.allowed is not None:
                c = np.where(self.allowed[a:b], c, np.inf)
            out[a:b] = np.argmin(c, axis=1)
        return out


@dataclass
class Plan:
    choice: np.ndarray  # (N,) strategy per asset
    objective: float
    lower_bound: float
    gap: float
    usage: np.ndarray  # (L, Y)
    method: str
    seconds: float = 0.0
    info: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        return {
            "objective": self.objective,
            "lower_bound": self.lower_bound,
            "gap": self.gap,
            "cost_per_year": [float(v) for v in self.usage.sum(axis=0)],
            "method": self.method,
            "seconds": round(self.seconds, 3),
        }


def relative_gap(objective: float, lower_bound: float) -> float:
    if objective == lower_bound:
        return 0.0
    return max(0.0, (objective - lower_bound) / max(abs(objective), 1e-12))


def _chunks(n: int, size: int = 1 << 16):
    for a in range(0, n, size):
        yield a, min(n, a + size)
