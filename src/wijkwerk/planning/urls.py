from django.urls import path

from . import views

urlpatterns = [
    path("g/<slug:slug>/planning/", views.plan_list, name="planning-plans"),
    path("g/<slug:slug>/planning/vergelijken/", views.plan_compare, name="planning-compare"),
    path("g/<slug:slug>/planning/risicomodel/", views.risk_model, name="planning-risk-model"),
    path("g/<slug:slug>/planning/<int:plan_id>/", views.plan_detail, name="planning-plan"),
    path("g/<slug:slug>/planning/<int:plan_id>/status", views.plan_status, name="planning-plan-status"),
    path("g/<slug:slug>/planning/<int:plan_id>/kaart.json", views.plan_map_data, name="planning-plan-map-data"),
    path("g/<slug:slug>/planning/<int:plan_id>/mjop.xlsx", views.plan_excel, name="planning-plan-excel"),
    path("g/<slug:slug>/planning/<int:plan_id>/mjop.pdf", views.plan_pdf, name="planning-plan-pdf"),
    path("g/<slug:slug>/planning/<int:plan_id>/doorzetten", views.plan_adopt, name="planning-plan-adopt"),
    path("g/<slug:slug>/planning/<int:plan_id>/archiveren", views.plan_archive, name="planning-plan-archive"),
    path("g/<slug:slug>/planning/<int:plan_id>/opnieuw", views.plan_recompute, name="planning-plan-recompute"),
    path("g/<slug:slug>/planning/<int:plan_id>/verwijderen", views.plan_delete, name="planning-plan-delete"),
]
