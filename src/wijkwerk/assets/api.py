"""API: the asset register of a municipality, as GeoJSON, with optimistic concurrency on edits."""

import math

from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from wijkwerk.areas.models import Area
from wijkwerk.core.api import (
    JSON_MAX_DEPTH,
    GeometrySerializer,
    constant_field,
    etag_versions,
    problem_response,
    problem_responses,
)
from wijkwerk.municipalities.api import SLUG_PARAMETER
from wijkwerk.municipalities.api_views import GemeenteApiView, GemeenteGeoApiView
from wijkwerk.municipalities.roles import CHANGE_ASSETS, VIEW_ASSETS

from .models import Asset, AssetType
from .schemas import ATTRIBUTE_NAME_MAX_LENGTH, ATTRIBUTE_TEXT_MAX_LENGTH
from .selectors import ASSET_LIST_FIELDS, asset_get, asset_history, asset_list, asset_type_list
from .services import ASSET_EDITABLE_FIELDS, StaleVersion, asset_update

PAGE_SIZE_DEFAULT = 1000
PAGE_SIZE_MAX = 10_000
HISTORY_LIMIT = 100

ID_PARAMETER = OpenApiParameter("asset_id", int, OpenApiParameter.PATH, description="Het id van de asset.")


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


class AssetFeatureSerializer(serializers.Serializer):
    type = constant_field("Feature")
    id = serializers.IntegerField()
    geometry = GeometrySerializer()
    properties = AssetPropertiesSerializer()


class AssetDetailFeatureSerializer(AssetFeatureSerializer):
    properties = AssetDetailPropertiesSerializer()


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

def _properties(row: dict) -> dict:
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


def asset_feature(asset: Asset, *, history: list | None = None) -> dict:
    row = {name: getattr(asset, name) for name in ASSET_LIST_FIELDS if "__" not in name}
    row.update({
        "asset_type__code": asset.asset_type.code, "asset_type__label": asset.asset_type.label,
        "buurt__code": asset.buurt.code if asset.buurt_id else None,
        "wijk__code": asset.wijk.code if asset.wijk_id else None,
    })
    properties = _properties(row)
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
            {"type": "Feature", "id": row["id"], "geometry": row["geometry"], "properties": _properties(row)}
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
