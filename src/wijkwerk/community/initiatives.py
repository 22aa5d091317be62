"""Services of residents' initiatives: propose, join as a volunteer, and the municipality's steps
(assess per criterion, agree terms, start, evaluate, reject, withdraw). Every change is audited;
status changes go through INITIATIVE_FLOW."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wijkwerk.assets.models import Asset
from wijkwerk.core.audit import audit_log
from wijkwerk.core.states import TransitionRefused, transition

from .initiative_models import INITIATIVE_FLOW, Initiative, InitiativeStatus, InitiativeVolunteer

# The published criteria an initiative is assessed against (settings may replace them).
DEFAULT_CRITERIA = (gettext_lazy("Veilig"), gettext_lazy("Bereikbaar voor iedereen"),
                    gettext_lazy("Onderhoud geregeld"), gettext_lazy("Past bij het beleid"))


def initiative_criteria(*, gemeente) -> list[str]:
    """The criteria published for this municipality: WIJKWERK_INITIATIVE_CRITERIA[slug] or the defaults."""
    custom = getattr(settings, "WIJKWERK_INITIATIVE_CRITERIA", {}) or {}
    return [str(c) for c in custom.get(gemeente.slug, DEFAULT_CRITERIA)]


@dataclass(frozen=True)
class InitiativeProposal:
    title: str
    kind: str
    description: str
    lat: float
    lon: float
    proposer_name: str
    proposer_email: str
    buurt: object | None = None
    asset: object | None = None


def initiative_propose(*, gemeente, proposal: InitiativeProposal, origin: str = "web") -> Initiative:
    with transaction.atomic():
        initiative = Initiative.objects.create(
            gemeente=gemeente, title=proposal.title, kind=proposal.kind, description=proposal.description,
            lat=proposal.lat, lon=proposal.lon, proposer_name=proposal.proposer_name,
            proposer_email=proposal.proposer_email, buurt=proposal.buurt, asset=proposal.asset)
        audit_log(action="community.initiative.proposed", actor=proposal.proposer_name, gemeente=gemeente,
                  obj=initiative, origin=origin, detail={"kind": proposal.kind})
    return initiative


def initiative_join(*, initiative: Initiative, name: str, email: str) -> bool:
    """Adds a volunteer; False when this e-mail address already joined. Only while it is public and not over."""
    if initiative.status not in (InitiativeStatus.ASSESSING, InitiativeStatus.AGREED, InitiativeStatus.RUNNING):
        raise TransitionRefused(_("Aanmelden kan niet meer bij dit initiatief."), source=initiative.status,
                                target=initiative.status)
    try:
        with transaction.atomic():
            volunteer = InitiativeVolunteer.objects.create(initiative=initiative, name=name, email=email.lower())
            audit_log(action="community.initiative.volunteer_joined", actor=name, gemeente=initiative.gemeente,
                      obj=initiative, origin="web", detail={"volunteer": volunteer.pk})
    except IntegrityError:
        return False
    return True


def initiative_start_assessment(*, initiative: Initiative, actor) -> Initiative:
    return transition(initiative, flow=INITIATIVE_FLOW, to=InitiativeStatus.ASSESSING, actor=actor, origin="web")


def initiative_assess(*, initiative: Initiative, actor, assessment: dict[str, dict]) -> Initiative:
    """Records the assessment per published criterion ({criterion: {"ok", "motivation"}}), while in assessment."""
    if initiative.status != InitiativeStatus.ASSESSING:
        raise TransitionRefused(_("Beoordelen kan alleen als het initiatief in beoordeling is."),
                                source=initiative.status, target=initiative.status)
    criteria = initiative_criteria(gemeente=initiative.gemeente)
    clean = {c: {"ok": bool(assessment.get(c, {}).get("ok")),
                 "motivation": str(assessment.get(c, {}).get("motivation", ""))[:1000]} for c in criteria}
    with transaction.atomic():
        initiative.assessment = clean
        initiative.save(update_fields=["assessment", "updated"])
        audit_log(action="community.initiative.assessed", actor=actor, gemeente=initiative.gemeente,
                  obj=initiative, origin="web", detail={"assessment": clean})
    return initiative


@dataclass(frozen=True)
class InitiativeTerms:
    residents_maintain: str
    agreed_until: dt.date | None
    municipality_provides: str
    activity_codes: tuple[str, ...] = ()
    covered_assets: tuple[str, ...] = ()  # bronsleutels (external ids) of this municipality's assets


def initiative_agree(*, initiative: Initiative, actor, terms: InitiativeTerms) -> Initiative:
    """Agrees the terms: only when every published criterion was assessed as met."""
    criteria = initiative_criteria(gemeente=initiative.gemeente)
    if not all(initiative.assessment.get(c, {}).get("ok") for c in criteria):
        raise TransitionRefused(_("Afspreken kan pas als aan alle criteria is voldaan."),
                                source=initiative.status, target=InitiativeStatus.AGREED)
    if not terms.residents_maintain.strip():
        raise TransitionRefused(_("Beschrijf wat de bewoners onderhouden."), source=initiative.status,
                                target=InitiativeStatus.AGREED)
    assets = _gemeente_asset_ids(initiative.gemeente, terms.covered_assets)
    return transition(initiative, flow=INITIATIVE_FLOW, to=InitiativeStatus.AGREED, actor=actor, origin="web",
                      changes={"residents_maintain": terms.residents_maintain,
                               "agreed_until": terms.agreed_until,
                               "municipality_provides": terms.municipality_provides,
                               "activity_codes": sorted(set(terms.activity_codes)), "covered_assets": assets})


def _gemeente_asset_ids(gemeente, external_ids) -> list[int]:
    wanted = {str(i).strip() for i in external_ids if str(i).strip()}
    found = dict(Asset.objects.filter(gemeente=gemeente, external_id__in=wanted).values_list("external_id", "pk"))
    missing = sorted(wanted - set(found))
    if missing:
        raise TransitionRefused(_("Onbekende bronsleutels: %(keys)s.") % {"keys": ", ".join(missing[:10])},
                                source="", target=InitiativeStatus.AGREED)
    return sorted(found.values())


def initiative_start(*, initiative: Initiative, actor) -> Initiative:
    return transition(initiative, flow=INITIATIVE_FLOW, to=InitiativeStatus.RUNNING, actor=actor, origin="web")


def initiative_evaluate(*, initiative: Initiative, actor, evaluation: str) -> Initiative:
    if not evaluation.strip():
        raise TransitionRefused(_("Schrijf de evaluatie."), source=initiative.status,
                                target=InitiativeStatus.EVALUATED)
    return transition(initiative, flow=INITIATIVE_FLOW, to=InitiativeStatus.EVALUATED, actor=actor, origin="web",
                      changes={"evaluation": evaluation})


def initiative_reject(*, initiative: Initiative, actor, reason: str) -> Initiative:
    return transition(initiative, flow=INITIATIVE_FLOW, to=InitiativeStatus.REJECTED, actor=actor, origin="web",
                      reason=reason, changes={"decision_reason": reason})


def initiative_withdraw(*, initiative: Initiative, actor, reason: str) -> Initiative:
    return transition(initiative, flow=INITIATIVE_FLOW, to=InitiativeStatus.WITHDRAWN, actor=actor, origin="web",
                      reason=reason, changes={"decision_reason": reason})
