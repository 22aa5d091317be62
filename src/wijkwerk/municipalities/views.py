"""Pages: the start page, and picking a municipality (only those the user is a member of)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache

from .pages import gemeente_start_url, render_page
from .selectors import gemeente_get_for_user, gemeente_list_for_user


@login_required
def gemeente_list(request: HttpRequest) -> HttpResponse:
    gemeenten = [
        {"name": g.name, "url": gemeente_start_url(request.user, g)} for g in gemeente_list_for_user(user=request.user)
    ]
    return render_page(request, "municipalities/gemeente_list.html", {"gemeenten": gemeenten})


@login_required
def gemeente_switch(request: HttpRequest) -> HttpResponse:
    """Target of the switcher in the header (a plain GET form, works without JavaScript)."""
    slug = (request.GET.get("gemeente") or "").strip()
    if not slug:
        return redirect("gemeente-list")
    gemeente = gemeente_get_for_user(user=request.user, slug=slug)  # 404 for a non-member
    return redirect(gemeente_start_url(request.user, gemeente))


@never_cache
def home(request: HttpRequest) -> HttpResponse:
    """The start page: the only municipality directly, otherwise the picker."""
    if not request.user.is_authenticated:
        return redirect("login")
    gemeenten = list(gemeente_list_for_user(user=request.user)[:2])
    if len(gemeenten) == 1:
        return redirect(gemeente_start_url(request.user, gemeenten[0]))
    return redirect("gemeente-list")
