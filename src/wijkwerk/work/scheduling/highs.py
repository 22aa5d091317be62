"""A small maximising MILP builder on HiGHS (highspy), quiet, with a time limit that holds."""

from __future__ import annotations

import os
import sys
import threading
from dataclasses import dataclass, field

import highspy
import numpy as np

INF = highspy.kHighsInf
_lock = threading.Lock()
_banner_done = False


def _new_highs() -> highspy.Highs:
    """highspy prints a banner on stdout the first time; keep stdout clean (commands print JSON)."""
    global _banner_done
    with _lock:
        if _banner_done:
            h = highspy.Highs()
        else:
            sys.stdout.flush()
            sys.stderr.flush()
            saved = os.dup(1), os.dup(2)
            devnull = os.open(os.devnull, os.O_WRONLY)
            try:
                os.dup2(devnull, 1)
                os.dup2(devnull, 2)
                h = highspy.Highs()
            finally:
                os.dup2(saved[0], 1)
                os.dup2(saved[1], 2)
                for fd in (devnull, *saved):
                    os.close(fd)
            _banner_done = True
    h.setOptionValue("output_flag", False)
    return h


@dataclass
class Result:
    x: np.ndarray | None
    objective: float
    bound: float
    status: str

    @property
    def optimal(self) -> bool:
        return "Optimal" in self.status


@dataclass
class Model:
    """max c.x s.t. lo <= A x <= hi, bounds, integrality; rows are added as sparse (index, value) lists."""

    cost: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    integer: list[bool] = field(default_factory=list)
    row_lo: list[float] = field(default_factory=list)
    row_hi: list[float] = field(default_factory=list)
    row_start: list[int] = field(default_factory=lambda: [0])
    row_index: list[int] = field(default_factory=list)
    row_value: list[float] = field(default_factory=list)

    def var(self, cost: float, upper: float = 1.0, integer: bool = True) -> int:
        self.cost.append(float(cost))
        self.upper.append(float(upper))
        self.integer.append(integer)
        return len(self.cost) - 1

    def row(self, index: list[int], value: list[float], lo: float = -INF, hi: float = INF) -> None:
        if not index:
            return
        self.row_index.extend(index)
        self.row_value.extend(value)
        self.row_start.append(len(self.row_index))
        self.row_lo.append(lo)
        self.row_hi.append(hi)

    @property
    def num_col(self) -> int:
        return len(self.cost)

    def solve(self, *, time_limit: float, rel_gap: float = 1e-3, relax: bool = False,
              start: np.ndarray | None = None) -> Result:
        n = self.num_col
        if n == 0:
            return Result(np.zeros(0), 0.0, 0.0, "Optimal")
        lp = highspy.HighsLp()
        lp.num_col_ = n
        lp.num_row_ = len(self.row_lo)
        lp.sense_ = highspy.ObjSense.kMaximize
        lp.col_cost_ = np.asarray(self.cost, dtype=np.float64)
        lp.col_lower_ = np.zeros(n)
        lp.col_upper_ = np.asarray(self.upper, dtype=np.float64)
        lp.row_lower_ = np.asarray(self.row_lo, dtype=np.float64)
        lp.row_upper_ = np.asarray(self.row_hi, dtype=np.float64)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
        lp.a_matrix_.num_col_ = n
        lp.a_matrix_.num_row_ = len(self.row_lo)
        lp.a_matrix_.start_ = np.asarray(self.row_start, dtype=np.int32)
        lp.a_matrix_.index_ = np.asarray(self.row_index, dtype=np.int32)
        lp.a_matrix_.value_ = np.asarray(self.row_value, dtype=np.float64)
        if not relax:
            lp.integrality_ = [highspy.HighsVarType.kInteger if i else highspy.HighsVarType.kContinuous
                               for i in self.integer]
        h = _new_highs()
        h.setOptionValue("time_limit", float(max(0.05, time_limit)))
        h.setOptionValue("mip_rel_gap", float(rel_gap))
        # No "threads" option: HiGHS has one thread pool per process, made by the first solve (the multi-year
        # plan's, say); a solve asking for another number of threads is refused and returns nothing.
        # HiGHS checks its time limit only between phases; its RINS/RENS sub-MIPs can run far past it.
        h.setOptionValue("mip_heuristic_run_rins", False)
        h.setOptionValue("mip_heuristic_run_rens", False)
        h.passModel(lp)
        if start is not None and not relax:
            sol = highspy.HighsSolution()
            sol.col_value = list(map(float, start))
            h.setSolution(sol)
        if h.run() == highspy.HighsStatus.kError:
            raise RuntimeError(f"HiGHS refused the model: {h.getModelStatus()}")
        info = h.getInfo()
        status = str(h.getModelStatus())
        x = np.array(h.getSolution().col_value) if info.primal_solution_status else None
        if relax:
            obj = float(info.objective_function_value)
            bound = obj if "Optimal" in status else INF
        else:
            obj = float(info.objective_function_value) if x is not None else 0.0
            bound = float(info.mip_dual_bound) if np.isfinite(info.mip_dual_bound) else INF
        return Result(x, obj, bound, status)
