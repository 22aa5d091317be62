"""Tenant-aware page plumbing: the `gemeente_page` decorator every page of a municipality goes
through (login required, 404 for a non-member, 403 without the role action), the page
permissions for the menu, and `render_page` with what the layout needs."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext

from wijkwerk.core.api import ids_in_db_range

from . import roles
from .selectors import gemeente_get_for_action, gemeente_list_for_user, user_actions


class PagePermissions:
    """What the user may do in this municipality, asked of the role model only when a page or
    its menu needs it, and then once (`perms.can_import` in templates)."""

    actions = {"can_view": roles.VIEW_ASSETS, "can_change": roles.CHANGE_ASSETS, "can_import": roles.IMPORT_ASSETS,
               "can_manage_tender": roles.MANAGE_TENDER, "can_assess_tender": roles.ASSESS_TENDER}
    actions["can_view_inspections"] = roles.VIEW_INSPECTIONS
    actions["can_view_plans"] = roles.VIEW_PLANS
    actions["can_view_work"] = roles.VIEW_WORK
    actions["can_view_audit"] = roles.VIEW_AUDIT
    actions["can_access_participants"] = roles.ACCESS_PARTICIPANTS
    actions["can_view_people"] = roles.VIEW_PEOPLE_AGGREGATES
    actions["can_view_social_return"] = roles.VIEW_SOCIAL_RETURN
    actions["can_manage_social_return"] = roles.MANAGE_SOCIAL_RETURN
    actions["can_view_reports"] = roles.VIEW_REPORTS
    actions["can_handle_reports"] = roles.HANDLE_REPORTS
    actions["can_manage_community"] = roles.MANAGE_COMMUNITY

    def __init__(self, user, gemeente):
        self.user, self.gemeente = user, gemeente
        self._actions: frozenset[str] | None = None

    def has(self, action: str) -> bool:
        if self._actions is None:
            self._actions = user_actions(user=self.user, gemeente=self.gemeente)
        return action in self._actions

    def __getattr__(self, name: str) -> bool:
        if name in PagePermissions.actions:
            return self.has(PagePermissions.actions[name])
        raise AttributeError(name)


def gemeente_page(action: str | None = roles.VIEW_ASSETS) -> Callable:
    """Decorates a view `view(request, gemeente, **kwargs)` under `/g/<slug>/...`.

    Anonymous -> login page; not a member (or no such municipality) -> 404, so a non-member
    cannot even learn that it exists; a member without `action` -> 403. The check is
    `gemeente_get_for_action`, the same one every API view makes. An id in the URL that no
    database row can have (beyond 64 bits) -> 404. The view receives the Gemeente instead of the
    slug, and `request.wijkwerk_perms` holds the page permissions.
    """

    def decorator(view: Callable) -> Callable:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, slug: str, *args, **kwargs) -> HttpResponse:
            gemeente = gemeente_get_for_action(user=request.user, slug=slug, action=action)
            if not ids_in_db_range(kwargs):
                raise Http404(gettext("Niet gevonden."))
            request.wijkwerk_perms = PagePermissions(request.user, gemeente)
            return view(request, gemeente, *args, **kwargs)

        return wrapper

    return decorator


def render_page(
    request: HttpRequest, template: str, context: dict | None = None, *, gemeente=None, status: int = 200
) -> HttpResponse:
    """Renders a page with what the layout needs: the user's municipalities (switcher), the
    current one, the permissions for the menu and which menu item is active."""
    ctx = {
        "gemeente": gemeente,
        "user_gemeenten": list(gemeente_list_for_user(user=request.user)),
        "perms_page": getattr(request, "wijkwerk_perms", None),
    }
    ctx.update(context or {})
    return render(request, template, ctx, status=status)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    """The 403 page (settings' handler403): the reason once, and, under a municipality the user belongs to,
    that municipality's menu, so the user can go on from where they are."""
    gemeente = None
    slug = (getattr(request, "resolver_match", None) and request.resolver_match.kwargs.get("slug")) or None
    if slug and getattr(request.user, "is_authenticated", False):
        gemeente = gemeente_list_for_user(user=request.user).filter(slug=slug).first()
        if gemeente is not None:
            request.wijkwerk_perms = PagePermissions(request.user, gemeente)
    reason = str(exception) if exception is not None and str(exception) else ""
    start_url = gemeente_start_url(request.user, gemeente) if gemeente is not None else reverse("home")
    if start_url == request.path:
        start_url = reverse("home")
    return render_page(request, "403.html", {"reason": reason, "start_url": start_url}, gemeente=gemeente, status=403)


def gemeente_start_url(user, gemeente) -> str:
    """The first page of a municipality this user may open: the overview, or for a tender
    assessor (who sees no assets) the tenders."""
    actions = user_actions(user=user, gemeente=gemeente)
    if roles.VIEW_ASSETS not in actions and actions & {roles.ASSESS_TENDER, roles.MANAGE_TENDER}:
        return reverse("tender-list", args=[gemeente.slug])
    return reverse("gemeente-overview", args=[gemeente.slug])
