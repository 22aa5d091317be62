"""Pages of reports: public reporting and tracking (no account), staff triage and categories."""

from django.urls import path

from . import report_public_views as public
from . import report_views as staff

G = "g/<slug:slug>"

urlpatterns = [
    path("melden/<slug:slug>/", public.report_form, name="report-public"),
    path("melden/<slug:slug>/in-de-buurt", public.report_nearby, name="report-public-nearby"),
    path("melding/<str:token>/", public.report_track, name="report-track"),
    path(f"{G}/meldingen/", staff.report_list, name="reports"),
    path(f"{G}/meldingen/categorieen/", staff.category_list, name="report-categories"),
    path(f"{G}/meldingen/<str:number>/", staff.report_detail, name="report"),
    path(f"{G}/meldingen/<str:number>/foto.jpg", staff.report_photo, name="report-photo"),
]
