"""API: wijken and buurten of a municipality, as GeoJSON."""

from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from wijkwerk.assets.selectors import asset_counts_in_area
from wijkwerk.core.api import GeometrySerializer, constant_field, problem_responses
from wijkwerk.municipalities.api import SLUG_PARAMETER
from wijkwerk.municipalities.api_views import GemeenteGeoApiView
from wijkwerk.municipalities.roles import VIEW_ASSETS

from .models import Area
from .selectors import LEVELS, area_get, area_list

NIVEAU_PARAMETER = OpenApiParameter(
    "niveau", str, OpenApiParameter.QUERY, enum=list(LEVELS),
    description="Alleen wijken of alleen buurten. Zonder: allebei.",
)
CODE_PARAMETER = OpenApiParameter(
    "code", str, OpenApiParameter.PATH, description="De code van de wijk of buurt, zoals ingelezen."
)


class AreaPropertiesSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Code zoals ingelezen.")
    name = serializers.CharField()
    niveau = serializers.ChoiceField(choices=list(LEVELS))
    wijk = serializers.CharField(allow_null=True, help_text="Bij een buurt: de code van haar wijk (of null).")


class AreaDetailPropertiesSerializer(AreaPropertiesSerializer):
    bbox = serializers.ListField(child=serializers.FloatField(), min_length=4, max_length=4,
                                 help_text="minlon, minlat, maxlon, maxlat (WGS84).")
    asset_counts = serializers.DictField(child=serializers.IntegerField(),
                                         help_text="Aantal assets per assettype (code) in dit gebied.")


class AreaFeatureSerializer(serializers.Serializer):
    type = constant_field("Feature")
    geometry = GeometrySerializer()
    properties = AreaPropertiesSerializer()


class AreaDetailFeatureSerializer(AreaFeatureSerializer):
    properties = AreaDetailPropertiesSerializer()


class AreaFeatureCollectionSerializer(serializers.Serializer):
    type = constant_field("FeatureCollection")
    features = AreaFeatureSerializer(many=True)
    numberReturned = serializers.IntegerField()


def _niveau(request) -> str | None:
    value = request.query_params.get("niveau")
    if value in (None, ""):
        return None
    if value not in LEVELS:
        raise ValidationError({"niveau": [gettext("Onbekend niveau '%(value)s': kies wijk of buurt.") % {"value": value}]})
    return value


def area_properties(area: Area) -> dict:
    return {
        "code": area.code,
        "name": area.name,
        "niveau": area.level,
        "wijk": area.parent.code if area.parent_id else None,
    }


class AreaListView(GemeenteGeoApiView):
    required_actions = {"get": VIEW_ASSETS}  # as the overview and the map

    @extend_schema(
        operation_id="gebieden_list",
        tags=["gebieden"],
        summary="Wijken en buurten (GeoJSON)",
        description="De wijken en/of buurten van de gemeente als GeoJSON FeatureCollection (WGS84), "
        "gesorteerd op niveau en code. Niet gepagineerd.",
        parameters=[SLUG_PARAMETER, NIVEAU_PARAMETER],
        responses={(200, "application/geo+json"): AreaFeatureCollectionSerializer,
                   **problem_responses(400, 401, 403, 404)},
    )
    def get(self, request, slug: str):
        gemeente = self.gemeente(request, slug)
        level = _niveau(request)
        features = [
            {"type": "Feature", "geometry": area.geometry, "properties": area_properties(area)}
            for area in area_list(gemeente=gemeente, level=level)
        ]
        return Response(
            {"type": "FeatureCollection", "features": features, "numberReturned": len(features)}
        )


class AreaDetailView(GemeenteGeoApiView):
    required_actions = {"get": VIEW_ASSETS}

    @extend_schema(
        operation_id="gebieden_retrieve",
        tags=["gebieden"],
        summary="Eén wijk of buurt (GeoJSON)",
        description="Een wijk of buurt met haar vorm en het aantal assets per type. Hebben een wijk en "
        "een buurt dezelfde code, geef dan `niveau` mee.",
        parameters=[SLUG_PARAMETER, CODE_PARAMETER, NIVEAU_PARAMETER],
        responses={(200, "application/geo+json"): AreaDetailFeatureSerializer,
                   **problem_responses(400, 401, 403, 404)},
    )
    def get(self, request, slug: str, code: str):
        gemeente = self.gemeente(request, slug)
        level = _niveau(request)
        areas = area_get(gemeente=gemeente, code=code, level=level)
        if not areas:
            raise NotFound(gettext("Gebied '%(code)s' niet gevonden.") % {"code": code})
        if len(areas) > 1:
            raise ValidationError({"niveau": [
                gettext("Code '%(code)s' is zowel een wijk als een buurt: geef niveau=wijk of niveau=buurt.")
                % {"code": code}
            ]})
        area = areas[0]
        properties = area_properties(area)
        properties["bbox"] = [area.min_lon, area.min_lat, area.max_lon, area.max_lat]
        properties["asset_counts"] = asset_counts_in_area(gemeente=gemeente, area=area)
        return Response(
            {"type": "Feature", "geometry": area.geometry, "properties": properties}
        )
