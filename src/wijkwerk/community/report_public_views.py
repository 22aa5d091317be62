"""Public report pages (no account): the report form per gemeente with a check for open reports
nearby, a small JSON endpoint for the map, and the tracking page behind the unguessable link.

Abuse: a rate limit per client address (Django cache), a honeypot field (a filled one is refused
silently), the photo checks of work.photos, and every text shown escaped by the templates."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from wijkwerk.core.auth import client_ip
from wijkwerk.municipalities.models import Gemeente

from . import selectors
from .categories import categories_for_public
from .report_checks import address_geocode, in_netherlands
from .report_forms import PublicReportForm, ReopenForm
from .reports import reopen_allowed, report_create, report_reopen_by_reporter

RATE_LIMIT = 10  # reports per client address ...
RATE_WINDOW = 600  # ... per this many seconds
FIELD_OF = {"lat": "address", "lon": "address", "asset": "address", "category": "category",
            "description": "description", "email": "email", "photo": "photo", "address": "address"}


def _rate_limited(request: HttpRequest) -> bool:
    """Counts one report of this client; True once it made more than the limit in the window."""
    limit = getattr(settings, "WIJKWERK_REPORT_RATE_LIMIT", RATE_LIMIT)
    key = f"community:report-rate:{client_ip(request) or 'unknown'}"
    cache.add(key, 0, RATE_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, RATE_WINDOW)
        count = 1
    return count > limit


def _place(form: PublicReportForm, gemeente) -> tuple[float | None, float | None]:
    data = form.cleaned_data
    lat, lon = data.get("lat"), data.get("lon")
    if lat is not None and lon is not None and in_netherlands(lat, lon):
        return lat, lon
    if (data.get("address") or "").strip():
        found = address_geocode(gemeente=gemeente, address=data["address"])
        if found is not None:
            return found
    return None, None


def _check(form: PublicReportForm, gemeente, categories: dict) -> dict:
    """The 'check' step: the place, the open reports of that category nearby and the assets to pick."""
    category = categories.get(form.cleaned_data.get("category"))
    lat, lon = _place(form, gemeente)
    if category is None:
        form.add_error("category", _("Kies een categorie."))
    if lat is None:
        form.add_error("address", _("Geef een plaats op de kaart of een adres dat we kennen."))
    if category is None or lat is None:
        return {}
    data = form.data.copy()
    data["lat"], data["lon"] = f"{lat:.6f}", f"{lon:.6f}"
    form.data = data
    return {"checked": True,
            "nearby": selectors.reports_nearby_open(gemeente=gemeente, category=category, lat=lat, lon=lon),
            "asset_options": selectors.assets_near(gemeente=gemeente, category=category, lat=lat, lon=lon),
            "questions": _questions(category, form.data)}


def _questions(category, data) -> list[dict]:
    """The category's extra questions with the answers posted so far (for the template)."""
    questions = []
    for spec in sorted(category.attributes or [], key=lambda s: s.get("order", 0)):
        code = str(spec.get("code", ""))
        if code:
            name = f"attribute[{code}]"
            questions.append({**spec, "name": name, "id": f"vraag-{code}",
                              "answer": data.getlist(name) if spec.get("datatype") == "multivaluelist"
                              else data.get(name, "")})
    return questions


def _answers(request, category) -> dict:
    answers = {}
    for spec in (category.attributes or []) if category else []:
        name = f"attribute[{spec.get('code', '')}]"
        if spec.get("datatype") == "multivaluelist":
            answers[spec.get("code")] = request.POST.getlist(name)
        elif request.POST.get(name, "").strip():
            answers[spec.get("code")] = request.POST[name].strip()[:5000]
    return answers


def _send(request, form: PublicReportForm, gemeente, categories: dict) -> HttpResponse | None:
    data = form.cleaned_data
    asset = None
    if data.get("asset"):
        from wijkwerk.assets.selectors import asset_get

        asset = asset_get(gemeente=gemeente, asset_id=data["asset"])
    try:
        category = categories.get(data.get("category"))
        report = report_create(
            gemeente=gemeente, category=category, description=data.get("description", ""),
            attributes=_answers(request, category),
            lat=data.get("lat"), lon=data.get("lon"), address=data.get("address", ""), asset=asset,
            email=data.get("email", ""), photo=request.FILES.get("photo"), source="web", actor=_("melder"),
            origin="web")
    except ValidationError as exc:
        labels = {f"attribute[{q.get('code')}]": q.get("description") or q.get("code")
                  for q in (category.attributes if category else None) or []}
        for field, messages in exc.message_dict.items():
            for message in messages:
                form.add_error(FIELD_OF.get(field), f"{labels[field]}: {message}" if field in labels else message)
        return None
    return redirect("report-track", token=report.token)


@require_http_methods(["GET", "POST"])
def report_form(request: HttpRequest, slug: str) -> HttpResponse:
    gemeente = get_object_or_404(Gemeente, slug=slug)
    categories = {c.code: c for c in categories_for_public(gemeente=gemeente)}
    form = PublicReportForm(request.POST or None, request.FILES or None, categories=categories.values())
    extra: dict = {}
    if request.method == "POST" and form.is_valid():
        if request.POST.get("step") == "check":
            extra = _check(form, gemeente, categories)
        elif form.cleaned_data.get("website"):
            return render(request, "community/report_received.html", {"public_gemeente": gemeente})
        elif _rate_limited(request):
            return render(request, "community/report_limited.html", {"public_gemeente": gemeente}, status=429)
        else:
            response = _send(request, form, gemeente, categories)
            if response is not None:
                return response
    chosen = categories.get(form.data.get("category", ""))
    if chosen is not None and "questions" not in extra:
        extra["questions"] = _questions(chosen, form.data)
    config = {"tileUrl": settings.WIJKWERK_TILE_URL, "tileAttribution": settings.WIJKWERK_TILE_ATTRIBUTION,
              "nearbyUrl": reverse("report-public-nearby", args=[gemeente.slug]),
              "centre": selectors.gemeente_centre(gemeente=gemeente)}
    return render(request, "community/report_public.html", {
        "public_gemeente": gemeente, "form": form, "map_config": config, **extra},
        status=400 if request.method == "POST" and form.errors else 200)


@require_GET
def report_nearby(request: HttpRequest, slug: str) -> JsonResponse:
    """Open reports of a category within 50 m of a point: {"reports": [{number, status, date, distance}],
    "assets": [...]}. No descriptions (residents' texts are not published unmoderated), no contact
    details, no tracking tokens."""
    gemeente = get_object_or_404(Gemeente, slug=slug)
    category = selectors.category_get(gemeente=gemeente, code=request.GET.get("categorie", ""))
    try:
        lat, lon = float(request.GET.get("lat", "")), float(request.GET.get("lon", ""))
    except ValueError:
        lat = lon = None
    if category is None or not category.active or lat is None or not in_netherlands(lat, lon):
        return JsonResponse({"reports": [], "assets": []}, status=400)
    reports = selectors.reports_nearby_open(gemeente=gemeente, category=category, lat=lat, lon=lon)
    assets = selectors.assets_near(gemeente=gemeente, category=category, lat=lat, lon=lon)
    return JsonResponse({
        "reports": [{"number": r.number, "status": r.get_status_display(), "date": r.created.date().isoformat(),
                     "distance": round(selectors.distance_m(lat, lon, r.lat, r.lon))} for r in reports],
        "assets": [{"id": a.pk, "label": f"{a.asset_type.name} {a.external_id}",
                    "distance": round(selectors.distance_m(lat, lon, a.lat, a.lon))} for a in assets]})


@require_http_methods(["GET", "POST"])
def report_track(request: HttpRequest, token: str) -> HttpResponse:
    """The reporter's page: status, history of public events, and reopening while allowed."""
    report = selectors.report_by_token(token=token)
    if report is None:
        raise Http404(_("Deze melding bestaat niet."))
    form = ReopenForm(request.POST or None) if reopen_allowed(report) else None
    if request.method == "POST":
        if form is None:
            return redirect("report-track", token=token)
        if form.is_valid():
            try:
                report_reopen_by_reporter(token=token, reason=form.cleaned_data["reason"])
                return redirect("report-track", token=token)
            except ValidationError as exc:
                for messages in exc.message_dict.values():
                    for message in messages:
                        form.add_error("reason", message)
    return render(request, "community/report_track.html", {
        "public_gemeente": report.gemeente, "report": report, "events": selectors.event_history(report),
        "reopen_form": form}, status=400 if form is not None and form.errors else 200)
