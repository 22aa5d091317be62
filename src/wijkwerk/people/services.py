"""Writes about participants: each checks that the actor is a job coach of the participant's own
organisation (a command-line actor is the operator), validates, and writes its audit record in the
same transaction. The audit records name the participant by its random id and the fields changed,
never their values."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wijkwerk.core.audit import audit_log
from wijkwerk.core.states import transition
from wijkwerk.work.models import Worker
from wijkwerk.work.people import worker_save, worker_set_active

from . import validation
from .access import REFUSED, is_coach_of
from .models import TRAJECTORY_FLOW, CoachingNote, LadderStep, Participant, Phase, Training, TrajectoryEvent

PERSONAL_FIELDS = ("name", "email", "phone", "birth_year", "target_group", "contract_type", "start", "end",
                   "hours_per_week", "protected", "bonuses", "contract", "coach")


def _require_coach(*, actor, gemeente, organisation, origin: str, object_id: str = "") -> None:
    """A user must coach for the organisation; no user (the command line) is the operator. The
    refused attempt is audited outside the write's transaction, so it stays when the write does not."""
    if getattr(actor, "is_authenticated", False) and not is_coach_of(user=actor, gemeente=gemeente,
                                                                       organisation_id=organisation.pk):
        audit_log(action="people.participant.write", actor=actor, gemeente=gemeente,
                  object_type="people.participant", object_id=object_id, result="refused", origin=origin)
        raise PermissionDenied(str(REFUSED))


def coach_write(service):
    """Runs a participant write for a job coach of the participant's organisation only: the check
    (and the audit of a refusal) first, then the write and its audit record in one transaction."""

    @functools.wraps(service)
    def wrapper(**kwargs):
        participant = kwargs.get("participant") or getattr(kwargs.get("event"), "participant", None)
        organisation = kwargs.get("organisation") or participant.organisation
        gemeente = kwargs.get("gemeente") or participant.gemeente
        _require_coach(actor=kwargs.get("actor"), gemeente=gemeente, organisation=organisation,
                       origin=kwargs.get("origin", "web"), object_id=participant.public_id if participant else "")
        with transaction.atomic():
            return service(**kwargs)

    return wrapper


def _audit(participant: Participant, *, action: str, actor, origin: str, detail: dict | None = None) -> None:
    audit_log(action=action, actor=actor, gemeente=participant.gemeente, obj=participant, origin=origin,
              detail=detail or {})


def _worker_sync(participant: Participant, *, works: bool, origin: str, actor) -> None:
    """A participant who works is a worker in the teams (same name, hours, protected work); an
    existing worker of the organisation with that name becomes theirs unless another participant has it."""
    worker = participant.worker
    if worker is None:
        if not works:
            return
        worker = Worker.objects.filter(gemeente=participant.gemeente, organisation=participant.organisation,
                                       name=" ".join(participant.name.split())[:150]).first()
        if worker is not None and Participant.objects.filter(worker=worker).exclude(pk=participant.pk).exists():
            return
    keep = {}
    if worker is not None:
        keep = {"skills": [s.code for s in worker.skills.all()], "learning": [s.code for s in worker.learning.all()],
                "days": worker.days, "may_supervise": worker.may_supervise, "team": worker.team}
    worker, _created = worker_save(gemeente=participant.gemeente, organisation=participant.organisation,
                                   name=participant.name, hours_per_week=participant.hours_per_week,
                                   protected=participant.protected, worker=worker, certificates=None,
                                   actor=actor, origin=origin, **keep)
    if participant.worker_id != worker.pk:
        participant.worker = worker
        participant.save(update_fields=["worker", "updated"])


@coach_write
def participant_save(*, gemeente, organisation, name: str, target_group: str, start: datetime.date,
                     end: datetime.date | None = None, hours_per_week=36, birth_year=None, email: str = "",
                     phone: str = "", contract_type: str = "anders", protected: bool = False,
                     bonuses: Iterable[str] = (), contract=None, coach=None, works: bool = True,
                     participant: Participant | None = None, actor=None, origin: str = "web") -> tuple[Participant, bool]:
    """Creates a participant (inflow on `start`; outflow too when `end` is given) or updates one.
    Returns (participant, created)."""
    if organisation is None or organisation.gemeente_id != gemeente.pk:
        raise ValidationError(_("Deze organisatie hoort niet bij de gemeente."))
    if participant is not None and (participant.gemeente_id != gemeente.pk
                                    or participant.organisation_id != organisation.pk):
        raise ValidationError(_("Deze deelnemer hoort bij een andere organisatie."))
    if participant is not None and participant.anonymised_at is not None:
        raise ValidationError(_("Deze deelnemer is geanonimiseerd en kan niet meer worden gewijzigd."))
    name = " ".join((name or "").split())[:150]
    if not name:
        raise ValidationError(_("Geef een naam op."))
    validation.contract_clean(contract, gemeente=gemeente)
    validation.dates_clean(start, end)
    validation.coach_clean(coach, gemeente=gemeente, organisation=organisation)
    values = {
        "name": name, "email": (email or "").strip(), "phone": (phone or "").strip()[:30],
        "birth_year": validation.birth_year_clean(birth_year, start=start),
        "target_group": validation.target_group_clean(target_group, contract=contract),
        "contract_type": contract_type or "anders", "start": start, "end": end,
        "hours_per_week": validation.hours_clean(hours_per_week), "protected": bool(protected),
        "bonuses": validation.bonuses_clean(bonuses), "contract": contract, "coach": coach,
    }
    created = participant is None
    if created:
        participant = Participant(gemeente=gemeente, organisation=organisation, **values)
        participant.phase = Phase.OUTFLOW if end else Phase.INFLOW
        participant.full_clean(exclude=["worker", "coach", "contract", "organisation", "gemeente"])
        participant.save()
        TrajectoryEvent.objects.create(participant=participant, phase=Phase.INFLOW, date=start)
        if end:
            TrajectoryEvent.objects.create(participant=participant, phase=Phase.OUTFLOW, date=end)
        changed = sorted(values)
    else:
        if participant.end is not None and end is None:
            raise ValidationError(_("Een herinstroom legt u vast als stap in het traject."))
        outflow = participant.end is None and end is not None
        changed = sorted(k for k, v in values.items() if getattr(participant, k) != v)
        for key, value in values.items():
            if key != "end" or not outflow:
                setattr(participant, key, value)
        participant.save()
        if outflow:  # an end date given for the first time is the outflow
            transition(participant, flow=TRAJECTORY_FLOW, to=Phase.OUTFLOW, actor=actor, origin=origin,
                       changes={"end": end})
            TrajectoryEvent.objects.create(participant=participant, phase=Phase.OUTFLOW, date=end)
    _worker_sync(participant, works=works, origin=origin, actor=actor)
    _audit(participant, action="people.participant.created" if created else "people.participant.updated",
           actor=actor, origin=origin, detail={"fields": changed})
    return participant, created


@coach_write
def participant_phase_record(*, participant: Participant, phase: str, date: datetime.date, description: str = "",
                             destination: str = "", employer: str = "", lasted: bool | None = None, actor=None,
                             origin: str = "web") -> TrajectoryEvent:
    """A step of the trajectory: progression, outflow (with destination and employer) or re-inflow."""
    if participant.anonymised_at is not None:
        raise ValidationError(_("Deze deelnemer is geanonimiseerd en kan niet meer worden gewijzigd."))
    if date < participant.start:
        raise ValidationError(_("De datum %(date)s ligt vóór de instroom op %(start)s.") % {
            "date": date.isoformat(), "start": participant.start.isoformat()})
    last = participant.events.order_by("-date", "-id").first()
    if last is not None and date < last.date:
        raise ValidationError(_("De datum %(date)s ligt vóór de vorige stap van het traject (%(last)s).") % {
            "date": date.isoformat(), "last": last.date.isoformat()})
    if phase == Phase.OUTFLOW and destination not in TrajectoryEvent.Destination.values:
        raise ValidationError(_("Kies waarheen de deelnemer uitstroomt."))
    changes = {"end": date if phase == Phase.OUTFLOW else None} if phase != Phase.PROGRESSION else {}
    if phase == Phase.PROGRESSION and participant.phase == Phase.PROGRESSION:
        pass  # another step of progression: the phase stays, the step is appended
    else:
        transition(participant, flow=TRAJECTORY_FLOW, to=phase, actor=actor, origin=origin, changes=changes)
    event = TrajectoryEvent.objects.create(
        participant=participant, phase=phase, date=date, description=(description or "").strip()[:300],
        destination=destination if phase == Phase.OUTFLOW else "", employer=(employer or "").strip()[:200],
        lasted=lasted if phase == Phase.OUTFLOW else None)
    if participant.worker_id:
        worker_set_active(worker=participant.worker, active=phase != Phase.OUTFLOW, actor=actor, origin=origin)
    _audit(participant, action="people.participant.trajectory", actor=actor, origin=origin,
           detail={"phase": phase, "event": event.pk})
    return event


@coach_write
def outflow_lasted_record(*, event: TrajectoryEvent, lasted: bool, actor=None, origin: str = "web") -> TrajectoryEvent:
    """Whether an outflow held the configured period (known only months later)."""
    participant = event.participant
    if event.phase != Phase.OUTFLOW:
        raise ValidationError(_("Alleen bij een uitstroom legt u vast of die duurzaam was."))
    TrajectoryEvent.objects.filter(pk=event.pk).update(lasted=bool(lasted))
    event.lasted = bool(lasted)
    _audit(participant, action="people.participant.outflow_lasted", actor=actor, origin=origin,
           detail={"event": event.pk, "lasted": event.lasted})
    return event


@coach_write
def ladder_step_record(*, participant: Participant, date: datetime.date, step: int, actor=None,
                       origin: str = "web") -> LadderStep:
    if not 1 <= int(step) <= 6:
        raise ValidationError(_("De participatieladder heeft treden 1 tot en met 6."))
    row = LadderStep.objects.create(participant=participant, date=date, step=int(step))
    _audit(participant, action="people.participant.ladder", actor=actor, origin=origin, detail={"measurement": row.pk})
    return row


@coach_write
def training_save(*, participant: Participant, name: str, start: datetime.date, end: datetime.date | None = None,
                  provider: str = "", result: str = Training.Result.PLANNED, cost=0,
                  training: Training | None = None, actor=None, origin: str = "web") -> Training:
    name = " ".join((name or "").split())[:200]
    if not name:
        raise ValidationError(_("Geef de naam van de cursus op."))
    if end is not None and end < start:
        raise ValidationError(_("De cursus eindigt vóór hij begint."))
    if result not in Training.Result.values:
        raise ValidationError(_("Onbekend resultaat ‘%(value)s’.") % {"value": result})
    cost = Decimal(str(cost or 0))
    if cost < 0:
        raise ValidationError(_("Kosten kunnen niet negatief zijn."))
    if training is not None and training.participant_id != participant.pk:
        raise ValidationError(_("Deze cursus hoort bij een andere deelnemer."))
    training = training or Training(participant=participant)
    for key, value in {"name": name, "start": start, "end": end, "provider": (provider or "").strip()[:200],
                       "result": result, "cost": cost}.items():
        setattr(training, key, value)
    training.save()
    _audit(participant, action="people.participant.training", actor=actor, origin=origin,
           detail={"training": training.pk})
    return training


@coach_write
def note_add(*, participant: Participant, text: str, actor=None, origin: str = "web") -> CoachingNote:
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Een lege notitie wordt niet bewaard."))
    label = actor.get_username() if getattr(actor, "is_authenticated", False) else _("systeem")
    note = CoachingNote.objects.create(participant=participant, text=text[:20000], author_label=label[:150])
    _audit(participant, action="people.participant.note", actor=actor, origin=origin, detail={"note": note.pk})
    return note
