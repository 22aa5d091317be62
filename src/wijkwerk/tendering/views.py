"""Pages of the tender run by the procurement officer (`inkoper`), who never scores: the tender
list, the method, publishing, the chair, the bid sheet template, receiving bids, the report, the
follow-ups and the drawing of lots. The award letters are in `letter_views`; the assessor pages,
which never show a price, in `assess_views`."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wijkwerk.core.files import uploads
from wijkwerk.core.numbers import format_money
from wijkwerk.core.tasks import enqueue
from wijkwerk.municipalities import roles
from wijkwerk.municipalities.models import Membership
from wijkwerk.municipalities.pages import gemeente_page, render_page

from . import services
from .billsheet import template_bytes
from .forms import BidUploadForm, FollowUpForm, LotForm
from .pages import error_messages, has_right, require_any, require_prices, tender_context
from .selectors import (
    bid_get,
    pending_uploads,
    recent_uploads,
    tender_evaluation,
    tender_get,
    tender_list,
    tender_method,
)
from .wording import method_summary, scale_rows

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- list, method, publish ----------------------------------------------------------------------


@gemeente_page(None)
@require_GET
def tender_list_page(request: HttpRequest, gemeente) -> HttpResponse:
    require_any(request, roles.MANAGE_TENDER, roles.ASSESS_TENDER)
    manager = has_right(request, roles.MANAGE_TENDER)
    tenders = list(tender_list(gemeente=gemeente, assessing_only=not manager))
    return render_page(request, "tendering/list.html", {"nav": "tender", "tenders": tenders, "manager": manager},
                       gemeente=gemeente)


@gemeente_page(None)
@require_GET
def tender_detail(request: HttpRequest, gemeente, tender_id: int) -> HttpResponse:
    require_any(request, roles.MANAGE_TENDER, roles.ASSESS_TENDER)
    tender = tender_get(gemeente=gemeente, tender_id=tender_id)
    if not has_right(request, roles.MANAGE_TENDER):
        return redirect("tender-assess", gemeente.slug, tender.pk)
    method = tender_method(tender)
    return render_page(request, "tendering/detail.html",
                       tender_context(tender, method=method, summary=method_summary(method), bid_count=tender.bids.count(),
                                      assessors=_assessor_users(gemeente), sha_preview=method.sha256,
                                      uploads_pending=pending_uploads(tender=tender).exists()),
                       gemeente=gemeente)


def _assessor_users(gemeente):
    """The assessors who may chair: beoordelaars who do not also see the prices (inkoper)."""
    ids = Membership.objects.filter(gemeente=gemeente, role__name=roles.BEOORDELAAR).values_list("user_id", flat=True)
    price_viewers = [name for name, actions in roles.ROLE_PERMISSIONS.items() if roles.VIEW_TENDER_PRICES in actions]
    excluded = Membership.objects.filter(gemeente=gemeente, role__name__in=price_viewers).values_list("user_id",
                                                                                                      flat=True)
    return get_user_model().objects.filter(pk__in=ids).exclude(pk__in=excluded).order_by("username")


@gemeente_page(roles.MANAGE_TENDER)
@require_POST
def tender_publish(request: HttpRequest, gemeente, tender_id: int) -> HttpResponse:
    tender = tender_get(gemeente=gemeente, tender_id=tender_id)
    try:
        tender = services.tender_publish(tender=tender, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(error_messages(exc)))
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
        messages.error(request, " ".join(error_messages(exc)))
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
                messages.error(request, f"{upload.name}: {' '.join(error_messages(exc))}")
        if received:
            enqueue("wijkwerk.tendering.tasks.read_bid_uploads", upload_ids=[u.pk for u in received])
            messages.success(request, gettext("Ontvangen: %(n)s bestand(en). Ze worden ingelezen en "
                                              "gecontroleerd; de uitkomst staat hieronder.") % {"n": len(received)})
        return redirect("tender-bids", gemeente.slug, tender.pk)
    services.bid_uploads_expire(tender=tender)
    return render_page(request, "tendering/bids.html",
                       tender_context(tender, form=form, **_bids_state(gemeente, tender)), gemeente=gemeente)


def _bids_state(gemeente, tender) -> dict:
    pending = pending_uploads(tender=tender).exists()
    return {"bids": list(tender.bids.all()), "uploads": recent_uploads(tender=tender), "polling": pending,
            "status_url": reverse("tender-bids-status", args=[gemeente.slug, tender.pk])}


@gemeente_page(roles.MANAGE_TENDER)
@require_GET
def tender_bids_status(request: HttpRequest, gemeente, tender_id: int) -> HttpResponse:
    """The received sheets and the bids alone, polled by the bids page while sheets are being read."""
    tender = tender_get(gemeente=gemeente, tender_id=tender_id)
    return render_page(request, "tendering/_bids_state.html",
                       tender_context(tender, **_bids_state(gemeente, tender)), gemeente=gemeente)


@gemeente_page(roles.MANAGE_TENDER)
@require_POST
def tender_start(request: HttpRequest, gemeente, tender_id: int) -> HttpResponse:
    tender = tender_get(gemeente=gemeente, tender_id=tender_id)
    try:
        services.tender_start_assessment(tender=tender, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(error_messages(exc)))
    else:
        messages.success(request, gettext("Inschrijving gesloten; de beoordelaars kunnen de shortlist beoordelen."))
    return redirect("tender-detail", gemeente.slug, tender.pk)


@gemeente_page(roles.MANAGE_TENDER)
@require_GET
def tender_report(request: HttpRequest, gemeente, tender_id: int) -> HttpResponse:
    require_prices(request)
    tender = tender_get(gemeente=gemeente, tender_id=tender_id)
    result = tender_evaluation(tender=tender)
    bids = {b.name: b for b in tender.bids.prefetch_related("followups")}
    rows = [{**entry, "bid": bids.get(entry["bidder"])} for entry in result["bids"]]
    return render_page(request, "tendering/report.html",
                       tender_context(tender, result=result, rows=rows, scale=scale_rows(tender_method(tender))),
                       gemeente=gemeente)


@gemeente_page(roles.MANAGE_TENDER)
@require_http_methods(["GET", "POST"])
def tender_followup(request: HttpRequest, gemeente, tender_id: int, bid_id: int) -> HttpResponse:
    require_prices(request)
    tender = tender_get(gemeente=gemeente, tender_id=tender_id)
    bid = bid_get(tender=tender, bid_id=bid_id)
    entry = next((e for e in tender_evaluation(tender=tender)["bids"] if e["bidder"] == bid.name), None)
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.followup_record(bid=bid, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, " ".join(error_messages(exc)))
        else:
            messages.success(request, gettext("Onderzoek vastgelegd."))
            return redirect("tender-report", gemeente.slug, tender.pk)
    return render_page(request, "tendering/followup.html",
                       tender_context(tender, bid=bid, entry=entry, form=form,
                                      price=format_money(entry["fictive_price"], 2) if entry else "-",
                                      followups=list(bid.followups.all())),
                       gemeente=gemeente)


@gemeente_page(roles.MANAGE_TENDER)
@require_http_methods(["GET", "POST"])
def tender_lot(request: HttpRequest, gemeente, tender_id: int) -> HttpResponse:
    require_prices(request)
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
            form.add_error(None, " ".join(error_messages(exc)))
        else:
            messages.success(request, gettext("Loting vastgelegd: %(name)s wint.") % {"name": winner.name})
            return redirect("tender-lot", gemeente.slug, tender.pk)
    return render_page(request, "tendering/lot.html",
                       tender_context(tender, result=result, tied=tied, form=form, drawing=drawing),
                       gemeente=gemeente)
