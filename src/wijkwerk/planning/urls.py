from django.urls import path

from . import action_views, export_views, risk_views, views

urlpatterns = [
    path("g/<slug:slug>/planning/", views.plan_list, name="planning-plans"),
    path("g/<slug:slug>/planning/vergelijken/", views.plan_compare, name="planning-compare"),
    path("g/<slug:slug>/planning/risicomodel/", risk_views.risk_model, name="planning-risk-model"),
    path("g/<slug:slug>/planning/<int:plan_id>/", views.plan_detail, name="planning-plan"),
    path("g/<slug:slug>/planning/<int:plan_id>/status", views.plan_status, name="planning-plan-status"),
    path("g/<slug:slug>/planning/<int:plan_id>/kaart.json", views.plan_map_data, name="planning-plan-map-data"),
    path("g/<slug:slug>/planning/<int:plan_id>/bestanden", export_views.plan_files, name="planning-plan-files"),
    path("g/<slug:slug>/planning/<int:plan_id>/mjop.xlsx", export_views.plan_excel, name="planning-plan-excel"),
    path("g/<slug:slug>/planning/<int:plan_id>/mjop.pdf", export_views.plan_pdf, name="planning-plan-pdf"),
    path("g/<slug:slug>/planning/<int:plan_id>/doorzetten", action_views.plan_adopt, name="planning-plan-adopt"),
    path("g/<slug:slug>/planning/<int:plan_id>/archiveren", action_views.plan_archive, name="planning-plan-archive"),
    path("g/<slug:slug>/planning/<int:plan_id>/opnieuw", action_views.plan_recompute,
         name="planning-plan-recompute"),
    path("g/<slug:slug>/planning/<int:plan_id>/verwijderen", action_views.plan_delete, name="planning-plan-delete"),
]
