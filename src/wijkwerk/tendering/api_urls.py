from django.urls import path

from . import api

P = "gemeenten/<slug:slug>/aanbestedingen"

urlpatterns = [
    path(P, api.TenderListView.as_view(), name="api-aanbestedingen-list"),
    path(f"{P}/<int:tender_id>", api.TenderDetailView.as_view(), name="api-aanbestedingen-detail"),
]
