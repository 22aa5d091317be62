"""Consultation rounds: the flow, reactions (moderated before shown, escaped), votes (one per browser,
honeypot, rate limit), the summary with the decision it informs, staff pages per role."""

import datetime as dt

import pytest
from django.test import Client

from tests.assets.worlds import make_world
from tests.community.initiative_helpers import make_consultation
from tests.core.http import login
from tests.municipalities.factories import UserFactory, make_member
from wijkwerk.community import consultations as services
from wijkwerk.community.consultation_models import (
    Consultation,
    ConsultationStatus,
    Reaction,
    ReactionStatus,
    Vote,
)
from wijkwerk.core.states import TransitionRefused
from wijkwerk.municipalities import roles

pytestmark = pytest.mark.django_db


def test_flow_and_refusals():
    world = make_world()
    today = dt.date.today()
    c = services.consultation_create(gemeente=world.gemeente, actor=world.beheerder, title="Jaarplan",
                                     question="Wat eerst?", opens=today, closes=today + dt.timedelta(days=7))
    with pytest.raises(ValueError):
        services.consultation_create(gemeente=world.gemeente, actor=world.beheerder, title="x", question="y",
                                     opens=today, closes=today - dt.timedelta(days=1))
    with pytest.raises(TransitionRefused):
        services.reaction_add(consultation=c, name="", organisation="", text="te vroeg")  # still a draft
    with pytest.raises(TransitionRefused):
        services.consultation_close(consultation=c, actor=world.beheerder)
    services.consultation_open(consultation=c, actor=world.beheerder)
    services.consultation_close(consultation=c, actor=world.beheerder)
    with pytest.raises(TransitionRefused):
        services.vote_cast(consultation=c, voter="abc", agree=True)  # closed
    with pytest.raises(TransitionRefused):
        services.consultation_summarise(consultation=c, actor=world.beheerder, summary=" ")
    services.consultation_summarise(consultation=c, actor=world.beheerder, summary="Veel steun.",
                                    decision_ref="Jaarplan 2027")
    c.refresh_from_db()
    assert c.status == ConsultationStatus.SUMMARISED and c.decision_ref == "Jaarplan 2027"


def test_not_open_outside_its_period():
    world = make_world()
    c = make_consultation(world.gemeente, closes=dt.date.today() - dt.timedelta(days=1),
                          opens=dt.date.today() - dt.timedelta(days=9))
    assert not services.consultation_is_open(c)
    response = Client().post(f"/raadplegingen/utrecht/{c.public_id}/", {"action": "react", "text": "laat"})
    assert response.status_code == 409 and Reaction.objects.count() == 0


def test_react_without_login_moderated_and_escaped():
    world = make_world()
    c = make_consultation(world.gemeente)
    url = f"/raadplegingen/utrecht/{c.public_id}/"
    client = Client()
    response = client.post(url, {"action": "react", "name": "", "organisation": "Wijkraad",
                                 "text": "<script>alert('x')</script> Meer bomen!"})
    assert response.status_code == 302
    reaction = Reaction.objects.get()
    assert reaction.status == ReactionStatus.NEW
    assert "Meer bomen" not in client.get(url).content.decode()  # waits for moderation
    staff = login(world.beheerder)
    assert staff.post(f"/g/utrecht/raadplegingen/{c.public_id}/",
                      {"action": "approve", "reaction": reaction.pk}).status_code == 302
    html = client.get(url).content.decode()
    assert "Meer bomen" in html and "&lt;script&gt;alert(" in html and "<script>alert(" not in html
    assert client.post(url, {"action": "react", "text": "spam", "website": "x"}).status_code == 400
    assert Reaction.objects.count() == 1


def test_one_vote_per_browser_and_rate_limit(settings):
    world = make_world()
    c = make_consultation(world.gemeente)
    url = f"/raadplegingen/utrecht/{c.public_id}/"
    browser = Client()
    assert browser.post(url, {"action": "vote", "agree": "ja"}).status_code == 302
    assert browser.post(url, {"action": "vote", "agree": "nee"}).status_code == 302
    assert list(Vote.objects.values_list("agree", flat=True)) == [True]
    assert Client().post(url, {"action": "vote", "agree": "nee"}).status_code == 302  # another browser
    assert Vote.objects.count() == 2
    assert "Eens: 1 · Oneens: 1" in browser.get(url).content.decode()
    settings.WIJKWERK_PUBLIC_RATE_LIMIT = 1
    flood = Client()
    assert flood.post(url, {"action": "vote", "agree": "ja"}).status_code == 429  # same address, over the limit
    assert Vote.objects.count() == 2


def test_draft_is_not_public_and_summary_is():
    world = make_world()
    draft = make_consultation(world.gemeente, status=ConsultationStatus.DRAFT, title="Geheim concept")
    done = make_consultation(world.gemeente, status=ConsultationStatus.SUMMARISED, title="Afgerond",
                             summary="Bewoners willen meer groen.", decision_ref="Aanbesteding wijkonderhoud")
    client = Client()
    listing = client.get("/raadplegingen/utrecht/").content.decode()
    assert "Geheim concept" not in listing and "Afgerond" in listing
    assert client.get(f"/raadplegingen/utrecht/{draft.public_id}/").status_code == 404
    html = client.get(f"/raadplegingen/utrecht/{done.public_id}/").content.decode()
    assert "Bewoners willen meer groen." in html and "Aanbesteding wijkonderhoud" in html


def test_staff_creates_opens_closes_summarises():
    world = make_world()
    client = login(world.beheerder)
    today = dt.date.today()
    response = client.post("/g/utrecht/raadplegingen/", {"title": "Wijkonderhoud", "question": "Wat telt?",
                                                         "opens": today.isoformat(),
                                                         "closes": (today + dt.timedelta(days=5)).isoformat()})
    assert response.status_code == 302
    c = Consultation.objects.get()
    url = f"/g/utrecht/raadplegingen/{c.public_id}/"
    assert client.post(url, {"action": "summarise", "summary": "x"}).status_code == 409
    assert client.post(url, {"action": "open"}).status_code == 302
    assert client.post(url, {"action": "close"}).status_code == 302
    assert client.post(url, {"action": "summarise", "summary": "Verslag", "decision_ref": "Jaarplan"}).status_code == 302
    c.refresh_from_db()
    assert c.status == ConsultationStatus.SUMMARISED and c.summary == "Verslag"


@pytest.mark.parametrize("role,status", [(roles.RAADPLEGER, 403), (roles.BEOORDELAAR, 403)])
def test_roles_may_not_manage(role, status):
    world = make_world()
    c = make_consultation(world.gemeente, status=ConsultationStatus.DRAFT)
    user = UserFactory()
    make_member(user, world.gemeente, role)
    client = login(user)
    assert client.post(f"/g/utrecht/raadplegingen/{c.public_id}/", {"action": "open"}).status_code == status
    assert client.get("/g/utrecht/raadplegingen/").status_code == (200 if role == roles.RAADPLEGER else 403)
