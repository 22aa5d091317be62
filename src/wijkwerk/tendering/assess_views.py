"""The assessor pages of a tender. Assessors (`beoordelaar`) and their chair score the shortlisted
bids and never receive a price, a price rank or anything of a tender that is not in assessment:
these pages (`tender_assess*`, `tender_consensus`; the tender list for assessors is in `views`)
only get bidder names (alphabetical), criteria descriptions and scores. NEVER any price or price
rank here."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from wijkwerk.municipalities import roles
from wijkwerk.municipalities.pages import gemeente_page, render_page

from . import services
from .forms import ScoreForm
from .models import Tender
from .pages import error_messages, has_right, require_any
from .selectors import assessment_state, assessments_of, bid_get, shortlisted_bids, tender_get, tender_method
from .wording import scale_rows, score_choices


def _assessment_open(request, gemeente, tender) -> bool:
    if tender.status != Tender.Status.ASSESSING:
        messages.info(request, gettext("De beoordeling van deze aanbesteding is nog niet gestart."))
        return False
    return True


def _assessor_tender(request, gemeente, tender_id: int) -> Tender:
    """The tender for an assessor's page. Someone who does not run tenders sees a tender only while
    it is in assessment: of a draft or an open tender not even the title (the API does the same)."""
    tender = tender_get(gemeente=gemeente, tender_id=tender_id)
    if tender.status != Tender.Status.ASSESSING and not has_right(request, roles.MANAGE_TENDER):
        raise PermissionDenied(gettext("Deze aanbesteding is (nog) niet in beoordeling."))
    return tender


def _no_scoring_for_price_viewers(request, gemeente, tender):
    """Whoever sees the prices (the inkoper, also with a second role) never scores: back to the
    tender page with a message."""
    if has_right(request, roles.VIEW_TENDER_PRICES):
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
    chair = services.may_record_consensus(tender=tender, user=request.user)
    rows = []
    for bid in shortlisted_bids(tender=tender):
        row = {"bid_id": bid.pk, "name": bid.name,
               "mine": assessment_state(method, assessments_of(tender=tender, bid=bid, assessor=request.user))}
        if chair:
            row["consensus"] = assessment_state(method, assessments_of(tender=tender, bid=bid, consensus=True))
        rows.append(row)
    return render_page(request, "tendering/assess.html",
                       {"nav": "tender", "tender_title": tender.title, "tender_id": tender.pk,
                        "open": tender.status == Tender.Status.ASSESSING, "rows": rows,
                        "criteria": _criteria(method), "mode": method.mode, "scale": scale_rows(method),
                        "consensus": chair},
                       gemeente=gemeente)


def _score_forms(request, method, existing: dict):
    forms = []
    for criterion in method.criteria:
        record = existing.get(criterion.code)
        initial = {"score": record.score, "motivation": record.motivation} if record else {}
        forms.append((criterion, ScoreForm(request.POST or None, prefix=criterion.code, choices=score_choices(method),
                                           initial=initial)))
    return forms


def _shortlisted_bid(tender, bid_id: int):
    bid = bid_get(tender=tender, bid_id=bid_id)
    if bid.pk not in {b.pk for b in shortlisted_bids(tender=tender)}:
        raise PermissionDenied(gettext("Deze inschrijving staat niet op de shortlist."))
    return bid


def _is_draft(request) -> bool:
    """The form has two buttons: save for later (a draft) or submit (the default)."""
    return request.POST.get("action") == "concept"


def _saved_message(request, bid, method, records: dict, *, consensus: bool) -> None:
    state = assessment_state(method, records)
    if _is_draft(request):
        text = gettext("Tussentijds opgeslagen als concept: %(done)s van %(total)s criteria gescoord.") % {
            "done": state["scored"], "total": state["total"]}
        if state["open"]:
            codes = {"codes": ", ".join(c["code"] for c in state["open"])}
            text += " " + (gettext("Nog open: %(codes)s. Leg de consensus vast als alles is gescoord.") % codes
                           if consensus else
                           gettext("Nog open: %(codes)s. U kunt later verder; dien de beoordeling in als alles is "
                                   "gescoord.") % codes)
        messages.success(request, text)
    elif consensus:
        messages.success(request, gettext("Consensus voor %(name)s vastgelegd.") % {"name": bid.name})
    else:
        messages.success(request, gettext("Uw beoordeling van %(name)s is ingediend.") % {"name": bid.name})


def _bid_page(request, gemeente, tender, bid, *, consensus: bool) -> HttpResponse:
    """The score form of one bid (the assessor's own, or the chair's consensus)."""
    method = tender_method(tender)
    records = assessments_of(tender=tender, bid=bid, assessor=request.user, consensus=consensus)
    forms = _score_forms(request, method, records)
    status, problems = 200, []
    if request.method == "POST":
        problems = _save_scores(request, tender, bid, forms, consensus=consensus)
        if problems is None:
            saved = assessments_of(tender=tender, bid=bid, assessor=request.user, consensus=consensus)
            _saved_message(request, bid, method, saved, consensus=consensus)
            if _is_draft(request):
                return redirect(request.path)
            return redirect("tender-assess", gemeente.slug, tender.pk)
        status = 400
    others, pending = _others(bid) if consensus else ({}, [])
    scored = {code for code, record in records.items() if record.score}
    return render_page(request, "tendering/assess_bid.html",
                       {"nav": "tender", "tender_title": tender.title, "tender_id": tender.pk, "bid_name": bid.name,
                        "forms": [(c.code, c.description, f, c.code in scored) for c, f in forms],
                        "consensus": consensus, "others": others, "pending": pending, "bid_id": bid.pk,
                        "problems": problems, "state": assessment_state(method, records),
                        "scale": scale_rows(method)},
                       gemeente=gemeente, status=status)


def _others(bid) -> tuple[dict[str, list], list[str]]:
    """For the chair: the submitted scores of the assessors per criterion, and who has not yet
    submitted (their drafts are not shown)."""
    others: dict[str, list] = {}
    pending: set[str] = set()
    for record in bid.assessments.filter(is_consensus=False).select_related("assessor").order_by("assessor__username"):
        name = record.assessor.get_full_name() or record.assessor.username
        if record.is_draft:
            pending.add(name)
            continue
        others.setdefault(record.criterion, []).append(
            {"assessor": name, "score": record.score, "motivation": record.motivation})
    return others, sorted(pending, key=str.casefold)


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
    return _bid_page(request, gemeente, tender, bid, consensus=False)


def _save_scores(request, tender, bid, forms, *, consensus: bool) -> list[str] | None:
    """Checks every criterion of the form, then saves all scores at once (or none): as a draft
    (empty scores are not yet scored) or submitted (every criterion scored). None when saved;
    otherwise the messages for the whole form (criterion messages go on the form)."""
    if not all([form.is_valid() for _, form in forms]):
        return [gettext("Niets opgeslagen: verbeter de fouten hieronder.")]
    scores = {criterion.code: (form.cleaned_data["score"], form.cleaned_data["motivation"])
              for criterion, form in forms}
    try:
        services.assessments_save(tender=tender, bid=bid, scores=scores, actor=request.user, consensus=consensus,
                                  draft=_is_draft(request))
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            return error_messages(exc)
        by_code = {c.code: f for c, f in forms}
        general = []
        for code, errors in exc.message_dict.items():
            if code in by_code:
                for message in errors:
                    by_code[code].add_error(None, message)
            else:
                general.extend(errors)
        if not _is_draft(request) and any(not form.cleaned_data.get("score") for _, form in forms):
            general.append(gettext("Vastleggen kan pas als elk criterium een score met motivering heeft. Later "
                                   "verder? Kies dan Tussentijds opslaan.") if consensus else
                           gettext("Indienen kan pas als elk criterium een score met motivering heeft. Wilt u later "
                                   "verder? Kies dan Tussentijds opslaan."))
        return [gettext("Niets opgeslagen: verbeter de fouten hieronder."), *general]
    return None


@gemeente_page(None)
@require_http_methods(["GET", "POST"])
def tender_consensus(request: HttpRequest, gemeente, tender_id: int, bid_id: int) -> HttpResponse:
    require_any(request, roles.MANAGE_TENDER, roles.ASSESS_TENDER)
    tender = _assessor_tender(request, gemeente, tender_id)
    refused = _no_scoring_for_price_viewers(request, gemeente, tender)
    if refused:
        return refused
    if not services.may_record_consensus(tender=tender, user=request.user):
        raise PermissionDenied(gettext("Alleen de voorzitter van de beoordelingscommissie legt de consensusscore vast."))
    if not _assessment_open(request, gemeente, tender):
        return redirect("tender-list", gemeente.slug)
    bid = _shortlisted_bid(tender, bid_id)
    return _bid_page(request, gemeente, tender, bid, consensus=True)
