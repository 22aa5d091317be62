"""Bulk files for execution (CSV or XLSX through `wijkwerk.core.files`): activities, workers, work
orders. A bad row is refused on its own (row, column, Dutch reason); the other rows are written,
each in its own savepoint, so nothing is saved half."""

from .activities import activities_import
from .orders import work_orders_import
from .workers import workers_import

__all__ = ["activities_import", "work_orders_import", "workers_import"]
