"""API (read-only): the plans (scenarios) of a municipality and the summary of one plan."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from wijkwerk.core.api import ApiView, problem_responses
from wijkwerk.municipalities.api import SLUG_PARAMETER
from wijkwerk.municipalities.roles import VIEW_PLANS

from .selectors import plan_get, plan_list

PLAN_PARAMETER = OpenApiParameter("plan_id", int, OpenApiParameter.PATH, description="Het id van het plan.")


class PlanListItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    status = serializers.CharField(help_text="queued, running, done of failed.")
    objective = serializers.FloatField(allow_null=True, help_text="Risico (of kosten) over de horizon; leeg tot het plan klaar is.")
    gap = serializers.FloatField(allow_null=True, help_text="Hoogstens zoveel (fractie) boven het optimum.")
    lower_bound = serializers.FloatField(allow_null=True, help_text="Bewezen ondergrens van het optimum.")
    created = serializers.DateTimeField()


class FrontierSerializer(serializers.Serializer):
    factor = serializers.FloatField(help_text="Budget als fractie van het budget van het plan.")
    budget_per_year = serializers.FloatField()
    cost = serializers.FloatField(allow_null=True)
    risk = serializers.FloatField(allow_null=True)
    gap = serializers.FloatField(allow_null=True)
    performance = serializers.FloatField(allow_null=True, help_text="Aandeel op streefconditie in het laatste jaar.")
    risk_reduction_per_1000 = serializers.FloatField(required=False, allow_null=True)


class PlanDetailSerializer(PlanListItemSerializer):
    params = serializers.DictField(help_text="years, budget, line_budgets, objective, frontier.")
    progress = serializers.FloatField(help_text="0..1 tijdens het rekenen.")
    error = serializers.CharField(allow_blank=True)
    start_year = serializers.IntegerField(allow_null=True)
    method = serializers.CharField(allow_null=True)
    assets = serializers.IntegerField(allow_null=True)
    cost_per_year = serializers.ListField(child=serializers.FloatField())
    budget_per_year = serializers.ListField(child=serializers.FloatField(allow_null=True), allow_null=True)
    cost_per_line = serializers.DictField(child=serializers.ListField(child=serializers.FloatField()), allow_null=True)
    budget_per_line = serializers.DictField(child=serializers.ListField(child=serializers.FloatField()), allow_null=True)
    risk_per_year_before = serializers.ListField(child=serializers.FloatField())
    risk_per_year_after = serializers.ListField(child=serializers.FloatField())
    performance_per_year_after = serializers.ListField(child=serializers.FloatField())
    worst_first_risk = serializers.FloatField(allow_null=True)
    frontier = FrontierSerializer(many=True)


def plan_list_data(plan) -> dict:
    r = plan.result or {}
    return {"id": plan.pk, "name": plan.name, "status": plan.status, "objective": r.get("objective"),
            "gap": r.get("gap"), "lower_bound": r.get("lower_bound"), "created": plan.created}


def plan_detail_data(plan) -> dict:
    r = plan.result or {}
    return {**plan_list_data(plan), "params": plan.params or {}, "progress": plan.progress, "error": plan.error,
            "start_year": r.get("start_year"), "method": r.get("method"), "assets": r.get("assets"),
            "cost_per_year": r.get("cost_per_year", []), "budget_per_year": r.get("budget_per_year"),
            "cost_per_line": r.get("cost_per_line"), "budget_per_line": r.get("budget_per_line"),
            "risk_per_year_before": r.get("risk_per_year_before", []),
            "risk_per_year_after": r.get("risk_per_year_after", []),
            "performance_per_year_after": r.get("performance_per_year_after", []),
            "worst_first_risk": r.get("worst_first_risk"), "frontier": r.get("frontier", [])}


class PlanListView(ApiView):
    required_actions = {"get": VIEW_PLANS}

    @extend_schema(operation_id="plannen_list", tags=["planning"], summary="Plannen (scenario's)",
                   description="Alle berekende en lopende meerjarenplannen van de gemeente, nieuwste eerst.",
                   parameters=[SLUG_PARAMETER],
                   responses={200: PlanListItemSerializer(many=True), **problem_responses(401, 403, 404)})
    def get(self, request, slug: str):
        gemeente = self.gemeente(request, slug)
        return Response(PlanListItemSerializer([plan_list_data(p) for p in plan_list(gemeente=gemeente)],
                                               many=True).data)


class PlanDetailView(ApiView):
    required_actions = {"get": VIEW_PLANS}

    @extend_schema(operation_id="plannen_retrieve", tags=["planning"], summary="Eén plan",
                   description="De samenvatting van een plan: kosten en risico per jaar (voor en na), per "
                   "budgetlijn, de bewezen ondergrens en afstand tot het optimum, en de budgetscenario's.",
                   parameters=[SLUG_PARAMETER, PLAN_PARAMETER],
                   responses={200: PlanDetailSerializer, **problem_responses(401, 403, 404)})
    def get(self, request, slug: str, plan_id: int):
        gemeente = self.gemeente(request, slug)
        return Response(PlanDetailSerializer(plan_detail_data(plan_get(gemeente=gemeente, plan_id=plan_id))).data)
