"""API: one asset of the register, as a GeoJSON Feature with its history: read (ETag,
If-None-Match) and edited with optimistic concurrency (PATCH with If-Match). The asset types and
the list of assets are in `api`."""

from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from wijkwerk.core.api import (
    JSON_MAX_DEPTH,
    GeometrySerializer,
    etag_versions,
    problem_response,
    problem_responses,
)
from wijkwerk.municipalities.api import SLUG_PARAMETER
from wijkwerk.municipalities.api_views import GemeenteGeoApiView
from wijkwerk.municipalities.roles import CHANGE_ASSETS, VIEW_ASSETS

from .api import AssetFeatureSerializer, AssetPropertiesSerializer, asset_properties
from .models import Asset
from .schemas import ATTRIBUTE_NAME_MAX_LENGTH, ATTRIBUTE_TEXT_MAX_LENGTH
from .selectors import ASSET_LIST_FIELDS, asset_get, asset_history
from .services import ASSET_EDITABLE_FIELDS, StaleVersion, asset_update

HISTORY_LIMIT = 100

ID_PARAMETER = OpenApiParameter("asset_id", int, OpenApiParameter.PATH, description="Het id van de asset.")


# --- Documentation of the answers ---------------------------------------------------------------

class HistoryEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    kind = serializers.CharField(help_text="created, updated of condition.")
    changes = serializers.DictField(help_text="Per veld: [oud, nieuw].")
    source = serializers.CharField(help_text="Waar de wijziging vandaan kwam (bijv. api, web, een importbestand).")
    actor = serializers.CharField(allow_null=True, help_text="Gebruikersnaam, of null.")


class AssetDetailPropertiesSerializer(AssetPropertiesSerializer):
    lon = serializers.FloatField(help_text="WGS84-lengtegraad van het punt of het middelpunt.")
    lat = serializers.FloatField()
    x = serializers.FloatField(help_text="RD New (EPSG:28992) x.")
    y = serializers.FloatField()
    bbox = serializers.ListField(child=serializers.FloatField(), min_length=4, max_length=4,
                                 help_text="minlon, minlat, maxlon, maxlat (WGS84).")
    created = serializers.DateTimeField()
    updated = serializers.DateTimeField()
    history = HistoryEntrySerializer(many=True, help_text=f"Historie, nieuwste eerst (hoogstens {HISTORY_LIMIT}).")


class AssetDetailFeatureSerializer(AssetFeatureSerializer):
    properties = AssetDetailPropertiesSerializer()


class AssetPatchSerializer(serializers.Serializer):
    """Alleen de meegestuurde velden veranderen. `attributes` worden samengevoegd: een kenmerk met
    null wordt verwijderd."""

    attributes = serializers.DictField(required=False, help_text="Kenmerken om te wijzigen; null verwijdert er een.")
    quantity = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, coerce_to_string=False)
    unit = serializers.CharField(required=False, max_length=10)
    installation_year = serializers.IntegerField(required=False, allow_null=True)
    condition = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=6)
    condition_date = serializers.DateField(required=False, allow_null=True)
    geometry = GeometrySerializer(required=False, help_text="Nieuwe ligging (WGS84); buurt en wijk worden "
                                  "opnieuw bepaald.")


# --- Building the answers -----------------------------------------------------------------------

def asset_feature(asset: Asset, *, history: list | None = None) -> dict:
    row = {name: getattr(asset, name) for name in ASSET_LIST_FIELDS if "__" not in name}
    row.update({
        "asset_type__code": asset.asset_type.code, "asset_type__label": asset.asset_type.label,
        "buurt__code": asset.buurt.code if asset.buurt_id else None,
        "wijk__code": asset.wijk.code if asset.wijk_id else None,
    })
    properties = asset_properties(row)
    properties.update({
        "lon": asset.lon, "lat": asset.lat, "x": asset.x, "y": asset.y,
        "bbox": [asset.min_lon, asset.min_lat, asset.max_lon, asset.max_lat],
        "created": asset.created, "updated": asset.updated,
        "history": [
            {"at": h.at, "kind": h.kind, "changes": h.changes, "source": h.source,
             "actor": h.actor.get_username() if h.actor_id else None}
            for h in (history or [])
        ],
    })
    return {"type": "Feature", "id": asset.pk, "geometry": asset.geometry, "properties": properties}


def etag(asset: Asset) -> str:
    return f'"{asset.version}"'


# --- View ---------------------------------------------------------------------------------------

class AssetDetailView(GemeenteGeoApiView):
    required_actions = {"get": VIEW_ASSETS, "patch": CHANGE_ASSETS}

    def _get(self, request, slug: str, asset_id: int):
        gemeente = self.gemeente(request, slug)
        asset = asset_get(gemeente=gemeente, asset_id=asset_id)
        if asset is None:
            raise NotFound(gettext("Asset niet gevonden."))
        return gemeente, asset

    def _answer(self, asset: Asset, code: int = status.HTTP_200_OK) -> Response:
        response = Response(asset_feature(asset, history=asset_history(asset=asset, limit=HISTORY_LIMIT)),
                            status=code)
        response["ETag"] = etag(asset)
        return response

    @extend_schema(
        operation_id="assets_retrieve",
        tags=["assets"],
        summary="Eén asset (GeoJSON)",
        description="De asset als GeoJSON Feature met alle eigenschappen en de historie. De kop `ETag` "
        "geeft de versie; stuur die als `If-Match` mee bij een wijziging. Met `If-None-Match` en een "
        "ongewijzigde versie: 304 zonder inhoud. Een te lange of ongeldige `If-None-Match` (geen lijst "
        'van ETags zoals `"3"`, `W/"3"` of `*`) geeft 400.',
        parameters=[SLUG_PARAMETER, ID_PARAMETER,
                    OpenApiParameter("If-None-Match", str, OpenApiParameter.HEADER, required=False,
                                     description='Een ETag uit een eerder antwoord, bijv. "3".')],
        responses={(200, "application/geo+json"): AssetDetailFeatureSerializer,
                   304: OpenApiResponse(description="Niet gewijzigd sinds de meegegeven ETag."),
                   **problem_responses(400, 401, 403, 404)},
    )
    def get(self, request, slug: str, asset_id: int):
        _, asset = self._get(request, slug, asset_id)
        if request.headers.get("If-None-Match"):
            versions = etag_versions(request, "If-None-Match")
            if versions is None or asset.version in versions:
                response = Response(status=status.HTTP_304_NOT_MODIFIED)
                response["ETag"] = etag(asset)
                return response
        return self._answer(asset)

    @extend_schema(
        operation_id="assets_partial_update",
        tags=["assets"],
        summary="Een asset wijzigen",
        description="Wijzigt alleen de meegestuurde velden (" + ", ".join(ASSET_EDITABLE_FIELDS) + "); "
        "`attributes` worden samengevoegd met de bestaande kenmerken, null verwijdert een kenmerk "
        "(JSON merge patch). Een nieuwe `geometry` verplaatst de asset: buurt en wijk volgen. Vereist de kop `If-Match` met de `ETag` van de versie die u las: "
        "zonder antwoordt de API 428, bij een verouderde versie 412 en verandert er niets; een te lange of "
        "ongeldige `If-Match` geeft 400. Vereist een rol die assets mag wijzigen. Kenmerken: namen van 1 tot "
        f"{ATTRIBUTE_NAME_MAX_LENGTH} tekens, tekst hoogstens {ATTRIBUTE_TEXT_MAX_LENGTH} tekens, getallen eindig. "
        f"JSON hoogstens {JSON_MAX_DEPTH} niveaus diep.",
        parameters=[
            SLUG_PARAMETER, ID_PARAMETER,
            OpenApiParameter("If-Match", str, OpenApiParameter.HEADER, required=True,
                             description='De ETag uit het laatste antwoord, bijv. "3".'),
        ],
        request=AssetPatchSerializer,
        responses={(200, "application/geo+json"): AssetDetailFeatureSerializer,
                   **problem_responses(400, 401, 403, 404, 412, 415, 428)},
    )
    def patch(self, request, slug: str, asset_id: int):
        gemeente, asset = self._get(request, slug, asset_id)
        if not request.headers.get("If-Match"):
            return problem_response(
                428, gettext("Stuur de kop If-Match mee met de ETag van de versie die u wilt wijzigen "
                             "(haal de asset eerst op met GET)."), request,
            )
        versions = etag_versions(request, "If-Match")
        if versions is not None and asset.version not in versions:
            return self._stale(request, asset.version)
        if not isinstance(request.data, dict):
            raise ValidationError({"non_field_errors": [gettext("Stuur een JSON-object met de velden die u wilt wijzigen.")]})
        try:
            asset = asset_update(
                asset=asset, changes=dict(request.data), actor=request.user,
                expected_version=None if versions is None else asset.version, origin="api",
            )
        except StaleVersion as exc:
            return self._stale(request, exc.current)
        asset = asset_get(gemeente=gemeente, asset_id=asset.pk)
        return self._answer(asset)

    @staticmethod
    def _stale(request, current: int) -> Response:
        response = problem_response(
            412, gettext("De asset is intussen gewijzigd (huidige versie: %(current)s). Haal haar opnieuw op "
                         "en breng uw wijziging opnieuw aan.") % {"current": current}, request,
        )
        response["ETag"] = f'"{current}"'
        return response
