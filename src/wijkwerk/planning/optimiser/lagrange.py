"""Lagrangian relaxation of the yearly budgets and a proximal bundle method for its dual.

For multipliers lam >= 0 (one per budget line and year),
    L(lam) = sum_i min_s (objective[i, s] + lam . cost[i, s, :]) - lam . B
is a lower bound on the optimum of the plan (weak duality). L is concave and piecewise linear;
its maximum equals the LP-relaxation bound. The per-asset minimisation is vectorised in numpy.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from .highs import INF, new_highs
from .problem import Problem, _chunks


class Oracle:
    """Evaluates L(lam) (and a subgradient) on all assets or on a subset."""

    def __init__(self, problem: Problem, index: np.ndarray | None = None, dtype=np.float32):
        p = problem
        self.p = p
        self.dtype = dtype
        if index is None:
            self.obj, self.kind, self.scale = p.objective, p.kind, p.scale
            self.allowed = p.allowed
            self.factor = 1.0
        else:
            self.obj, self.kind, self.scale = p.objective[index], p.kind[index], p.scale[index]
            self.allowed = None if p.allowed is None else p.allowed[index]
            self.factor = p.n / max(1, len(index))  # the subset stands for all assets
        self.con = p.constrained()
        self.B = np.where(self.con, p.budgets, 0.0)
        self.calls = 0

    def reduced_weights(self, lam: np.ndarray) -> np.ndarray:
        """(K, S): cost of each template strategy priced at lam (per unit of scale)."""
        return np.einsum("ksy,ky->ks", self.p.cost_template, lam[self.p.line])

    def __call__(self, lam: np.ndarray, *, want_second: bool = False):
        """Returns (L(lam), choice, usage (L, Y)[, regret]) ; exact float64 when dtype is float64."""
        self.calls += 1
        p = self.p
        w = self.reduced_weights(lam).astype(self.dtype)
        n = self.obj.shape[0]
        choice = np.empty(n, dtype=np.int32)
        regret = np.empty(n, dtype=np.float64) if want_second else None
        total = 0.0
        for a, b in _chunks(n, 1 << 15):
            red = self.obj[a:b].astype(self.dtype, copy=False) + self.scale[a:b, None].astype(self.dtype) * w[self.kind[a:b]]
            if self.allowed is not None:
                red = np.where(self.allowed[a:b], red, np.inf)
            ch = np.argmin(red, axis=1)
            best = np.take_along_axis(red, ch[:, None], axis=1)[:, 0]
            total += float(np.sum(best, dtype=np.float64))
            choice[a:b] = ch
            if want_second:
                np.put_along_axis(red, ch[:, None], np.inf, axis=1)
                regret[a:b] = red.min(axis=1) - best
        k, s, y = p.cost_template.shape
        u = np.bincount(self.kind.astype(np.int64) * s + choice, weights=self.scale, minlength=k * s).reshape(k, s)
        per_kind = np.einsum("ks,ksy->ky", u, p.cost_template)
        usage = np.zeros((p.lines, y))
        np.add.at(usage, p.line, per_kind)
        value = self.factor * total - float(np.sum(lam * self.B))
        usage *= self.factor
        if want_second:
            return value, choice, usage, regret
        return value, choice, usage


def dual_scales(problem: Problem) -> tuple[np.ndarray, float]:
    """Normalisation: mu = lam * Bn / F keeps the dual variables of order one."""
    con = problem.constrained()
    b = np.where(con, problem.budgets, 0.0)
    pos = b[b > 0]
    ref = float(pos.mean()) if pos.size else 1.0
    bn = np.where(b > 0, b, ref)
    # F: size of the objective (sum over assets of the mean objective)
    sample = problem.objective[:: max(1, problem.n // 20000)].astype(np.float64)
    if problem.allowed is not None:
        sample = np.where(problem.allowed[:: max(1, problem.n // 20000)], sample, np.nan)
    f = float(np.nanmean(np.abs(sample))) * problem.n if sample.size else 1.0
    return bn, max(f, 1e-9)


def bundle_maximise(oracle: Oracle, mu0: np.ndarray, bn: np.ndarray, f_scale: float, *, tol: float = 1e-6,
                    max_iter: int = 100, time_limit: float = 30.0, u0: float = 1.0,
                    progress: Callable[[float], None] | None = None) -> dict:
    """Proximal bundle method on the normalised dual. Returns the best point found and its data.

    Stops after `max_iter` iterations or `time_limit` seconds (each master QP gets at most the time left).
    `progress(fraction)` is called after every iteration."""
    con = oracle.con
    idx = np.flatnonzero(con.ravel())
    m = idx.size
    start = time.perf_counter()

    def lam_of(mu_vec):
        lam = np.zeros(con.size)
        lam[idx] = mu_vec * f_scale / bn.ravel()[idx]
        return lam.reshape(con.shape)

    def evaluate(mu_vec):
        value, choice, usage = oracle(lam_of(mu_vec))
        g = ((usage - oracle.B) / bn).ravel()[idx]  # subgradient in mu-space (per unit of F)
        return value / f_scale, g, choice

    center = np.maximum(np.asarray(mu0, dtype=float).ravel()[:m] if m else np.zeros(0), 0.0)
    f_c, g_c, ch_c = evaluate(center)
    history = [f_c]
    if m == 0:
        return {"mu": center, "lam": lam_of(center), "value": f_c * f_scale, "choice": ch_c, "iterations": 0}
    cuts_f, cuts_g, cuts_x = [f_c], [g_c], [center.copy()]
    u = u0
    best = (f_c, center.copy(), ch_c)
    it = 0
    for it in range(1, max_iter + 1):  # noqa: B007
        left = time_limit - (time.perf_counter() - start)
        if left <= 0:
            break
        x, theta = _prox_qp(np.array(cuts_f), np.array(cuts_g), np.array(cuts_x), center, u,
                            time_limit=min(QP_TIME_LIMIT, max(0.01, left)))
        pred = theta - f_c
        if pred <= tol * max(1.0, abs(f_c)) or time.perf_counter() - start > time_limit:
            break
        f_n, g_n, ch_n = evaluate(x)
        if progress is not None:
            progress(min(1.0, it / max_iter, (time.perf_counter() - start) / max(time_limit, 1e-9)))
        history.append(f_n)
        cuts_f.append(f_n)
        cuts_g.append(g_n)
        cuts_x.append(x.copy())
        if f_n > best[0]:
            best = (f_n, x.copy(), ch_n)
        if f_n - f_c >= 0.1 * pred:
            if f_n - f_c >= 0.5 * pred:
                u = max(u * 0.5, 1e-6)
            center, f_c = x, f_n
        else:
            u = min(u * 2.0, 1e8)
        if len(cuts_f) > 80:  # keep the newest cuts
            cuts_f, cuts_g, cuts_x = cuts_f[-60:], cuts_g[-60:], cuts_x[-60:]
    f_b, mu_b, ch_b = best
    return {"mu": mu_b, "lam": lam_of(mu_b), "value": f_b * f_scale, "choice": ch_b, "iterations": it,
            "history": history}


QP_TIME_LIMIT = 0.5  # seconds for one master QP (HiGHS); usually a few milliseconds
QP_ITERATION_LIMIT = 5000


def _master_value(a, cg, center, u, mu) -> tuple[float, float]:
    """(theta, master objective) at mu: theta = the cutting-plane model, minus the proximal term."""
    theta = float(np.min(a + cg @ mu))
    return theta, theta - 0.5 * u * float(np.sum((mu - center) ** 2))


def _prox_qp(cf, cg, cx, center, u, *, time_limit: float = QP_TIME_LIMIT):
    """The bundle master problem
        max theta - u/2 |mu - center|^2  s.t. theta <= f_k + g_k.(mu - x_k), mu >= 0.
    Solved by HiGHS's QP solver under a time and iteration limit. That solver can cycle on the
    degenerate masters of tight budgets (found on the demo: hundreds of thousands of iterations
    without progress), so when it does not report an optimum the master is (also) solved through
    its dual by an accelerated projected gradient method in numpy, and the better point is used.
    Any mu >= 0 is a valid trial point; theta is recomputed from the cuts."""
    a = cf - np.einsum("km,km->k", cg, cx)
    mu, ok = _prox_qp_highs(a, cg, center, u, time_limit)
    best = None
    if mu is not None:
        best = (_master_value(a, cg, center, u, mu), mu)
    if not ok:
        mu2 = _prox_dual(a, cg, center, u)
        cand = (_master_value(a, cg, center, u, mu2), mu2)
        if best is None or cand[0][1] > best[0][1]:
            best = cand
    if best is None:
        return center.copy(), -np.inf
    (theta, _), mu = best
    return mu, theta


def _prox_qp_highs(a, cg, center, u, time_limit):
    """Returns (mu or None, optimal?)."""
    k, m = cg.shape
    h = new_highs()
    h.setOptionValue("time_limit", float(max(0.01, time_limit)))
    h.setOptionValue("qp_iteration_limit", QP_ITERATION_LIMIT)
    n = m + 1
    lower = np.concatenate([[-INF], np.zeros(m)])
    upper = np.full(n, INF)
    h.addVars(n, lower, upper)
    cost = np.concatenate([[-1.0], -u * center])
    h.changeColsCost(n, np.arange(n, dtype=np.int32), cost)
    # rows: theta - g_k.mu <= f_k - g_k.x_k
    mat = np.hstack([np.ones((k, 1)), -cg])
    starts = np.arange(k, dtype=np.int32) * n
    h.addRows(k, np.full(k, -INF), a, k * n, starts, np.tile(np.arange(n, dtype=np.int32), k), mat.ravel())
    # Hessian: u on the mu diagonal (column 0 = theta has none)
    h.passHessian(n, m, 1, np.concatenate([[0], np.arange(m + 1)]).astype(np.int32),
                  np.arange(1, n, dtype=np.int32), np.full(m, float(u)))
    h.run()
    optimal = "Optimal" in str(h.getModelStatus())
    x = np.array(h.getSolution().col_value)
    if x.size != n or not np.isfinite(x).all():
        return None, False
    return np.maximum(x[1:], 0.0), optimal


def _project_simplex(v: np.ndarray) -> np.ndarray:
    srt = np.sort(v)[::-1]
    css = np.cumsum(srt) - 1.0
    ind = np.arange(1, v.size + 1)
    rho = ind[srt - css / ind > 0][-1]
    return np.maximum(v - css[rho - 1] / rho, 0.0)


def _prox_dual(a, cg, center, u, *, max_iter: int = 3000, tol: float = 1e-12) -> np.ndarray:
    """The master through its dual: min over the simplex of
        phi(alpha) = alpha.a + max_{mu >= 0} [alpha.G mu - u/2 |mu - center|^2],
    whose inner maximum is mu(alpha) = max(0, center + G^T alpha / u). phi is smooth and convex;
    FISTA with a fixed step 1/L, L = |G|^2 / u, and a bounded number of iterations."""
    k = a.size

    def mu_of(alpha):
        return np.maximum(center + (cg.T @ alpha) / u, 0.0)

    lip = max(float(np.linalg.norm(cg, 2)) ** 2 / max(u, 1e-12), 1e-12)
    alpha = np.full(k, 1.0 / k)
    y = alpha.copy()
    t = 1.0
    for it in range(max_iter):
        grad = a + cg @ mu_of(y)
        new = _project_simplex(y - grad / lip)
        tn = 0.5 * (1.0 + np.sqrt(1.0 + 4.0 * t * t))
        y = new + (t - 1.0) / tn * (new - alpha)
        alpha, t = new, tn
        if it % 50 == 49:
            mu = mu_of(alpha)
            prox = 0.5 * u * float(np.sum((mu - center) ** 2))
            dual = float(alpha @ (a + cg @ mu)) - prox
            primal = float(np.min(a + cg @ mu)) - prox
            if dual - primal <= tol * max(1.0, abs(dual)):
                break
    return mu_of(alpha)
