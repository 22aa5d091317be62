"""Services of consultation rounds: create, open, close, summarise (with the decision it informs),
react and vote (public, while open), moderate reactions. Every change is audited."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkwerk.core.audit import audit_log
from wijkwerk.core.states import TransitionRefused, transition

from .consultation_models import (
    CONSULTATION_FLOW,
    Consultation,
    ConsultationStatus,
    Reaction,
    ReactionStatus,
    Vote,
)


def consultation_create(*, gemeente, actor, title: str, question: str, opens: dt.date,
                        closes: dt.date) -> Consultation:
    if closes < opens:
        raise ValueError(_("De einddatum ligt voor de begindatum."))
    with transaction.atomic():
        consultation = Consultation.objects.create(gemeente=gemeente, title=title, question=question, opens=opens,
                                                   closes=closes)
        audit_log(action="community.consultation.created", actor=actor, gemeente=gemeente, obj=consultation,
                  origin="web")
    return consultation


def consultation_open(*, consultation: Consultation, actor) -> Consultation:
    return transition(consultation, flow=CONSULTATION_FLOW, to=ConsultationStatus.OPEN, actor=actor, origin="web")


def consultation_close(*, consultation: Consultation, actor) -> Consultation:
    return transition(consultation, flow=CONSULTATION_FLOW, to=ConsultationStatus.CLOSED, actor=actor, origin="web")


def consultation_summarise(*, consultation: Consultation, actor, summary: str, decision_ref: str = "") -> Consultation:
    if not summary.strip():
        raise TransitionRefused(_("Schrijf het verslag."), source=consultation.status,
                                target=ConsultationStatus.SUMMARISED)
    return transition(consultation, flow=CONSULTATION_FLOW, to=ConsultationStatus.SUMMARISED, actor=actor,
                      origin="web", changes={"summary": summary, "decision_ref": decision_ref})


def consultation_link_decision(*, consultation: Consultation, actor, decision_ref: str) -> Consultation:
    """Links (or re-links) the decision this consultation informed, e.g. once the year plan is adopted."""
    with transaction.atomic():
        consultation.decision_ref = decision_ref
        consultation.save(update_fields=["decision_ref"])
        audit_log(action="community.consultation.decision_linked", actor=actor, gemeente=consultation.gemeente,
                  obj=consultation, origin="web", detail={"decision_ref": decision_ref})
    return consultation


def consultation_is_open(consultation: Consultation, *, today: dt.date | None = None) -> bool:
    """Open for reactions and votes: status open and today within the period."""
    today = today or timezone.localdate()
    return consultation.status == ConsultationStatus.OPEN and consultation.opens <= today <= consultation.closes


def _require_open(consultation: Consultation) -> None:
    if not consultation_is_open(consultation):
        raise TransitionRefused(_("Deze raadpleging is niet open."), source=consultation.status,
                                target=consultation.status)


def reaction_add(*, consultation: Consultation, name: str, organisation: str, text: str) -> Reaction:
    """A new reaction; public only once a moderator approved it."""
    _require_open(consultation)
    with transaction.atomic():
        reaction = Reaction.objects.create(consultation=consultation, name=name, organisation=organisation, text=text)
        audit_log(action="community.consultation.reacted", actor=name or "anoniem", gemeente=consultation.gemeente,
                  obj=consultation, origin="web", detail={"reaction": reaction.pk})
    return reaction


def reaction_moderate(*, reaction: Reaction, actor, approve: bool) -> Reaction:
    with transaction.atomic():
        reaction.status = ReactionStatus.APPROVED if approve else ReactionStatus.REJECTED
        reaction.save(update_fields=["status"])
        audit_log(action="community.consultation.reaction_moderated", actor=actor,
                  gemeente=reaction.consultation.gemeente, obj=reaction.consultation, origin="web",
                  detail={"reaction": reaction.pk, "status": reaction.status})
    return reaction


def vote_cast(*, consultation: Consultation, voter: str, agree: bool) -> bool:
    """One vote per voter (browser); False when this voter already voted."""
    _require_open(consultation)
    try:
        with transaction.atomic():
            Vote.objects.create(consultation=consultation, voter=voter, agree=agree)
    except IntegrityError:
        return False
    return True
