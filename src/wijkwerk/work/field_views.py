"""In the field, on a phone: completing an order (hours per person, materials, photos, remarks,
condition) and the photos themselves, served only to members who may see the work."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wijkwerk.core.states import TransitionRefused
from wijkwerk.municipalities import roles
from wijkwerk.municipalities.pages import gemeente_page, render_page

from . import selectors
from .completion import order_complete
from .forms import CompletionForm
from .models import WorkOrder, WorkPhoto
from .permissions import can_complete
from .photos import photo_path
from .views import work_context

MATERIAL_LINES = 3
EXTRA_LINES = 2


def _people(order: WorkOrder, post) -> list[dict]:
    """The people planned on the order, with their planned hours (or what was posted)."""
    return [{"worker": a.worker, "value": post.get(f"hours_{a.worker_id}", "") if post else a.hours}
            for a in order.assignments.select_related("worker").order_by("worker__name")]


def _extra(post) -> list[dict]:
    """Lines for people who were not planned on the order but worked on it."""
    return [{"n": i, "worker": post.get(f"extra_worker_{i}", "") if post else "",
             "hours": post.get(f"extra_hours_{i}", "") if post else ""} for i in range(EXTRA_LINES)]


def _index(key: str, prefix: str) -> int | None:
    tail = key[len(prefix):] if key.startswith(prefix) else ""
    return int(tail) if tail.isdigit() and int(tail) < 50 else None


def _materials(post) -> list[dict]:
    count = MATERIAL_LINES
    if post:
        count = max([count, *(i + 1 for i in (_index(k, "material_name_") for k in post) if i is not None)])
    return [{"n": i, "name": post.get(f"material_name_{i}", "") if post else "",
             "quantity": post.get(f"material_quantity_{i}", "") if post else "",
             "unit": post.get(f"material_unit_{i}", "") if post else ""} for i in range(count)]


def _hours(post) -> dict[int, str]:
    hours = {}
    for key, value in post.items():
        if key.startswith("hours_") and key[6:].isdigit() and value.strip():
            hours[int(key[6:])] = value
    for line in _extra(post):
        if str(line["worker"]).isdigit() and str(line["hours"]).strip():
            hours[int(line["worker"])] = line["hours"]
    return hours


@gemeente_page(roles.COMPLETE_WORK)
@require_http_methods(["GET", "POST"])
def order_complete_page(request: HttpRequest, gemeente, order_code: str) -> HttpResponse:
    order = selectors.order_get(gemeente=gemeente, code=order_code)
    ctx = work_context(request, gemeente, "orders")
    if not can_complete(order, ctx["actions"]):
        messages.error(request, _("Werkorder %(code)s kan nu niet gereed worden gemeld (status ‘%(status)s’).") % {
            "code": order.code, "status": order.get_status_display()})
        return redirect("work-order", slug=gemeente.slug, order_code=order.code)
    post = request.POST if request.method == "POST" else None
    form = CompletionForm(post, request.FILES or None)
    errors = []
    if post is not None and form.is_valid():
        hours = _hours(post)
        materials = [{"name": m["name"], "quantity": m["quantity"], "unit": m["unit"]} for m in _materials(post)]
        try:
            order_complete(order=order, hours=hours, materials=materials, photos=form.photos(),
                           remarks=form.cleaned_data["remarks"], condition=form.cleaned_data["condition"] or None,
                           actor=request.user, origin="web")
        except (ValidationError, TransitionRefused) as exc:
            errors.extend(exc.messages if isinstance(exc, ValidationError) else [exc.message])
        else:
            messages.success(request, _("Werkorder %(code)s is gereed gemeld.") % {"code": order.code})
            return redirect("work-order", slug=gemeente.slug, order_code=order.code)
    elif post is not None:
        errors.extend(e for field_errors in form.errors.values() for e in field_errors)
    ctx.update({"order": order, "form": form, "errors": errors, "people": _people(order, post),
                "extra": _extra(post), "workers": selectors.worker_choices(gemeente=gemeente),
                "materials": _materials(post), "has_assets": order.assets.exists()})
    return render_page(request, "work/order_complete.html", ctx, gemeente=gemeente,
                       status=400 if errors else 200)


@gemeente_page(roles.VIEW_WORK)
@require_http_methods(["GET"])
def order_photo(request: HttpRequest, gemeente, order_code: str, photo_id: int) -> HttpResponse:
    order = selectors.order_get(gemeente=gemeente, code=order_code)
    photo = WorkPhoto.objects.filter(order=order, pk=photo_id).first()
    path = photo_path(photo.path) if photo else None
    if path is None:
        raise Http404(_("Deze foto bestaat niet."))
    response = FileResponse(path.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
