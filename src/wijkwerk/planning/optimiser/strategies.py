"""Strategies from a degradation model: Markov chain over conditions 1..6, interventions, risk.

Pure numpy. Conditions are NEN 2767 scores 1 (excellent) .. 6 (very poor), stored 0-based here.
"""

from __future__ import annotations

import numpy as np

from .problem import ProblemError, gettext_noop

NONE, SMALL, LARGE, REPLACE = 0, 1, 2, 3
CODES = ("niets", "klein onderhoud", "groot onderhoud", "vervanging")
NCOND = 6


def check_transition(matrix, label: str = "") -> np.ndarray:
    p = np.asarray(matrix, dtype=float)
    where = f" ({label})" if label else ""
    if p.shape != (NCOND, NCOND):
        raise ProblemError(gettext_noop("De overgangsmatrix%(where)s moet 6 x 6 zijn (conditie 1 t/m 6)."),
                           {"where": where})
    if (p < 0).any() or not np.isfinite(p).all():
        raise ProblemError(gettext_noop("De overgangsmatrix%(where)s bevat een negatieve waarde of geen getal."),
                           {"where": where})
    sums = p.sum(axis=1)
    bad = np.flatnonzero(np.abs(sums - 1.0) > 1e-6)
    if bad.size:
        r = int(bad[0])
        raise ProblemError(gettext_noop("Rij %(row)s van de overgangsmatrix%(where)s telt op tot %(sum)s in plaats "
                                        "van 1."), {"row": r + 1, "where": where, "sum": f"{sums[r]:.4g}"})
    return p


def effect_matrix(*, steps: int = 0, to_condition: int | None = None, label: str = "") -> np.ndarray:
    """Deterministic effect of an intervention: improve `steps` conditions, or reset to `to_condition`."""
    e = np.zeros((NCOND, NCOND))
    for c in range(NCOND):
        new = (to_condition - 1) if to_condition is not None else max(0, c - steps)
        if new > c and to_condition is None:
            raise ProblemError(gettext_noop("De maatregel '%(label)s' maakt de conditie slechter; dat kan niet."),
                               {"label": label})
        e[c, min(max(new, 0), NCOND - 1)] = 1.0
    if steps < 0:
        raise ProblemError(gettext_noop("De maatregel '%(label)s' maakt de conditie slechter; dat kan niet."),
                           {"label": label})
    if to_condition is not None and not 1 <= to_condition <= NCOND:
        raise ProblemError(gettext_noop("De maatregel '%(label)s' heeft een onbekende conditie %(condition)s."),
                           {"label": label, "condition": to_condition})
    return e


def check_effect(e: np.ndarray, label: str) -> None:
    """An intervention may never make the condition worse (in expectation from any state)."""
    expected = e @ np.arange(NCOND)
    if (expected > np.arange(NCOND) + 1e-9).any():
        c = int(np.flatnonzero(expected > np.arange(NCOND) + 1e-9)[0])
        raise ProblemError(gettext_noop("De maatregel '%(label)s' maakt conditie %(condition)s slechter; dat kan "
                                        "niet."), {"label": label, "condition": c + 1})


def schedules(years: int) -> tuple[np.ndarray, list[str]]:
    """About 40 strategies for a horizon: (S, Y) intervention code per year, and a Dutch label each."""
    rows, labels = [np.zeros(years, dtype=np.int8)], ["niets doen"]
    for k in (1, 2, 3, 4):
        r = np.zeros(years, dtype=np.int8)
        r[::k] = SMALL
        rows.append(r)
        labels.append("klein onderhoud elk jaar" if k == 1 else f"klein onderhoud elke {k} jaar")
    for code, name in ((SMALL, "klein onderhoud"), (LARGE, "groot onderhoud"), (REPLACE, "vervanging")):
        for t in range(years):
            r = np.zeros(years, dtype=np.int8)
            r[t] = code
            rows.append(r)
            labels.append(f"{name} in jaar {t + 1}")
    for t in range(0, years, 2):
        r = np.zeros(years, dtype=np.int8)
        r[t + 3 :: 3] = SMALL
        r[t] = LARGE
        rows.append(r)
        labels.append(f"groot onderhoud in jaar {t + 1}, daarna elke 3 jaar klein")
    return np.array(rows), labels


def propagate(transition: np.ndarray, effects: np.ndarray, sched: np.ndarray, start: np.ndarray) -> np.ndarray:
    """Condition distribution at the end of each year.

    transition (6, 6); effects (4, 6, 6) per intervention code; sched (S, Y); start (G, 6).
    Returns (G, S, Y, 6): intervention at the start of the year, then a year of degradation.
    """
    g = start.shape[0]
    s, y = sched.shape
    d = np.broadcast_to(start[:, None, :], (g, s, NCOND)).copy()
    out = np.empty((g, s, y, NCOND))
    for yy in range(y):
        for code in (SMALL, LARGE, REPLACE):
            sel = sched[:, yy] == code
            if sel.any():
                d[:, sel] = d[:, sel] @ effects[code]
        d = d @ transition
        out[:, :, yy] = d
    return out


def start_distribution(conditions: np.ndarray) -> np.ndarray:
    """(G,) conditions 1..6 -> one-hot (G, 6)."""
    c = np.clip(np.asarray(conditions, dtype=int), 1, NCOND) - 1
    out = np.zeros((c.size, NCOND))
    out[np.arange(c.size), c] = 1.0
    return out


def default_transition(speed: float = 0.15) -> np.ndarray:
    p = np.zeros((NCOND, NCOND))
    for c in range(NCOND):
        if c == NCOND - 1:
            p[c, c] = 1.0
        elif c == NCOND - 2:
            p[c, c], p[c, c + 1] = 1 - speed, speed
        else:
            p[c, c], p[c, c + 1], p[c, c + 2] = 1 - speed, speed * 0.85, speed * 0.15
    return p


def default_effects() -> np.ndarray:
    return np.stack([np.eye(NCOND), effect_matrix(steps=1), effect_matrix(steps=2), effect_matrix(to_condition=1)])
