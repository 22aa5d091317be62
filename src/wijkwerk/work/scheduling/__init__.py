"""The weekly-plan scheduler: a pure library (no Django, no other Wijkwerk module; .importlinter), given
orders, people and days, returns assignments that keep every hard rule, with the solver's gap and a reason for
each order it could not place."""

from .check import Violation, check_assignments, check_plan, check_reasons, crew_exists, remaining_hours
from .objective import HARD_ONLY, PREFERENCES, Weights
from .problem import (
    Assignment,
    LearningAssignment,
    Order,
    Person,
    Plan,
    Problem,
    ProblemError,
    Reason,
    Unplaced,
)
from .solve import PlanError, plan_week

__all__ = ["HARD_ONLY", "PREFERENCES", "Assignment", "LearningAssignment", "Order", "Person", "Plan", "PlanError",
           "Problem", "ProblemError", "Reason", "Unplaced", "Violation", "Weights", "check_assignments",
           "check_plan", "check_reasons", "crew_exists", "plan_week", "remaining_hours"]
