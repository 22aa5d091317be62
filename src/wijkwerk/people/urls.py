"""Pages of the people app under /g/<slug>/: participants (job coaches), aggregates, social return."""

from django.urls import include, path

urlpatterns = [
    path("", include("wijkwerk.people.participant_urls")),
    path("", include("wijkwerk.people.social_urls")),
    path("", include("wijkwerk.people.export_urls")),
]
