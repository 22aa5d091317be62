"""API: a municipality's work orders (filtered, per page) and one order with its assets,
assignments and history. Worker details beyond the names on an order are not served here."""

from __future__ import annotations

import math

from django.utils import timezone
from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from wijkwerk.core.api import problem_responses
from wijkwerk.municipalities.api import SLUG_PARAMETER
from wijkwerk.municipalities.api_views import GemeenteApiView
from wijkwerk.municipalities.roles import VIEW_WORK

from .models import WorkOrder
from .selectors import OrderFilters, order_get, order_list

PAGE_SIZE_DEFAULT = 100
PAGE_SIZE_MAX = 1000
YES = ("1", "true", "ja", "yes")


class WorkOrderSerializer(serializers.Serializer):
    code = serializers.CharField()
    status = serializers.CharField(help_text="nieuw, gepland, in_uitvoering, gereed, gecontroleerd, afgekeurd of "
                                             "vervallen.")
    activity = serializers.CharField(help_text="Code van de activiteit.")
    activity_name = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    quantity = serializers.DecimalField(max_digits=12, decimal_places=2)
    unit = serializers.CharField()
    hours = serializers.DecimalField(max_digits=9, decimal_places=2, help_text="Hoeveelheid x normuren, tenzij gegeven.")
    deadline = serializers.DateField(allow_null=True)
    priority = serializers.IntegerField(help_text="1 spoed, 2 hoog, 3 normaal, 4 laag.")
    origin = serializers.CharField(help_text="plan, schouw, melding of hand.")
    origin_ref = serializers.CharField(allow_blank=True, help_text="Waar de werkorder vandaan komt, bijv. "
                                                                   "melding:<kenmerk>.")
    lat = serializers.FloatField(allow_null=True)
    lon = serializers.FloatField(allow_null=True)
    buurt = serializers.CharField(allow_null=True, help_text="Code van de buurt.")
    wijk = serializers.CharField(allow_null=True, help_text="Code van de wijk.")
    planned_day = serializers.DateField(allow_null=True)
    overdue = serializers.BooleanField(help_text="Open en over de uiterste datum.")
    created = serializers.DateTimeField()
    completed_at = serializers.DateTimeField(allow_null=True)


class WorkOrderLinksSerializer(serializers.Serializer):
    self = serializers.URLField()
    next = serializers.URLField(allow_null=True)
    prev = serializers.URLField(allow_null=True)


class WorkOrderPageSerializer(serializers.Serializer):
    numberMatched = serializers.IntegerField()
    numberReturned = serializers.IntegerField()
    links = WorkOrderLinksSerializer()
    results = WorkOrderSerializer(many=True)


class WorkOrderAssignmentSerializer(serializers.Serializer):
    person = serializers.CharField(help_text="Naam van de medewerker.")
    day = serializers.DateField()
    hours = serializers.DecimalField(max_digits=5, decimal_places=2)
    learning_skill = serializers.CharField(allow_null=True, help_text="Vaardigheid die de medewerker hier leert.")


class WorkOrderEventSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    by = serializers.CharField()
    from_status = serializers.CharField(allow_blank=True)
    to_status = serializers.CharField(allow_blank=True)
    reason = serializers.CharField(allow_blank=True)


class WorkOrderDetailSerializer(WorkOrderSerializer):
    assets = serializers.ListField(child=serializers.CharField(), help_text="Bronsleutels van de assets.")
    skills = serializers.ListField(child=serializers.CharField())
    certificates = serializers.ListField(child=serializers.CharField())
    assignments = WorkOrderAssignmentSerializer(many=True)
    history = WorkOrderEventSerializer(many=True)
    hours_worked = serializers.DecimalField(max_digits=9, decimal_places=2)


def order_data(order: WorkOrder, today) -> dict:
    return {"code": order.code, "status": order.status, "activity": order.activity.code,
            "activity_name": order.activity.name, "description": order.description, "quantity": order.quantity,
            "unit": order.activity.unit, "hours": order.hours, "deadline": order.deadline, "priority": order.priority,
            "origin": order.origin, "origin_ref": order.origin_ref, "lat": order.lat, "lon": order.lon,
            "buurt": order.buurt.code if order.buurt_id else None, "wijk": order.wijk.code if order.wijk_id else None,
            "planned_day": order.planned_day,
            "overdue": bool(order.deadline and order.deadline < today and order.status in (
                "nieuw", "gepland", "in_uitvoering", "afgekeurd")),
            "created": order.created, "completed_at": order.completed_at}


def order_detail_data(order: WorkOrder, today) -> dict:
    worked = sum((h.hours for h in order.worked_hours.all()), start=0)
    return {**order_data(order, today),
            "assets": list(order.assets.order_by("external_id").values_list("external_id", flat=True)),
            "skills": list(order.activity.skills.values_list("code", flat=True)),
            "certificates": list(order.activity.certificates.values_list("code", flat=True)),
            "assignments": [{"person": a.worker.name, "day": a.day, "hours": a.hours,
                             "learning_skill": a.learning_skill.code if a.learning_skill_id else None}
                            for a in order.assignments.select_related("worker", "learning_skill").order_by("worker__name")],
            "history": [{"at": e.at, "by": e.actor_label, "from_status": e.from_status, "to_status": e.to_status,
                         "reason": e.reason} for e in order.events.order_by("at", "id")],
            "hours_worked": worked}


def _positive_int(request, name: str, default: int, maximum: int | None = None) -> int:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return default
    value = int(raw) if raw.isdigit() and len(raw) <= 9 else 0
    if value < 1 or (maximum is not None and value > maximum):
        raise ValidationError({name: [gettext("%(name)s moet een geheel getal zijn van minstens 1 en hoogstens "
                                              "%(maximum)s, niet '%(raw)s'.") % {"name": name, "maximum": maximum or "-",
                                                                                "raw": raw}]})
    return value


def _choice(request, name: str, choices) -> str:
    raw = request.query_params.get(name, "")
    if raw and raw not in choices:
        raise ValidationError({name: [gettext("Onbekende waarde '%(raw)s'. Kies uit: %(known)s.") % {
            "raw": raw[:40], "known": ", ".join(choices)}]})
    return raw


LIST_PARAMETERS = [
    SLUG_PARAMETER,
    OpenApiParameter("status", str, OpenApiParameter.QUERY, description="Alleen werkorders met deze status."),
    OpenApiParameter("gebied", str, OpenApiParameter.QUERY, description="Code van een wijk of buurt."),
    OpenApiParameter("activiteit", str, OpenApiParameter.QUERY, description="Code van een activiteit."),
    OpenApiParameter("herkomst", str, OpenApiParameter.QUERY, description="plan, schouw, melding of hand."),
    OpenApiParameter("te_laat", bool, OpenApiParameter.QUERY, description="true: alleen open werkorders over de "
                                                                          "uiterste datum."),
    OpenApiParameter("page", int, OpenApiParameter.QUERY, description="Paginanummer, vanaf 1."),
    OpenApiParameter("page_size", int, OpenApiParameter.QUERY,
                     description=f"Aantal per pagina (standaard {PAGE_SIZE_DEFAULT}, hoogstens {PAGE_SIZE_MAX})."),
]


class OrderListView(GemeenteApiView):
    required_actions = {"get": VIEW_WORK}

    @extend_schema(operation_id="werkorders_list", tags=["werkorders"], summary="Werkorders",
                   description="De werkorders van de gemeente, de dringendste eerst (prioriteit, uiterste datum, "
                   "code), per pagina met `numberMatched`, `numberReturned` en `links`.",
                   parameters=LIST_PARAMETERS,
                   responses={200: WorkOrderPageSerializer, **problem_responses(400, 401, 403, 404)})
    def get(self, request, slug: str):
        gemeente = self.gemeente(request, slug)
        filters = OrderFilters(
            status=_choice(request, "status", WorkOrder.Status.values), area=request.query_params.get("gebied", ""),
            activity=request.query_params.get("activiteit", ""),
            origin=_choice(request, "herkomst", WorkOrder.Origin.values),
            overdue=request.query_params.get("te_laat", "").lower() in YES)
        page = _positive_int(request, "page", 1, 1_000_000)
        page_size = _positive_int(request, "page_size", PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX)
        today = timezone.localdate()
        qs = order_list(gemeente=gemeente, filters=filters, today=today)
        matched = qs.count()
        offset = (page - 1) * page_size
        rows = list(qs[offset:offset + page_size]) if offset < matched else []
        url = request.build_absolute_uri()
        next_url = replace_query_param(url, "page", page + 1) if offset + len(rows) < matched else None
        if page <= 1:
            prev_url = None
        elif page == 2:
            prev_url = remove_query_param(url, "page")
        else:
            prev_url = replace_query_param(url, "page", min(page - 1, max(1, math.ceil(matched / page_size))))
        return Response(WorkOrderPageSerializer({
            "numberMatched": matched, "numberReturned": len(rows),
            "links": {"self": url, "next": next_url, "prev": prev_url},
            "results": [order_data(o, today) for o in rows]}).data)


class OrderDetailView(GemeenteApiView):
    required_actions = {"get": VIEW_WORK}

    @extend_schema(operation_id="werkorders_retrieve", tags=["werkorders"], summary="Eén werkorder",
                   description="Een werkorder met de assets, de vereiste vaardigheden en certificaten, wie er op "
                   "staat (naam, dag, uren) en de volledige statushistorie (wie, wanneer, van, naar, waarom).",
                   parameters=[SLUG_PARAMETER, OpenApiParameter("order_code", str, OpenApiParameter.PATH,
                                                                description="De code van de werkorder.")],
                   responses={200: WorkOrderDetailSerializer, **problem_responses(401, 403, 404)})
    def get(self, request, slug: str, order_code: str):
        gemeente = self.gemeente(request, slug)
        order = order_get(gemeente=gemeente, code=order_code)
        return Response(WorkOrderDetailSerializer(order_detail_data(order, timezone.localdate())).data)
