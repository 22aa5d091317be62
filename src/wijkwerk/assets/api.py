"""API: the asset register of a municipality, as GeoJSON: the asset types and the list of assets.
One asset (read, and edited with optimistic concurrency) is in `detail_api`."""

import math

from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from wijkwerk.areas.models import Area
from wijkwerk.core.api import (
    GeometrySerializer,
    constant_field,
    problem_responses,
)
from wijkwerk.municipalities.api import SLUG_PARAMETER
from wijkwerk.municipalities.api_views import GemeenteApiView, GemeenteGeoApiView
from wijkwerk.municipalities.roles import VIEW_ASSETS

from .models import AssetType
from .selectors import ASSET_LIST_FIELDS, asset_list, asset_type_list

PAGE_SIZE_DEFAULT = 1000
PAGE_SIZE_MAX = 10_000


# --- Documentation of the answers ---------------------------------------------------------------

class AssetPropertiesSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    external_id = serializers.CharField(help_text="Bronsleutel: de sleutel uit het bronbestand.")
    type = serializers.CharField(help_text="Code van het assettype, bijv. `tree`.")
    type_label = serializers.CharField(help_text="Naam van het assettype, bijv. Boom.")
    buurt = serializers.CharField(allow_null=True, help_text="Code van de buurt (null: buiten alle buurten).")
    wijk = serializers.CharField(allow_null=True, help_text="Code van de wijk (null: buiten alle wijken).")
    outside_areas = serializers.BooleanField(help_text="Ligt buiten alle buurten.")
    quantity = serializers.FloatField(help_text="Hoeveelheid, in `unit`.")
    unit = serializers.CharField(help_text="Eenheid, bijv. st, m, m2.")
    installation_year = serializers.IntegerField(allow_null=True, help_text="Aanlegjaar.")
    condition = serializers.IntegerField(allow_null=True, min_value=1, max_value=6,
                                         help_text="Laatste conditie volgens NEN 2767 (1 uitstekend .. 6 zeer slecht).")
    condition_date = serializers.DateField(allow_null=True)
    attributes = serializers.DictField(help_text="Kenmerken volgens het schema van het assettype.")
    version = serializers.IntegerField(help_text="Versie; verhoogd bij elke wijziging (zie ETag).")




class AssetFeatureSerializer(serializers.Serializer):
    type = constant_field("Feature")
    id = serializers.IntegerField()
    geometry = GeometrySerializer()
    properties = AssetPropertiesSerializer()


class LinksSerializer(serializers.Serializer):
    self = serializers.URLField()
    next = serializers.URLField(allow_null=True, help_text="Volgende pagina, of null.")
    prev = serializers.URLField(allow_null=True, help_text="Vorige pagina, of null.")


class AssetFeatureCollectionSerializer(serializers.Serializer):
    type = constant_field("FeatureCollection")
    numberMatched = serializers.IntegerField(help_text="Aantal assets dat aan de filters voldoet.")
    numberReturned = serializers.IntegerField(help_text="Aantal assets op deze pagina.")
    links = LinksSerializer()
    features = AssetFeatureSerializer(many=True)


class AttributeSpecSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="Naam van het kenmerk in bestanden en de API.")
    label = serializers.CharField()
    type = serializers.ChoiceField(choices=["string", "integer", "number", "choice", "boolean"])
    unit = serializers.CharField(required=False)
    choices = serializers.ListField(child=serializers.CharField(), required=False)
    min = serializers.FloatField(required=False)
    max = serializers.FloatField(required=False)


class AssetTypeSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    geometry_kind = serializers.ChoiceField(choices=AssetType.GeometryKind.choices)
    default_unit = serializers.CharField()
    schema = AttributeSpecSerializer(many=True, help_text="De kenmerken van dit type.")


# --- Building the answers -----------------------------------------------------------------------

def asset_properties(row: dict) -> dict:
    quantity = row["quantity"]
    return {
        "id": row["id"],
        "external_id": row["external_id"],
        "type": row["asset_type__code"],
        "type_label": row["asset_type__label"],
        "buurt": row["buurt__code"],
        "wijk": row["wijk__code"],
        "outside_areas": row["outside_areas"],
        "quantity": float(quantity) if quantity is not None else None,
        "unit": row["unit"],
        "installation_year": row["installation_year"],
        "condition": row["condition"],
        "condition_date": row["condition_date"],
        "attributes": row["attributes"] or {},
        "version": row["version"],
    }


# --- Parameters ---------------------------------------------------------------------------------

def parse_bbox(value: str) -> tuple[float, float, float, float]:
    example = gettext("Voorbeeld: bbox=5.10,52.07,5.13,52.10 (minlon,minlat,maxlon,maxlat in WGS84).")
    parts = [p.strip() for p in value.split(",")]
    if len(parts) != 4:
        raise ValidationError({"bbox": [
            gettext("bbox moet vier getallen hebben, gescheiden door komma's.") + " " + example
        ]})
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        raise ValidationError({"bbox": [
            gettext("bbox bevat iets anders dan getallen: '%(value)s'.") % {"value": value} + " " + example
        ]}) from None
    if not all(math.isfinite(n) for n in numbers):
        raise ValidationError({"bbox": [
            gettext("bbox bevat ongeldige getallen: '%(value)s'.") % {"value": value} + " " + example
        ]})
    min_lon, min_lat, max_lon, max_lat = numbers
    if not (-180 <= min_lon <= 180 and -180 <= max_lon <= 180 and -90 <= min_lat <= 90 and -90 <= max_lat <= 90):
        raise ValidationError({"bbox": [
            gettext(
                "bbox valt buiten de wereld: lengtegraad moet tussen -180 en 180 liggen, breedtegraad tussen -90 en 90. "
                "Gebruik WGS84 (graden), geen RD-coördinaten."
            ) + " " + example
        ]})
    if min_lon > max_lon or min_lat > max_lat:
        raise ValidationError({"bbox": [
            gettext("In bbox moet het minimum kleiner zijn dan het maximum.") + " " + example
        ]})
    return min_lon, min_lat, max_lon, max_lat


def _positive_int(request, name: str, default: int, maximum: int | None = None) -> int:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw) if len(raw) <= 19 else 0
    except ValueError:
        value = 0
    if value < 1 or (maximum is not None and value > maximum):
        if maximum:
            message = gettext("%(name)s moet een geheel getal zijn van minstens 1 en hoogstens %(maximum)s, niet '%(raw)s'.")
        else:
            message = gettext("%(name)s moet een geheel getal zijn van minstens 1, niet '%(raw)s'.")
        raise ValidationError({name: [message % {"name": name, "maximum": maximum, "raw": raw}]})
    return value


def _area_code(request, gemeente, level: str) -> str | None:
    code = request.query_params.get(level)
    if code in (None, ""):
        return None
    if not Area.objects.filter(gemeente=gemeente, level=level, code=code).exists():
        message = (gettext("Wijk '%(code)s' bestaat niet in deze gemeente.") if level == Area.Level.WIJK
                   else gettext("Buurt '%(code)s' bestaat niet in deze gemeente."))
        raise ValidationError({level: [message % {"code": code}]})
    return code


def _type_codes(request) -> list[str] | None:
    raw = request.query_params.get("type")
    if raw in (None, ""):
        return None
    codes = [c.strip() for c in raw.split(",") if c.strip()]
    known = set(AssetType.objects.values_list("code", flat=True))
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise ValidationError({"type": [
            gettext("Onbekend assettype '%(codes)s'. Kies uit: %(known)s.")
            % {"codes": ", ".join(unknown), "known": ", ".join(sorted(known))}
        ]})
    return codes


LIST_PARAMETERS = [
    SLUG_PARAMETER,
    OpenApiParameter("bbox", str, OpenApiParameter.QUERY,
                     description="minlon,minlat,maxlon,maxlat in WGS84: assets waarvan de omhullende rechthoek "
                     "deze rechthoek raakt of overlapt."),
    OpenApiParameter("type", str, OpenApiParameter.QUERY,
                     description="Code van het assettype (meer codes met komma's), zie `assettypes`."),
    OpenApiParameter("buurt", str, OpenApiParameter.QUERY, description="Code van een buurt."),
    OpenApiParameter("wijk", str, OpenApiParameter.QUERY, description="Code van een wijk."),
    OpenApiParameter("page", int, OpenApiParameter.QUERY, description="Paginanummer, vanaf 1."),
    OpenApiParameter("page_size", int, OpenApiParameter.QUERY,
                     description=f"Aantal per pagina (standaard {PAGE_SIZE_DEFAULT}, hoogstens {PAGE_SIZE_MAX})."),
]


# --- Views --------------------------------------------------------------------------------------

class AssetTypeListView(GemeenteApiView):
    required_actions = {"get": VIEW_ASSETS}

    @extend_schema(
        operation_id="assettypes_list",
        tags=["assettypes"],
        summary="Assettypes",
        description="De soorten assets met hun code, naam, geometrie, standaardeenheid en kenmerken. "
        "Een gewone lijst, op code gesorteerd.",
        parameters=[SLUG_PARAMETER],
        responses={200: AssetTypeSerializer(many=True), **problem_responses(401, 403, 404)},
    )
    def get(self, request, slug: str):
        self.gemeente(request, slug)
        data = [
            {"code": t.code, "label": t.label, "geometry_kind": t.geometry_kind,
             "default_unit": t.default_unit, "schema": t.schema or []}
            for t in asset_type_list()
        ]
        return Response(data)


class AssetListView(GemeenteGeoApiView):
    required_actions = {"get": VIEW_ASSETS}

    @extend_schema(
        operation_id="assets_list",
        tags=["assets"],
        summary="Assets (GeoJSON)",
        description="De assets van de gemeente als GeoJSON FeatureCollection (WGS84), op id gesorteerd, "
        "per pagina. Zoals OGC API Features staan `numberMatched`, `numberReturned` en `links` "
        "(`next`, `prev`) naast de features.",
        parameters=LIST_PARAMETERS,
        responses={(200, "application/geo+json"): AssetFeatureCollectionSerializer,
                   **problem_responses(400, 401, 403, 404)},
    )
    def get(self, request, slug: str):
        gemeente = self.gemeente(request, slug)
        raw_bbox = request.query_params.get("bbox")
        bbox = parse_bbox(raw_bbox) if raw_bbox not in (None, "") else None
        type_codes = _type_codes(request)
        buurt = _area_code(request, gemeente, "buurt")
        wijk = _area_code(request, gemeente, "wijk")
        page = _positive_int(request, "page", 1)
        page_size = _positive_int(request, "page_size", PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX)

        qs = asset_list(gemeente=gemeente, bbox=bbox, type_code=type_codes, buurt_code=buurt, wijk_code=wijk)
        matched = qs.count()
        offset = (page - 1) * page_size
        rows = list(qs.values(*ASSET_LIST_FIELDS)[offset:offset + page_size]) if offset < matched else []
        features = [
            {"type": "Feature", "id": row["id"], "geometry": row["geometry"], "properties": asset_properties(row)}
            for row in rows
        ]
        url = request.build_absolute_uri()
        next_url = replace_query_param(url, "page", page + 1) if offset + len(rows) < matched else None
        if page <= 1:
            prev_url = None
        elif page == 2:
            prev_url = remove_query_param(url, "page")
        else:
            # Past the end: point back at the last page that has features.
            last = max(1, math.ceil(matched / page_size))
            prev_url = replace_query_param(url, "page", min(page - 1, last))
        return Response({
            "type": "FeatureCollection",
            "numberMatched": matched,
            "numberReturned": len(features),
            "links": {"self": url, "next": next_url, "prev": prev_url},
            "features": features,
        })
