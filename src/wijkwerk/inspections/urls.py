from django.urls import path

from . import views

S = "g/<slug:slug>/schouw/"

urlpatterns = [
    path(S, views.round_list, name="inspections-rounds"),
    path(f"{S}catalogus/", views.catalogue, name="inspections-catalogue"),
    path(f"{S}<int:round_id>/", views.round_detail, name="inspections-round"),
    path(f"{S}<int:round_id>/meetlocaties", views.round_plots_json, name="inspections-round-plots"),
    path(f"{S}<int:round_id>/lijst/", views.round_print, name="inspections-print"),
    path(f"{S}<int:round_id>/invoer/", views.round_entry, name="inspections-entry"),
    path(f"{S}<int:round_id>/invoer/<int:plot_id>", views.plot_save, name="inspections-plot-save"),
    path(f"{S}<int:round_id>/uitslag/", views.round_results, name="inspections-results"),
    path(f"{S}<int:round_id>/uitslag.xlsx", views.round_results_xlsx, name="inspections-results-xlsx"),
    path(f"{S}<int:round_id>/uitslag.pdf", views.round_results_pdf, name="inspections-results-pdf"),
    path(f"{S}gebiedstypen/", views.area_types, name="inspections-area-types"),
    path(f"{S}gebiedstypen/<int:area_type_id>/", views.area_type_edit, name="inspections-area-type"),
    path("g/<slug:slug>/conditie/tabellen/", views.condition_tables, name="inspections-condition-tables"),
    path("g/<slug:slug>/conditie/", views.condition_overview, name="inspections-condition"),
    path("g/<slug:slug>/assets/<int:asset_id>/conditie/", views.asset_condition, name="inspections-asset-condition"),
]
