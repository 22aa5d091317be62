"""Participants: what a job coach records, what is refused, the trajectory, retention and the
right of access, each with its audit record."""

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.people.helpers import make_participant, sw_setup
from wijkwerk.core.models import AuditLogEntry
from wijkwerk.core.states import TransitionRefused
from wijkwerk.people.export import participant_export_bytes
from wijkwerk.people.models import CoachingNote, Participant, Phase
from wijkwerk.people.retention import retention_apply
from wijkwerk.people.services import (
    ladder_step_record,
    note_add,
    participant_phase_record,
    participant_save,
    training_save,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def test_a_participant_who_works_is_a_worker_in_the_teams():
    gemeente, sw, coach, *_ = sw_setup()
    p = make_participant(gemeente, sw, actor=coach, hours_per_week="24", protected=True)
    assert p.worker is not None and p.worker.name == "Jan Jansen"
    assert p.worker.protected and float(p.worker.hours_per_week) == 24
    assert p.phase == Phase.INFLOW and [e.phase for e in p.events.all()] == ["instroom"]
    entry = AuditLogEntry.objects.filter(action="people.participant.created").get()
    assert entry.object_id == p.public_id and "Jan" not in json.dumps(entry.detail)


@pytest.mark.parametrize("fields, message", [
    ({"target_group": "onbekend"}, "Onbekende doelgroep"),
    ({"end": D(2025, 1, 1)}, "vóór de startdatum"),
    ({"hours_per_week": "200"}, "meer dan een jaar heeft"),
    ({"hours_per_week": "8760"}, "meer dan een jaar heeft"),
    ({"hours_per_week": "-1"}, "niet negatief"),
    ({"birth_year": "1850"}, "Geboortejaar"),
])
def test_bad_input_is_refused_with_its_reason_and_nothing_written(fields, message):
    gemeente, sw, coach, *_ = sw_setup()
    with pytest.raises(ValidationError) as refused:
        make_participant(gemeente, sw, actor=coach, **fields)
    assert message in " ".join(refused.value.messages)
    assert not Participant.objects.exists()


def test_a_coach_of_another_organisation_cannot_be_linked():
    gemeente, sw, coach, other, other_coach = sw_setup()
    with pytest.raises(ValidationError) as refused:
        make_participant(gemeente, sw, coach=other_coach)
    assert "geen jobcoach van Tomin" in " ".join(refused.value.messages)
    assert not Participant.objects.exists()


def test_a_coach_of_another_organisation_cannot_write():
    gemeente, sw, coach, other, other_coach = sw_setup()
    with pytest.raises(PermissionDenied):
        make_participant(gemeente, sw, actor=other_coach)
    p = make_participant(gemeente, sw, actor=coach)
    with pytest.raises(PermissionDenied):
        note_add(participant=p, text="mag niet", actor=other_coach)
    assert not CoachingNote.objects.exists()
    assert AuditLogEntry.objects.filter(result="refused", actor=other_coach).count() == 2


def test_trajectory_progression_outflow_and_reinflow():
    gemeente, sw, coach, *_ = sw_setup()
    p = make_participant(gemeente, sw, actor=coach)
    participant_phase_record(participant=p, phase=Phase.PROGRESSION, date=D(2025, 6, 1), description="Eigen wijk",
                             actor=coach)
    participant_phase_record(participant=p, phase=Phase.PROGRESSION, date=D(2025, 9, 1), actor=coach)
    with pytest.raises(ValidationError, match="bestemming|uitstroomt"):
        participant_phase_record(participant=p, phase=Phase.OUTFLOW, date=D(2025, 12, 1), actor=coach)
    with pytest.raises(ValidationError, match="vóór"):
        participant_phase_record(participant=p, phase=Phase.OUTFLOW, date=D(2025, 2, 1),
                                 destination="regulier_werk", actor=coach)
    participant_phase_record(participant=p, phase=Phase.OUTFLOW, date=D(2025, 12, 1), destination="regulier_werk",
                             employer="Hoveniersbedrijf", actor=coach)
    p.refresh_from_db()
    assert p.phase == Phase.OUTFLOW and p.end == D(2025, 12, 1) and not p.worker.active
    with pytest.raises(TransitionRefused):
        participant_phase_record(participant=p, phase=Phase.PROGRESSION, date=D(2026, 1, 1), actor=coach)
    participant_phase_record(participant=p, phase=Phase.REINFLOW, date=D(2026, 3, 1), actor=coach)
    p.refresh_from_db()
    assert p.phase == Phase.REINFLOW and p.end is None and p.worker.active
    assert [e.phase for e in p.events.all()] == ["instroom", "doorstroom", "doorstroom", "uitstroom", "herinstroom"]


def test_ladder_training_and_note_are_audited_without_their_content():
    gemeente, sw, coach, *_ = sw_setup()
    p = make_participant(gemeente, sw, actor=coach)
    ladder_step_record(participant=p, date=D(2025, 3, 1), step=3, actor=coach)
    with pytest.raises(ValidationError):
        ladder_step_record(participant=p, date=D(2025, 9, 1), step=7, actor=coach)
    training_save(participant=p, name="VCA basis", start=D(2025, 4, 1), end=D(2025, 4, 2), result="behaald",
                  cost="450", actor=coach)
    note_add(participant=p, text="Gaat goed, wil graag snoeien leren.", actor=coach)
    actions = set(AuditLogEntry.objects.filter(object_id=p.public_id).values_list("action", flat=True))
    assert {"people.participant.ladder", "people.participant.training", "people.participant.note"} <= actions
    assert "snoeien" not in json.dumps(list(AuditLogEntry.objects.values_list("detail", flat=True)))


def test_retention_anonymises_after_the_period_and_keeps_the_figures():
    gemeente, sw, coach, *_ = sw_setup()
    old = make_participant(gemeente, sw, actor=coach, name="Oud Deelnemer", email="oud@example.nl",
                           start=D(2022, 1, 1), end=D(2023, 6, 30), birth_year="1970")
    recent = make_participant(gemeente, sw, actor=coach, name="Recent", end=D(2026, 6, 30))
    note_add(participant=old, text="gevoelig", actor=coach)
    assert retention_apply(today=D(2026, 12, 1), days=730, dry_run=True) == 1
    assert retention_apply(today=D(2026, 12, 1), days=730) == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert "Oud" not in old.name and old.email == "" and old.anonymised_at is not None
    assert not old.notes.exists() and old.target_group == "participatiewet" and old.end == D(2023, 6, 30)
    assert recent.name == "Recent" and recent.anonymised_at is None
    assert retention_apply(today=D(2026, 12, 1), days=730) == 0
    with pytest.raises(ValidationError, match="geanonimiseerd"):
        participant_save(gemeente=gemeente, organisation=sw, name="x", target_group="ww", start=D(2023, 1, 1),
                         participant=old, actor=coach)


def test_right_of_access_export_holds_everything():
    gemeente, sw, coach, *_ = sw_setup()
    p = make_participant(gemeente, sw, actor=coach, email="jan@example.nl")
    note_add(participant=p, text="Notitie voor inzage", actor=coach)
    data = json.loads(participant_export_bytes(participant=p))
    assert data["participant"]["name"] == "Jan Jansen" and data["participant"]["email"] == "jan@example.nl"
    assert data["participant"]["coaching_notes"][0]["text"] == "Notitie voor inzage"
    assert data["participant"]["trajectory"][0]["phase"] == "instroom"
