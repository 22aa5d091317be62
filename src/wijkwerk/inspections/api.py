"""API: schouw rounds, their plots (optimistic concurrency per plot) and results."""

from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from wijkwerk.core.api import etag_versions, problem_response, problem_responses
from wijkwerk.municipalities.api import SLUG_PARAMETER
from wijkwerk.municipalities.api_views import GemeenteApiView
from wijkwerk.municipalities.roles import RECORD_INSPECTIONS, VIEW_INSPECTIONS

from .models import Plot
from .quality.plots import RoundClosed, StalePlot, plot_record
from .quality.selectors import round_get, round_list, round_progress, round_results, round_results_by_aspect

ROUND_PARAMETER = OpenApiParameter("round_id", int, OpenApiParameter.PATH, description="Het id van de schouwronde.")
PLOT_PARAMETER = OpenApiParameter("plot_id", int, OpenApiParameter.PATH, description="Het id van de meetlocatie.")


class ProgressSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    done = serializers.IntegerField()
    skipped = serializers.IntegerField()
    open = serializers.IntegerField()


class RoundSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    period_start = serializers.DateField(allow_null=True)
    period_end = serializers.DateField(allow_null=True)
    status = serializers.CharField(help_text="planned, open of done.")
    catalogue_version = serializers.IntegerField(help_text="De versie van de kwaliteitscatalogus waarmee gemeten is.")
    aspects = serializers.ListField(child=serializers.CharField(), help_text="Aspectcodes in deze ronde.")
    plots_per_buurt = serializers.IntegerField()
    seed = serializers.IntegerField()
    progress = ProgressSerializer()


class ResultSerializer(serializers.Serializer):
    buurt = serializers.CharField(help_text="Buurtcode zoals ingelezen.")
    buurt_name = serializers.CharField()
    aspect = serializers.CharField(help_text="Naam van het aspect in de kwaliteitscatalogus.")
    aspect_code = serializers.CharField()
    plots = serializers.IntegerField(help_text="Geschouwde meetlocaties (overgeslagen tellen niet mee).")
    at_or_above_target = serializers.IntegerField()
    share = serializers.FloatField(help_text="at_or_above_target / plots, 0..1, 4 decimalen.")
    target = serializers.CharField(help_text="Streefniveau (A+, A, B, C, D).")
    pass_share = serializers.FloatField(help_text="Normpercentage, 0..1.")
    meets_norm = serializers.BooleanField(help_text="share >= pass_share.")


class AspectResultSerializer(serializers.Serializer):
    aspect = serializers.CharField()
    aspect_code = serializers.CharField()
    plots = serializers.IntegerField()
    at_or_above_target = serializers.IntegerField()
    share = serializers.FloatField()
    buurten = serializers.IntegerField()
    buurten_ok = serializers.IntegerField(help_text="Buurten die de norm halen.")


class RoundResultsSerializer(serializers.Serializer):
    round = RoundSerializer()
    buurten = ResultSerializer(many=True)
    aspects = AspectResultSerializer(many=True)


class ScoreSerializer(serializers.Serializer):
    level = serializers.CharField(help_text="A+, A, B, C of D.")
    value = serializers.FloatField(allow_null=True, help_text="Gemeten waarde (alleen bij gemeten aspecten).")


class PlotSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    buurt = serializers.CharField(allow_null=True)
    lon = serializers.FloatField()
    lat = serializers.FloatField()
    status = serializers.CharField(help_text="open, done of skipped.")
    skip_reason = serializers.CharField()
    version = serializers.IntegerField(help_text="Ook de ETag.")
    updated_by = serializers.CharField()
    scores = serializers.DictField(child=ScoreSerializer(), help_text="Per aspectcode het niveau en de waarde.")


class PlotPatchSerializer(serializers.Serializer):
    scores = serializers.DictField(
        child=serializers.JSONField(), required=False,
        help_text='Per aspectcode {"level": "B"} of {"value": 3.5} (gemeten aspecten), of alleen "B".',
    )
    skip_reason = serializers.CharField(required=False, allow_blank=True,
                                        help_text="Reden om de meetlocatie over te slaan (bijv. onbereikbaar).")


def round_data(rnd) -> dict:
    return {
        "id": rnd.id, "name": rnd.name, "period_start": rnd.period_start, "period_end": rnd.period_end,
        "status": rnd.status, "catalogue_version": rnd.catalogue.version, "aspects": list(rnd.aspects or []),
        "plots_per_buurt": rnd.plots_per_buurt, "seed": rnd.seed, "progress": round_progress(round=rnd),
    }


def plot_data(plot: Plot) -> dict:
    return {
        "id": plot.id, "code": plot.code, "buurt": plot.buurt.code if plot.buurt_id else None,
        "lon": plot.lon, "lat": plot.lat, "status": plot.status, "skip_reason": plot.skip_reason,
        "version": plot.version, "updated_by": plot.updated_by_label,
        "scores": {s.aspect_code: {"level": s.level, "value": s.value} for s in plot.scores.all()},
    }


class RoundListView(GemeenteApiView):
    required_actions = {"get": VIEW_INSPECTIONS}

    @extend_schema(operation_id="schouwrondes_list", tags=["schouw"], summary="Schouwrondes",
                   description="Alle schouwrondes van de gemeente, nieuwste eerst, met de voortgang.",
                   parameters=[SLUG_PARAMETER], responses={200: RoundSerializer(many=True), **problem_responses(401, 403, 404)})
    def get(self, request, slug: str):
        gemeente = self.gemeente(request, slug)
        return Response([round_data(r) for r in round_list(gemeente=gemeente)])


class RoundDetailView(GemeenteApiView):
    required_actions = {"get": VIEW_INSPECTIONS}

    @extend_schema(operation_id="schouwrondes_retrieve", tags=["schouw"], summary="Eén schouwronde",
                   parameters=[SLUG_PARAMETER, ROUND_PARAMETER],
                   responses={200: RoundSerializer, **problem_responses(401, 403, 404)})
    def get(self, request, slug: str, round_id: int):
        gemeente = self.gemeente(request, slug)
        return Response(round_data(round_get(gemeente=gemeente, round_id=round_id)))


class RoundResultsView(GemeenteApiView):
    required_actions = {"get": VIEW_INSPECTIONS}

    @extend_schema(operation_id="schouwrondes_uitslag", tags=["schouw"], summary="Uitslag van een schouwronde",
                   description="Per buurt en aspect het aandeel meetlocaties op of boven het streefniveau, "
                   "afgezet tegen het normpercentage; en per aspect voor de hele gemeente.",
                   parameters=[SLUG_PARAMETER, ROUND_PARAMETER],
                   responses={200: RoundResultsSerializer, **problem_responses(401, 403, 404)})
    def get(self, request, slug: str, round_id: int):
        gemeente = self.gemeente(request, slug)
        rnd = round_get(gemeente=gemeente, round_id=round_id)
        return Response({"round": round_data(rnd), "buurten": round_results(round=rnd),
                         "aspects": round_results_by_aspect(round=rnd)})


class PlotListView(GemeenteApiView):
    required_actions = {"get": VIEW_INSPECTIONS}

    @extend_schema(operation_id="meetlocaties_list", tags=["schouw"], summary="Meetlocaties van een schouwronde",
                   parameters=[SLUG_PARAMETER, ROUND_PARAMETER],
                   responses={200: PlotSerializer(many=True), **problem_responses(401, 403, 404)})
    def get(self, request, slug: str, round_id: int):
        gemeente = self.gemeente(request, slug)
        rnd = round_get(gemeente=gemeente, round_id=round_id)
        plots = rnd.plots.select_related("buurt").prefetch_related("scores").order_by("code")
        return Response([plot_data(p) for p in plots])


class PlotDetailView(GemeenteApiView):
    required_actions = {"get": VIEW_INSPECTIONS, "patch": RECORD_INSPECTIONS}

    def _plot(self, request, slug: str, round_id: int, plot_id: int):
        gemeente = self.gemeente(request, slug)
        rnd = round_get(gemeente=gemeente, round_id=round_id)
        plot = Plot.objects.filter(round=rnd, pk=plot_id).select_related("buurt").first()
        if plot is None:
            raise NotFound(gettext("Meetlocatie niet gevonden."))
        return gemeente, plot

    @staticmethod
    def _answer(plot: Plot) -> Response:
        response = Response(plot_data(plot))
        response["ETag"] = f'"{plot.version}"'
        return response

    @extend_schema(operation_id="meetlocaties_retrieve", tags=["schouw"], summary="Eén meetlocatie",
                   description="De meetlocatie met haar scores; de kop `ETag` geeft de versie.",
                   parameters=[SLUG_PARAMETER, ROUND_PARAMETER, PLOT_PARAMETER],
                   responses={200: PlotSerializer, **problem_responses(401, 403, 404)})
    def get(self, request, slug: str, round_id: int, plot_id: int):
        _, plot = self._plot(request, slug, round_id, plot_id)
        return self._answer(plot)

    @extend_schema(
        operation_id="meetlocaties_partial_update", tags=["schouw"], summary="Scores van een meetlocatie opslaan",
        description="Slaat de scores van één meetlocatie op, of slaat haar over met een reden. Vereist "
        "`If-Match` met de ETag die u las: heeft een andere inspecteur de meetlocatie intussen gewijzigd, "
        "dan antwoordt de API 412 en verandert er niets; een te lange of ongeldige `If-Match` geeft 400. "
        "Een afgeronde schouwronde (status done) is alleen te lezen: dan antwoordt de API 409.",
        parameters=[SLUG_PARAMETER, ROUND_PARAMETER, PLOT_PARAMETER,
                    OpenApiParameter("If-Match", str, OpenApiParameter.HEADER, required=True,
                                     description='De ETag uit het laatste antwoord, bijv. "3".')],
        request=PlotPatchSerializer,
        responses={200: PlotSerializer, **problem_responses(400, 401, 403, 404, 409, 412, 415, 428)},
    )
    def patch(self, request, slug: str, round_id: int, plot_id: int):
        _, plot = self._plot(request, slug, round_id, plot_id)
        if not request.headers.get("If-Match"):
            return problem_response(428, gettext("Stuur de kop If-Match mee met de ETag van de meetlocatie "
                                            "(haal haar eerst op met GET)."), request)
        versions = etag_versions(request, "If-Match")
        # `*`: any version; otherwise the plot's version must be among the tags (else 412).
        expected = None if versions is None else (plot.version if plot.version in versions else -1)
        data = PlotPatchSerializer(data=request.data if isinstance(request.data, dict) else {})
        data.is_valid(raise_exception=True)
        try:
            plot = plot_record(plot=plot, scores=data.validated_data.get("scores"),
                               skip_reason=data.validated_data.get("skip_reason"),
                               expected_version=expected, actor=request.user, origin="api")
        except RoundClosed as exc:
            return problem_response(409, str(exc.MESSAGE), request)
        except StalePlot as exc:
            response = problem_response(412, str(exc), request)
            response["ETag"] = f'"{exc.plot.version}"'
            return response
        plot = Plot.objects.select_related("buurt").get(pk=plot.pk)
        return self._answer(plot)


__all__ = ["RoundListView", "RoundDetailView", "RoundResultsView", "PlotListView", "PlotDetailView", "status"]
