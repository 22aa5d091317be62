"""Writes about municipalities, organisations and memberships (API tokens: core/tokens.py)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext

from wijkwerk.core.audit import audit_log

from .models import Gemeente, Membership, Organisation
from .roles import ROLES


def roles_ensure() -> None:
    for name in ROLES:
        Group.objects.get_or_create(name=name)


@transaction.atomic
def gemeente_create(*, slug: str, name: str, actor=None, origin: str = "system") -> Gemeente:
    """Creates the municipality (the tenant) alone; `wijkwerk.onboarding.services.gemeente_setup`
    adds what the apps' pages start with."""
    if not slug or slugify(slug) != slug:
        raise ValidationError(gettext("Ongeldige slug '%(slug)s': gebruik kleine letters, cijfers en streepjes.")
                              % {"slug": slug})
    if not name.strip():
        raise ValidationError(gettext("Geef de gemeente een naam."))
    if Gemeente.objects.filter(slug=slug).exists():
        raise ValidationError(gettext("Er is al een gemeente met slug '%(slug)s'.") % {"slug": slug})
    gemeente = Gemeente.objects.create(slug=slug, name=name.strip())
    audit_log(action="gemeente.create", actor=actor, gemeente=gemeente, obj=gemeente, origin=origin)
    return gemeente


@transaction.atomic
def organisation_add(*, gemeente: Gemeente, name: str, kind: str, actor=None, origin: str = "system") -> Organisation:
    if kind not in Organisation.Kind.values:
        raise ValidationError(
            gettext("Onbekende soort organisatie '%(kind)s'. Kies uit: %(kinds)s.")
            % {"kind": kind, "kinds": ", ".join(Organisation.Kind.values)}
        )
    name = name.strip()
    if not name:
        raise ValidationError(gettext("Geef de organisatie een naam."))
    organisation, created = Organisation.objects.get_or_create(gemeente=gemeente, name=name, defaults={"kind": kind})
    if not created and organisation.kind != kind:
        organisation.kind = kind
        organisation.save(update_fields=["kind"])
    audit_log(
        action="organisation.add" if created else "organisation.update",
        actor=actor, gemeente=gemeente, obj=organisation, origin=origin, detail={"kind": kind},
    )
    return organisation


@transaction.atomic
def member_add(
    *, username: str, gemeente: Gemeente, role: str, organisation_name: str | None = None,
    actor=None, origin: str = "system",
) -> Membership:
    """Adds a membership; creates the user when new, without a usable password."""
    if role not in ROLES:
        raise ValidationError(gettext("Onbekende rol '%(role)s'. Kies uit: %(roles)s.") % {"role": role, "roles": ", ".join(ROLES)})
    organisation = None
    if organisation_name:
        organisation = Organisation.objects.filter(gemeente=gemeente, name=organisation_name).first()
        if organisation is None:
            raise ValidationError(
                gettext("Organisatie '%(name)s' bestaat niet in gemeente '%(slug)s'.")
                % {"name": organisation_name, "slug": gemeente.slug}
            )
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username)
        user.set_unusable_password()
        user.save()
    group, _ = Group.objects.get_or_create(name=role)
    membership, created = Membership.objects.get_or_create(
        user=user, gemeente=gemeente, organisation=organisation, role=group
    )
    audit_log(
        action="membership.add" if created else "membership.exists",
        actor=actor, gemeente=gemeente, obj=membership, origin=origin,
        detail={"user": username, "role": role, "organisation": organisation_name or ""},
    )
    return membership

