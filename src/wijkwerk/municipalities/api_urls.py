from django.urls import path

from . import api, audit_api

urlpatterns = [
    path("gemeenten", api.GemeenteListView.as_view(), name="api-gemeente-list"),
    path("gemeenten/<slug:slug>", api.GemeenteDetailView.as_view(), name="api-gemeente-detail"),
    path("gemeenten/<slug:slug>/audit-log", audit_api.AuditLogView.as_view(), name="api-auditlog-list"),
]
