from django.urls import path

from . import api

P = "gemeenten/<slug:slug>/plannen"

urlpatterns = [
    path(P, api.PlanListView.as_view(), name="api-plannen-list"),
    path(f"{P}/<int:plan_id>", api.PlanDetailView.as_view(), name="api-plannen-detail"),
    path(f"{P}/<int:plan_id>/status", api.PlanStatusView.as_view(), name="api-plannen-status"),
]
