from django.urls import path

from .api import OpenApiView

urlpatterns = [
    path("openapi.json", OpenApiView.as_view(), name="api-openapi"),
]
