"""API of the people app: participants for job coaches (the audit log for fg is in municipalities)."""

from django.urls import path

from . import api

P = "gemeenten/<slug:slug>/deelnemers"

urlpatterns = [
    path(P, api.ParticipantListView.as_view(), name="api-deelnemers-list"),
    path(f"{P}/<str:participant_id>", api.ParticipantDetailView.as_view(), name="api-deelnemers-detail"),
]
