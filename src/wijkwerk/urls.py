from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("wijkwerk.api_urls")),
    # Open311 GeoReport v2 for residents' reports (community/open311_*.py).
    path("open311/v2/", include("wijkwerk.community.open311_urls")),
    # The language switch in the page header posts to Django's set_language view (i18n/setlang/).
    path("i18n/", include("django.conf.urls.i18n")),
    # The translations of the texts in the map scripts (static/js), for the active language.
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("", include("wijkwerk.web_urls")),
]

# A refused page keeps the municipality's menu and says its reason once (municipalities/pages.py).
handler403 = "wijkwerk.municipalities.pages.permission_denied"
