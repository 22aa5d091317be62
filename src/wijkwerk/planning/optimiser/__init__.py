"""Pure planning optimiser (numpy + HiGHS, no Django): one strategy per asset under yearly budgets."""

from .mps import read_solution, write_mps, write_solution
from .problem import Infeasible, Plan, Problem, ProblemError, relative_gap
from .solve import solve
from .worstfirst import worst_first

__all__ = ["Infeasible", "Plan", "Problem", "ProblemError", "relative_gap", "read_solution", "solve",
           "worst_first", "write_mps", "write_solution"]
