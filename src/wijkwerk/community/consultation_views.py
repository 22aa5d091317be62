"""Pages of consultation rounds: public (list; one round with its question, approved reactions,
the votes and, once summarised, the report and the decision it informs; react and vote while open)
and staff (create, open, close, moderate reactions, summarise)."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wijkwerk.core.states import TransitionRefused
from wijkwerk.municipalities import roles
from wijkwerk.municipalities.pages import gemeente_page, render_page

from . import consultations as services
from . import initiative_selectors as selectors
from .consultation_models import CONSULTATION_FLOW, ConsultationStatus, Reaction, ReactionStatus
from .initiative_forms import ConsultationForm, ReactionForm, SummaryForm, VoteForm
from .initiative_views import rate_limited, refuse_public, require_manage

VOTER_COOKIE = "wijkwerk_stemmer"
VOTER_SALT = "community.vote"
VOTER_MAX_AGE = 365 * 24 * 3600


@require_http_methods(["GET"])
def public_list(request: HttpRequest, slug: str) -> HttpResponse:
    gemeente = selectors.public_gemeente(slug=slug)
    return render(request, "community/consultation_public_list.html", {
        "section": "consultations", "public_gemeente": gemeente, "consultations": selectors.consultation_list(gemeente=gemeente, public=True)})


def _voter(request: HttpRequest) -> tuple[str, bool]:
    """The browser's voter id from its signed cookie, or a new one (True: set the cookie)."""
    voter = request.get_signed_cookie(VOTER_COOKIE, default=None, salt=VOTER_SALT)
    return (voter, False) if voter else (secrets.token_urlsafe(16), True)


def _post(request, consultation, ctx, template) -> HttpResponse | None:
    """Handles a reaction or a vote; returns the response to give, or None to show the page again."""
    kind = "vote" if request.POST.get("action") == "vote" else "react"
    form = VoteForm(request.POST) if kind == "vote" else ReactionForm(request.POST)
    ctx["vote_form" if kind == "vote" else "reaction_form"] = form
    if form.is_spam():
        return refuse_public(request, template, ctx, _("Uw inzending is niet verstuurd."), 400)
    if rate_limited(request, f"consultation-{kind}"):
        return refuse_public(request, template, ctx, _("Te veel inzendingen. Probeer het later opnieuw."), 429)
    if not form.is_valid():
        return None
    try:
        if kind == "react":
            d = form.cleaned_data
            services.reaction_add(consultation=consultation, name=d["name"], organisation=d["organisation"],
                                  text=d["text"])
            messages.success(request, _("Bedankt voor uw reactie. Na controle is die hier te lezen."))
            return redirect("consultation-public", consultation.gemeente.slug, consultation.public_id)
        voter, new = _voter(request)
        counted = services.vote_cast(consultation=consultation, voter=voter, agree=form.cleaned_data["agree"])
    except TransitionRefused as refused:
        return refuse_public(request, template, ctx, refused.message, 409)
    if counted:
        messages.success(request, _("Uw stem is geteld."))
    else:
        messages.info(request, _("U hebt al gestemd."))
    response = redirect("consultation-public", consultation.gemeente.slug, consultation.public_id)
    if new:
        response.set_signed_cookie(VOTER_COOKIE, voter, salt=VOTER_SALT, max_age=VOTER_MAX_AGE, httponly=True,
                                   samesite="Lax", secure=request.is_secure())
    return response


@require_http_methods(["GET", "POST"])
def public_detail(request: HttpRequest, slug: str, consultation_id: str) -> HttpResponse:
    gemeente = selectors.public_gemeente(slug=slug)
    consultation = selectors.consultation_get(gemeente=gemeente, public_id=consultation_id, public=True)
    template = "community/consultation_public_detail.html"
    ctx = {"section": "consultations", "public_gemeente": gemeente, "consultation": consultation,
           "is_open": services.consultation_is_open(consultation),
           "reactions": selectors.reactions_public(consultation), "tally": selectors.consultation_tally(consultation),
           "reaction_form": ReactionForm(), "vote_form": VoteForm()}
    if request.method == "POST":
        response = _post(request, consultation, ctx, template)
        if response is not None:
            return response
        return render(request, template, ctx, status=400)
    return render(request, template, ctx)


@gemeente_page(roles.VIEW_REPORTS)
@require_http_methods(["GET", "POST"])
def staff_list(request: HttpRequest, gemeente) -> HttpResponse:
    form = ConsultationForm(request.POST or None)
    if request.method == "POST":
        require_manage(request)
        if form.is_valid():
            d = form.cleaned_data
            try:
                consultation = services.consultation_create(gemeente=gemeente, actor=request.user, title=d["title"],
                                                            question=d["question"], opens=d["opens"],
                                                            closes=d["closes"])
            except ValueError as error:
                form.add_error("closes", str(error))
            else:
                return redirect("consultation-staff", gemeente.slug, consultation.public_id)
    return render_page(request, "community/consultation_staff_list.html", {
        "nav": "consultations", "consultations": selectors.consultation_list(gemeente=gemeente, public=False),
        "form": form, "can_manage": request.wijkwerk_perms.can_manage_community,
    }, gemeente=gemeente, status=400 if form.errors else 200)


@gemeente_page(roles.VIEW_REPORTS)
@require_http_methods(["GET", "POST"])
def staff_detail(request: HttpRequest, gemeente, consultation_id: str) -> HttpResponse:
    consultation = selectors.consultation_get(gemeente=gemeente, public_id=consultation_id, public=False)
    summary_form, status = SummaryForm(initial={"decision_ref": consultation.decision_ref}), 200
    if request.method == "POST":
        require_manage(request)
        action, actor = request.POST.get("action", ""), request.user
        try:
            if action == "open":
                services.consultation_open(consultation=consultation, actor=actor)
            elif action == "close":
                services.consultation_close(consultation=consultation, actor=actor)
            elif action in ("approve", "reject"):
                reaction = get_object_or_404(Reaction, consultation=consultation, pk=request.POST.get("reaction"))
                services.reaction_moderate(reaction=reaction, actor=actor, approve=action == "approve")
            elif action == "summarise":
                summary_form = SummaryForm(request.POST)
                if summary_form.is_valid():
                    services.consultation_summarise(consultation=consultation, actor=actor,
                                                    summary=summary_form.cleaned_data["summary"],
                                                    decision_ref=summary_form.cleaned_data["decision_ref"])
            elif action == "link":
                services.consultation_link_decision(consultation=consultation, actor=actor,
                                                    decision_ref=request.POST.get("decision_ref", "")[:300])
        except TransitionRefused as refused:
            messages.error(request, refused.message)
            status = 409
        else:
            if not summary_form.errors:
                messages.success(request, _("Opgeslagen."))
                return redirect("consultation-staff", gemeente.slug, consultation_id)
            status = 400
        consultation.refresh_from_db()
    return render_page(request, "community/consultation_staff_detail.html", {
        "nav": "consultations", "consultation": consultation, "summary_form": summary_form,
        "reactions": consultation.reactions.all(), "tally": selectors.consultation_tally(consultation),
        "next_states": CONSULTATION_FLOW.next_states(consultation.status), "statuses": ConsultationStatus,
        "reaction_new": ReactionStatus.NEW, "can_manage": request.wijkwerk_perms.can_manage_community,
    }, gemeente=gemeente, status=status)
