"""Reads of the tender app. The evaluation is always computed from the stored bids and scores
with the pure scoring (same inputs -> same result). The services use these reads; they never
use the services (import-linter checks it)."""

from datetime import timedelta

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from . import scoring
from .billsheet import BidSheet
from .method import parse_method
from .models import Assessment, Bid, BidUpload, Tender

# An upload still waiting or being read after this long was lost (e.g. the server restarted).
UPLOAD_STALE_AFTER = timedelta(minutes=30)


def tender_list(*, gemeente, assessing_only: bool = False):
    qs = Tender.objects.filter(gemeente=gemeente)
    if assessing_only:
        qs = qs.filter(status=Tender.Status.ASSESSING)
    return qs


def tender_get(*, gemeente, tender_id: int) -> Tender:
    tender = Tender.objects.filter(gemeente=gemeente, pk=tender_id).first()
    if tender is None:
        raise Http404(gettext("Deze aanbesteding bestaat niet."))
    return tender


def bid_get(*, tender: Tender, bid_id: int) -> Bid:
    bid = Bid.objects.filter(tender=tender, pk=bid_id).first()
    if bid is None:
        raise Http404(gettext("Deze inschrijving bestaat niet."))
    return bid


def tender_method(tender: Tender):
    """The parsed method of a tender (valid by construction)."""
    return parse_method(tender.method_text.encode("utf-8"))


def _rows(tender: Tender) -> list[scoring.AssessmentRow]:
    rows = []
    submitted = Assessment.objects.filter(tender=tender, is_draft=False).exclude(score="")  # drafts do not count
    for a in submitted.select_related("bid", "assessor").order_by("bid_id", "criterion", "is_consensus", "id"):
        rows.append(scoring.AssessmentRow(bidder=a.bid.name, criterion=a.criterion, score=a.score,
                                          motivation=a.motivation,
                                          assessor=scoring.CONSENSUS if a.is_consensus else a.assessor.get_username()))
    return rows


def tender_evaluation(*, tender: Tender, with_lot: bool = True) -> dict:
    method = tender_method(tender)
    sheets = [BidSheet.from_json(b.sheet) for b in Bid.objects.filter(tender=tender).order_by("file_name", "id")]
    rows = _rows(tender) if tender.status == Tender.Status.ASSESSING else []
    lot_winner = None
    if with_lot and hasattr(tender, "lot_drawing"):
        lot_winner = tender.lot_drawing.winner.name
    return scoring.evaluate(method, sheets, rows or None, lot_winner=lot_winner)


def shortlisted_bids(*, tender: Tender) -> list[Bid]:
    """The bids on the shortlist, in alphabetical order (never in price order)."""
    if tender.status != Tender.Status.ASSESSING:
        return []
    result = tender_evaluation(tender=tender, with_lot=False)
    names = {b["bidder"] for b in result["bids"] if b["shortlisted"]}
    bids = [b for b in Bid.objects.filter(tender=tender) if b.name in names]
    return sorted(bids, key=lambda b: (b.name.casefold(), b.pk))


def assessments_of(*, tender: Tender, bid: Bid, assessor=None, consensus: bool = False) -> dict:
    qs = Assessment.objects.filter(tender=tender, bid=bid, is_consensus=consensus)
    if not consensus:
        qs = qs.filter(assessor=assessor)
    return {a.criterion: a for a in qs}


def pending_uploads(*, tender: Tender):
    """Bid sheets received and not yet read (older ones count as lost, see bid_uploads_expire)."""
    return BidUpload.objects.filter(tender=tender, status__in=[BidUpload.Status.WAITING, BidUpload.Status.READING],
                                    created__gte=timezone.now() - UPLOAD_STALE_AFTER)


def recent_uploads(*, tender: Tender, limit: int = 20) -> list[BidUpload]:
    return list(BidUpload.objects.filter(tender=tender).select_related("bid")[:limit])


def assessment_state(method, records: dict) -> dict:
    """Where one assessment of one bid stands (`records`: criterion -> Assessment, as
    `assessments_of` gives them): `status` new, draft or submitted; the criteria scored and the
    ones still open (code and description), in the method's order."""
    scored = [c for c in method.criteria if c.code in records and records[c.code].score]
    open_ = [c for c in method.criteria if not (c.code in records and records[c.code].score)]
    if not records:
        status = "new"
    elif any(r.is_draft for r in records.values()) or open_:
        status = "draft"
    else:
        status = "submitted"
    return {"status": status, "scored": len(scored), "total": len(method.criteria),
            "open": [{"code": c.code, "description": c.description} for c in open_]}
