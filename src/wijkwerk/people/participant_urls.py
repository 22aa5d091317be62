"""Pages of participants (job coaches of their organisation) and the aggregates. A participant is
named in a URL only by its random `public_id`, never by anything personal."""

from django.urls import path

from . import aggregate_views, participant_views

G = "g/<slug:slug>"
P = f"{G}/deelnemers/<str:public_id>"

urlpatterns = [
    path(f"{G}/deelnemers/", participant_views.participant_list_page, name="participant-list"),
    path(f"{G}/deelnemers/nieuw/", participant_views.participant_new, name="participant-new"),
    path(f"{P}/", participant_views.participant_detail_page, name="participant-detail"),
    path(f"{P}/wijzigen/", participant_views.participant_edit, name="participant-edit"),
    path(f"{P}/traject/", participant_views.participant_step, name="participant-step"),
    path(f"{P}/traject/<int:event_id>/duurzaam/", participant_views.participant_outflow_lasted,
         name="participant-outflow-lasted"),
    path(f"{P}/ladder/", participant_views.participant_ladder, name="participant-ladder"),
    path(f"{P}/opleidingen/", participant_views.participant_training_add, name="participant-training-add"),
    path(f"{P}/opleidingen/<int:training_id>/", participant_views.participant_training_edit,
         name="participant-training-edit"),
    path(f"{P}/notities/", participant_views.participant_note, name="participant-note"),
    path(f"{G}/mensen/", aggregate_views.dashboard, name="people-dashboard"),
    path(f"{G}/mensen.xlsx", aggregate_views.dashboard_xlsx, name="people-dashboard-xlsx"),
]
