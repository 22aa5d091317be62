from django.urls import path

from . import api

P = "gemeenten/<slug:slug>/schouwrondes"

urlpatterns = [
    path(P, api.RoundListView.as_view(), name="api-schouwrondes-list"),
    path(f"{P}/<int:round_id>", api.RoundDetailView.as_view(), name="api-schouwrondes-detail"),
    path(f"{P}/<int:round_id>/uitslag", api.RoundResultsView.as_view(), name="api-schouwrondes-uitslag"),
    path(f"{P}/<int:round_id>/meetlocaties", api.PlotListView.as_view(), name="api-meetlocaties-list"),
    path(f"{P}/<int:round_id>/meetlocaties/<int:plot_id>", api.PlotDetailView.as_view(), name="api-meetlocaties-detail"),
]
