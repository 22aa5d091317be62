"""Pages of initiatives, consultations and the ABCD map: public ones (no login) and staff ones under /g/<slug>/."""

from django.urls import path

from . import abcd_views, consultation_views, initiative_views

urlpatterns = [
    path("initiatieven/<slug:slug>/", initiative_views.public_list, name="initiatives-public"),
    path("initiatieven/<slug:slug>/voorstellen/", initiative_views.public_propose, name="initiative-propose"),
    path("initiatieven/<slug:slug>/<str:initiative_id>/", initiative_views.public_detail, name="initiative-public"),
    path("g/<slug:slug>/initiatieven/", initiative_views.staff_list, name="initiatives-staff"),
    path("g/<slug:slug>/initiatieven/<str:initiative_id>/", initiative_views.staff_detail, name="initiative-staff"),
    path("raadplegingen/<slug:slug>/", consultation_views.public_list, name="consultations-public"),
    path("raadplegingen/<slug:slug>/<str:consultation_id>/", consultation_views.public_detail, name="consultation-public"),
    path("g/<slug:slug>/raadplegingen/", consultation_views.staff_list, name="consultations-staff"),
    path("g/<slug:slug>/raadplegingen/<str:consultation_id>/", consultation_views.staff_detail,
         name="consultation-staff"),
    path("buurtkracht/<slug:slug>/", abcd_views.public_list, name="abcd-public"),
    path("buurtkracht/<slug:slug>/toevoegen/", abcd_views.public_register, name="abcd-register"),
    path("g/<slug:slug>/buurtkracht/", abcd_views.staff_list, name="abcd-staff"),
]
