from django.urls import path

from . import views

urlpatterns = [
    path("g/<slug:slug>/", views.overview, name="gemeente-overview"),
]
