"""Services of the neighbourhood's strengths (ABCD): register (by a resident on the public page:
awaits moderation; by staff: approved at once), moderate, link to initiatives. Audited."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from wijkwerk.core.audit import audit_log

from .abcd_models import CommunityAsset
from .initiative_models import Initiative


@dataclass(frozen=True)
class StrengthEntry:
    kind: str
    name: str
    description: str = ""
    contact: str = ""
    buurt: object | None = None
    lat: float | None = None
    lon: float | None = None
    personal: bool = False
    consent: bool = False


def strength_register(*, gemeente, entry: StrengthEntry, resident_name: str = "", user=None) -> CommunityAsset:
    """A resident's entry (`resident_name`) waits for moderation; a staff member's (`user`) is approved."""
    moderation = CommunityAsset.Moderation.APPROVED if user is not None else CommunityAsset.Moderation.NEW
    with transaction.atomic():
        item = CommunityAsset.objects.create(
            gemeente=gemeente, kind=entry.kind, name=entry.name, description=entry.description,
            contact=entry.contact, buurt=entry.buurt, lat=entry.lat, lon=entry.lon, personal=entry.personal,
            consent=entry.consent if entry.personal else False, moderation=moderation,
            registered_by_name=resident_name, registered_by=user)
        audit_log(action="community.strength.registered", actor=user or resident_name or "anoniem",
                  gemeente=gemeente, obj=item, origin="web", detail={"kind": entry.kind})
    return item


def strength_moderate(*, item: CommunityAsset, actor, approve: bool) -> CommunityAsset:
    with transaction.atomic():
        item.moderation = CommunityAsset.Moderation.APPROVED if approve else CommunityAsset.Moderation.REJECTED
        item.save(update_fields=["moderation"])
        audit_log(action="community.strength.moderated", actor=actor, gemeente=item.gemeente, obj=item,
                  origin="web", detail={"moderation": item.moderation})
    return item


def strength_link_initiatives(*, item: CommunityAsset, actor, initiatives: list[Initiative]) -> CommunityAsset:
    """Sets the initiatives that use this strength (only this municipality's)."""
    wanted = [i for i in initiatives if i.gemeente_id == item.gemeente_id]
    with transaction.atomic():
        item.initiatives.set(wanted)
        audit_log(action="community.strength.linked", actor=actor, gemeente=item.gemeente, obj=item, origin="web",
                  detail={"initiatives": sorted(i.pk for i in wanted)})
    return item
