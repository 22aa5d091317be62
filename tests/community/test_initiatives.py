"""Residents' initiatives: the flow (refused steps, reasons, criteria), the public pages without login
(list, propose with honeypot and rate limit, join), private contact details, escaping, staff roles,
and the assets residents take over from the contractor's planning."""

import datetime as dt

import pytest
from django.test import Client

from tests.assets.worlds import make_world
from tests.community.initiative_helpers import make_initiative
from tests.conftest import login_verified
from tests.core.http import login
from tests.municipalities.factories import OrganisationFactory, UserFactory, make_member
from wijkwerk.community import initiatives as services
from wijkwerk.community.initiative_models import Initiative, InitiativeStatus, InitiativeVolunteer
from wijkwerk.community.initiative_selectors import resident_maintained_assets
from wijkwerk.core.models import AuditLogEntry
from wijkwerk.core.states import TransitionRefused
from wijkwerk.municipalities import roles
from wijkwerk.municipalities.models import Organisation

pytestmark = pytest.mark.django_db

ALL_OK = {c: {"ok": True, "motivation": "prima"} for c in
          ("Veilig", "Bereikbaar voor iedereen", "Onderhoud geregeld", "Past bij het beleid")}


def _propose_data(**extra):
    data = {"title": "Opschoondag", "kind": "opschoondag", "description": "Samen de straat schoon.",
            "lat": "52.085", "lon": "5.105", "name": "Bea", "email": "bea@example.org", "website": ""}
    data.update(extra)
    return data


def _terms(**extra):
    values = {"residents_maintain": "Wieden en water geven", "agreed_until": dt.date.today() + dt.timedelta(days=365),
              "municipality_provides": "Planten en gereedschap", "activity_codes": ("WIEDEN",),
              "covered_assets": ("BOOM-1",)}
    values.update(extra)
    return services.InitiativeTerms(**values)


def test_the_whole_flow_and_the_assets_taken_over():
    world = make_world()
    initiative = make_initiative(world.gemeente)
    actor = world.beheerder
    services.initiative_start_assessment(initiative=initiative, actor=actor)
    with pytest.raises(TransitionRefused, match="alle criteria"):
        services.initiative_agree(initiative=initiative, actor=actor, terms=_terms())
    services.initiative_assess(initiative=initiative, actor=actor, assessment=ALL_OK)
    with pytest.raises(TransitionRefused, match="Onbekende bronsleutels"):
        services.initiative_agree(initiative=initiative, actor=actor, terms=_terms(covered_assets=("AMF-1",)))
    services.initiative_agree(initiative=initiative, actor=actor, terms=_terms())
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.AGREED and initiative.covered_assets == [world.tree.pk]
    assert resident_maintained_assets(gemeente=world.gemeente, on=dt.date.today()) == {world.tree.pk}
    assert resident_maintained_assets(gemeente=world.gemeente, on=dt.date.today() + dt.timedelta(days=400)) == set()
    assert resident_maintained_assets(gemeente=world.other, on=dt.date.today()) == set()
    services.initiative_start(initiative=initiative, actor=actor)
    with pytest.raises(TransitionRefused):
        services.initiative_evaluate(initiative=initiative, actor=actor, evaluation="  ")
    services.initiative_evaluate(initiative=initiative, actor=actor, evaluation="Het plantvak bloeit.")
    assert Initiative.objects.get().status == InitiativeStatus.EVALUATED
    assert resident_maintained_assets(gemeente=world.gemeente, on=dt.date.today()) == set()
    actions = set(AuditLogEntry.objects.values_list("action", flat=True))
    assert {"community.initiative.afgesproken", "community.initiative.assessed",
            "community.initiative.geevalueerd"} <= actions


def test_refused_transitions_and_reasons():
    world = make_world()
    initiative = make_initiative(world.gemeente)
    with pytest.raises(TransitionRefused):
        services.initiative_start(initiative=initiative, actor=world.beheerder)  # not agreed yet
    with pytest.raises(TransitionRefused, match="reden"):
        services.initiative_withdraw(initiative=initiative, actor=world.beheerder, reason=" ")
    services.initiative_start_assessment(initiative=initiative, actor=world.beheerder)
    with pytest.raises(TransitionRefused, match="reden"):
        services.initiative_reject(initiative=initiative, actor=world.beheerder, reason="")
    services.initiative_reject(initiative=initiative, actor=world.beheerder, reason="Niet veilig bij de kruising.")
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.REJECTED and initiative.decision_reason.startswith("Niet veilig")
    with pytest.raises(TransitionRefused, match="eindstatus"):
        services.initiative_start_assessment(initiative=initiative, actor=world.beheerder)


def test_public_list_shows_only_public_initiatives_without_login():
    world = make_world()
    make_initiative(world.gemeente, title="Nog niet beoordeeld")
    make_initiative(world.gemeente, title="Buurttuin <script>alert(1)</script>", status=InitiativeStatus.RUNNING)
    make_initiative(world.gemeente, title="Afgewezen plan", status=InitiativeStatus.REJECTED)
    response = Client().get("/initiatieven/utrecht/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Buurttuin &lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html
    assert "Nog niet beoordeeld" not in html and "Afgewezen plan" not in html
    assert "bea@example.org" not in html
    assert Client().get("/initiatieven/bestaat-niet/").status_code == 404


def test_propose_without_login_then_honeypot_and_rate_limit(settings):
    make_world()
    client = Client()
    response = client.post("/initiatieven/utrecht/voorstellen/", _propose_data())
    assert response.status_code == 200 and Initiative.objects.count() == 1
    proposal = Initiative.objects.get()
    assert proposal.status == InitiativeStatus.PROPOSED and proposal.proposer_email == "bea@example.org"
    # The new proposal is not public yet.
    assert Client().get(f"/initiatieven/utrecht/{proposal.public_id}/").status_code == 404

    spam = client.post("/initiatieven/utrecht/voorstellen/", _propose_data(website="http://spam.example"))
    assert spam.status_code == 400 and Initiative.objects.count() == 1

    settings.WIJKWERK_PUBLIC_RATE_LIMIT = 2
    assert client.post("/initiatieven/utrecht/voorstellen/", _propose_data()).status_code == 200
    assert client.post("/initiatieven/utrecht/voorstellen/", _propose_data()).status_code == 429
    assert Initiative.objects.count() == 2


def test_propose_invalid_shows_errors():
    make_world()
    response = Client().post("/initiatieven/utrecht/voorstellen/", _propose_data(lat="", email="geen-adres"))
    assert response.status_code == 400 and Initiative.objects.count() == 0


def test_join_as_volunteer_keeps_contact_private():
    world = make_world()
    initiative = make_initiative(world.gemeente, status=InitiativeStatus.AGREED)
    url = f"/initiatieven/utrecht/{initiative.public_id}/"
    client = Client()
    assert client.post(url, {"name": "Vera", "email": "vera@example.org"}).status_code == 302
    client.post(url, {"name": "Vera", "email": "VERA@example.org"})  # the same person twice counts once
    assert InitiativeVolunteer.objects.count() == 1
    html = client.get(url).content.decode()
    assert "1 vrijwilliger" in html and "vera@example.org" not in html and "Vera" not in html
    assert client.post(url, {"name": "Bot", "email": "bot@example.org", "website": "x"}).status_code == 400
    assert InitiativeVolunteer.objects.count() == 1


def test_staff_steps_through_the_pages():
    world = make_world()
    initiative = make_initiative(world.gemeente)
    client = login(world.beheerder)
    url = f"/g/utrecht/initiatieven/{initiative.public_id}/"
    assert client.get("/g/utrecht/initiatieven/").status_code == 200
    assert client.post(url, {"action": "start_assessment"}).status_code == 302
    data = {"action": "assess"}
    for i in range(4):
        data[f"c{i}_ok"] = "on"
        data[f"c{i}_motivation"] = "in orde"
    assert client.post(url, data).status_code == 302
    response = client.post(url, {"action": "agree", "residents_maintain": "Het plantvak", "agreed_until": "",
                                 "municipality_provides": "", "activity_codes": "WIEDEN",
                                 "covered_assets": "BOOM-1; MAST-7"})
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.AGREED
    assert sorted(initiative.covered_assets) == sorted([world.tree.pk, world.light.pk])
    html = client.get(url).content.decode()
    assert "BOOM-1" in html and "bea@example.org" in html
    public = Client().get(f"/initiatieven/utrecht/{initiative.public_id}/").content.decode()
    assert "neemt onderhoud over van de aannemer" in public
    assert client.post(url, {"action": "evaluate", "evaluation": "te vroeg"}).status_code == 409  # not running


def test_reading_role_may_look_but_not_change():
    world = make_world()
    initiative = make_initiative(world.gemeente)
    client = login(world.raadpleger)
    url = f"/g/utrecht/initiatieven/{initiative.public_id}/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"action": "start_assessment"}).status_code == 403
    assert Initiative.objects.get().status == InitiativeStatus.PROPOSED


@pytest.mark.parametrize("role", [roles.BEOORDELAAR, roles.JOBCOACH])
def test_roles_without_reports_get_403(role):
    world = make_world()
    initiative = make_initiative(world.gemeente)
    user = UserFactory()
    organisation = (OrganisationFactory(gemeente=world.gemeente, kind=Organisation.Kind.SW_BEDRIJF)
                    if role == roles.JOBCOACH else None)
    make_member(user, world.gemeente, role, organisation=organisation)
    client = Client()
    login_verified(client, user)
    assert client.get("/g/utrecht/initiatieven/").status_code == 403
    assert client.get(f"/g/utrecht/initiatieven/{initiative.public_id}/").status_code == 403


def test_other_municipality_cannot_open_staff_pages():
    world = make_world()
    initiative = make_initiative(world.gemeente)
    assert login(world.outsider).get(f"/g/utrecht/initiatieven/{initiative.public_id}/").status_code == 404
    other = make_initiative(world.other, status=InitiativeStatus.RUNNING)
    assert Client().get(f"/initiatieven/utrecht/{other.public_id}/").status_code == 404
