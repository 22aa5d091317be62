"""API: the week plan of a municipality as it is now (`/gemeenten/{slug}/weekplannen/{week}`), in the
same shape as `wijkwerk plan-week --json`."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from wijkwerk.core.api import problem_responses
from wijkwerk.municipalities.api import SLUG_PARAMETER
from wijkwerk.municipalities.api_views import GemeenteApiView
from wijkwerk.municipalities.roles import VIEW_WORK

from .weekplan_problem import week_parse, week_problem
from .weekplan_selectors import plan_data


class WeekAssignmentSerializer(serializers.Serializer):
    order = serializers.CharField(help_text="Code van de werkorder.")
    people = serializers.ListField(child=serializers.CharField(), help_text="Namen van de medewerkers.")
    day = serializers.DateField()
    hours_per_person = serializers.FloatField(help_text="De uren van de werkorder gedeeld door het aantal mensen.")


class UnassignedSerializer(serializers.Serializer):
    order = serializers.CharField()
    reason = serializers.CharField(help_text="Waarom de werkorder niet is ingepland.")


class LearningSerializer(serializers.Serializer):
    order = serializers.CharField()
    person = serializers.CharField()
    skill = serializers.CharField(help_text="Code van de vaardigheid die de medewerker hier leert.")


class WeekPlanSerializer(serializers.Serializer):
    week = serializers.CharField(help_text="JJJJ-Www")
    assignments = WeekAssignmentSerializer(many=True)
    unassigned = UnassignedSerializer(many=True)
    learning_assignments = LearningSerializer(many=True)
    utilisation = serializers.FloatField(help_text="Ingeplande uren gedeeld door de uren die de mensen hebben.")
    gap = serializers.FloatField(allow_null=True, help_text="Hoeveel een planning die alle regels houdt hoogstens "
                                 "beter kan zijn (deel van de grens van de laatste berekening); null als de week "
                                 "nog niet is berekend.")


class WeekPlanView(GemeenteApiView):
    required_actions = {"get": VIEW_WORK}

    @extend_schema(operation_id="weekplannen_retrieve", tags=["werkorders"], summary="Weekplanning",
                   description="Wie welke werkorder op welke dag doet (uren per persoon), de werkorders die niet "
                   "zijn ingepland met de reden, wie wat leert, de benutting en het gat tot de grens.",
                   parameters=[SLUG_PARAMETER, OpenApiParameter("week", str, OpenApiParameter.PATH,
                                                                description="De week als JJJJ-Www, bijv. 2026-W10.")],
                   responses={200: WeekPlanSerializer, **problem_responses(400, 401, 403, 404)})
    def get(self, request, slug: str, week: str):
        gemeente = self.gemeente(request, slug)
        try:
            monday = week_parse(week)
        except DjangoValidationError as exc:
            raise ValidationError({"week": exc.messages}) from None
        wp = week_problem(gemeente=gemeente, monday=monday)
        return Response(WeekPlanSerializer(plan_data(wp, gemeente=gemeente)).data)
