"""Pages of the tender. The procurement officer (`inkoper`) runs the tender and never scores;
assessors (`beoordelaar`) and their chair score the shortlisted bids and never receive a price,
a price rank or anything of a tender that is not in assessment: the
assessor pages below (tender list for assessors, `tender_assess*`, `tender_consensus`) only get
bidder names (alphabetical), criteria descriptions and scores."""

import datetime as dt
import io
import zipfile

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wijkwerk.core.files import uploads
from wijkwerk.core.tasks import enqueue
from wijkwerk.municipalities import roles
from wijkwerk.municipalities.models import Membership
from wijkwerk.municipalities.pages import gemeente_page, render_page

from . import letters, services
from .billsheet import template_bytes
from .forms import BidUploadForm, FollowUpForm, LettersForm, LotForm, MethodForm, ScoreForm
from .models import Tender
from .selectors import (
    assessments_of,
    bid_get,
    pending_uploads,
    recent_uploads,
    shortlisted_bids,
    tender_evaluation,
    tender_get,
    tender_list,
    tender_method,
)

EXAMPLE_METHOD = """\
title: Brede samenwerking wijkonderhoud
price_items:            # de regels van het inschrijfbiljet
  - {code: U01, description: Uurtarief vakkracht groen, unit: uur, fictive_quantity: 12000}
  - {code: U02, description: Uurtarief leerling-werknemer, unit: uur, fictive_quantity: 8000}
knockouts:              # eisen die op het biljet worden gecontroleerd
  - {code: KO1, description: Inschrijving samen met een SW-bedrijf}
abnormally_low: 0.80    # signaal onder dit deel van de mediaan van de fictieve prijzen
shortlist: 4            # zoveel inschrijvers gaan door naar de beoordeling
assessment:
  mode: consensus       # of: average (gemiddelde van de beoordelaars)
  scale: {"3": 1.00, "2": 0.60, "1": 0.25, "0": 0.00, "NR": -0.50}
  criteria:
    - {code: K1, description: Visie op samenwerking, max_value: 400000}
tie_break: lot
"""
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _has(request, action: str) -> bool:
    return request.wijkwerk_perms.has(action)


def _require_any(request, *actions: str) -> None:
    if not any(_has(request, a) for a in actions):
        raise PermissionDenied(gettext("U heeft geen rechten voor deze pagina."))


def _manage(request) -> None:
    _require_any(request, roles.MANAGE_TENDER)


def _prices(request) -> None:
    if not (_has(request, roles.MANAGE_TENDER) and _has(request, roles.VIEW_TENDER_PRICES)):
        raise PermissionDenied(gettext("Alleen de inkoper ziet de prijzen."))


def _errors(exc: ValidationError) -> list[str]:
    return list(exc.messages)


def _ctx(tender, **extra) -> dict:
    return {"nav": "tender", "tender": tender, **extra}


# --- list, method, publish ----------------------------------------------------------------------


@gemeente_page(None)
@require_GET
def tender_list_page(request: HttpRequest, gemeente) -> HttpResponse:
    _require_any(request, roles.MANAGE_TENDER, roles.ASSESS_TENDER)
    manager = _has(request, roles.MANAGE_TENDER)
    tenders = list(tender_list(gemeente=gemeente, assessing_only=not manager))
    return render_page(request, "tendering/list.html", {"nav": "tender", "tenders": tenders, "manager": manager},
                       gemeente=gemeente)


@gemeente_page(roles.MANAGE_TENDER)
@require_http_methods(["GET", "POST"])
def tender_new(request: HttpRequest, gemeente) -> HttpResponse:
    form = MethodForm(request.POST or None, initial={"method_text": EXAMPLE_METHOD})
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            tender = services.tender_create(gemeente=gemeente, method_text=form.cleaned_data["method_text"],
                                            actor=request.user)
        except ValidationError as exc:
            problems = _errors(exc)
        else:
            messages.success(request, gettext("Aanbesteding aangemaakt (concept). Controleer de methode en publiceer haar."))
            return redirect("tender-detail", gemeente.slug, tender.pk)
    return render_page(request, "tendering/method.html",
                       {"nav": "tender", "form": form, "problems": problems, "tender": None}, gemeente=gemeente,
                       status=400 if problems else 200)


@gemeente_page(None)
@require_GET
def tender_detail(request: HttpRequest, gemeente, tender_id: int) -> HttpResponse:
    _require_any(request, roles.MANAGE_TENDER, roles.ASSESS_TENDER)
    tender = tender_get(gemeente=gemeente, tender_id=tender_id)
    if not _has(request, roles.MANAGE_TENDER):
        return redirect("tender-assess", gemeente.slug, tender.pk)
    method = tender_method(tender)
    return render_page(request, "tendering/detail.html",
                       _ctx(tender, method=method, bid_count=tender.bids.count(), assessors=_assessor_users(gemeente),
                            sha_preview=method.sha256, uploads_pending=pending_uploads(tender=tender).exists()),
                       gemeente=gemeente)


def _assessor_users(gemeente):
    """The assessors who may chair: beoordelaars who do not also see the prices (inkoper)."""
    ids = Membership.objects.filter(gemeente=gemeente, role__name=roles.BEOORDELAAR).values_list("user_id", flat=True)
    price_viewers = [name for name, actions in roles.ROLE_PERMISSIONS.items() if roles.VIEW_TENDER_PRICES in actions]
    excluded = Membership.objects.filter(gemeente=gemeente, role__name__in=price_viewers).values_list("user_id",
                                                                                                      flat=True)
    return get_user_model().objects.filter(pk__in=ids).exclude(pk__in=excluded).order_by("username")


@gemeente_page(roles.MANAGE_TENDER)
@require_http_methods(["GET", "POST"])
def tender_method_page(request: HttpRequest, gemeente, tender_id: int) -> HttpResponse:
    tender = tender_get(gemeente=gemeente, tender_id=tender_id)
    form = MethodForm(request.POST or None, initial={"method_text": tender.method_text})
    problems: list[str] = []
    if request.method == "POST":
        if tender.is_locked:
            problems = [gettext("De methode is gepubliceerd en kan niet meer veranderen.")]
        elif form.is_valid():
            try:
                services.tender_method_update(tender=tender, method_text=form.cleaned_data["method_text"],
                                              actor=request.user)
            except ValidationError as exc:
                problems = _errors(exc)
            else:
                messages.success(request, gettext("Methode opgeslagen en gecontroleerd: geen fouten."))
                return redirect("tender-method", gemeente.slug, tender.pk)
    return render_page(request, "tendering/method.html", _ctx(tender, form=form, problems=problems),
                       gemeente=gemeente, status=400 if problems else 200)


@gemeente_page(roles.MANAGE_TENDER)
@require_GET
def tender_method_download(request: HttpRequest, gemeente, tender_id: int) -> HttpResponse:
    tender = tender_get(gemeente=gemeente, tender_id=tender_id)
    response = HttpResponse(tender.method_text.encode("utf-8"), content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="methode-{tender.pk}.yaml"'
    return response


@gemeente_page(roles.MANAGE_TENDER)
@require_POST
def tender_publish(request: HttpRequest, gemeente, tender_id: int) -> HttpResponse:
    tender = tender_get(gemeente=gemeente, tender_id=tender_id)
    try:
        tender = services.tender_publish(tender=tender, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(_errors(exc)))
    else:
        messages.success(request, gettext("Gepubliceerd. De methode ligt vast; vingerafdruk %(sha)s.")
                         % {"sha": tender.method_sha256})
    return redirect("tender-detail", gemeente.slug, tender.pk)


@gemeente_page(roles.MANAGE_TENDER)
@require_POST
def tender_chair(request: HttpRequest, gemeente, tender_id: int) -> HttpResponse:
    tender = tender_get(gemeente=gemeente, tender_id=tender_id)
    chair = _assessor_users(gemeente).filter(pk=request.POST.get("chair") or 0).first()
    try:
        services.tender_chair_set(tender=tender, chair=chair, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(_errors(exc)))
    else:
        messages.success(request, gettext("Voorzitter: %(name)s.") % {"name": chair.get_full_name() or chair.username}
                         if chair
                         else gettext("Geen voorzitter: de consensus kan pas worden vastgelegd als er een voorzitter is."))
    return redirect("tender-detail", gemeente.slug, tender.pk)


@gemeente_page(roles.MANAGE_TENDER)
@require_GET
def tender_template(request: HttpRequest, gemeente, tender_id: int) -> HttpResponse:
    tender = tender_get(gemeente=gemeente, tender_id=tender_id)
    if not tender.is_locked:
        messages.error(request, gettext("Publiceer de methode eerst: het inschrijfbiljet draagt haar vingerafdruk."))
        return redirect("tender-detail", gemeente.slug, tender.pk)
    response = HttpResponse(template_bytes(tender_method(tender)), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="inschrijfbiljet.xlsx"'
    return response


# --- bids and report (inkoper only) -------------------------------------------------------------


@gemeente_page(roles.MANAGE_TENDER)
@require_http_methods(["GET", "POST"])
def tender_bids(request: HttpRequest, gemeente, tender_id: int) -> HttpResponse:
    """Receiving bid sheets: each file is checked without parsing (size, and for the xlsx, which is a
    zip, its unpacked size and compression), stored, and read in the background; the page shows
    the sheets being read and then the outcome."""
    tender = tender_get(gemeente=gemeente, tender_id=tender_id)
    form = BidUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        refusal = uploads.upload_refusal(request)  # a file above the limit is dropped while it arrives
        if refusal:
            messages.error(request, refusal)
            services.bid_upload_refused(tender=tender, file_name="", message=refusal, actor=request.user)
        files = request.FILES.getlist("files")
        if not files and not refusal:
            messages.error(request, gettext("Kies een of meer ingevulde inschrijfbiljetten (.xlsx)."))
        received = []
        for upload in files:
            try:
                received.append(services.bid_upload_receive(tender=tender, upload=upload, actor=request.user))
            except ValidationError as exc:
                messages.error(request, f"{upload.name}: {' '.join(_errors(exc))}")
        if received:
            enqueue("wijkwerk.tendering.tasks.read_bid_uploads", upload_ids=[u.pk for u in received])
            messages.success(request, gettext("Ontvangen: %(n)s bestand(en). Ze worden ingelezen en "
                                              "gecontroleerd; de uitkomst staat hieronder.") % {"n": len(received)})
        return redirect("tender-bids", gemeente.slug, tender.pk)
    services.bid_uploads_expire(tender=tender)
    return render_page(request, "tendering/bids.html", _ctx(tender, form=form, **_bids_state(gemeente, tender)),
                       gemeente=gemeente)


def _bids_state(gemeente, tender) -> dict:
    pending = pending_uploads(tender=tender).exists()
    return {"bids": list(tender.bids.all()), "uploads": recent_uploads(tender=tender), "polling": pending,
            "status_url": reverse("tender-bids-status", args=[gemeente.slug, tender.pk])}


@gemeente_page(roles.MANAGE_TENDER)
@require_GET
def tender_bids_status(request: HttpRequest, gemeente, tender_id: int) -> HttpResponse:
    """The received sheets and the bids alone, polled by the bids page while sheets are being read."""
    tender = tender_get(gemeente=gemeente, tender_id=tender_id)
    return render_page(request, "tendering/_bids_state.html", _ctx(tender, **_bids_state(gemeente, tender)),
                       gemeente=gemeente)


@gemeente_page(roles.MANAGE_TENDER)
@require_POST
def tender_start(request: HttpRequest, gemeente, tender_id: int) -> HttpResponse:
    tender = tender_get(gemeente=gemeente, tender_id=tender_id)
    try:
        services.tender_start_assessment(tender=tender, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(_errors(exc)))
    else:
        messages.success(request, gettext("Inschrijving gesloten; de beoordelaars kunnen de shortlist beoordelen."))
    return redirect("tender-detail", gemeente.slug, tender.pk)


@gemeente_page(roles.MANAGE_TENDER)
@require_GET
def tender_report(request: HttpRequest, gemeente, tender_id: int) -> HttpResponse:
    _prices(request)
    tender = tender_get(gemeente=gemeente, tender_id=tender_id)
    result = tender_evaluation(tender=tender)
    bids = {b.name: b for b in tender.bids.prefetch_related("followups")}
    rows = [{**entry, "bid": bids.get(entry["bidder"]),
             **{f"{k}_txt": letters.money(entry[k]) for k in ("fictive_price", "quality_value", "final_price")}}
            for entry in result["bids"]]
    amounts = {"median": letters.money(result["median_fictive_price"]),
               "threshold": letters.money(result["abnormally_low_threshold"])}
    return render_page(request, "tendering/report.html", _ctx(tender, result=result, rows=rows, amounts=amounts),
                       gemeente=gemeente)


@gemeente_page(roles.MANAGE_TENDER)
@require_http_methods(["GET", "POST"])
def tender_followup(request: HttpRequest, gemeente, tender_id: int, bid_id: int) -> HttpResponse:
    _prices(request)
    tender = tender_get(gemeente=gemeente, tender_id=tender_id)
    bid = bid_get(tender=tender, bid_id=bid_id)
    entry = next((e for e in tender_evaluation(tender=tender)["bids"] if e["bidder"] == bid.name), None)
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.followup_record(bid=bid, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, " ".join(_errors(exc)))
        else:
            messages.success(request, gettext("Onderzoek vastgelegd."))
            return redirect("tender-report", gemeente.slug, tender.pk)
    return render_page(request, "tendering/followup.html",
                       _ctx(tender, bid=bid, entry=entry, form=form,
                            price=letters.money(entry["fictive_price"]) if entry else "-", followups=list(bid.followups.all())),
                       gemeente=gemeente)


@gemeente_page(roles.MANAGE_TENDER)
@require_http_methods(["GET", "POST"])
def tender_lot(request: HttpRequest, gemeente, tender_id: int) -> HttpResponse:
    _prices(request)
    tender = tender_get(gemeente=gemeente, tender_id=tender_id)
    result = tender_evaluation(tender=tender, with_lot=False)
    tied = [b for b in tender.bids.all() if b.name in result["tied"]]
    drawing = getattr(tender, "lot_drawing", None)
    form = LotForm(request.POST or None, bids=tied)
    if request.method == "POST" and form.is_valid():
        winner = next(b for b in tied if str(b.pk) == form.cleaned_data["winner"])
        held_at = form.cleaned_data["held_at"]
        if timezone.is_naive(held_at):
            held_at = timezone.make_aware(held_at)
        try:
            services.lot_record(tender=tender, place=form.cleaned_data["place"], held_at=held_at,
                                attendees=form.cleaned_data["attendees"], winner=winner, actor=request.user)
        except ValidationError as exc:
            form.add_error(None, " ".join(_errors(exc)))
        else:
            messages.success(request, gettext("Loting vastgelegd: %(name)s wint.") % {"name": winner.name})
            return redirect("tender-lot", gemeente.slug, tender.pk)
    return render_page(request, "tendering/lot.html",
                       _ctx(tender, result=result, tied=tied, form=form, drawing=drawing), gemeente=gemeente)


def _send_date(request) -> dt.date:
    form = LettersForm(request.GET or None)
    if request.GET and form.is_valid():
        return form.cleaned_data["send_date"]
    return timezone.localdate()


@gemeente_page(roles.MANAGE_TENDER)
@require_GET
def tender_letters(request: HttpRequest, gemeente, tender_id: int) -> HttpResponse:
    _prices(request)
    tender = tender_get(gemeente=gemeente, tender_id=tender_id)
    result = tender_evaluation(tender=tender)
    send_date = _send_date(request)
    form = LettersForm(initial={"send_date": send_date.isoformat()})
    bids = {b.name: b for b in tender.bids.all()}
    rows = [{"entry": e, "bid": bids.get(e["bidder"])} for e in result["bids"]]
    return render_page(request, "tendering/letters.html",
                       _ctx(tender, result=result, rows=rows, form=form, send_date=send_date,
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
    _prices(request)
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
    _prices(request)
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


# --- assessor pages: NEVER any price or price rank ----------------------------------------------


def _assessment_open(request, gemeente, tender) -> bool:
    if tender.status != Tender.Status.ASSESSING:
        messages.info(request, gettext("De beoordeling van deze aanbesteding is nog niet gestart."))
        return False
    return True


def _assessor_tender(request, gemeente, tender_id: int) -> Tender:
    """The tender for an assessor's page. Someone who does not run tenders sees a tender only while
    it is in assessment: of a draft or an open tender not even the title (the API does the same)."""
    tender = tender_get(gemeente=gemeente, tender_id=tender_id)
    if tender.status != Tender.Status.ASSESSING and not _has(request, roles.MANAGE_TENDER):
        raise PermissionDenied(gettext("Deze aanbesteding is (nog) niet in beoordeling."))
    return tender


def _no_scoring_for_price_viewers(request, gemeente, tender):
    """Whoever sees the prices (the inkoper, also with a second role) never scores: back to the
    tender page with a message."""
    if _has(request, roles.VIEW_TENDER_PRICES):
        messages.error(request, gettext("U ziet de prijzen van deze aanbesteding en scoort daarom niet mee: alleen "
                                        "de beoordelaars en de voorzitter scoren."))
        return redirect("tender-detail", gemeente.slug, tender.pk)
    return None


def _criteria(method) -> list[dict]:
    """Criteria as assessors see them: code and description (no euro amounts)."""
    return [{"code": c.code, "description": c.description} for c in method.criteria]


@gemeente_page(roles.ASSESS_TENDER)
@require_GET
def tender_assess(request: HttpRequest, gemeente, tender_id: int) -> HttpResponse:
    tender = _assessor_tender(request, gemeente, tender_id)
    refused = _no_scoring_for_price_viewers(request, gemeente, tender)
    if refused:
        return refused
    method = tender_method(tender)
    rows = []
    for bid in shortlisted_bids(tender=tender):
        mine = assessments_of(tender=tender, bid=bid, assessor=request.user)
        rows.append({"bid_id": bid.pk, "name": bid.name, "done": len(mine), "total": len(method.criteria)})
    return render_page(request, "tendering/assess.html",
                       {"nav": "tender", "tender_title": tender.title, "tender_id": tender.pk,
                        "open": tender.status == Tender.Status.ASSESSING, "rows": rows,
                        "criteria": _criteria(method), "mode": method.mode,
                        "consensus": services.may_record_consensus(tender=tender, user=request.user)},
                       gemeente=gemeente)


def _score_forms(request, method, existing: dict):
    forms = []
    for criterion in method.criteria:
        record = existing.get(criterion.code)
        initial = {"score": record.score, "motivation": record.motivation} if record else {}
        forms.append((criterion, ScoreForm(request.POST or None, prefix=criterion.code, scale=method.scale,
                                           initial=initial)))
    return forms


def _shortlisted_bid(tender, bid_id: int):
    bid = bid_get(tender=tender, bid_id=bid_id)
    if bid.pk not in {b.pk for b in shortlisted_bids(tender=tender)}:
        raise PermissionDenied(gettext("Deze inschrijving staat niet op de shortlist."))
    return bid


@gemeente_page(roles.ASSESS_TENDER)
@require_http_methods(["GET", "POST"])
def tender_assess_bid(request: HttpRequest, gemeente, tender_id: int, bid_id: int) -> HttpResponse:
    tender = _assessor_tender(request, gemeente, tender_id)
    refused = _no_scoring_for_price_viewers(request, gemeente, tender)
    if refused:
        return refused
    if not _assessment_open(request, gemeente, tender):
        return redirect("tender-assess", gemeente.slug, tender.pk)
    bid = _shortlisted_bid(tender, bid_id)
    method = tender_method(tender)
    forms = _score_forms(request, method, assessments_of(tender=tender, bid=bid, assessor=request.user))
    status, problems = 200, []
    if request.method == "POST":
        problems = _save_scores(request, tender, bid, forms, consensus=False)
        if problems is None:
            messages.success(request, gettext("Uw scores voor %(name)s zijn opgeslagen.") % {"name": bid.name})
            return redirect("tender-assess", gemeente.slug, tender.pk)
        status = 400
    return render_page(request, "tendering/assess_bid.html",
                       {"nav": "tender", "tender_title": tender.title, "tender_id": tender.pk, "bid_name": bid.name,
                        "forms": [(c.code, c.description, f) for c, f in forms], "consensus": False, "others": {},
                        "problems": problems},
                       gemeente=gemeente, status=status)


def _save_scores(request, tender, bid, forms, *, consensus: bool) -> list[str] | None:
    """Checks every criterion of the form, then saves all scores at once (or none).
    None when saved; otherwise the messages for the whole form (criterion messages go on the form)."""
    if not all([form.is_valid() for _, form in forms]):
        return [gettext("Niets opgeslagen: verbeter de fouten hieronder.")]
    scores = {criterion.code: (form.cleaned_data["score"], form.cleaned_data["motivation"])
              for criterion, form in forms if form.cleaned_data.get("score")}
    if not scores:
        return [gettext("Er is niets ingevuld.")]
    try:
        services.assessments_save(tender=tender, bid=bid, scores=scores, actor=request.user, consensus=consensus)
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            return _errors(exc)
        by_code = {c.code: f for c, f in forms}
        general = []
        for code, errors in exc.message_dict.items():
            if code in by_code:
                for message in errors:
                    by_code[code].add_error(None, message)
            else:
                general.extend(errors)
        return [gettext("Niets opgeslagen: verbeter de fouten hieronder."), *general]
    return None


@gemeente_page(None)
@require_http_methods(["GET", "POST"])
def tender_consensus(request: HttpRequest, gemeente, tender_id: int, bid_id: int) -> HttpResponse:
    _require_any(request, roles.MANAGE_TENDER, roles.ASSESS_TENDER)
    tender = _assessor_tender(request, gemeente, tender_id)
    refused = _no_scoring_for_price_viewers(request, gemeente, tender)
    if refused:
        return refused
    if not services.may_record_consensus(tender=tender, user=request.user):
        raise PermissionDenied(gettext("Alleen de voorzitter van de beoordelingscommissie legt de consensusscore vast."))
    if not _assessment_open(request, gemeente, tender):
        return redirect("tender-list", gemeente.slug)
    bid = _shortlisted_bid(tender, bid_id)
    method = tender_method(tender)
    forms = _score_forms(request, method, assessments_of(tender=tender, bid=bid, consensus=True))
    others: dict[str, list] = {}
    for record in bid.assessments.filter(is_consensus=False).select_related("assessor").order_by("assessor__username"):
        others.setdefault(record.criterion, []).append(
            {"assessor": record.assessor.get_full_name() or record.assessor.username, "score": record.score,
             "motivation": record.motivation})
    status, problems = 200, []
    if request.method == "POST":
        problems = _save_scores(request, tender, bid, forms, consensus=True)
        if problems is None:
            messages.success(request, gettext("Consensus voor %(name)s vastgelegd.") % {"name": bid.name})
            return redirect("tender-assess", gemeente.slug, tender.pk)
        status = 400
    return render_page(request, "tendering/assess_bid.html",
                       {"nav": "tender", "tender_title": tender.title, "tender_id": tender.pk, "bid_name": bid.name,
                        "forms": [(c.code, c.description, f) for c, f in forms], "consensus": True,
                        "others": others, "bid_id": bid.pk, "problems": problems},
                       gemeente=gemeente, status=status)
