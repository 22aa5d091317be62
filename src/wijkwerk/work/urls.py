from django.urls import path

from . import catalogue_views, field_views, insight_views, people_views, views

G = "g/<slug:slug>"

urlpatterns = [
    path(f"{G}/werkorders/", views.order_list, name="work-orders"),
    path(f"{G}/werkorders/nieuw/", views.order_new, name="work-order-new"),
    path(f"{G}/werkorders/uit-schouw/", views.orders_from_round, name="work-orders-from-schouw"),
    path(f"{G}/werkorders/<str:order_code>/", views.order_detail, name="work-order"),
    path(f"{G}/werkorders/<str:order_code>/status", views.order_status, name="work-order-status"),
    path(f"{G}/werkorders/<str:order_code>/gereedmelden/", field_views.order_complete_page, name="work-order-complete"),
    path(f"{G}/werkorders/<str:order_code>/fotos/<int:photo_id>.jpg", field_views.order_photo, name="work-order-photo"),
    path(f"{G}/uitvoering/catalogus/", catalogue_views.catalogue, name="work-catalogue"),
    path(f"{G}/uitvoering/medewerkers/", people_views.worker_list, name="work-workers"),
    path(f"{G}/uitvoering/teams/", people_views.team_list, name="work-teams"),
    path(f"{G}/uitvoering/inzicht/", insight_views.dashboard, name="work-insight"),
    path(f"{G}/uitvoering/inzicht.xlsx", insight_views.dashboard_xlsx, name="work-insight-xlsx"),
]

from . import weekplan_views  # noqa: E402

urlpatterns += [
    path(f"{G}/uitvoering/weekplanning/", weekplan_views.board_now, name="work-weekplan-now"),
    path(f"{G}/uitvoering/weekplanning/<str:week>/", weekplan_views.board, name="work-weekplan"),
    path(f"{G}/uitvoering/weekplanning/<str:week>/berekenen", weekplan_views.compute, name="work-weekplan-compute"),
    path(f"{G}/uitvoering/weekplanning/<str:week>/<str:order_code>/", weekplan_views.move, name="work-weekplan-move"),
]
