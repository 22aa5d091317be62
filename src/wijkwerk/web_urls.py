"""Every page route. Each domain app contributes its own `urls`."""

from django.urls import include, path

urlpatterns = [
    path("", include("wijkwerk.core.urls")),
    path("", include("wijkwerk.municipalities.urls")),
    path("", include("wijkwerk.areas.urls")),
    path("", include("wijkwerk.assets.urls")),
    path("", include("wijkwerk.inspections.urls")),
    path("", include("wijkwerk.planning.urls")),
    path("", include("wijkwerk.tendering.urls")),
    path("", include("wijkwerk.work.urls")),
    path("", include("wijkwerk.people.urls")),
    path("", include("wijkwerk.community.urls")),
]
