"""API: the plans (scenarios) of a municipality, the summary of one plan, and its status changes
(adopt, archive, compute again); a change the plan's status table refuses answers 409."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response

from wijkwerk.core.api import problem_response, problem_responses
from wijkwerk.core.states import TransitionRefused
from wijkwerk.municipalities.api import SLUG_PARAMETER
from wijkwerk.municipalities.api_views import GemeenteApiView
from wijkwerk.municipalities.roles import MANAGE_PLANS, VIEW_PLANS

from .models import Plan
from .selectors import plan_get, plan_list
from .services import plan_adopt, plan_archive, plan_recompute

PLAN_PARAMETER = OpenApiParameter("plan_id", int, OpenApiParameter.PATH, description="Het id van het plan.")


class PlanListItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    status = serializers.CharField(help_text="draft (wacht op berekening), computing, computed, adopted "
                                             "(vastgesteld), archived of failed.")
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


class PlanListView(GemeenteApiView):
    required_actions = {"get": VIEW_PLANS}

    @extend_schema(operation_id="plannen_list", tags=["planning"], summary="Plannen (scenario's)",
                   description="Alle berekende en lopende meerjarenplannen van de gemeente, nieuwste eerst.",
                   parameters=[SLUG_PARAMETER],
                   responses={200: PlanListItemSerializer(many=True), **problem_responses(401, 403, 404)})
    def get(self, request, slug: str):
        gemeente = self.gemeente(request, slug)
        return Response(PlanListItemSerializer([plan_list_data(p) for p in plan_list(gemeente=gemeente)],
                                               many=True).data)


class PlanDetailView(GemeenteApiView):
    required_actions = {"get": VIEW_PLANS}

    @extend_schema(operation_id="plannen_retrieve", tags=["planning"], summary="Eén plan",
                   description="De samenvatting van een plan: kosten en risico per jaar (voor en na), per "
                   "budgetlijn, de bewezen ondergrens en afstand tot het optimum, en de budgetscenario's.",
                   parameters=[SLUG_PARAMETER, PLAN_PARAMETER],
                   responses={200: PlanDetailSerializer, **problem_responses(401, 403, 404)})
    def get(self, request, slug: str, plan_id: int):
        gemeente = self.gemeente(request, slug)
        return Response(PlanDetailSerializer(plan_detail_data(plan_get(gemeente=gemeente, plan_id=plan_id))).data)


USER_TARGETS = [Plan.Status.ADOPTED.value, Plan.Status.ARCHIVED.value, Plan.Status.DRAFT.value]


# A pattern, not an enum: drf-spectacular would make every `status` enum a shared, clashing component.
@extend_schema_field({"type": "string", "pattern": f"^({'|'.join(USER_TARGETS)})$", "example": "archived"})
class PlanTargetField(serializers.ChoiceField):
    pass


class PlanStatusChangeSerializer(serializers.Serializer):
    status = PlanTargetField(
        choices=USER_TARGETS,
        help_text=_("adopted: vaststellen (het eerste jaar gaat als werk naar de uitvoering); archived: "
                    "archiveren (daarna alleen te lezen); draft: een mislukte berekening opnieuw starten."))
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500,
                                   help_text=_("Waarom (bij archiveren; bewaard in het auditlog)."))


class PlanStatusView(GemeenteApiView):
    required_actions = {"post": MANAGE_PLANS}

    @extend_schema(operation_id="plannen_status_create", tags=["planning"], summary="Status van een plan wijzigen",
                   description="Een plan gaat van wacht op berekening (draft) via computing naar computed; "
                   "daarna kan het worden vastgesteld (adopted) en gearchiveerd (archived). Een mislukt plan "
                   "(failed) kan opnieuw worden berekend (draft). Een andere overgang antwoordt 409 met de "
                   "reden.",
                   parameters=[SLUG_PARAMETER, PLAN_PARAMETER], request=PlanStatusChangeSerializer,
                   responses={200: PlanDetailSerializer, **problem_responses(400, 401, 403, 404, 409, 415)})
    def post(self, request, slug: str, plan_id: int):
        gemeente = self.gemeente(request, slug)
        plan = plan_get(gemeente=gemeente, plan_id=plan_id)
        data = PlanStatusChangeSerializer(data=request.data if isinstance(request.data, dict) else {})
        data.is_valid(raise_exception=True)
        target = data.validated_data["status"]
        try:
            if target == Plan.Status.ADOPTED:
                plan_adopt(plan=plan, actor=request.user, origin="api")
            elif target == Plan.Status.ARCHIVED:
                plan_archive(plan=plan, actor=request.user, origin="api",
                             reason=data.validated_data.get("reason", ""))
            else:
                plan_recompute(plan=plan, actor=request.user, origin="api")
        except TransitionRefused as exc:
            return problem_response(409, exc.message, request)
        plan.refresh_from_db()
        return Response(PlanDetailSerializer(plan_detail_data(plan)).data)
