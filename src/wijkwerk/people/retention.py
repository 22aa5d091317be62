"""Retention: a participant's personal data is anonymised a fixed period after outflow
(WIJKWERK_PARTICIPANT_RETENTION_DAYS, `wijkwerk apply-retention`). What stays is what the
aggregates and the social-return accounts of past years need: organisation, target group, dates,
hours, contract, bonuses, birth year, ladder steps, trainings; the name, contact details, coach,
coaching notes, employer and free texts go, and the worker in the teams is renamed."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkwerk.core.audit import audit_log
from wijkwerk.work.people import worker_rename

from .models import CoachingNote, Participant, Phase, TrajectoryEvent


def retention_due(*, today: datetime.date | None = None, days: int | None = None):
    """Participants whose outflow is at least `days` ago and who are not anonymised yet."""
    today = today or timezone.localdate()
    days = settings.WIJKWERK_PARTICIPANT_RETENTION_DAYS if days is None else days
    return Participant.objects.filter(phase=Phase.OUTFLOW, end__lte=today - datetime.timedelta(days=days),
                                      anonymised_at__isnull=True)


def anonymised_name(participant: Participant) -> str:
    return _("Geanonimiseerd %(id)s") % {"id": participant.public_id[:6]}


@transaction.atomic
def participant_anonymise(*, participant: Participant, actor=None, origin: str = "cli") -> Participant:
    CoachingNote.objects.filter(participant=participant).delete()
    TrajectoryEvent.objects.filter(participant=participant).update(employer="", description="")
    participant.name = anonymised_name(participant)
    participant.email = participant.phone = ""
    participant.coach = None
    participant.anonymised_at = timezone.now()
    participant.save(update_fields=["name", "email", "phone", "coach", "anonymised_at", "updated"])
    if participant.worker_id:
        worker_rename(worker=participant.worker, name=participant.name, actor=actor, origin=origin)
    audit_log(action="people.participant.anonymised", actor=actor, gemeente=participant.gemeente, obj=participant,
              origin=origin, detail={"end": participant.end.isoformat() if participant.end else None})
    return participant


def retention_apply(*, today: datetime.date | None = None, days: int | None = None, dry_run: bool = False,
                    actor=None, origin: str = "cli") -> int:
    """Anonymises every participant due; returns how many (or would be, with `dry_run`)."""
    due = list(retention_due(today=today, days=days).select_related("gemeente", "worker"))
    if not dry_run:
        for participant in due:
            participant_anonymise(participant=participant, actor=actor, origin=origin)
    return len(due)
