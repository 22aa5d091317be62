"""The role matrix of participant details: only a job coach of the participant's own organisation
gets them, through pages and API; every other role gets 403 (a non-member 404), and each attempt and
each read is in the audit log."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.conftest import login_verified
from tests.municipalities.factories import UserFactory, make_member
from tests.people.helpers import make_participant, sw_setup
from wijkwerk.core.models import AuditLogEntry
from wijkwerk.municipalities import roles

pytestmark = pytest.mark.django_db

OTHER_ROLES = [r for r in roles.ROLES if r != roles.JOBCOACH]


def urls(gemeente, participant):
    slug, pid = gemeente.slug, participant.public_id
    return {
        "api-detail": f"/api/v1/gemeenten/{slug}/deelnemers/{pid}",
        "api-list": f"/api/v1/gemeenten/{slug}/deelnemers",
        "page-detail": f"/g/{slug}/deelnemers/{pid}/",
        "page-list": f"/g/{slug}/deelnemers/",
        "page-export": f"/g/{slug}/deelnemers/{pid}/inzage.json",
    }


def client_for(user, kind):
    client = APIClient() if kind.startswith("api") else Client()
    login_verified(client, user)
    return client


@pytest.fixture
def setup():
    gemeente, sw, coach, other, other_coach = sw_setup()
    participant = make_participant(gemeente, sw, actor=coach, email="jan@example.nl")
    return gemeente, sw, coach, other_coach, participant


@pytest.mark.parametrize("kind", ["api-detail", "api-list", "page-detail", "page-list", "page-export"])
def test_own_job_coach_reads_and_each_read_is_audited(setup, kind):
    gemeente, sw, coach, other_coach, participant = setup
    response = client_for(coach, kind).get(urls(gemeente, participant)[kind])
    assert response.status_code == 200
    assert "Jan Jansen" in response.content.decode()
    assert "no-store" in response.get("Cache-Control", "")
    read = AuditLogEntry.objects.filter(actor=coach, object_id=participant.public_id, result="ok",
                                        action__startswith="people.participant.")
    assert read.exclude(action="people.participant.created").exists()


@pytest.mark.parametrize("role", OTHER_ROLES + ["coach-of-other-organisation", "jobcoach-without-organisation"])
@pytest.mark.parametrize("kind", ["api-detail", "page-detail", "page-export", "api-list", "page-list"])
def test_every_other_role_is_refused_and_the_attempt_audited(setup, role, kind):
    gemeente, sw, coach, other_coach, participant = setup
    if role == "coach-of-other-organisation":
        user = other_coach
    else:
        user = UserFactory()
        make_member(user, gemeente, roles.JOBCOACH if role == "jobcoach-without-organisation" else role,
                    organisation=sw if role in (roles.UITVOERDER, roles.OPDRACHTNEMER) else None)
    response = client_for(user, kind).get(urls(gemeente, participant)[kind])
    assert "Jan Jansen" not in response.content.decode()
    if role == "coach-of-other-organisation" and kind.endswith("list"):
        assert response.status_code == 200  # their own participants: none of the other organisation's
        return
    assert response.status_code == 403
    attempt = AuditLogEntry.objects.filter(actor=user, result="refused", action__startswith="people.participant.")
    assert attempt.exists()
    if kind.endswith("detail") or kind.endswith("export"):
        assert attempt.filter(object_id=participant.public_id).exists()


@pytest.mark.parametrize("kind", ["api-detail", "page-detail"])
def test_a_non_member_gets_404(setup, kind):
    gemeente, sw, coach, other_coach, participant = setup
    response = client_for(UserFactory(), kind).get(urls(gemeente, participant)[kind])
    assert response.status_code == 404


def test_an_unknown_participant_is_404_and_audited(setup):
    gemeente, sw, coach, other_coach, participant = setup
    response = client_for(coach, "api").get(f"/api/v1/gemeenten/{gemeente.slug}/deelnemers/ffffffffffffffff")
    assert response.status_code == 404
    assert AuditLogEntry.objects.filter(actor=coach, result="not_found", object_id="ffffffffffffffff").exists()


def test_api_detail_holds_the_trajectory_and_no_notes(setup):
    gemeente, sw, coach, other_coach, participant = setup
    from wijkwerk.people.services import note_add

    note_add(participant=participant, text="zeer gevoelig", actor=coach)
    body = client_for(coach, "api").get(urls(gemeente, participant)["api-detail"]).json()
    assert body["id"] == participant.public_id and body["trajectory"][0]["phase"] == "instroom"
    assert "zeer gevoelig" not in str(body)
