"""Reads about municipalities and memberships, always from the user's point of view."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import roles
from .models import Gemeente, Membership, Organisation
from .roles import ROLE_PERMISSIONS

# Why a member is refused, per action: the same words on pages (403 page) and in the API (403 problem).
ACTION_REFUSALS = {
    roles.VIEW_ASSETS: _("Uw rol in deze gemeente mag het register (assets, wijken en buurten) niet inzien."),
    roles.CHANGE_ASSETS: _("Uw rol in deze gemeente mag assets niet wijzigen."),
    roles.IMPORT_ASSETS: _("Uw rol in deze gemeente mag geen bestanden met assets inlezen."),
    roles.IMPORT_AREAS: _("Uw rol in deze gemeente mag geen wijken en buurten inlezen."),
    roles.MANAGE_MUNICIPALITY: _("Uw rol in deze gemeente mag de gemeente niet beheren."),
    roles.VIEW_AUDIT: _("Uw rol in deze gemeente mag het logboek niet inzien."),
    roles.VIEW_INSPECTIONS: _("Uw rol in deze gemeente mag de schouw en de conditie niet inzien."),
    roles.MANAGE_INSPECTIONS: _("Uw rol in deze gemeente mag de schouw niet inrichten."),
    roles.RECORD_INSPECTIONS: _("Uw rol in deze gemeente mag geen schouwresultaten of conditiemetingen invoeren."),
    roles.VIEW_PLANS: _("Uw rol in deze gemeente mag de plannen niet inzien."),
    roles.MANAGE_PLANS: _("Uw rol in deze gemeente mag geen plannen maken of wijzigen."),
    roles.MANAGE_TENDER: _("Uw rol in deze gemeente mag geen aanbestedingen beheren."),
    roles.VIEW_TENDER_PRICES: _("Uw rol in deze gemeente mag de prijzen van aanbestedingen niet inzien."),
    roles.ASSESS_TENDER: _("Uw rol in deze gemeente mag geen aanbestedingen beoordelen."),
    roles.ACCESS_PARTICIPANTS: _("Alleen de jobcoaches van de eigen organisatie van een deelnemer zien diens gegevens."),
    roles.VIEW_PEOPLE_AGGREGATES: _("Uw rol in deze gemeente mag de cijfers over deelnemers niet inzien."),
    roles.VIEW_SOCIAL_RETURN: _("Uw rol in deze gemeente mag social return niet inzien."),
    roles.MANAGE_SOCIAL_RETURN: _("Uw rol in deze gemeente mag contracten en social return niet beheren."),
    roles.VIEW_REPORTS: _("Uw rol in deze gemeente mag de meldingen van bewoners niet inzien."),
    roles.HANDLE_REPORTS: _("Uw rol in deze gemeente mag meldingen niet behandelen."),
    roles.MANAGE_COMMUNITY: _("Uw rol in deze gemeente mag bewonersinitiatieven, raadplegingen en categorieën niet beheren."),
}


def gemeente_list_for_user(*, user) -> QuerySet[Gemeente]:
    if not getattr(user, "is_authenticated", False):
        return Gemeente.objects.none()
    if user.is_superuser:
        return Gemeente.objects.all()
    return Gemeente.objects.filter(memberships__user=user).distinct()


def gemeente_get_for_user(*, user, slug: str) -> Gemeente:
    """The municipality, or Http404 when it does not exist *or* the user is not a member:
    a non-member cannot even learn that it exists."""
    gemeente = gemeente_list_for_user(user=user).filter(slug=slug).first()
    if gemeente is None:
        raise Http404(gettext("Gemeente niet gevonden."))
    return gemeente


def gemeente_get_for_action(*, user, slug: str, action: str | None) -> Gemeente:
    """The one gate of every page and API view of a municipality: the municipality, or Http404
    when it does not exist or the user is not a member (exactly as `gemeente_get_for_user`), or
    PermissionDenied (with a Dutch reason) when none of the user's roles there allows `action`.
    `action=None`: membership is enough (the municipality picker, the gemeente itself)."""
    gemeente = gemeente_get_for_user(user=user, slug=slug)
    if action is not None and action not in user_actions(user=user, gemeente=gemeente):
        raise PermissionDenied(str(ACTION_REFUSALS.get(action, _("Uw rol in deze gemeente staat dit niet toe."))))
    return gemeente


def memberships_for(*, user, gemeente: Gemeente) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user, gemeente=gemeente).select_related("role", "organisation")


def user_roles(*, user, gemeente: Gemeente) -> set[str]:
    return {m.role.name for m in memberships_for(user=user, gemeente=gemeente)}


def user_has_permission(*, user, gemeente: Gemeente, action: str, organisation: Organisation | None = None) -> bool:
    """Whether the user may do `action` in this municipality (and, where the data belongs to an
    organisation, for that organisation: a membership bound to another organisation does not count)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    for membership in memberships_for(user=user, gemeente=gemeente):
        if organisation is not None and membership.organisation_id not in (None, organisation.pk):
            continue
        if action in ROLE_PERMISSIONS.get(membership.role.name, frozenset()):
            return True
    return False


def user_actions(*, user, gemeente: Gemeente) -> frozenset[str]:
    """Every action any of the user's roles in this municipality allows (one query), for menus and
    pages that ask several questions at once. Data of one organisation: use user_has_permission."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    if user.is_superuser:
        return frozenset().union(*ROLE_PERMISSIONS.values())
    names = Membership.objects.filter(user=user, gemeente=gemeente).values_list("role__name", flat=True)
    return frozenset().union(*(ROLE_PERMISSIONS.get(name, frozenset()) for name in names))


def organisation_list(*, gemeente: Gemeente) -> QuerySet[Organisation]:
    return gemeente.organisations.all()
