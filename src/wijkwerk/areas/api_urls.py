from django.urls import path

from . import api

urlpatterns = [
    path("gemeenten/<slug:slug>/gebieden", api.AreaListView.as_view(), name="api-gebieden-list"),
    path("gemeenten/<slug:slug>/gebieden/<str:code>", api.AreaDetailView.as_view(), name="api-gebieden-detail"),
]
