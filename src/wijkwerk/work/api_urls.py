from django.urls import path

from . import api

P = "gemeenten/<slug:slug>/werkorders"

urlpatterns = [
    path(P, api.OrderListView.as_view(), name="api-werkorders-list"),
    path(f"{P}/<str:order_code>", api.OrderDetailView.as_view(), name="api-werkorders-detail"),
]

from . import weekplan_api  # noqa: E402

urlpatterns += [path("gemeenten/<slug:slug>/weekplannen/<str:week>", weekplan_api.WeekPlanView.as_view(),
                     name="api-weekplannen-detail")]
