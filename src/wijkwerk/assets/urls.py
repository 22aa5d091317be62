from django.urls import path

from . import import_views, search_views, views

urlpatterns = [
    path("g/<slug:slug>/kaart/", views.asset_map, name="asset-map"),
    path("g/<slug:slug>/kaart/data", views.asset_map_data, name="asset-map-data"),
    path("g/<slug:slug>/kaart/gebieden", views.asset_map_areas, name="asset-map-areas"),
    path("g/<slug:slug>/assets/<int:asset_id>/", views.asset_detail, name="asset-detail"),
    path("g/<slug:slug>/zoeken/", search_views.asset_search_page, name="asset-search"),
    path("g/<slug:slug>/zoeken/data", search_views.asset_search_data, name="asset-search-data"),
    path("g/<slug:slug>/import/", import_views.import_upload, name="asset-import"),
    path("g/<slug:slug>/import/<int:job_id>/", import_views.import_job, name="asset-import-job"),
    path("g/<slug:slug>/import/<int:job_id>/status", import_views.import_job_status, name="asset-import-status"),
    path("g/<slug:slug>/import/<int:job_id>/bevestigen", import_views.import_job_confirm, name="asset-import-confirm"),
    path("g/<slug:slug>/import/<int:job_id>/soorten", import_views.import_job_types, name="asset-import-types"),
    path("g/<slug:slug>/import/<int:job_id>/annuleren", import_views.import_job_cancel, name="asset-import-cancel"),
    path("g/<slug:slug>/import/<int:job_id>/fouten.csv", import_views.import_job_errors, name="asset-import-errors"),
]
