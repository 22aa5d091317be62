"""The inspections app's writes as other apps use them. Inside the app, and for anything not
listed here, import the domain modules: `quality.services`, `quality.plots`, `quality.schouw_import`,
`quality.polygons_import`, `condition.services`, `condition.conditions_import`."""

from .quality.plots import plot_record
from .quality.polygons_import import area_type_polygons_import
from .quality.services import area_types_ensure_default, quality_defaults_ensure, round_plan

__all__ = ["area_type_polygons_import", "area_types_ensure_default", "plot_record", "quality_defaults_ensure",
           "round_plan"]
