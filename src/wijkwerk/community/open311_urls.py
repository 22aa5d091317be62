"""Open311 GeoReport v2 under /open311/v2/ (community/open311_views.py): each endpoint with `.xml` or
`.json`, or without an extension (XML)."""

from django.urls import re_path

from . import open311_views as views

FMT = r"(?:\.(?P<fmt>xml|json))?"

app_name = "open311"

urlpatterns = [
    re_path(rf"^discovery{FMT}$", views.discovery, name="discovery"),
    re_path(rf"^services{FMT}$", views.services, name="services"),
    re_path(rf"^services/(?P<code>[-\w]+){FMT}$", views.service_definition, name="service"),
    re_path(rf"^requests{FMT}$", views.requests, name="requests"),
    re_path(rf"^requests/(?P<number>[-\w]+){FMT}$", views.request_detail, name="request"),
    re_path(rf"^tokens/(?P<token_id>[-\w]+){FMT}$", views.token, name="token"),
]
