"""Every API route under /api/v1/. Each domain app contributes its own `api_urls`."""

from django.urls import include, path

urlpatterns = [
    path("", include("wijkwerk.core.api_urls")),
    path("", include("wijkwerk.municipalities.api_urls")),
    path("", include("wijkwerk.areas.api_urls")),
    path("", include("wijkwerk.assets.api_urls")),
    path("", include("wijkwerk.inspections.api_urls")),
    path("", include("wijkwerk.planning.api_urls")),
    path("", include("wijkwerk.tendering.api_urls")),
    path("", include("wijkwerk.work.api_urls")),
    path("", include("wijkwerk.people.api_urls")),
]
