from django.urls import path

from . import export_views

urlpatterns = [
    path("g/<slug:slug>/deelnemers/<str:public_id>/inzage.json", export_views.participant_export,
         name="participant-export"),
]
