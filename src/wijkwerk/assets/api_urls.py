from django.urls import path

from . import api, detail_api

urlpatterns = [
    path("gemeenten/<slug:slug>/assettypes", api.AssetTypeListView.as_view(), name="api-assettypes-list"),
    path("gemeenten/<slug:slug>/assets", api.AssetListView.as_view(), name="api-assets-list"),
    path("gemeenten/<slug:slug>/assets/<int:asset_id>", detail_api.AssetDetailView.as_view(), name="api-assets-detail"),
]
