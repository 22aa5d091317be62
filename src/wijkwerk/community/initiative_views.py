"""Pages of residents' initiatives: public (list and map, propose, detail and join; no login) and
staff (all initiatives; assess, agree, start, evaluate, reject). Shared here: the public pages'
rate limit per client address and the map configuration."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wijkwerk.core.auth import client_ip
from wijkwerk.core.states import TransitionRefused
from wijkwerk.municipalities import roles
from wijkwerk.municipalities.pages import gemeente_page, render_page

from . import initiative_selectors as selectors
from . import initiatives as services
from .initiative_forms import AssessForm, EvaluationForm, JoinForm, ProposeForm, ReasonForm, TermsForm
from .initiative_models import INITIATIVE_FLOW, InitiativeStatus


def rate_limited(request: HttpRequest, scope: str) -> bool:
    """True when this client address posted more than WIJKWERK_PUBLIC_RATE_LIMIT times (default 10)
    within the hour on this kind of public form; counts this attempt."""
    limit = getattr(settings, "WIJKWERK_PUBLIC_RATE_LIMIT", 10)
    key = f"community:rate:{scope}:{client_ip(request) or 'unknown'}"
    cache.add(key, 0, 3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, 3600)
        count = 1
    return count > limit


def refuse_public(request: HttpRequest, template: str, ctx: dict, message: str, status: int) -> HttpResponse:
    ctx["refusal"] = message
    return render(request, template, ctx, status=status)


def map_config(points: list[dict]) -> dict:
    return {"tileUrl": settings.WIJKWERK_TILE_URL, "tileAttribution": settings.WIJKWERK_TILE_ATTRIBUTION,
            "points": points}


def require_manage(request: HttpRequest) -> None:
    if not request.wijkwerk_perms.can_manage_community:
        raise PermissionDenied(_("U mag initiatieven, raadplegingen en buurtkracht niet beheren."))


# Public pages ---------------------------------------------------------------------------------

@require_http_methods(["GET"])
def public_list(request: HttpRequest, slug: str) -> HttpResponse:
    gemeente = selectors.public_gemeente(slug=slug)
    initiatives = list(selectors.initiative_list(gemeente=gemeente, public=True))
    points = [{"lat": i.lat, "lon": i.lon, "title": i.title,
               "url": reverse("initiative-public", args=[slug, i.public_id])} for i in initiatives]
    return render(request, "community/initiative_public_list.html", {
        "section": "initiatives", "public_gemeente": gemeente, "initiatives": initiatives, "map_config": map_config(points)})


@require_http_methods(["GET", "POST"])
def public_propose(request: HttpRequest, slug: str) -> HttpResponse:
    gemeente = selectors.public_gemeente(slug=slug)
    buurten = selectors.buurten(gemeente=gemeente)
    form = ProposeForm(request.POST or None, buurten=buurten)
    ctx = {"section": "initiatives", "public_gemeente": gemeente, "form": form}
    template = "community/initiative_propose.html"
    if request.method == "POST":
        if form.is_spam():
            return refuse_public(request, template, ctx, _("Uw voorstel is niet verstuurd."), 400)
        if rate_limited(request, "initiative"):
            return refuse_public(request, template, ctx, _("Te veel inzendingen. Probeer het later opnieuw."), 429)
        if form.is_valid():
            d = form.cleaned_data
            buurt = buurten.filter(pk=d["buurt"]).first() if d["buurt"] else None
            services.initiative_propose(gemeente=gemeente, proposal=services.InitiativeProposal(
                title=d["title"], kind=d["kind"], description=d["description"], lat=d["lat"], lon=d["lon"],
                proposer_name=d["name"], proposer_email=d["email"], buurt=buurt))
            return render(request, "community/initiative_proposed.html", {"section": "initiatives", "public_gemeente": gemeente})
    return render(request, template, ctx, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def public_detail(request: HttpRequest, slug: str, initiative_id: str) -> HttpResponse:
    gemeente = selectors.public_gemeente(slug=slug)
    initiative = selectors.initiative_get(gemeente=gemeente, public_id=initiative_id, public=True)
    form = JoinForm(request.POST or None)
    ctx = {"section": "initiatives", "public_gemeente": gemeente, "initiative": initiative, "form": form,
           "can_join": initiative.status != InitiativeStatus.EVALUATED,
           "map_config": map_config([{"lat": initiative.lat, "lon": initiative.lon, "title": initiative.title}])}
    template = "community/initiative_public_detail.html"
    if request.method == "POST":
        if form.is_spam():
            return refuse_public(request, template, ctx, _("Uw aanmelding is niet verstuurd."), 400)
        if rate_limited(request, "join"):
            return refuse_public(request, template, ctx, _("Te veel inzendingen. Probeer het later opnieuw."), 429)
        if form.is_valid():
            try:
                services.initiative_join(initiative=initiative, name=form.cleaned_data["name"],
                                         email=form.cleaned_data["email"])
            except TransitionRefused as refused:
                return refuse_public(request, template, ctx, refused.message, 409)
            messages.success(request, _("Bedankt! U bent aangemeld als vrijwilliger."))
            return redirect("initiative-public", slug, initiative_id)
    return render(request, template, ctx, status=400 if form.errors else 200)


# Staff pages ----------------------------------------------------------------------------------

@gemeente_page(roles.VIEW_REPORTS)
@require_http_methods(["GET"])
def staff_list(request: HttpRequest, gemeente) -> HttpResponse:
    initiatives = selectors.initiative_list(gemeente=gemeente, public=False)
    status = request.GET.get("status", "")
    if status in INITIATIVE_FLOW.states:
        initiatives = initiatives.filter(status=status)
    return render_page(request, "community/initiative_staff_list.html", {
        "nav": "initiatives", "initiatives": initiatives, "statuses": InitiativeStatus.choices, "status": status,
    }, gemeente=gemeente)


def _staff_action(request: HttpRequest, initiative, criteria: list[str]):
    """Runs the posted step; returns a bound form with errors to show again, or None."""
    action, actor = request.POST.get("action", ""), request.user
    if action == "start_assessment":
        services.initiative_start_assessment(initiative=initiative, actor=actor)
    elif action == "assess":
        form = AssessForm(request.POST, criteria=criteria)
        if not form.is_valid():
            return form
        services.initiative_assess(initiative=initiative, actor=actor, assessment=form.assessment())
    elif action == "agree":
        form = TermsForm(request.POST)
        if not form.is_valid():
            return form
        d = form.cleaned_data
        services.initiative_agree(initiative=initiative, actor=actor, terms=services.InitiativeTerms(
            residents_maintain=d["residents_maintain"], agreed_until=d["agreed_until"],
            municipality_provides=d["municipality_provides"], activity_codes=TermsForm.split(d["activity_codes"]),
            covered_assets=TermsForm.split(d["covered_assets"])))
    elif action == "start":
        services.initiative_start(initiative=initiative, actor=actor)
    elif action == "evaluate":
        services.initiative_evaluate(initiative=initiative, actor=actor, evaluation=request.POST.get("evaluation", ""))
    elif action in ("reject", "withdraw"):
        step = services.initiative_reject if action == "reject" else services.initiative_withdraw
        step(initiative=initiative, actor=actor, reason=request.POST.get("reason", ""))
    return None


@gemeente_page(roles.VIEW_REPORTS)
@require_http_methods(["GET", "POST"])
def staff_detail(request: HttpRequest, gemeente, initiative_id: str) -> HttpResponse:
    initiative = selectors.initiative_get(gemeente=gemeente, public_id=initiative_id, public=False)
    criteria = services.initiative_criteria(gemeente=gemeente)
    invalid, status = None, 200
    if request.method == "POST":
        require_manage(request)
        try:
            invalid = _staff_action(request, initiative, criteria)
        except TransitionRefused as refused:
            messages.error(request, refused.message)
            status = 409
        else:
            if invalid is None:
                messages.success(request, _("Opgeslagen."))
                return redirect("initiative-staff", gemeente.slug, initiative_id)
            status = 400
    initiative.refresh_from_db()
    assess_form = AssessForm(criteria=criteria, current=initiative.assessment)
    terms_form = TermsForm(initial={"residents_maintain": initiative.residents_maintain,
                                    "municipality_provides": initiative.municipality_provides})
    for form in (invalid,) if invalid is not None else ():
        if isinstance(form, AssessForm):
            assess_form = form
        else:
            terms_form = form
    return render_page(request, "community/initiative_staff_detail.html", {
        "nav": "initiatives", "initiative": initiative, "criteria": criteria,
        "assessment_rows": [(c, initiative.assessment.get(c, {})) for c in criteria],
        "next_states": INITIATIVE_FLOW.next_states(initiative.status),
        "can_manage": request.wijkwerk_perms.can_manage_community, "assess_form": assess_form,
        "terms_form": terms_form, "reason_form": ReasonForm(), "evaluation_form": EvaluationForm(),
        "volunteers": initiative.volunteers.all(), "strengths": initiative.community_assets.all(),
        "covered_assets": selectors.initiative_covered_assets(initiative),
    }, gemeente=gemeente, status=status)
