"""API (read-only): the tenders of a municipality and one tender with its bids.

What a user gets depends on the role, exactly as on the pages:
- VIEW_TENDER_PRICES (inkoper): every bid with knock-outs, fictitious price, abnormally-low
  flag, shortlist, quality value, final price, rank; the winner and the tie flag.
- MANAGE_TENDER without VIEW_TENDER_PRICES: the bids with validity, knock-outs and shortlist,
  never an amount or a rank.
- ASSESS_TENDER only (beoordelaar): tenders in assessment, and of those only the names of the
  bids on the shortlist, in alphabetical order: no price, amount, rank or winner, ever.
Members without a tender role get an empty list and 403 for a tender; non-members 404.
"""

from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from wijkwerk.core.api import ApiView, problem_responses
from wijkwerk.municipalities import roles
from wijkwerk.municipalities.api import SLUG_PARAMETER
from wijkwerk.municipalities.selectors import gemeente_get_for_user, user_has_permission

from . import scoring
from .models import Tender
from .selectors import shortlisted_bids, tender_evaluation, tender_get, tender_list, tender_method

TENDER_PARAMETER = OpenApiParameter("tender_id", int, OpenApiParameter.PATH, description="Het id van de aanbesteding.")


class TenderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.CharField(help_text="concept, gepubliceerd of beoordeling.")
    status_label = serializers.CharField()
    method_sha256 = serializers.CharField(allow_null=True,
                                          help_text="Vingerafdruk (SHA-256) van de gepubliceerde methode; "
                                                    "null zolang de aanbesteding een concept is.")
    published_at = serializers.DateTimeField(allow_null=True)


class CriterionSerializer(serializers.Serializer):
    code = serializers.CharField()
    description = serializers.CharField()
    max_value = serializers.FloatField(required=False, help_text="Maximale waarde in euro's (niet voor beoordelaars).")


class RefusalSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Knock-outcode uit de methode (of KO-PRIJS, KO-BILJET, ...).")
    cell = serializers.CharField(help_text="De cel, bijv. Inschrijving!E5 (leeg als het hele bestand geweigerd is).")
    reason = serializers.CharField()


class BidSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    bidder = serializers.CharField(help_text="Naam van de inschrijver (of de bestandsnaam als die ontbreekt).")
    file_name = serializers.CharField(required=False)
    valid = serializers.BooleanField(required=False)
    knockouts = serializers.ListField(child=serializers.CharField(), required=False)
    refusals = RefusalSerializer(many=True, required=False)
    shortlisted = serializers.BooleanField(required=False)
    fictive_price = serializers.FloatField(allow_null=True, required=False,
                                           help_text="Alleen met het recht prijzen in te zien.")
    abnormally_low = serializers.BooleanField(required=False)
    followup_recorded = serializers.BooleanField(required=False)
    quality_value = serializers.FloatField(allow_null=True, required=False)
    final_price = serializers.FloatField(allow_null=True, required=False)
    rank = serializers.IntegerField(allow_null=True, required=False)


class TenderDetailSerializer(TenderSerializer):
    view = serializers.CharField(help_text="prices (inkoper), summary (zonder bedragen) of assessor "
                                           "(alleen de namen op de shortlist).")
    mode = serializers.CharField(help_text="consensus of average.")
    shortlist_size = serializers.IntegerField()
    criteria = CriterionSerializer(many=True)
    bids = BidSerializer(many=True)
    winner = serializers.CharField(allow_null=True, required=False)
    tie = serializers.BooleanField(required=False)
    tied = serializers.ListField(child=serializers.CharField(), required=False)


def _can(request, gemeente, action: str) -> bool:
    return user_has_permission(user=request.user, gemeente=gemeente, action=action)


def tender_data(tender: Tender) -> dict:
    return {"id": tender.pk, "title": tender.title, "status": tender.status, "status_label": tender.get_status_display(),
            "method_sha256": tender.method_sha256 or None, "published_at": tender.published_at}


def _view(request, gemeente) -> str | None:
    if _can(request, gemeente, roles.VIEW_TENDER_PRICES):
        return "prices"
    if _can(request, gemeente, roles.MANAGE_TENDER):
        return "summary"
    if _can(request, gemeente, roles.ASSESS_TENDER):
        return "assessor"
    return None


def tender_detail_data(tender: Tender, view: str) -> dict:
    method = tender_method(tender)
    data = {**tender_data(tender), "view": view, "mode": method.mode, "shortlist_size": method.shortlist}
    if view == "assessor":
        data["criteria"] = [{"code": c.code, "description": c.description} for c in method.criteria]
        data["bids"] = [{"id": b.pk, "bidder": b.name} for b in shortlisted_bids(tender=tender)]
        return data
    data["criteria"] = [{"code": c.code, "description": c.description, "max_value": float(c.max_value)}
                        for c in method.criteria]
    result = tender_evaluation(tender=tender)
    ids = {}
    followups = {}
    for bid in tender.bids.prefetch_related("followups"):
        ids.setdefault(bid.name, bid.pk)
        followups[bid.name] = followups.get(bid.name, False) or bid.followups.exists()
    public = scoring.public_result(result)
    bids = []
    for entry in public["bids"]:
        row = {"id": ids.get(entry["bidder"]), "bidder": entry["bidder"], "file_name": entry["file"],
               "valid": entry["valid"], "knockouts": entry["knockouts"],
               "refusals": [{k: r[k] for k in ("code", "cell", "reason")} for r in entry["refusals"]],
               "shortlisted": entry["shortlisted"]}
        if view == "prices":
            row.update({k: entry[k] for k in ("fictive_price", "abnormally_low", "quality_value", "final_price",
                                              "rank")})
            row["followup_recorded"] = followups.get(entry["bidder"], False)
        bids.append(row)
    data["bids"] = bids
    if view == "prices":
        data.update({"winner": public["winner"], "tie": public["tie"], "tied": public["tied"]})
    return data


class TenderListView(ApiView):
    @extend_schema(operation_id="aanbestedingen_list", tags=["aanbesteding"], summary="Aanbestedingen",
                   description="De aanbestedingen van de gemeente, nieuwste eerst. Een beoordelaar ziet alleen "
                               "aanbestedingen in beoordeling; een lid zonder aanbestedingsrol krijgt 403, "
                               "net als op de pagina.",
                   parameters=[SLUG_PARAMETER],
                   responses={200: TenderSerializer(many=True), **problem_responses(401, 403, 404)})
    def get(self, request, slug: str):
        gemeente = gemeente_get_for_user(user=request.user, slug=slug)
        view = _view(request, gemeente)
        if view is None:
            raise PermissionDenied(gettext("Uw rol in deze gemeente geeft geen toegang tot aanbestedingen."))
        tenders = tender_list(gemeente=gemeente, assessing_only=view == "assessor")
        return Response([tender_data(t) for t in tenders])


class TenderDetailView(ApiView):
    @extend_schema(operation_id="aanbestedingen_retrieve", tags=["aanbesteding"], summary="Eén aanbesteding",
                   description="De aanbesteding met de vingerafdruk van de methode en de inschrijvingen. "
                               "Bedragen (euro's, op centen) en rangorde alleen voor wie prijzen mag inzien; "
                               "een beoordelaar krijgt alleen de namen op de shortlist, nooit een prijs.",
                   parameters=[SLUG_PARAMETER, TENDER_PARAMETER],
                   responses={200: TenderDetailSerializer, **problem_responses(401, 403, 404)})
    def get(self, request, slug: str, tender_id: int):
        gemeente = gemeente_get_for_user(user=request.user, slug=slug)
        tender = tender_get(gemeente=gemeente, tender_id=tender_id)
        view = _view(request, gemeente)
        if view is None:
            raise PermissionDenied(gettext("Uw rol in deze gemeente geeft geen toegang tot aanbestedingen."))
        if view == "assessor" and tender.status != Tender.Status.ASSESSING:
            raise PermissionDenied(gettext("Deze aanbesteding is (nog) niet in beoordeling."))
        return Response(tender_detail_data(tender, view))
