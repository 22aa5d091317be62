"""Writes of the tender app. Every change is in the audit log; the method is locked once it is
published, bids are only accepted while the tender is open, scores only during the assessment."""

import sys
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from wijkwerk.core.audit import audit_log
from wijkwerk.municipalities import roles
from wijkwerk.municipalities.selectors import user_has_permission

from .billsheet import read_bid
from .method import MethodError, method_sha256, normalise_text, parse_method
from .models import Assessment, Bid, FollowUp, LotDrawing, Tender

WEB = "web"


def audit_safely(**kwargs) -> None:
    """The audit record for command-line steps; a database that is not set up yet (no
    `wijkwerk migrate`) gives a warning instead of a crash."""
    try:
        audit_log(**kwargs)
    except DatabaseError:
        sys.stderr.write("Let op: het auditlog kon niet worden geschreven (database niet klaar: wijkwerk migrate).\n")


def _parse(text: str):
    try:
        return parse_method(text.encode("utf-8"))
    except MethodError as exc:
        raise ValidationError(exc.messages) from None


@transaction.atomic
def tender_create(*, gemeente, method_text: str, actor=None, origin: str = WEB) -> Tender:
    text = normalise_text(method_text)
    method = _parse(text)
    tender = Tender.objects.create(gemeente=gemeente, title=method.title[:250], method_text=text, created_by=actor)
    audit_log(action="tender.created", actor=actor, gemeente=gemeente, obj=tender, origin=origin,
              detail={"title": tender.title})
    return tender


@transaction.atomic
def tender_method_update(*, tender: Tender, method_text: str, actor=None, origin: str = WEB) -> Tender:
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    if tender.is_locked:
        raise ValidationError("De methode is gepubliceerd en kan niet meer veranderen.")
    text = normalise_text(method_text)
    method = _parse(text)
    tender.method_text, tender.title = text, method.title[:250]
    tender.save(update_fields=["method_text", "title"])
    audit_log(action="tender.method_changed", actor=actor, gemeente=tender.gemeente, obj=tender, origin=origin,
              detail={"sha256_draft": method_sha256(text.encode("utf-8"))})
    return tender


@transaction.atomic
def tender_publish(*, tender: Tender, actor=None, origin: str = WEB) -> Tender:
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    if tender.is_locked:
        raise ValidationError("Deze aanbesteding is al gepubliceerd.")
    method = _parse(tender.method_text)
    tender.method_sha256 = method.sha256
    tender.status = Tender.Status.PUBLISHED
    tender.published_at = timezone.now()
    tender.published_by = actor if getattr(actor, "is_authenticated", False) else None
    tender.save(update_fields=["method_sha256", "status", "published_at", "published_by"])
    audit_log(action="tender.published", actor=actor, gemeente=tender.gemeente, obj=tender, origin=origin,
              detail={"method_sha256": tender.method_sha256})
    return tender


def tender_method(tender: Tender):
    """The parsed method of a tender (valid by construction)."""
    return parse_method(tender.method_text.encode("utf-8"))


@transaction.atomic
def bid_upload(*, tender: Tender, file_name: str, content: bytes, actor=None, origin: str = WEB) -> Bid:
    if tender.status != Tender.Status.PUBLISHED:
        raise ValidationError("Inschrijvingen kunnen alleen worden ingelezen zolang de aanbesteding open is "
                              "(gepubliceerd en de beoordeling nog niet gestart).")
    sheet = read_bid(content, tender_method(tender), file_name=file_name)
    try:
        with transaction.atomic():
            bid = Bid.objects.create(tender=tender, file_name=file_name[:250], content=content,
                                     file_sha256=sheet.file_sha256, bidder=sheet.bidder[:250],
                                     sheet=sheet.as_json(), uploaded_by=actor)
    except IntegrityError:
        raise ValidationError(f"Het bestand '{file_name}' is al ingelezen.") from None
    audit_log(action="tender.bid_uploaded", actor=actor, gemeente=tender.gemeente, obj=bid, origin=origin,
              result="ok" if not sheet.refusals else "refused",
              detail={"file": file_name, "bidder": sheet.name, "file_sha256": sheet.file_sha256,
                      "refusals": [r.as_json() for r in sheet.refusals]})
    return bid


@transaction.atomic
def tender_start_assessment(*, tender: Tender, actor=None, origin: str = WEB) -> Tender:
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    if tender.status != Tender.Status.PUBLISHED:
        raise ValidationError("De beoordeling kan alleen starten na publicatie, en maar één keer.")
    if not tender.bids.exists():
        raise ValidationError("Er zijn nog geen inschrijvingen.")
    tender.status = Tender.Status.ASSESSING
    tender.save(update_fields=["status"])
    from .selectors import tender_evaluation

    result = tender_evaluation(tender=tender)
    audit_log(action="tender.assessment_started", actor=actor, gemeente=tender.gemeente, obj=tender, origin=origin,
              detail={"shortlist": [b["bidder"] for b in result["bids"] if b["shortlisted"]],
                      "refused": [b["bidder"] for b in result["bids"] if not b["valid"]]})
    return tender


@transaction.atomic
def tender_chair_set(*, tender: Tender, chair, actor=None, origin: str = WEB) -> Tender:
    if chair is not None and not user_has_permission(user=chair, gemeente=tender.gemeente,
                                                     action=roles.ASSESS_TENDER):
        raise ValidationError("De voorzitter moet beoordelaar zijn in deze gemeente.")
    tender.chair = chair
    tender.save(update_fields=["chair"])
    audit_log(action="tender.chair_set", actor=actor, gemeente=tender.gemeente, obj=tender, origin=origin,
              detail={"chair": chair.get_username() if chair else None})
    return tender


def may_record_consensus(*, tender: Tender, user) -> bool:
    if tender.chair_id is not None and tender.chair_id == user.pk:
        return True
    return user_has_permission(user=user, gemeente=tender.gemeente, action=roles.MANAGE_TENDER)


@transaction.atomic
def assessment_save(*, tender: Tender, bid: Bid, criterion: str, score: str, motivation: str, actor,
                    consensus: bool = False, origin: str = WEB) -> Assessment:
    """An assessor's own score (or, `consensus=True`, the chair's consensus record)."""
    from .selectors import shortlisted_bids

    if tender.status != Tender.Status.ASSESSING:
        raise ValidationError("De beoordeling is niet gestart.")
    if bid.tender_id != tender.pk or bid.pk not in {b.pk for b in shortlisted_bids(tender=tender)}:
        raise ValidationError("Deze inschrijving staat niet op de shortlist.")
    method = tender_method(tender)
    if method.criterion(criterion) is None:
        raise ValidationError(f"Criterium '{criterion}' staat niet in de methode.")
    criterion = method.criterion(criterion).code
    if method.score_share(score) is None:
        raise ValidationError(f"Score '{score}' staat niet op de schaal ({', '.join(method.scale)}).")
    motivation = (motivation or "").strip()
    if not motivation:
        raise ValidationError(f"Een score zonder motivering wordt niet aanvaard ({criterion}).")
    if consensus:
        if not may_record_consensus(tender=tender, user=actor):
            raise ValidationError("Alleen de voorzitter of de inkoper legt de consensusscore vast.")
        assessor = None
    else:
        if not user_has_permission(user=actor, gemeente=tender.gemeente, action=roles.ASSESS_TENDER):
            raise ValidationError("Alleen beoordelaars scoren de inschrijvingen.")
        assessor = actor
    record, created = Assessment.objects.update_or_create(
        tender=tender, bid=bid, criterion=criterion, assessor=assessor, is_consensus=consensus,
        defaults={"score": str(score).strip().upper(), "motivation": motivation, "recorded_by": actor},
    )
    audit_log(action="tender.consensus_recorded" if consensus else "tender.score_recorded", actor=actor,
              gemeente=tender.gemeente, obj=record, origin=origin,
              detail={"bid": bid.name, "criterion": criterion, "score": record.score, "new": created})
    return record


@transaction.atomic
def followup_record(*, bid: Bid, note: str, conclusion: str, actor=None, origin: str = WEB) -> FollowUp:
    if not (note or "").strip() or not (conclusion or "").strip():
        raise ValidationError("Vul de bevindingen en de conclusie in.")
    followup = FollowUp.objects.create(bid=bid, note=note.strip(), conclusion=conclusion.strip()[:250],
                                       recorded_by=actor)
    audit_log(action="tender.followup_recorded", actor=actor, gemeente=bid.tender.gemeente, obj=followup,
              origin=origin, detail={"bid": bid.name, "conclusion": followup.conclusion})
    return followup


@transaction.atomic
def lot_record(*, tender: Tender, place: str, held_at: datetime, attendees: str, winner: Bid, actor=None,
               origin: str = WEB) -> LotDrawing:
    from .selectors import tender_evaluation

    if LotDrawing.objects.filter(tender=tender).exists():
        raise ValidationError("De loting is al vastgelegd.")
    result = tender_evaluation(tender=tender, with_lot=False)
    if not result["tie"]:
        raise ValidationError("Er is geen gelijke laagste eindprijs: loting is niet nodig.")
    if winner.tender_id != tender.pk or winner.name not in result["tied"]:
        raise ValidationError("De winnaar van de loting moet een van de inschrijvers met de gelijke eindprijs zijn.")
    if not place.strip() or not attendees.strip():
        raise ValidationError("Vul de plaats en de aanwezigen in.")
    drawing = LotDrawing.objects.create(tender=tender, place=place.strip(), held_at=held_at,
                                        attendees=attendees.strip(), winner=winner, recorded_by=actor)
    audit_log(action="tender.lot_recorded", actor=actor, gemeente=tender.gemeente, obj=drawing, origin=origin,
              detail={"winner": winner.name, "tied": result["tied"], "place": drawing.place,
                      "held_at": held_at.isoformat(), "attendees": drawing.attendees})
    return drawing
