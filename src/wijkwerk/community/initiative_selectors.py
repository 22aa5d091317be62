"""Reading initiatives, consultations and the neighbourhood's strengths: what the public may see,
what staff see, and the assets residents maintain (taken out of the contractor's planning)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from wijkwerk.areas.models import Area
from wijkwerk.assets.models import Asset
from wijkwerk.municipalities.models import Gemeente

from .abcd_models import CommunityAsset
from .consultation_models import Consultation, ConsultationStatus, Reaction, ReactionStatus
from .initiative_models import PUBLIC_INITIATIVE_STATUSES, Initiative, InitiativeStatus


def public_gemeente(*, slug: str) -> Gemeente:
    return get_object_or_404(Gemeente, slug=slug)


def initiative_list(*, gemeente, public: bool) -> QuerySet[Initiative]:
    qs = Initiative.objects.filter(gemeente=gemeente).select_related("buurt").annotate(
        volunteer_count=Count("volunteers"))
    return qs.filter(status__in=PUBLIC_INITIATIVE_STATUSES) if public else qs


def initiative_get(*, gemeente, public_id: str, public: bool) -> Initiative:
    return get_object_or_404(initiative_list(gemeente=gemeente, public=public), public_id=public_id)


def resident_maintained_assets(*, gemeente, on: dt.date) -> set[int]:
    """Assets whose maintenance residents took over on `on` (agreed or running, not past the end date):
    the contractor's planning should leave them out."""
    rows = Initiative.objects.filter(
        gemeente=gemeente, status__in=[InitiativeStatus.AGREED, InitiativeStatus.RUNNING],
    ).filter(Q(agreed_until__isnull=True) | Q(agreed_until__gte=on)).values_list("covered_assets", flat=True)
    return {int(asset_id) for ids in rows for asset_id in (ids or [])}


def buurten(*, gemeente) -> QuerySet[Area]:
    return Area.objects.filter(gemeente=gemeente, level=Area.Level.BUURT).order_by("name")


def consultation_list(*, gemeente, public: bool) -> QuerySet[Consultation]:
    qs = Consultation.objects.filter(gemeente=gemeente)
    return qs.exclude(status=ConsultationStatus.DRAFT) if public else qs


def consultation_get(*, gemeente, public_id: str, public: bool) -> Consultation:
    return get_object_or_404(consultation_list(gemeente=gemeente, public=public), public_id=public_id)


def consultation_tally(consultation: Consultation) -> dict[str, int]:
    counts = consultation.votes.aggregate(n_agree=Count("id", filter=Q(agree=True)),
                                          n_disagree=Count("id", filter=Q(agree=False)))
    return {"agree": counts["n_agree"] or 0, "disagree": counts["n_disagree"] or 0}


def reactions_public(consultation: Consultation) -> QuerySet[Reaction]:
    return consultation.reactions.filter(status=ReactionStatus.APPROVED)


def strength_list(*, gemeente, public: bool, q: str = "", kind: str = "", buurt_id: int | None = None
                  ) -> QuerySet[CommunityAsset]:
    """Public: approved entries that are not personal, or personal with consent."""
    qs = CommunityAsset.objects.filter(gemeente=gemeente).select_related("buurt").prefetch_related("initiatives")
    if public:
        qs = qs.filter(moderation=CommunityAsset.Moderation.APPROVED).filter(Q(personal=False) | Q(consent=True))
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(description__icontains=q))
    if kind:
        qs = qs.filter(kind=kind)
    if buurt_id:
        qs = qs.filter(buurt_id=buurt_id)
    return qs


def initiative_covered_assets(initiative: Initiative) -> QuerySet[Asset]:
    """The assets residents maintain under this initiative (with their bronsleutel)."""
    return Asset.objects.filter(gemeente=initiative.gemeente, pk__in=initiative.covered_assets or []).select_related(
        "asset_type").order_by("external_id")
