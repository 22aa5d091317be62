"""Random planning instances (benchmarks and tests): asset types with a Markov degradation model,
about 40 strategies per asset over the horizon, risk = probability class x effect."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import strategies as st
from .problem import Problem

PROB_OF_CONDITION = np.array([1, 1, 2, 3, 4, 5])  # probability class (1..5) per condition 1..6


@dataclass
class Instance:
    problem: Problem
    condition: np.ndarray  # (N,) 1..6
    effect: np.ndarray  # (N,) 1..5
    labels: list
    sched: np.ndarray  # (S, Y)
    treat: np.ndarray  # (K, 3, Y) worst-first strategies per condition band
    none: np.ndarray  # (K,)
    do_nothing_risk_per_year: np.ndarray  # (Y,)


def risk_values(matrix: np.ndarray, effect: int) -> np.ndarray:
    """Risk per condition 1..6 for an effect class (1..5) from a 5x5 matrix [probability][effect]."""
    return matrix[PROB_OF_CONDITION - 1, effect - 1]


def treat_table(sched: np.ndarray, k: int) -> np.ndarray:
    """Worst-first strategies: band 0 (cond <= 3) small, band 1 (cond 4) large, band 2 (5..6) replace."""
    y = sched.shape[1]
    out = np.zeros((k, 3, y), dtype=np.int32)
    for band, code in enumerate((st.SMALL, st.LARGE, st.REPLACE)):
        for yy in range(y):
            want = np.zeros(y, dtype=sched.dtype)
            want[yy] = code
            idx = np.flatnonzero((sched == want).all(axis=1))
            out[:, band, yy] = idx[0]
    return out


def band_of_condition(condition: np.ndarray) -> np.ndarray:
    return np.where(condition >= 5, 2, np.where(condition == 4, 1, 0))


def random_instance(n: int, *, years: int = 10, kinds: int = 12, lines: int = 1, budget_share: float = 0.3,
                    seed: int = 0, dtype=np.float32) -> Instance:
    rng = np.random.default_rng(seed)
    sched, labels = st.schedules(years)
    s = sched.shape[0]
    effects = st.default_effects()
    matrix = np.outer(np.arange(1, 6), np.arange(1, 6)).astype(float)
    templates = np.zeros((kinds, s, years))
    risk_table = np.zeros((kinds, 6, 5, s, years))  # kind, start condition, effect, strategy, year
    for k in range(kinds):
        trans = st.default_transition(speed=rng.uniform(0.08, 0.3))
        unit = np.array([0.0, rng.uniform(2, 8), rng.uniform(15, 40), rng.uniform(60, 150)])
        templates[k] = unit[sched]
        dist = st.propagate(trans, effects, sched, st.start_distribution(np.arange(1, 7)))  # (6, S, Y, 6)
        for e in range(1, 6):
            risk_table[k, :, e - 1] = dist @ risk_values(matrix, e)
    kind = rng.integers(0, kinds, n).astype(np.int32)
    condition = rng.choice(np.arange(1, 7), size=n, p=[0.15, 0.25, 0.25, 0.18, 0.12, 0.05])
    effect = rng.choice(np.arange(1, 6), size=n, p=[0.3, 0.3, 0.2, 0.12, 0.08])
    scale = np.round(rng.lognormal(2.5, 0.8, n), 2)
    size_factor = rng.uniform(0.8, 1.2, n)  # assets differ a little beyond their class
    objective = np.empty((n, s), dtype=dtype)
    for a in range(0, n, 1 << 16):
        b = min(n, a + (1 << 16))
        r = risk_table[kind[a:b], condition[a:b] - 1, effect[a:b] - 1].sum(axis=2)  # (n, S)
        objective[a:b] = (r * (size_factor[a:b, None] * np.sqrt(scale[a:b, None]))).astype(dtype)
    line = (np.arange(kinds) % lines).astype(np.int32)
    # budget: a share of what the least-risk plan would spend
    best = np.argmin(objective[: min(n, 50000)], axis=1)
    sample_cost = (scale[: best.size, None] * templates[kind[: best.size], best, :]).sum() * (n / best.size)
    per_line = np.bincount(line[kind], minlength=lines) / n
    budgets = np.outer(per_line, np.full(years, budget_share * sample_cost / years))
    budgets = np.round(budgets, 2)
    p = Problem(objective=objective, cost_template=templates, kind=kind, scale=scale, budgets=budgets, line=line)
    dn = np.zeros(years)
    for a in range(0, n, 1 << 16):
        b = min(n, a + (1 << 16))
        dn += (risk_table[kind[a:b], condition[a:b] - 1, effect[a:b] - 1, 0, :]
               * (size_factor[a:b, None] * np.sqrt(scale[a:b, None]))).sum(axis=0)
    return Instance(p, condition, effect, labels, sched, treat_table(sched, kinds), np.zeros(kinds, dtype=np.int32), dn)
