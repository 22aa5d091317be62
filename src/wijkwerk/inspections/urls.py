from django.urls import path

from .condition import import_views as condition_import_views
from .condition import views as condition_views
from .quality import catalogue_views, entry_views
from .quality import views as quality_views

S = "g/<slug:slug>/schouw/"

urlpatterns = [
    path(S, quality_views.round_list, name="inspections-rounds"),
    path(f"{S}catalogus/", catalogue_views.catalogue, name="inspections-catalogue"),
    path(f"{S}<int:round_id>/", quality_views.round_detail, name="inspections-round"),
    path(f"{S}<int:round_id>/meetlocaties", quality_views.round_plots_json, name="inspections-round-plots"),
    path(f"{S}<int:round_id>/lijst/", quality_views.round_print, name="inspections-print"),
    path(f"{S}<int:round_id>/invoer/", entry_views.round_entry, name="inspections-entry"),
    path(f"{S}<int:round_id>/invoer/<int:plot_id>", entry_views.plot_save, name="inspections-plot-save"),
    path(f"{S}<int:round_id>/uitslag/", quality_views.round_results, name="inspections-results"),
    path(f"{S}<int:round_id>/uitslag.xlsx", quality_views.round_results_xlsx, name="inspections-results-xlsx"),
    path(f"{S}<int:round_id>/uitslag.pdf", quality_views.round_results_pdf, name="inspections-results-pdf"),
    path(f"{S}gebiedstypen/", catalogue_views.area_types, name="inspections-area-types"),
    path(f"{S}gebiedstypen/<int:area_type_id>/", catalogue_views.area_type_edit, name="inspections-area-type"),
    path("g/<slug:slug>/conditie/tabellen/", condition_views.condition_tables, name="inspections-condition-tables"),
    path("g/<slug:slug>/conditie/", condition_views.condition_overview, name="inspections-condition"),
    path("g/<slug:slug>/conditie/inlezen/", condition_import_views.condition_import, name="inspections-condition-import"),
    path("g/<slug:slug>/assets/<int:asset_id>/conditie/", condition_views.asset_condition,
         name="inspections-asset-condition"),
]
