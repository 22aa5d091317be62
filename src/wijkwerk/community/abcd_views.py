"""Pages of the neighbourhood's strengths (ABCD): public list + map + search and registering (no
login; awaits moderation; personal entries public only with consent), staff list with moderation."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wijkwerk.municipalities import roles
from wijkwerk.municipalities.pages import gemeente_page, render_page

from . import abcd as services
from . import initiative_selectors as selectors
from .abcd_models import CommunityAsset
from .initiative_forms import StrengthForm, StrengthSearchForm
from .initiative_models import PUBLIC_INITIATIVE_STATUSES
from .initiative_views import map_config, rate_limited, refuse_public, require_manage


def _search(form: StrengthSearchForm) -> dict:
    if not form.is_valid():
        return {}
    d = form.cleaned_data
    return {"q": d["q"].strip(), "kind": d["kind"], "buurt_id": int(d["buurt"]) if d["buurt"] else None}


@require_http_methods(["GET"])
def public_list(request: HttpRequest, slug: str) -> HttpResponse:
    gemeente = selectors.public_gemeente(slug=slug)
    form = StrengthSearchForm(request.GET or None, buurten=selectors.buurten(gemeente=gemeente))
    items = list(selectors.strength_list(gemeente=gemeente, public=True, **_search(form)))
    points = [{"lat": i.lat, "lon": i.lon, "title": i.name} for i in items if i.lat is not None and i.lon is not None]
    return render(request, "community/abcd_public_list.html", {
        "section": "abcd", "public_gemeente": gemeente, "items": items, "form": form, "map_config": map_config(points),
        "public_statuses": PUBLIC_INITIATIVE_STATUSES})


@require_http_methods(["GET", "POST"])
def public_register(request: HttpRequest, slug: str) -> HttpResponse:
    gemeente = selectors.public_gemeente(slug=slug)
    buurten = selectors.buurten(gemeente=gemeente)
    form = StrengthForm(request.POST or None, buurten=buurten)
    template = "community/abcd_register.html"
    ctx = {"section": "abcd", "public_gemeente": gemeente, "form": form}
    if request.method == "POST":
        if form.is_spam():
            return refuse_public(request, template, ctx, _("Uw aanmelding is niet verstuurd."), 400)
        if rate_limited(request, "strength"):
            return refuse_public(request, template, ctx, _("Te veel inzendingen. Probeer het later opnieuw."), 429)
        if form.is_valid():
            d = form.cleaned_data
            services.strength_register(gemeente=gemeente, resident_name=d["registered_by"], entry=services.StrengthEntry(
                kind=d["kind"], name=d["name"], description=d["description"], contact=d["contact"],
                buurt=buurten.filter(pk=d["buurt"]).first() if d["buurt"] else None, lat=d["lat"], lon=d["lon"],
                personal=d["personal"], consent=d["consent"]))
            messages.success(request, _("Bedankt! Na controle door de gemeente is uw aanmelding te zien."))
            return redirect("abcd-public", slug)
    return render(request, template, ctx, status=400 if form.errors else 200)


@gemeente_page(roles.VIEW_REPORTS)
@require_http_methods(["GET", "POST"])
def staff_list(request: HttpRequest, gemeente) -> HttpResponse:
    if request.method == "POST":
        require_manage(request)
        item = get_object_or_404(CommunityAsset, gemeente=gemeente, pk=request.POST.get("item"))
        action = request.POST.get("action")
        if action in ("approve", "reject"):
            services.strength_moderate(item=item, actor=request.user, approve=action == "approve")
        elif action == "link":
            ids = request.POST.getlist("initiatives")
            initiatives = selectors.initiative_list(gemeente=gemeente, public=False).filter(public_id__in=ids)
            services.strength_link_initiatives(item=item, actor=request.user, initiatives=list(initiatives))
        messages.success(request, _("Opgeslagen."))
        return redirect(reverse("abcd-staff", args=[gemeente.slug]))
    form = StrengthSearchForm(request.GET or None, buurten=selectors.buurten(gemeente=gemeente))
    return render_page(request, "community/abcd_staff_list.html", {
        "nav": "abcd", "items": selectors.strength_list(gemeente=gemeente, public=False, **_search(form)),
        "form": form, "can_manage": request.wijkwerk_perms.can_manage_community,
        "initiatives": selectors.initiative_list(gemeente=gemeente, public=False),
        "new": CommunityAsset.Moderation.NEW,
    }, gemeente=gemeente)
