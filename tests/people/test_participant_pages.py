"""The participant pages as a job coach uses them, and as everyone else is refused them: only the job
coaches of the participant's own organisation see and change a participant; every read and every
refused attempt is in the audit log; bad input is refused with its message and writes nothing; no
name in a URL; the browser keeps nothing (Cache-Control: no-store)."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.people.factories import START, ParticipantFactory, make_jobcoach, make_people_world, page_client
from tests.work.factories import CertificateTypeFactory, SkillFactory, WorkerFactory, WorkOrderFactory
from wijkwerk.core.models import AuditLogEntry
from wijkwerk.municipalities import roles
from wijkwerk.people import participant_views
from wijkwerk.people.models import CoachingNote, LadderStep, Participant, Phase, Training, TrajectoryEvent
from wijkwerk.work.models import WorkCompletion, WorkedHours

pytestmark = pytest.mark.django_db

OTHER_ROLES = [r for r in roles.ROLES if r != roles.JOBCOACH]
URL_ATTRIBUTE = re.compile(r'(?:href|action|src)="([^"]*)"')


@pytest.fixture
def world():
    return make_people_world()


def url(name, world, *args):
    return reverse(name, args=[world.gemeente.slug, *args])


def purl(name, world, *args):
    return url(name, world, world.participant.public_id, *args)


def text(response) -> str:
    return response.content.decode()


def audits(world, result=None, **filters):
    rows = AuditLogEntry.objects.filter(object_type="people.participant", object_id=world.participant.public_id,
                                        **filters)
    return rows.filter(result=result) if result else rows


def new_participant_data(world, **changes) -> dict:
    data = {"name": "Nina Nieuwkomer", "email": "nina@example.org", "phone": "0612", "birth_year": "1990",
            "organisation": str(world.sw.pk), "coach": str(world.coach.pk), "target_group": "participatiewet",
            "contract": "", "contract_type": "proefplaatsing", "start": "2025-03-03", "hours_per_week": "32",
            "works": "on"}
    data.update(changes)
    return data


def step(world, phase, **fields) -> dict:
    return {"stap": phase, **{f"{phase}-{k}": v for k, v in fields.items()}}


# --- The job coach of the own organisation ----------------------------------------------------------

def test_the_coach_sees_the_list_and_the_detail_and_each_read_is_audited(world):
    client = page_client(world.coach)
    response = client.get(url("participant-list", world))
    assert response.status_code == 200
    assert "Priscilla Zwanenburg" in text(response) and "SW-bedrijf Werkkracht" in text(response)
    assert "Participatiewet (bijstand)" in text(response) and "Nieuwe deelnemer" in text(response)
    assert audits(world, "ok", action="people.participant.list", actor=world.coach).count() == 1

    response = client.get(purl("participant-detail", world))
    assert response.status_code == 200
    page = text(response)
    assert "priscilla@example.org" in page and "Coachingsnotities" in page and "Carla Coach" in page
    assert audits(world, "ok", action="people.participant.read", actor=world.coach).count() == 1


def test_participant_pages_are_not_kept_by_the_browser(world):
    client = page_client(world.coach)
    for path in (url("participant-list", world), url("participant-new", world), purl("participant-detail", world),
                 purl("participant-edit", world)):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "no-store" in response["Cache-Control"], path


def test_the_name_search_goes_by_post_and_the_phase_filter_works(world):
    ParticipantFactory(gemeente=world.gemeente, organisation=world.sw, name="Bart Bos", phase=Phase.OUTFLOW)
    client = page_client(world.coach)
    found = text(client.post(url("participant-list", world), {"zoek": "zwanen", "fase": ""}))
    assert "Priscilla Zwanenburg" in found and "Bart Bos" not in found
    assert 'method="post"' in found
    outflow = text(client.get(url("participant-list", world), {"fase": "uitstroom"}))
    assert "Bart Bos" in outflow and "Priscilla Zwanenburg" not in outflow
    # a name in the query string is not a search
    assert "Bart Bos" in text(client.get(url("participant-list", world), {"zoek": "zwanen"}))


def test_the_coach_creates_a_participant(world):
    client = page_client(world.coach)
    form = text(client.get(url("participant-new", world)))
    assert "Participatiewet (bijstand)" in form and "Carla Coach" in form
    assert world.other_coach.username not in form  # only the organisation's own job coaches
    response = client.post(url("participant-new", world), new_participant_data(world))
    assert response.status_code == 302
    nina = Participant.objects.get(name="Nina Nieuwkomer")
    assert response["Location"] == purl("participant-detail", world).replace(world.participant.public_id,
                                                                              nina.public_id)
    assert "Nina" not in response["Location"]
    assert (nina.organisation, nina.coach, nina.target_group, nina.start) == (
        world.sw, world.coach, "participatiewet", datetime.date(2025, 3, 3))
    assert nina.phase == Phase.INFLOW and nina.events.get().phase == Phase.INFLOW
    assert nina.worker is not None and nina.worker.name == "Nina Nieuwkomer"
    assert AuditLogEntry.objects.filter(action="people.participant.created", object_id=nina.public_id).exists()


def test_the_coach_edits_a_participant(world):
    client = page_client(world.coach)
    assert "06-12345678" in text(client.get(purl("participant-edit", world)))
    data = new_participant_data(world, name="Priscilla Zwanenburg", phone="06-99999999", target_group="wia",
                                hours_per_week="24,5")
    response = client.post(purl("participant-edit", world), data)
    assert response.status_code == 302
    world.participant.refresh_from_db()
    assert (world.participant.phone, world.participant.target_group, str(world.participant.hours_per_week)) == (
        "06-99999999", "wia", "24.5")
    assert world.participant.start == START  # the inflow date is not on the edit form


def test_the_coach_records_the_trajectory_ladder_trainings_and_notes(world):
    client = page_client(world.coach)
    p = world.participant
    assert client.post(purl("participant-step", world),
                       step(world, "doorstroom", date="2025-04-01", description="Zelfstandig maaien")).status_code == 302
    assert client.post(purl("participant-step", world),
                       step(world, "uitstroom", date="2025-09-01", destination="regulier_werk",
                            employer="Hovenier De Groene Vinger", lasted="")).status_code == 302
    p.refresh_from_db()
    assert p.phase == Phase.OUTFLOW and p.end == datetime.date(2025, 9, 1)
    outflow = p.events.get(phase=Phase.OUTFLOW)
    assert (outflow.destination, outflow.employer, outflow.lasted) == ("regulier_werk", "Hovenier De Groene Vinger",
                                                                       None)
    page = text(client.get(purl("participant-detail", world)))
    assert "Hovenier De Groene Vinger" in page and "Herinstroom vastleggen" in page
    assert "Uitstroom vastleggen" not in page  # only the steps the trajectory allows now
    response = client.post(purl("participant-outflow-lasted", world, outflow.pk), {f"duurzaam-{outflow.pk}-lasted": "ja"})
    assert response.status_code == 302
    outflow.refresh_from_db()
    assert outflow.lasted is True
    assert client.post(purl("participant-step", world), step(world, "herinstroom", date="2026-01-05")).status_code == 302
    p.refresh_from_db()
    assert p.phase == Phase.REINFLOW and p.end is None

    assert client.post(purl("participant-ladder", world), {"ladder-date": "2025-02-01", "ladder-step": "3"}).status_code == 302
    assert client.post(purl("participant-ladder", world), {"ladder-date": "2025-08-01", "ladder-step": "5"}).status_code == 302
    assert list(LadderStep.objects.filter(participant=p).values_list("step", flat=True)) == [3, 5]

    training = {"opleiding-name": "VCA basis", "opleiding-provider": "Leerhuis", "opleiding-start": "2025-05-01",
                "opleiding-end": "2025-05-02", "opleiding-result": "gepland", "opleiding-cost": "€ 250"}
    assert client.post(purl("participant-training-add", world), training).status_code == 302
    course = Training.objects.get(participant=p)
    assert str(course.cost) == "250.00"
    assert "VCA basis" in text(client.get(purl("participant-training-edit", world, course.pk)))
    edit = {k.removeprefix("opleiding-"): v for k, v in training.items()} | {"result": "behaald"}
    assert client.post(purl("participant-training-edit", world, course.pk), edit).status_code == 302
    course.refresh_from_db()
    assert course.result == Training.Result.PASSED

    assert client.post(purl("participant-note", world), {"notitie-text": "Gaat goed met de ploeg."}).status_code == 302
    assert CoachingNote.objects.get(participant=p).author_label == world.coach.username
    page = text(client.get(purl("participant-detail", world)))
    assert "Gaat goed met de ploeg." in page and "VCA basis" in page and "Betaald werk met ondersteuning" in page
    assert audits(world, "ok", action="people.participant.write").count() == 9


# --- Everyone else ------------------------------------------------------------------------------------

def _refused_everywhere(client, world) -> None:
    p = world.participant
    assert client.get(purl("participant-detail", world)).status_code == 403
    assert client.get(purl("participant-edit", world)).status_code == 403
    assert client.post(purl("participant-edit", world), new_participant_data(world, name="Gekaapt")).status_code == 403
    assert client.post(purl("participant-step", world), step(world, "doorstroom", date="2025-04-01")).status_code == 403
    assert client.post(purl("participant-ladder", world), {"ladder-date": "2025-02-01", "ladder-step": "3"}).status_code == 403
    assert client.post(purl("participant-training-add", world), {"opleiding-name": "x"}).status_code == 403
    assert client.post(purl("participant-note", world), {"notitie-text": "x"}).status_code == 403
    p.refresh_from_db()
    assert p.name == "Priscilla Zwanenburg" and p.phase == Phase.INFLOW
    assert not (p.ladder.exists() or p.trainings.exists() or p.notes.exists())


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_every_other_role_is_refused_and_each_attempt_is_audited(world, role):
    user = world.users[role]
    client = page_client(user)
    list_response = client.get(url("participant-list", world))
    assert list_response.status_code == 403
    assert "Priscilla" not in text(list_response)
    assert client.get(url("participant-new", world)).status_code == 403
    assert client.post(url("participant-new", world), new_participant_data(world)).status_code == 403
    assert not Participant.objects.filter(name="Nina Nieuwkomer").exists()
    _refused_everywhere(client, world)
    refused = audits(world, "refused", actor=user)
    assert refused.filter(action="people.participant.read").count() == 2  # the detail and the edit form
    assert refused.filter(action="people.participant.write").count() == 5
    assert AuditLogEntry.objects.filter(actor=user, action="people.participant.list", result="refused").exists()
    assert AuditLogEntry.objects.filter(actor=user, action="people.participant.create", result="refused").count() == 2
    assert not audits(world, "ok", actor=user).exists()


def test_a_job_coach_of_another_organisation_sees_only_their_own_participants(world):
    client = page_client(world.other_coach)
    own = ParticipantFactory(gemeente=world.gemeente, organisation=world.other_sw, name="Olaf Eigen")
    page = text(client.get(url("participant-list", world)))
    assert "Olaf Eigen" in page and "Priscilla" not in page
    _refused_everywhere(client, world)
    assert audits(world, "refused", actor=world.other_coach).count() == 7
    # and cannot make a participant of the other organisation
    response = client.post(url("participant-new", world), new_participant_data(world, coach=str(world.other_coach.pk)))
    assert response.status_code == 400
    assert not Participant.objects.filter(name="Nina Nieuwkomer").exists()
    assert client.get(url("participant-detail", world, own.public_id)).status_code == 200


def test_a_job_coach_without_an_organisation_sees_no_participant(world):
    user = make_jobcoach(world.gemeente, None)
    client = page_client(user)
    assert client.get(url("participant-list", world)).status_code == 403
    assert client.get(purl("participant-detail", world)).status_code == 403


def test_a_non_member_gets_404_everywhere(world):
    client = page_client(world.outsider)
    for path in (url("participant-list", world), url("participant-new", world), purl("participant-detail", world),
                 purl("participant-edit", world)):
        assert client.get(path).status_code == 404, path
    assert client.post(purl("participant-note", world), {"notitie-text": "x"}).status_code == 404
    assert not world.participant.notes.exists()


def test_an_unknown_participant_is_404_and_audited(world):
    client = page_client(world.coach)
    assert client.get(url("participant-detail", world, "0123456789abcdef")).status_code == 404
    assert AuditLogEntry.objects.filter(object_id="0123456789abcdef", result="not_found").exists()


# --- Bad input ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("changes", "message"), [
    ({"target_group": "marsbewoner"}, "Onbekende doelgroep ‘marsbewoner’"),
    ({"hours_per_week": "200"}, "200 uur per week is meer dan een jaar heeft."),
    ({"coach": "OTHER"}, "is geen jobcoach van SW-bedrijf Werkkracht"),
])
def test_bad_participant_input_is_refused_with_its_message(world, changes, message, caplog):
    if changes.get("coach") == "OTHER":
        changes = {"coach": str(world.other_coach.pk)}
    client = page_client(world.coach)
    response = client.post(url("participant-new", world), new_participant_data(world, **changes))
    assert response.status_code == 400
    assert message in text(response)
    assert not Participant.objects.filter(name="Nina Nieuwkomer").exists()
    response = client.post(purl("participant-edit", world), new_participant_data(world, name="Veranderd", **changes))
    assert response.status_code == 400 and message in text(response)
    world.participant.refresh_from_db()
    assert world.participant.name == "Priscilla Zwanenburg"
    assert "Bad Request" in caplog.text  # the server logs the refusal: the path, no name
    assert not re.search(r"nina|nieuwkomer|priscilla|zwanenburg|veranderd", caplog.text, re.I)


def test_an_outflow_before_the_inflow_is_refused(world):
    client = page_client(world.coach)
    response = client.post(purl("participant-step", world),
                           step(world, "uitstroom", date="2024-12-31", destination="opleiding"))
    assert response.status_code == 400
    assert "De datum 2024-12-31 ligt vóór de instroom op 2025-01-06." in text(response)
    world.participant.refresh_from_db()
    assert world.participant.phase == Phase.INFLOW and world.participant.end is None
    assert not TrajectoryEvent.objects.filter(participant=world.participant, phase=Phase.OUTFLOW).exists()


def test_an_outflow_needs_a_destination_and_a_step_the_trajectory_allows(world):
    client = page_client(world.coach)
    response = client.post(purl("participant-step", world), step(world, "uitstroom", date="2025-06-01"))
    assert response.status_code == 400 and "Kies waarheen de deelnemer uitstroomt." in text(response)
    response = client.post(purl("participant-step", world), step(world, "herinstroom", date="2025-06-01"))
    assert response.status_code == 302  # not offered now: back to the page with a message
    assert world.participant.events.count() == 1


# --- Nothing personal in a URL ------------------------------------------------------------------------

def test_no_name_in_any_url_of_the_pages(world):
    client = page_client(world.coach)
    Training.objects.create(participant=world.participant, name="VCA", start=START)
    pages = [url("participant-list", world), purl("participant-detail", world), purl("participant-edit", world),
             purl("participant-training-edit", world, world.participant.trainings.get().pk)]
    personal = ("priscilla", "zwanenburg", "example.org", "12345678")
    for path in pages:
        html = text(client.get(path))
        assert "Zwanenburg" in html, path
        for link in URL_ATTRIBUTE.findall(html) + [path]:
            assert not any(word in link.lower() for word in personal), (path, link)
    response = client.post(url("participant-list", world), {"zoek": "Zwanenburg"})
    assert "Zwanenburg" in text(response)
    for link in URL_ATTRIBUTE.findall(text(response)):
        assert "zwanenburg" not in link.lower()


def test_the_detail_shows_the_skills_certificates_learning_goals_and_hours_of_the_worker(world):
    skill = SkillFactory(gemeente=world.gemeente, name="Maaien")
    goal = SkillFactory(gemeente=world.gemeente, name="Snoeien")
    vca = CertificateTypeFactory(gemeente=world.gemeente, name="VCA")
    worker = WorkerFactory(gemeente=world.gemeente, organisation=world.sw, skills=[skill], learning=[goal],
                           certificates={vca: datetime.date(2027, 5, 1)})
    world.participant.worker = worker
    world.participant.save(update_fields=["worker"])
    order = WorkOrderFactory(gemeente=world.gemeente)
    WorkedHours.objects.create(completion=WorkCompletion.objects.create(order=order), order=order, worker=worker,
                               hours=Decimal("7.5"))
    page = text(page_client(world.coach).get(purl("participant-detail", world)))
    assert "Maaien" in page and "Snoeien" in page and "VCA 1-5-2027" in page
    assert f"<td>{datetime.date.today().year}</td><td class=\"num\">7,5</td>" in page
    assert "Naar de medewerkers" not in page  # a job coach does not see the execution's pages


def test_the_list_pages_and_audits_only_the_rows_shown(world, monkeypatch):
    monkeypatch.setattr(participant_views, "PAGE_SIZE", 2)
    for name in ("Anna Aalbers", "Bert Bakker"):
        ParticipantFactory(gemeente=world.gemeente, organisation=world.sw, name=name)
    client = page_client(world.coach)
    first = text(client.get(url("participant-list", world)))
    assert "Anna Aalbers" in first and "Bert Bakker" in first and "Priscilla" not in first
    assert "?fase=&amp;pagina=2" in first
    assert "Priscilla" in text(client.get(url("participant-list", world), {"pagina": 2}))
    shown = AuditLogEntry.objects.filter(action="people.participant.list", actor=world.coach, result="ok")
    assert shown.count() == 3
    # after a search the pages go by POST, with the search kept in the form (not in a link)
    searched = text(client.post(url("participant-list", world), {"zoek": "a", "fase": ""}))
    assert 'name="pagina" value="2"' in searched and "?fase" not in searched


def test_an_outflow_lasted_answer_is_required(world):
    client = page_client(world.coach)
    client.post(purl("participant-step", world), step(world, "uitstroom", date="2025-06-01", destination="anders"))
    event = world.participant.events.get(phase=Phase.OUTFLOW)
    response = client.post(purl("participant-outflow-lasted", world, event.pk), {f"duurzaam-{event.pk}-lasted": ""})
    assert response.status_code == 400 and "Dit veld is vereist." in text(response)
    event.refresh_from_db()
    assert event.lasted is None
