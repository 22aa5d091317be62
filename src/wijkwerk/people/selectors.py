"""Reads of participants. Every read of a participant's personal data, and every refused attempt,
writes an audit record (`people.participant.read` / `.list` / `.export`, result ok, refused or
not_found), so the data-protection officer sees who looked at whom. Aggregates (no person in
them) are in `people.aggregates`."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext

from wijkwerk.core.audit import audit_log, audit_log_many
from wijkwerk.work.models import WorkedHours

from .access import REFUSED, coach_organisation_ids
from .models import Participant

OBJECT_TYPE = "people.participant"


def _audit_reads(*, user, gemeente, participants: Iterable[Participant], action: str, origin: str,
                 detail: dict | None = None) -> None:
    audit_log_many([
        {"action": action, "actor": user, "gemeente": gemeente, "object_type": OBJECT_TYPE,
         "object_id": p.public_id, "origin": origin, "detail": detail or {}}
        for p in participants
    ])


def participant_queryset(*, user, gemeente) -> QuerySet[Participant]:
    """The participants this user coaches (none for anyone who is not their job coach). No audit:
    callers that show personal data from it audit what they show."""
    organisations = coach_organisation_ids(user=user, gemeente=gemeente)
    return (Participant.objects.filter(gemeente=gemeente, organisation_id__in=organisations)
            .select_related("organisation", "contract", "worker"))


def participant_list(*, user, gemeente, origin: str, search: str = "", phase: str = "",
                     organisation_id: int | None = None) -> QuerySet[Participant]:
    """The coached participants, filtered; refuses (and audits the attempt) a user who coaches
    nobody here. The caller audits the page it shows with `participants_shown`."""
    organisations = coach_organisation_ids(user=user, gemeente=gemeente)
    if not organisations:
        audit_log(action="people.participant.list", actor=user, gemeente=gemeente, object_type=OBJECT_TYPE,
                  result="refused", origin=origin)
        raise PermissionDenied(str(REFUSED))
    rows = participant_queryset(user=user, gemeente=gemeente)
    if search.strip():
        rows = rows.filter(name__icontains=search.strip())
    if phase:
        rows = rows.filter(phase=phase)
    if organisation_id:
        rows = rows.filter(organisation_id=organisation_id)
    return rows


def participants_shown(*, user, gemeente, participants: Iterable[Participant], origin: str) -> None:
    """Audits that these participants' names and details were shown in a list (one record each)."""
    _audit_reads(user=user, gemeente=gemeente, participants=participants, action="people.participant.list",
                 origin=origin)


def participant_get(*, user, gemeente, public_id: str, origin: str, purpose: str = "read") -> Participant:
    """One participant for its own job coach, audited (`people.participant.<purpose>`). Anyone else:
    the attempt is audited and PermissionDenied raised; an unknown id: audited, Http404."""
    action = f"people.participant.{purpose}"
    participant = (Participant.objects.filter(gemeente=gemeente, public_id=str(public_id)[:16])
                   .select_related("organisation", "contract", "worker", "coach").first())
    if participant is None:
        audit_log(action=action, actor=user, gemeente=gemeente, object_type=OBJECT_TYPE,
                  object_id=str(public_id)[:100], result="not_found", origin=origin)
        raise Http404(gettext("Deelnemer niet gevonden."))
    if participant.organisation_id not in coach_organisation_ids(user=user, gemeente=gemeente):
        audit_log(action=action, actor=user, gemeente=gemeente, object_type=OBJECT_TYPE,
                  object_id=participant.public_id, result="refused", origin=origin)
        raise PermissionDenied(str(REFUSED))
    audit_log(action=action, actor=user, gemeente=gemeente, object_type=OBJECT_TYPE,
              object_id=participant.public_id, origin=origin)
    return participant


def participant_hours(*, participant: Participant) -> dict[int, float]:
    """Hours worked per year, from the completions of work orders by the participant's worker."""
    if participant.worker_id is None:
        return {}
    rows = (WorkedHours.objects.filter(worker_id=participant.worker_id)
            .values("completion__at__year").annotate(total=Sum("hours")))
    return {row["completion__at__year"]: float(row["total"]) for row in rows}


def participant_detail(*, participant: Participant) -> dict:
    """Everything about a participant that its job coach sees (already audited by participant_get)."""
    worker = participant.worker
    return {
        "participant": participant,
        "events": list(participant.events.all()),
        "ladder": list(participant.ladder.all()),
        "trainings": list(participant.trainings.all()),
        "notes": list(participant.notes.all()),
        "skills": list(worker.skills.all()) if worker else [],
        "learning": list(worker.learning.all()) if worker else [],
        "certificates": list(worker.certificates.select_related("certificate_type")) if worker else [],
        "hours": participant_hours(participant=participant),
    }
