"""The award letters of a tender (inkoper only: they name prices): the letters page, one letter
as PDF or Word, and all letters in a zip."""

import datetime as dt
import io
import zipfile

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from wijkwerk.municipalities import roles
from wijkwerk.municipalities.pages import gemeente_page, render_page

from . import letters, services
from .forms import LettersForm
from .pages import require_prices, tender_context
from .selectors import bid_get, tender_evaluation, tender_get

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _send_date(request) -> dt.date:
    form = LettersForm(request.GET or None)
    if request.GET and form.is_valid():
        return form.cleaned_data["send_date"]
    return timezone.localdate()


@gemeente_page(roles.MANAGE_TENDER)
@require_GET
def tender_letters(request: HttpRequest, gemeente, tender_id: int) -> HttpResponse:
    require_prices(request)
    tender = tender_get(gemeente=gemeente, tender_id=tender_id)
    result = tender_evaluation(tender=tender)
    send_date = _send_date(request)
    form = LettersForm(initial={"send_date": send_date.isoformat()})
    bids = {b.name: b for b in tender.bids.all()}
    rows = [{"entry": e, "bid": bids.get(e["bidder"])} for e in result["bids"]]
    return render_page(request, "tendering/letters.html",
                       tender_context(tender, result=result, rows=rows, form=form, send_date=send_date,
                                      end=letters.standstill_end(send_date)), gemeente=gemeente)


def _letter(request, gemeente, tender, bid, result, send_date):
    organisation = f"gemeente {gemeente.name}"
    note = ""
    if result.get("lot"):
        drawing = tender.lot_drawing
        note = (f"De winnaar is bepaald door loting op {letters.dutch_date(timezone.localtime(drawing.held_at).date())}"
                f" in {drawing.place}, in aanwezigheid van: {drawing.attendees}.")
    return letters.build_letter(result, bid.name, send_date=send_date, organisation=organisation, lot_note=note)


def _letters_ready(request, gemeente, tender, result) -> bool:
    if not result["winner"]:
        messages.error(request, gettext("Er is nog geen winnaar (beoordeling niet af of gelijke eindprijs zonder loting)."))
        return False
    return True


@gemeente_page(roles.MANAGE_TENDER)
@require_GET
def tender_letter_pdf(request: HttpRequest, gemeente, tender_id: int, bid_id: int) -> HttpResponse:
    return _letter_response(request, gemeente, tender_id, bid_id, "pdf")


@gemeente_page(roles.MANAGE_TENDER)
@require_GET
def tender_letter_docx(request: HttpRequest, gemeente, tender_id: int, bid_id: int) -> HttpResponse:
    return _letter_response(request, gemeente, tender_id, bid_id, "docx")


def _letter_response(request, gemeente, tender_id: int, bid_id: int, fmt: str) -> HttpResponse:
    require_prices(request)
    tender = tender_get(gemeente=gemeente, tender_id=tender_id)
    bid = bid_get(tender=tender, bid_id=bid_id)
    result = tender_evaluation(tender=tender)
    if not _letters_ready(request, gemeente, tender, result):
        return redirect("tender-letters", gemeente.slug, tender.pk)
    send_date = _send_date(request)
    letter = _letter(request, gemeente, tender, bid, result, send_date)
    name = f"gunningsbeslissing_{letters.safe_file_name(bid.name)}"
    if fmt == "docx":
        response = HttpResponse(letters.letter_docx(letter), content_type=DOCX)
        response["Content-Disposition"] = f'attachment; filename="{name}.docx"'
    else:
        response = HttpResponse(letters.letter_pdf(letter), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    services.audit_log(action="tender.letter_downloaded", actor=request.user, gemeente=gemeente, obj=bid,
                       origin="web", detail={"format": fmt, "send_date": send_date.isoformat()})
    return response


@gemeente_page(roles.MANAGE_TENDER)
@require_GET
def tender_letters_zip(request: HttpRequest, gemeente, tender_id: int) -> HttpResponse:
    require_prices(request)
    tender = tender_get(gemeente=gemeente, tender_id=tender_id)
    result = tender_evaluation(tender=tender)
    if not _letters_ready(request, gemeente, tender, result):
        return redirect("tender-letters", gemeente.slug, tender.pk)
    send_date = _send_date(request)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        used: set[str] = set()
        for bid in tender.bids.all():
            letter = _letter(request, gemeente, tender, bid, result, send_date)
            base = letters.safe_file_name(bid.name)
            while base in used:
                base += "_"
            used.add(base)
            archive.writestr(f"gunningsbeslissing_{base}.pdf", letters.letter_pdf(letter))
            archive.writestr(f"gunningsbeslissing_{base}.docx", letters.letter_docx(letter))
    services.audit_log(action="tender.letters_downloaded", actor=request.user, gemeente=gemeente, obj=tender,
                       origin="web", detail={"send_date": send_date.isoformat()})
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="gunningsbrieven-{tender.pk}.zip"'
    return response
