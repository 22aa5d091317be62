"""API of participants, for the job coaches of their own organisation only: the list (per page)
and one participant with the trajectory, ladder, training and hours. Every participant served is
audited (origin api), as is every refused attempt. Coaching notes are not served by the API: they
stay on the pages, where a person reads them."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from wijkwerk.core.api import problem_responses
from wijkwerk.municipalities.api import SLUG_PARAMETER
from wijkwerk.municipalities.api_views import GemeenteApiView
from wijkwerk.work.api import PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX, _positive_int

from .models import Participant, Phase
from .selectors import participant_detail, participant_get, participant_list, participants_shown


class ParticipantSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="Willekeurige code van de deelnemer (zegt niets over de persoon).")
    name = serializers.CharField()
    organisation = serializers.CharField()
    target_group = serializers.CharField(help_text="Doelgroep (code uit de waarderingstabel social return).")
    contract_type = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField(allow_null=True)
    phase = serializers.CharField(help_text="instroom, doorstroom, uitstroom of herinstroom.")
    hours_per_week = serializers.DecimalField(max_digits=4, decimal_places=1)
    protected = serializers.BooleanField(help_text="Beschermd werk.")
    contract = serializers.CharField(allow_null=True, help_text="Code van het contract (social return).")
    coach = serializers.CharField(allow_null=True, help_text="Gebruikersnaam van de jobcoach.")


class EventSerializer(serializers.Serializer):
    phase = serializers.CharField()
    date = serializers.DateField()
    description = serializers.CharField(allow_blank=True)
    destination = serializers.CharField(allow_blank=True)
    employer = serializers.CharField(allow_blank=True)
    lasted = serializers.BooleanField(allow_null=True)


class LadderSerializer(serializers.Serializer):
    date = serializers.DateField()
    step = serializers.IntegerField(help_text="Trede van de participatieladder, 1 tot en met 6.")


class TrainingSerializer(serializers.Serializer):
    name = serializers.CharField()
    provider = serializers.CharField(allow_blank=True)
    start = serializers.DateField()
    end = serializers.DateField(allow_null=True)
    result = serializers.CharField()
    cost = serializers.DecimalField(max_digits=10, decimal_places=2)


class ParticipantDetailSerializer(ParticipantSerializer):
    email = serializers.CharField(allow_blank=True)
    phone = serializers.CharField(allow_blank=True)
    birth_year = serializers.IntegerField(allow_null=True)
    bonuses = serializers.ListField(child=serializers.CharField())
    trajectory = EventSerializer(many=True)
    ladder = LadderSerializer(many=True)
    trainings = TrainingSerializer(many=True)
    skills = serializers.ListField(child=serializers.CharField())
    learning = serializers.ListField(child=serializers.CharField())
    certificates = serializers.DictField(child=serializers.DateField(), help_text="Code -> geldig tot en met.")
    hours_by_year = serializers.DictField(child=serializers.FloatField(), help_text="Gewerkte uren per jaar "
                                          "(uit de gereedmeldingen van werkorders).")


class ParticipantPageSerializer(serializers.Serializer):
    numberMatched = serializers.IntegerField()
    numberReturned = serializers.IntegerField()
    results = ParticipantSerializer(many=True)


def participant_data(p: Participant) -> dict:
    return {"id": p.public_id, "name": p.name, "organisation": p.organisation.name, "target_group": p.target_group,
            "contract_type": p.contract_type, "start": p.start, "end": p.end, "phase": p.phase,
            "hours_per_week": p.hours_per_week, "protected": p.protected,
            "contract": p.contract.code if p.contract_id else None,
            "coach": p.coach.get_username() if p.coach_id else None}


def participant_detail_data(p: Participant) -> dict:
    detail = participant_detail(participant=p)
    return {**participant_data(p), "email": p.email, "phone": p.phone, "birth_year": p.birth_year,
            "bonuses": list(p.bonuses or []),
            "trajectory": [{"phase": e.phase, "date": e.date, "description": e.description,
                            "destination": e.destination, "employer": e.employer, "lasted": e.lasted}
                           for e in detail["events"]],
            "ladder": [{"date": m.date, "step": m.step} for m in detail["ladder"]],
            "trainings": [{"name": t.name, "provider": t.provider, "start": t.start, "end": t.end,
                           "result": t.result, "cost": t.cost} for t in detail["trainings"]],
            "skills": [s.code for s in detail["skills"]], "learning": [s.code for s in detail["learning"]],
            "certificates": {c.certificate_type.code: c.valid_until for c in detail["certificates"]},
            "hours_by_year": {str(year): hours for year, hours in detail["hours"].items()}}


def _no_store(response: Response) -> Response:
    """Personal data is never kept in a browser's or proxy's cache."""
    response["Cache-Control"] = "no-store"
    return response


class ParticipantListView(GemeenteApiView):
    # Membership is the gate; the selector lets only job coaches through (and audits the others).
    required_actions = {"get": None}

    @extend_schema(operation_id="deelnemers_list", tags=["deelnemers"], summary="Deelnemers",
                   description="De deelnemers van de organisatie(s) waarvoor u jobcoach bent, per pagina. Alleen "
                   "voor jobcoaches van de eigen organisatie; elke opvraging staat in het logboek.",
                   parameters=[SLUG_PARAMETER,
                               OpenApiParameter("fase", str, OpenApiParameter.QUERY,
                                                description="instroom, doorstroom, uitstroom of herinstroom."),
                               OpenApiParameter("page", int, OpenApiParameter.QUERY),
                               OpenApiParameter("page_size", int, OpenApiParameter.QUERY)],
                   responses={200: ParticipantPageSerializer, **problem_responses(400, 401, 403, 404)})
    def get(self, request, slug: str):
        gemeente = self.gemeente(request, slug)
        phase = request.query_params.get("fase", "")
        rows = participant_list(user=request.user, gemeente=gemeente, origin="api",
                                phase=phase if phase in Phase.values else "")
        page = _positive_int(request, "page", 1, 1_000_000)
        page_size = _positive_int(request, "page_size", PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX)
        matched = rows.count()
        shown = list(rows.select_related("coach")[(page - 1) * page_size:page * page_size])
        participants_shown(user=request.user, gemeente=gemeente, participants=shown, origin="api")
        return _no_store(Response(ParticipantPageSerializer({
            "numberMatched": matched, "numberReturned": len(shown),
            "results": [participant_data(p) for p in shown]}).data))


class ParticipantDetailView(GemeenteApiView):
    required_actions = {"get": None}

    @extend_schema(operation_id="deelnemers_retrieve", tags=["deelnemers"], summary="Eén deelnemer",
                   description="Een deelnemer met traject, participatieladder, opleidingen, vaardigheden, "
                   "certificaten en gewerkte uren. Alleen voor de jobcoaches van de eigen organisatie; elke "
                   "opvraging en elke geweigerde poging staat in het logboek. Coachingsnotities staan niet in de API.",
                   parameters=[SLUG_PARAMETER, OpenApiParameter("participant_id", str, OpenApiParameter.PATH,
                                                                description="De code van de deelnemer.")],
                   responses={200: ParticipantDetailSerializer, **problem_responses(401, 403, 404)})
    def get(self, request, slug: str, participant_id: str):
        gemeente = self.gemeente(request, slug)
        participant = participant_get(user=request.user, gemeente=gemeente, public_id=participant_id, origin="api")
        return _no_store(Response(ParticipantDetailSerializer(participant_detail_data(participant)).data))
