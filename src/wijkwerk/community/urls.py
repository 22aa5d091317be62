"""Pages of the community app: public reporting and tracking, staff triage, initiatives,
consultations and the ABCD map."""

from django.urls import include, path

urlpatterns = [
    path("", include("wijkwerk.community.report_urls")),
    path("", include("wijkwerk.community.initiative_urls")),
]
