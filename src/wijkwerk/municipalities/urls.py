from django.urls import path

from . import audit_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("gemeenten/", views.gemeente_list, name="gemeente-list"),
    path("gemeenten/wissel/", views.gemeente_switch, name="gemeente-switch"),
    path("g/<slug:slug>/logboek/", audit_views.audit_log_page, name="audit-log"),
]
