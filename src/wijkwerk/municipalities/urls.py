from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("gemeenten/", views.gemeente_list, name="gemeente-list"),
    path("gemeenten/wissel/", views.gemeente_switch, name="gemeente-switch"),
]
