"""API: a municipality's audit log, for the data-protection officer (`GET /gemeenten/{slug}/audit-log`).
Newest first, per page; reading it is audited too (`audit.read`)."""

import math

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from wijkwerk.core.api import problem_responses
from wijkwerk.core.models import AuditLogEntry

from .api import SLUG_PARAMETER
from .api_views import GemeenteApiView
from .audit_access import audit_entry_list, audit_filters_parse, audit_log_read
from .roles import VIEW_AUDIT

PAGE_SIZE_DEFAULT = 100
PAGE_SIZE_MAX = 1000


class AuditEntrySerializer(serializers.Serializer):
    seq = serializers.IntegerField(help_text="Volgnummer in de keten van het hele auditlog.")
    at = serializers.DateTimeField(help_text="Tijdstip.")
    actor = serializers.CharField(allow_blank=True, help_text="Gebruikersnaam, of `systeem`.")
    action = serializers.CharField(help_text="Handeling, bijv. `asset.update` of `audit.read`.")
    object_type = serializers.CharField(allow_blank=True, help_text="Soort object, bijv. `assets.asset`.")
    object_id = serializers.CharField(allow_blank=True)
    result = serializers.CharField(help_text="Resultaat, bijv. `ok` of `refused`.")
    origin = serializers.ChoiceField(choices=AuditLogEntry.Origin.choices, help_text="Waar de handeling vandaan kwam.")
    detail = serializers.JSONField(help_text="Nadere gegevens van de handeling.")
    hash = serializers.CharField(help_text="SHA-256 van deze regel en de regel ervoor (hexadecimaal).")


class AuditLinksSerializer(serializers.Serializer):
    self = serializers.URLField()
    next = serializers.URLField(allow_null=True, help_text="Volgende pagina, of null.")
    prev = serializers.URLField(allow_null=True, help_text="Vorige pagina, of null.")


class AuditPageSerializer(serializers.Serializer):
    numberMatched = serializers.IntegerField()
    numberReturned = serializers.IntegerField()
    links = AuditLinksSerializer()
    results = AuditEntrySerializer(many=True)


def _positive_int(request, name: str, default: int, maximum: int) -> int:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return default
    value = int(raw) if raw.isdigit() and len(raw) <= 9 else 0
    if not 1 <= value <= maximum:
        raise ValidationError({name: [gettext("%(name)s moet een geheel getal zijn van minstens 1 en hoogstens "
                                              "%(maximum)s, niet '%(raw)s'.") % {"name": name, "maximum": maximum,
                                                                                "raw": raw[:20]}]})
    return value


def entry_data(entry: AuditLogEntry) -> dict:
    return {"seq": entry.seq, "at": entry.at, "actor": entry.actor_label, "action": entry.action,
            "object_type": entry.object_type, "object_id": entry.object_id, "result": entry.result,
            "origin": entry.origin, "detail": entry.detail, "hash": entry.hash}


PARAMETERS = [
    SLUG_PARAMETER,
    OpenApiParameter("object", str, OpenApiParameter.QUERY,
                     description="Alleen regels over dit object: `SOORT:ID` (bijv. `assets.asset:12`) of alleen het ID."),
    OpenApiParameter("actor", str, OpenApiParameter.QUERY, description="Alleen regels van deze gebruikersnaam."),
    OpenApiParameter("action", str, OpenApiParameter.QUERY,
                     description="Alleen deze handeling (bijv. `asset.update`), of met `*` aan het eind alle "
                                 "handelingen die zo beginnen (`asset.*`)."),
    OpenApiParameter("since", str, OpenApiParameter.QUERY,
                     description="Vanaf deze datum (`JJJJ-MM-DD`, de hele dag) of dit tijdstip (ISO 8601)."),
    OpenApiParameter("until", str, OpenApiParameter.QUERY,
                     description="Tot en met deze datum (`JJJJ-MM-DD`, de hele dag) of dit tijdstip (ISO 8601)."),
    OpenApiParameter("page", int, OpenApiParameter.QUERY, description="Paginanummer, vanaf 1."),
    OpenApiParameter("page_size", int, OpenApiParameter.QUERY,
                     description=f"Aantal per pagina (standaard {PAGE_SIZE_DEFAULT}, hoogstens {PAGE_SIZE_MAX})."),
]


class AuditLogView(GemeenteApiView):
    required_actions = {"get": VIEW_AUDIT}

    @extend_schema(operation_id="auditlog_list", tags=["auditlog"], summary="Auditlog van de gemeente",
                   description="Wie wat deed met welke gegevens van de gemeente, wanneer, met welk resultaat en "
                   "van waar; de nieuwste regel eerst, per pagina met `numberMatched`, `numberReturned` en `links`. "
                   "Alleen voor de functionaris gegevensbescherming (rol `fg`). Ook het inzien wordt vastgelegd.",
                   parameters=PARAMETERS,
                   responses={200: AuditPageSerializer, **problem_responses(400, 401, 403, 404)})
    def get(self, request, slug: str):
        gemeente = self.gemeente(request, slug)
        params = request.query_params
        try:
            filters = audit_filters_parse(object_ref=params.get("object", ""), actor=params.get("actor", ""),
                                          action=params.get("action", ""), since=params.get("since", ""),
                                          until=params.get("until", ""))
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from None
        page = _positive_int(request, "page", 1, 1_000_000)
        page_size = _positive_int(request, "page_size", PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX)
        qs = audit_entry_list(gemeente=gemeente, filters=filters)
        matched = qs.count()
        offset = (page - 1) * page_size
        rows = list(qs[offset:offset + page_size]) if offset < matched else []
        audit_log_read(gemeente=gemeente, actor=request.user, filters=filters, page=page, returned=len(rows),
                       origin=AuditLogEntry.Origin.API)
        url = request.build_absolute_uri()
        next_url = replace_query_param(url, "page", page + 1) if offset + len(rows) < matched else None
        if page <= 1:
            prev_url = None
        elif page == 2:
            prev_url = remove_query_param(url, "page")
        else:
            prev_url = replace_query_param(url, "page", min(page - 1, max(1, math.ceil(matched / page_size))))
        return Response(AuditPageSerializer({
            "numberMatched": matched, "numberReturned": len(rows),
            "links": {"self": url, "next": next_url, "prev": prev_url},
            "results": [entry_data(e) for e in rows]}).data)
