from django.urls import path

from . import api

urlpatterns = [
    path("gemeenten", api.GemeenteListView.as_view(), name="api-gemeente-list"),
    path("gemeenten/<slug:slug>", api.GemeenteDetailView.as_view(), name="api-gemeente-detail"),
]
