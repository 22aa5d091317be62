"""Writes of the tender app. Every change is in the audit log; the method is locked once it is
published, bids are only accepted while the tender is open, scores only during the assessment."""

import logging
import shutil
import sys
import uuid
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext

from wijkwerk.core.audit import audit_log
from wijkwerk.core.files import uploads
from wijkwerk.core.private_files import private_dir

from .assessing import assessment_save as assessment_save  # the assessment's writes, offered here too
from .assessing import assessments_save as assessments_save
from .assessing import may_record_consensus as may_record_consensus
from .assessing import may_score as may_score
from .assessing import tender_chair_set as tender_chair_set
from .method import MethodError, Problem, method_sha256, normalise_text, parse_method
from .models import Bid, BidUpload, FollowUp, LotDrawing, Tender
from .selectors import UPLOAD_STALE_AFTER, pending_uploads, tender_evaluation, tender_method
from .sheetread import read_bid

logger = logging.getLogger(__name__)
UPLOAD_FOLDER = "tender-uploads"

WEB = "web"


def audit_safely(**kwargs) -> None:
    """The audit record for command-line steps; a database that is not set up yet (no
    `wijkwerk migrate`) gives a warning instead of a crash."""
    try:
        audit_log(**kwargs)
    except DatabaseError:
        sys.stderr.write("Let op: het auditlog kon niet worden geschreven (database niet klaar: wijkwerk migrate).\n")


class MethodInvalid(ValidationError):
    """The method is not valid. `messages`: every problem as the YAML editor shows it; `problems`:
    the same with their place (`method.Problem`), for the method form."""

    def __init__(self, problems: list[Problem]):
        super().__init__([p.message for p in problems])
        self.problems = list(problems)


def _parse(text: str):
    try:
        return parse_method(text.encode("utf-8"))
    except MethodError as exc:
        raise MethodInvalid(exc.problems) from None


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
        raise ValidationError(gettext("De methode is gepubliceerd en kan niet meer veranderen."))
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
        raise ValidationError(gettext("Deze aanbesteding is al gepubliceerd."))
    method = _parse(tender.method_text)
    tender.method_sha256 = method.sha256
    tender.status = Tender.Status.PUBLISHED
    tender.published_at = timezone.now()
    tender.published_by = actor if getattr(actor, "is_authenticated", False) else None
    tender.save(update_fields=["method_sha256", "status", "published_at", "published_by"])
    audit_log(action="tender.published", actor=actor, gemeente=tender.gemeente, obj=tender, origin=origin,
              detail={"method_sha256": tender.method_sha256})
    return tender


@transaction.atomic
def bid_upload(*, tender: Tender, file_name: str, content: bytes, actor=None, origin: str = WEB) -> Bid:
    if tender.status != Tender.Status.PUBLISHED:
        raise ValidationError(_closed_message())
    sheet = read_bid(content, tender_method(tender), file_name=file_name)
    try:
        with transaction.atomic():
            bid = Bid.objects.create(tender=tender, file_name=file_name[:250], content=content,
                                     file_sha256=sheet.file_sha256, bidder=sheet.bidder[:250],
                                     sheet=sheet.as_json(), uploaded_by=actor)
    except IntegrityError:
        raise ValidationError(gettext("Het bestand '%(name)s' is al ingelezen.") % {"name": file_name}) from None
    audit_log(action="tender.bid_uploaded", actor=actor, gemeente=tender.gemeente, obj=bid, origin=origin,
              result="ok" if not sheet.refusals else "refused",
              detail={"file": file_name, "bidder": sheet.name, "file_sha256": sheet.file_sha256,
                      "refusals": [r.as_json() for r in sheet.refusals]})
    return bid


def _closed_message() -> str:
    return gettext("Inschrijvingen kunnen alleen worden ingelezen zolang de aanbesteding open is "
                   "(gepubliceerd en de beoordeling nog niet gestart).")


def check_bid_file(path: str | Path) -> None:
    """Refuses a stored bid sheet before anything parses it: too large, or (an .xlsx is a zip) too
    large unpacked, too strongly compressed, too many or badly named members. A file that is not a
    zip at all is left to `read_bid`, which records the bid as unreadable. Raises ValidationError."""
    try:
        uploads.check_size(path)
        if uploads.sniff(path) == "zip":
            uploads.zip_member_names(path, label="Excel-bestand")
    except uploads.FileRefused as exc:
        raise ValidationError(str(exc)) from None


def _delete_stored(path: str | Path) -> None:
    """Deletes a stored upload and its own folder (MEDIA_ROOT/tender-uploads/<random>/)."""
    if not path:
        return
    path = Path(path)
    root = (Path(settings.MEDIA_ROOT) / UPLOAD_FOLDER).resolve()
    folder = path.parent.resolve()
    if folder.parent != root:  # never delete anything outside our own upload folders
        return
    shutil.rmtree(folder, ignore_errors=True)


def bid_upload_receive(*, tender: Tender, upload, actor=None, origin: str = WEB) -> BidUpload:
    """Stores one uploaded bid sheet (a Django UploadedFile) for reading in the background, after the
    checks that need no parsing. Refused: the tender is not open, the file is too large (checked
    before it is stored), or the xlsx (a zip) is too large unpacked or suspiciously compressed; a
    refused file is deleted again. Raises ValidationError with a Dutch message."""
    file_name = Path(upload.name or "").name[:250] or "inschrijving.xlsx"
    if tender.status != Tender.Status.PUBLISHED:
        raise ValidationError(_closed_message())
    if upload.size is not None and upload.size > uploads.max_upload_bytes():  # before anything is stored
        _refused(tender, file_name, actor, origin, uploads.too_large_message(upload.size))
    try:
        safe = get_valid_filename(Path(file_name).stem)[:100] + Path(file_name).suffix.lower()[:10]
    except Exception:  # noqa: BLE001 - get_valid_filename refuses names like ".."
        safe = "inschrijving.xlsx"
    folder = private_dir(Path(settings.MEDIA_ROOT) / UPLOAD_FOLDER / uuid.uuid4().hex)
    target = folder / safe
    try:
        uploads.save_upload(upload, target)  # counts as it writes: the same limit
        check_bid_file(target)
    except (uploads.FileRefused, ValidationError) as exc:
        _delete_stored(target)
        message = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        _refused(tender, file_name, actor, origin, message)
    except BaseException:
        _delete_stored(target)
        raise
    return BidUpload.objects.create(tender=tender, file_name=file_name, file_path=str(target),
                                    size=target.stat().st_size,
                                    created_by=actor if getattr(actor, "is_authenticated", False) else None)


def bid_upload_refused(*, tender: Tender, file_name: str, message: str, actor=None, origin: str = WEB) -> None:
    """Records in the audit log that a bid sheet was refused before it was stored."""
    audit_log(action="tender.bid_upload_refused", actor=actor, gemeente=tender.gemeente, obj=tender,
              origin=origin, result="refused", detail={"file": file_name, "reason": message})


def _refused(tender: Tender, file_name: str, actor, origin: str, message: str):
    bid_upload_refused(tender=tender, file_name=file_name, message=message, actor=actor, origin=origin)
    raise ValidationError(message)


def bid_upload_read(*, upload_id: int) -> BidUpload | None:
    """Reads one received bid sheet (the background task): the same checks again, then `read_bid`
    through `bid_upload`. The outcome goes on the upload; the stored file is deleted in every case.
    An upload that is not waiting (already read, or being read) is left alone."""
    claimed = BidUpload.objects.filter(pk=upload_id, status=BidUpload.Status.WAITING).update(
        status=BidUpload.Status.READING)
    if not claimed:
        return None
    upload = BidUpload.objects.select_related("tender__gemeente", "created_by").get(pk=upload_id)
    outcome = {"status": BidUpload.Status.FAILED, "bid": None, "error": ""}
    try:
        check_bid_file(upload.file_path)
        content = Path(upload.file_path).read_bytes()
        bid = bid_upload(tender=upload.tender, file_name=upload.file_name, content=content, actor=upload.created_by,
                         origin="task")
    except ValidationError as exc:
        outcome["error"] = " ".join(exc.messages)
    except OSError:
        outcome["error"] = gettext("Het opgeslagen bestand is niet meer te lezen; lever het opnieuw in.")
    except Exception as exc:  # noqa: BLE001 - recorded on the upload: the page shows it
        logger.exception("Reading bid upload %s failed", upload_id)
        outcome["error"] = gettext("Het inlezen is mislukt door een onverwachte fout (%(error)s); "
                                   "lever het bestand opnieuw in.") % {"error": type(exc).__name__}
    else:
        outcome.update(status=BidUpload.Status.DONE, bid=bid)
    finally:
        _delete_stored(upload.file_path)
    BidUpload.objects.filter(pk=upload.pk).update(file_path="", finished=timezone.now(), **outcome)
    upload.refresh_from_db()
    return upload


def bid_uploads_expire(*, tender: Tender) -> int:
    """Uploads that waited or were being read for too long were lost (the server restarted while
    reading): they are marked as failed and their files deleted, so they block nothing."""
    limit = timezone.now() - UPLOAD_STALE_AFTER
    stale = list(BidUpload.objects.filter(tender=tender, created__lt=limit,
                                          status__in=[BidUpload.Status.WAITING, BidUpload.Status.READING]))
    for upload in stale:
        _delete_stored(upload.file_path)
        BidUpload.objects.filter(pk=upload.pk, status=upload.status).update(
            status=BidUpload.Status.FAILED, file_path="", finished=timezone.now(),
            error=gettext("Het inlezen is afgebroken; lever het bestand opnieuw in."))
    return len(stale)


@transaction.atomic
def tender_start_assessment(*, tender: Tender, actor=None, origin: str = WEB) -> Tender:
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    if tender.status != Tender.Status.PUBLISHED:
        raise ValidationError(gettext("De beoordeling kan alleen starten na publicatie, en maar één keer."))
    if pending_uploads(tender=tender).exists():
        raise ValidationError(gettext("Er worden nog inschrijfbiljetten ingelezen; start de beoordeling als dat klaar is."))
    if not tender.bids.exists():
        raise ValidationError(gettext("Er zijn nog geen inschrijvingen."))
    tender.status = Tender.Status.ASSESSING
    tender.save(update_fields=["status"])
    result = tender_evaluation(tender=tender)
    audit_log(action="tender.assessment_started", actor=actor, gemeente=tender.gemeente, obj=tender, origin=origin,
              detail={"shortlist": [b["bidder"] for b in result["bids"] if b["shortlisted"]],
                      "refused": [b["bidder"] for b in result["bids"] if not b["valid"]]})
    return tender


@transaction.atomic
def followup_record(*, bid: Bid, note: str, conclusion: str, actor=None, origin: str = WEB) -> FollowUp:
    if not (note or "").strip() or not (conclusion or "").strip():
        raise ValidationError(gettext("Vul de bevindingen en de conclusie in."))
    followup = FollowUp.objects.create(bid=bid, note=note.strip(), conclusion=conclusion.strip()[:250],
                                       recorded_by=actor)
    audit_log(action="tender.followup_recorded", actor=actor, gemeente=bid.tender.gemeente, obj=followup,
              origin=origin, detail={"bid": bid.name, "conclusion": followup.conclusion})
    return followup


@transaction.atomic
def lot_record(*, tender: Tender, place: str, held_at: datetime, attendees: str, winner: Bid, actor=None,
               origin: str = WEB) -> LotDrawing:
    if LotDrawing.objects.filter(tender=tender).exists():
        raise ValidationError(gettext("De loting is al vastgelegd."))
    result = tender_evaluation(tender=tender, with_lot=False)
    if not result["tie"]:
        raise ValidationError(gettext("Er is geen gelijke laagste eindprijs: loting is niet nodig."))
    if winner.tender_id != tender.pk or winner.name not in result["tied"]:
        raise ValidationError(gettext("De winnaar van de loting moet een van de inschrijvers met de gelijke eindprijs zijn."))
    if not place.strip() or not attendees.strip():
        raise ValidationError(gettext("Vul de plaats en de aanwezigen in."))
    drawing = LotDrawing.objects.create(tender=tender, place=place.strip(), held_at=held_at,
                                        attendees=attendees.strip(), winner=winner, recorded_by=actor)
    audit_log(action="tender.lot_recorded", actor=actor, gemeente=tender.gemeente, obj=drawing, origin=origin,
              detail={"winner": winner.name, "tied": result["tied"], "place": drawing.place,
                      "held_at": held_at.isoformat(), "attendees": drawing.attendees})
    return drawing
