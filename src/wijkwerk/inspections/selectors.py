"""The inspections app's reads as other apps use them. Inside the app, import the domain
modules: `quality.selectors`, `condition.selectors`."""

from .condition.selectors import condition_history

__all__ = ["condition_history"]
