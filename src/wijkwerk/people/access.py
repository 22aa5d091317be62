"""Who may see a participant: only the job coaches of the participant's own organisation.

A job coach's membership must name the organisation: a job coach without one sees no participant
at all (least privilege). Superusers are no exception: they hold no membership of the SW-bedrijf.
Every refused attempt and every read is audited by the selectors that use this module.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from wijkwerk.municipalities import roles
from wijkwerk.municipalities.models import Membership

REFUSED = _("Alleen de jobcoaches van de eigen organisatie van een deelnemer zien diens gegevens.")


def coach_organisation_ids(*, user, gemeente) -> frozenset[int]:
    """The organisations whose participants this user coaches in this municipality."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    ids = Membership.objects.filter(user=user, gemeente=gemeente, role__name=roles.JOBCOACH,
                                    organisation__isnull=False).values_list("organisation_id", flat=True)
    return frozenset(ids)


def is_coach_of(*, user, gemeente, organisation_id: int) -> bool:
    return organisation_id in coach_organisation_ids(user=user, gemeente=gemeente)


def require_coach(*, user, gemeente) -> frozenset[int]:
    """The user's coached organisations, or PermissionDenied when there are none."""
    organisations = coach_organisation_ids(user=user, gemeente=gemeente)
    if not organisations:
        raise PermissionDenied(str(REFUSED))
    return organisations
