"""API: the municipalities the user is a member of."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.reverse import reverse

from wijkwerk.core.api import problem_responses

from .api_views import GemeenteApiView
from .models import Organisation
from .selectors import gemeente_list_for_user, organisation_list, user_roles

SLUG_PARAMETER = OpenApiParameter(
    "slug", str, OpenApiParameter.PATH, description="De korte naam van de gemeente in adressen, bijv. `utrecht`."
)


class GemeenteSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField(help_text="Naam van de gemeente.")
    url = serializers.URLField(help_text="Adres van deze gemeente in de API.")


class OrganisationSerializer(serializers.Serializer):
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=Organisation.Kind.choices, help_text="Soort organisatie (code).")
    kind_label = serializers.CharField(help_text="Soort organisatie in gewone woorden.")


class KindSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()


class GemeenteLinksSerializer(serializers.Serializer):
    gebieden = serializers.URLField()
    assets = serializers.URLField()
    assettypes = serializers.URLField()


class GemeenteDetailSerializer(GemeenteSerializer):
    organisations = OrganisationSerializer(many=True, help_text="De organisaties van de samenwerking.")
    organisation_kinds = KindSerializer(many=True, help_text="Alle soorten organisaties.")
    roles = serializers.ListField(child=serializers.CharField(), help_text="Uw rollen in deze gemeente.")
    links = GemeenteLinksSerializer()


def gemeente_url(request, slug: str) -> str:
    return reverse("api-gemeente-detail", kwargs={"slug": slug}, request=request)


class GemeenteListView(GemeenteApiView):
    required_actions = {"get": None}  # the user's own municipalities; no municipality in the URL

    @extend_schema(
        operation_id="gemeenten_list",
        tags=["gemeenten"],
        summary="Mijn gemeenten",
        description="De gemeenten waarvan u lid bent (een beheerder van het systeem ziet ze alle). "
        "Een gewone lijst, op naam gesorteerd, zonder pagina's.",
        responses={200: GemeenteSerializer(many=True), **problem_responses(401)},
    )
    def get(self, request):
        data = [
            {"slug": g.slug, "name": g.name, "url": gemeente_url(request, g.slug)}
            for g in gemeente_list_for_user(user=request.user).order_by("name", "slug")
        ]
        return Response(data)


class GemeenteDetailView(GemeenteApiView):
    required_actions = {"get": None}  # membership: like the municipality picker, open to every role

    @extend_schema(
        operation_id="gemeenten_retrieve",
        tags=["gemeenten"],
        summary="Eén gemeente",
        description="De gemeente met de organisaties van de samenwerking, uw rollen en de adressen "
        "van haar gebieden, assets en assettypes.",
        parameters=[SLUG_PARAMETER],
        responses={200: GemeenteDetailSerializer, **problem_responses(401, 404)},
    )
    def get(self, request, slug: str):
        gemeente = self.gemeente(request, slug)
        data = {
            "slug": gemeente.slug,
            "name": gemeente.name,
            "url": gemeente_url(request, gemeente.slug),
            "organisations": [
                {"name": o.name, "kind": o.kind, "kind_label": o.get_kind_display()}
                for o in organisation_list(gemeente=gemeente)
            ],
            "organisation_kinds": [{"code": c, "label": str(label)} for c, label in Organisation.Kind.choices],
            "roles": sorted(user_roles(user=request.user, gemeente=gemeente)),
            "links": {
                name: reverse(f"api-{name}-list", kwargs={"slug": gemeente.slug}, request=request)
                for name in ("gebieden", "assets", "assettypes")
            },
        }
        return Response(data)
