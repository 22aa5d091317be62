"""Primal heuristics: make a choice feasible (repair) and improve it greedily within the budgets."""

from __future__ import annotations

import time

import numpy as np

from .problem import Infeasible, Problem, _chunks, gettext_noop


def _slack(p: Problem, usage: np.ndarray) -> np.ndarray:
    return np.where(p.constrained(), p.safe_budgets - usage, np.inf)


def _cost_delta_rows(p: Problem, rows: np.ndarray, current: np.ndarray) -> np.ndarray:
    """(n, S, Y) cost change of moving each asset in `rows` from `current` to every strategy."""
    t = p.cost_template[p.kind[rows]]  # (n, S, Y)
    cur = t[np.arange(rows.size), current[rows]]  # (n, Y)
    return p.scale[rows, None, None] * (t - cur[:, None, :])


def repair(p: Problem, choice: np.ndarray, *, max_rounds: int = 60, deadline: float | None = None) -> np.ndarray:
    """Move assets to cheaper strategies until no budget is exceeded (least objective loss per euro).
    After `deadline` (time.perf_counter()) or `max_rounds` it finishes with one vectorised fallback
    step, so it always ends quickly with a feasible choice (or raises Infeasible)."""
    choice = choice.copy()
    usage = p.usage_exact(choice)
    con = p.constrained()
    line_of = p.line_of_asset()
    for rnd in range(max_rounds):
        if deadline is not None and time.perf_counter() > deadline:
            break
        over = np.where(con, usage - p.safe_budgets, 0.0)
        viol = over > 0
        if not viol.any():
            return choice
        strict = rnd >= max_rounds // 2  # later rounds: only moves that raise no cost anywhere
        slack = _slack(p, usage)
        weight = np.where(viol, 1.0 / np.maximum(over, 1e-9), 0.0)  # (L, Y)
        lines = np.flatnonzero(viol.any(axis=1))
        cand_rows = np.flatnonzero(np.isin(line_of, lines))
        best_ratio = np.full(cand_rows.size, np.inf)
        best_s = np.zeros(cand_rows.size, dtype=np.int32)
        for a, b in _chunks(cand_rows.size, 1 << 13):
            rows = cand_rows[a:b]
            d = _cost_delta_rows(p, rows, choice)  # (n, S, Y)
            w = weight[line_of[rows]]  # (n, Y)
            reduction = -(d * w[:, None, :]).sum(axis=2)  # weighted violation reduction (>0 good)
            sl = slack[line_of[rows]]  # (n, Y)
            if strict:
                ok = (d <= 1e-12).all(axis=2)
            else:
                ok = ((d <= 0) | (~viol[line_of[rows]][:, None, :] & (d <= sl[:, None, :]))).all(axis=2)
            ok &= reduction > 0
            if p.allowed is not None:
                ok &= p.allowed[rows]
            dobj = p.objective[rows].astype(np.float64) - p.objective[rows, choice[rows]].astype(np.float64)[:, None]
            ratio = np.where(ok, dobj / np.where(ok, reduction, 1.0), np.inf)
            s = np.argmin(ratio, axis=1)
            best_s[a:b] = s
            best_ratio[a:b] = ratio[np.arange(rows.size), s]
        good = np.isfinite(best_ratio)
        if not good.any():
            break
        order = np.argsort(best_ratio[good], kind="stable")
        rows = cand_rows[good][order]
        new_s = best_s[good][order]
        # apply the shortest prefix that removes all violations (or all moves)
        t = p.cost_template
        delta = p.scale[rows, None] * (t[p.kind[rows], new_s] - t[p.kind[rows], choice[rows]])  # (n, Y)
        flat = np.zeros((rows.size, con.size))
        li = line_of[rows]
        y = p.years
        for yy in range(y):
            flat[np.arange(rows.size), li * y + yy] = delta[:, yy]
        need = over.ravel().copy()
        room = np.where(viol.ravel(), np.inf, slack.ravel())
        vmask = viol.ravel()
        for j in range(min(rows.size, 50000)):
            if j % 2048 == 2047 and deadline is not None and time.perf_counter() > deadline:
                break
            f = flat[j]
            if not ((f < 0) & (need > 0) & vmask).any() or not (f <= room).all():
                continue
            choice[rows[j]] = new_s[j]
            room = room - f
            need = need + f
            if not (need[vmask] > 0).any():
                break
        usage = p.usage_exact(choice)
    if p.is_feasible(choice):
        return choice
    cheapest = p.min_cost_choice()
    need = p.usage_exact(cheapest)
    if not p.is_feasible(cheapest):
        raise Infeasible(gettext_noop("Met dit budget is geen plan mogelijk: de verplichte maatregelen kosten al meer."),
                         min_budget=need)
    return _fallback_to_cheapest(p, choice, cheapest)


def _fallback_to_cheapest(p: Problem, choice: np.ndarray, cheapest: np.ndarray) -> np.ndarray:
    """Move assets to their cheapest strategy, least objective loss per euro saved first, until the
    budgets hold: the shortest feasible prefix of that order, found with cumulative sums (vectorised;
    moving every asset is feasible, so a prefix exists)."""
    rows = np.flatnonzero(choice != cheapest)
    t = p.cost_template
    y = p.years
    delta = p.scale[rows, None] * (t[p.kind[rows], cheapest[rows]] - t[p.kind[rows], choice[rows]])  # (n, Y)
    dobj = p.objective[rows, cheapest[rows]].astype(np.float64) - p.objective[rows, choice[rows]].astype(np.float64)
    saving = np.maximum(-delta.sum(axis=1), 1e-12)
    order = np.argsort(dobj / saving, kind="stable")
    rows, delta = rows[order], delta[order]
    flat = np.zeros((rows.size, p.budgets.size))
    li = p.line_of_asset()[rows]
    for yy in range(y):
        flat[np.arange(rows.size), li * y + yy] = delta[:, yy]
    con = p.constrained().ravel()
    usage = p.usage_exact(choice).ravel()
    total = usage[None, :] + np.cumsum(flat, axis=0)
    ok = (total[:, con] <= p.safe_budgets.ravel()[con]).all(axis=1)
    out = choice.copy()
    for k in np.flatnonzero(ok)[:3]:  # the first prefix that fits (checked exactly)
        out = choice.copy()
        out[rows[: k + 1]] = cheapest[rows[: k + 1]]
        if p.is_feasible(out):
            return out
    return cheapest.copy()


def improve(p: Problem, choice: np.ndarray, price: np.ndarray | None = None, *, rounds: int = 8,
            loop_limit: int = 4000, deadline: float | None = None) -> np.ndarray:
    """Greedy: switch assets to strategies with a lower objective that still fit the remaining budget,
    best objective gain per (priced) euro first. Never makes the plan infeasible. Stops after `rounds`
    rounds or at `deadline` (time.perf_counter())."""
    choice = choice.copy()
    con = p.constrained()
    line_of = p.line_of_asset()
    y = p.years
    budgets_n = np.where(con & (p.budgets > 0), p.budgets, 1.0)
    if price is None:
        price = np.zeros(p.budgets.shape)
    for _ in range(rounds):
        if deadline is not None and time.perf_counter() > deadline:
            break
        usage = p.usage_exact(choice)
        slack = _slack(p, usage)
        # price of a euro: the multiplier plus a small share of the remaining room
        pr = np.where(con, price + 1e-3 * np.abs(price).max(initial=0) / 1.0 + 1.0 / budgets_n * 1e-6, 0.0)
        pr = np.where(con, pr + 1.0 / np.maximum(slack, 1e-9) * 1e-9, 0.0)
        rows_all, s_all, gain_all = [], [], []
        for a, b in _chunks(p.n, 1 << 13):
            rows = np.arange(a, b)
            d = _cost_delta_rows(p, rows, choice)
            sl = slack[line_of[rows]]
            fits = (d <= sl[:, None, :] + 0.0).all(axis=2)
            if p.allowed is not None:
                fits &= p.allowed[rows]
            dobj = p.objective[rows].astype(np.float64) - p.objective[rows, choice[rows]].astype(np.float64)[:, None]
            fits &= dobj < -1e-12 * (1.0 + np.abs(p.objective[rows, choice[rows]]).astype(np.float64))[:, None]
            if not fits.any():
                continue
            priced = (np.maximum(d, 0.0) * pr[line_of[rows]][:, None, :]).sum(axis=2)
            score = np.where(fits, -dobj / np.maximum(priced, 1e-300), -np.inf)
            s = np.argmax(score, axis=1)
            has = fits[np.arange(rows.size), s]
            rows_all.append(rows[has])
            s_all.append(s[has])
            gain_all.append(score[np.arange(rows.size), s][has])
        if not rows_all:
            break
        rows = np.concatenate(rows_all)
        news = np.concatenate(s_all).astype(np.int32)
        gain = np.concatenate(gain_all)
        order = np.argsort(-gain, kind="stable")
        rows, news = rows[order], news[order]
        t = p.cost_template
        delta = p.scale[rows, None] * (t[p.kind[rows], news] - t[p.kind[rows], choice[rows]])  # (n, Y)
        li = line_of[rows]
        # vectorised prefix that fits, then one by one for a limited number
        flat = np.zeros((rows.size, con.size))
        for yy in range(y):
            flat[np.arange(rows.size), li * y + yy] = delta[:, yy]
        cum = np.cumsum(flat, axis=0)
        room = slack.ravel()
        fit_prefix = (cum <= room).all(axis=1)
        stop = rows.size if fit_prefix.all() else int(np.argmin(fit_prefix))
        changed = stop
        choice[rows[:stop]] = news[:stop]
        used = cum[stop - 1] if stop > 0 else np.zeros(con.size)
        left = room - used
        for j in range(stop, min(rows.size, stop + loop_limit)):
            if (flat[j] <= left).all():
                choice[rows[j]] = news[j]
                left = left - flat[j]
                changed += 1
        if changed == 0:
            break
    return choice
