"""The week plan in the application: `wijkwerk plan-week` (its JSON), the weekly board and a move by
hand (refused with the rule it breaks, or saved), and the API `/weekplannen/{week}`."""

import datetime
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.core.http import assert_problem, client_for, login
from tests.inspections.helpers import make_town
from tests.municipalities.factories import OrganisationFactory, UserFactory, make_member
from tests.work.factories import TeamFactory, WorkerFactory, WorkOrderFactory
from wijkwerk.municipalities import roles
from wijkwerk.work.catalogue import catalogue_defaults_ensure
from wijkwerk.work.models import Activity, CertificateType, Skill, WorkAssignment, WorkOrder

pytestmark = pytest.mark.django_db

WEEK = "2026-W10"
MON = datetime.date(2026, 3, 2)
TUE, WED, THU = (MON + datetime.timedelta(days=i) for i in (1, 2, 3))


def make_week_world(slug: str = "weekstad") -> dict:
    """Team Noord: Anna (supervisor; maaien, snoeien), Bram (protected; maaien, learning snoeien), Cees
    (zwerfafval, Monday to Wednesday, 24 h), Dirk (snoeien; chainsaw certificate up to Tuesday). Orders of
    week 2026-W10: mowing, hedges, litter, a tree nobody can prune and verges nobody may mow."""
    gemeente, wijk, b1, b2 = make_town(slug)
    catalogue_defaults_ensure(gemeente=gemeente)
    org = OrganisationFactory(gemeente=gemeente, name="SW-bedrijf")
    team = TeamFactory(gemeente=gemeente, name="Team Noord", areas=[wijk])
    sk = {s.code: s for s in Skill.objects.filter(gemeente=gemeente)}
    ce = {c.code: c for c in CertificateType.objects.filter(gemeente=gemeente)}
    far = MON + datetime.timedelta(days=400)
    workers = {
        "anna": WorkerFactory(gemeente=gemeente, organisation=org, name="Anna", team=team, may_supervise=True,
                              skills=[sk["maaien"], sk["snoeien"]], certificates={ce["vca"]: far}),
        "bram": WorkerFactory(gemeente=gemeente, organisation=org, name="Bram", team=team, protected=True,
                              skills=[sk["maaien"]], learning=[sk["snoeien"]]),
        "cees": WorkerFactory(gemeente=gemeente, organisation=org, name="Cees", team=team, days=[0, 1, 2],
                              hours_per_week=Decimal(24), skills=[sk["zwerfafval"]]),
        "dirk": WorkerFactory(gemeente=gemeente, organisation=org, name="Dirk", team=team, skills=[sk["snoeien"]],
                              certificates={ce["kettingzaag"]: TUE, ce["vca"]: far}),
    }
    act = {a.code: a for a in Activity.objects.filter(gemeente=gemeente)}

    def order(code, activity, hours, **kw):
        return WorkOrderFactory(gemeente=gemeente, code=code, activity=act[activity], hours=Decimal(hours),
                                buurt=b1, wijk=wijk, deadline=MON + datetime.timedelta(days=10), **kw)

    orders = {
        "maaien": order("WO-MAAI", "gras-maaien", 4),
        "hagen": order("WO-HAAG", "hagen-knippen", 3, priority=2),
        "afval": order("WO-AFVAL", "zwerfafval", 2),
        "boom": order("WO-BOOM", "boom-snoeien", 3),
        "bermen": order("WO-BERM", "bermen-maaien", 2),
        "later": order("WO-LATER", "zwerfafval", 1, status=WorkOrder.Status.PLANNED,
                       planned_day=MON + datetime.timedelta(days=14)),
    }
    users = {}
    for role in (roles.UITVOERDER, roles.RAADPLEGER):
        users[role] = UserFactory(username=f"{slug}-{role}")
        make_member(users[role], gemeente, role)
    return {"gemeente": gemeente, "workers": workers, "orders": orders, "users": users}


@pytest.fixture
def world():
    return make_week_world()


def plan_json(slug="weekstad", week=WEEK) -> dict:
    out = StringIO()
    call_command("plan_week", "--gemeente", slug, "--week", week, "--json", "--time-limit", "5", stdout=out)
    return json.loads(out.getvalue())


def test_plan_week_prints_the_plan_as_json_and_plans_the_orders(world):
    data = plan_json()
    assert set(data) == {"week", "assignments", "unassigned", "learning_assignments", "utilisation", "gap"}
    assert data["week"] == WEEK
    assert 0 < data["utilisation"] <= 1 and 0 <= data["gap"] < 1
    placed = {a["order"]: a for a in data["assignments"]}
    assert set(placed) == {"WO-MAAI", "WO-HAAG", "WO-AFVAL"}
    for a in data["assignments"]:
        assert set(a) == {"order", "people", "day", "hours_per_person"}
        assert MON.isoformat() <= a["day"] <= (MON + datetime.timedelta(days=6)).isoformat()
    assert "Cees" in placed["WO-AFVAL"]["people"]
    assert "Bram" not in placed["WO-HAAG"]["people"] or "Anna" in placed["WO-HAAG"]["people"]
    reasons = {u["order"]: u["reason"] for u in data["unassigned"]}
    assert set(reasons) == {"WO-BOOM", "WO-BERM"}
    assert "Boomverzorging" in reasons["WO-BOOM"]
    assert "Bosmaaier" in reasons["WO-BERM"]
    for la in data["learning_assignments"]:
        assert set(la) == {"order", "person", "skill"}
    # the orders are gepland on their day, with their people; the one of a later week is left alone
    maai = WorkOrder.objects.get(code="WO-MAAI")
    assert maai.status == WorkOrder.Status.PLANNED and maai.planned_day.isoformat() == placed["WO-MAAI"]["day"]
    assert sorted(maai.assignments.values_list("worker__name", flat=True)) == sorted(placed["WO-MAAI"]["people"])
    assert maai.events.filter(to_status=WorkOrder.Status.PLANNED).exists()
    assert WorkOrder.objects.get(code="WO-LATER").planned_day == MON + datetime.timedelta(days=14)
    assert WorkOrder.objects.get(code="WO-BOOM").status == WorkOrder.Status.NEW


def test_planning_again_gives_the_same_answer_and_no_duplicates(world):
    first = plan_json()
    second = plan_json()
    assert {a["order"] for a in first["assignments"]} == {a["order"] for a in second["assignments"]}
    assert WorkAssignment.objects.filter(order__code="WO-MAAI").count() == len(
        next(a for a in second["assignments"] if a["order"] == "WO-MAAI")["people"])


@pytest.mark.parametrize("week", ["2026-10", "2026-W60", "2026-W00", "volgende week", "2021-W53"])
def test_a_bad_week_is_refused_in_dutch(world, week):
    with pytest.raises(CommandError, match="Ongeldige week"):
        plan_json(week=week)


def test_an_unknown_municipality_is_refused(world):
    with pytest.raises(CommandError, match="bestaat niet"):
        plan_json(slug="nergens")


# -- the board -----------------------------------------------------------------------------------------------------
def board_url(week=WEEK):
    return f"/g/weekstad/uitvoering/weekplanning/{week}/"


def move(client, code, day, people):
    return client.post(f"{board_url()}{code}/", {"day": day.isoformat(), "people": people})


def test_the_board_shows_who_does_what_per_team_and_day_and_why_not(world):
    plan_json()
    client = login(world["users"][roles.RAADPLEGER])
    html = client.get(board_url()).content.decode()
    assert "Team Noord" in html and "WO-MAAI" in html and "maandag 2 maart" in html
    assert "Niet ingepland" in html and "Boomverzorging" in html
    assert "Verplaats" not in html and "Plan de week" not in html  # a viewer cannot plan
    assert client.post(f"{board_url()}WO-MAAI/", {"day": THU.isoformat(), "people": ["Anna"]}).status_code == 403


def test_the_board_of_this_week_and_a_bad_week(world):
    client = login(world["users"][roles.UITVOERDER])
    response = client.get("/g/weekstad/uitvoering/weekplanning/")
    assert response.status_code == 302 and "/uitvoering/weekplanning/20" in response["Location"]
    assert client.get(board_url("2026-W99")).status_code == 404


def test_the_planner_computes_the_week_on_the_board(world):
    client = login(world["users"][roles.UITVOERDER])
    assert "nog niet berekend" in client.get(board_url()).content.decode()
    response = client.post(f"{board_url()}berekenen", follow=True)
    html = response.content.decode()
    assert "De week is ingepland: 3 werkorders ingepland, 2 niet." in html
    assert "Plan de week opnieuw" in html


def test_a_move_that_breaks_a_rule_is_refused_with_the_reason(world):
    plan_json()
    client = login(world["users"][roles.UITVOERDER])
    before = list(WorkAssignment.objects.filter(order__code="WO-MAAI").values_list("worker__name", "day"))
    response = move(client, "WO-MAAI", THU, ["Dirk"])  # Dirk cannot mow
    assert response.status_code == 400
    html = response.content.decode()
    assert "Niet verplaatst" in html and "Niemand op de werkorder heeft de vaardigheid ‘Maaien’." in html
    response = move(client, "WO-MAAI", THU, ["Bram"])  # protected work, alone
    assert "beschermd werk" in response.content.decode()
    response = move(client, "WO-AFVAL", THU, ["Cees"])  # not Cees's day
    assert "Cees werkt niet op donderdag 5 maart." in response.content.decode()
    assert list(WorkAssignment.objects.filter(order__code="WO-MAAI").values_list("worker__name", "day")) == before


def test_a_move_that_keeps_the_rules_is_saved(world):
    plan_json()
    client = login(world["users"][roles.UITVOERDER])
    response = move(client, "WO-MAAI", THU, ["Anna", "Bram"])
    assert response.status_code == 302
    rows = WorkAssignment.objects.filter(order__code="WO-MAAI")
    assert {(r.worker.name, r.day, r.hours) for r in rows} == {("Anna", THU, Decimal("2.00")),
                                                               ("Bram", THU, Decimal("2.00"))}
    assert WorkOrder.objects.get(code="WO-MAAI").planned_day == THU
    html = client.get(board_url()).content.decode()
    assert "Werkorder WO-MAAI is verplaatst." in html


def test_an_unplaced_order_can_be_placed_by_hand(world):
    client = login(world["users"][roles.UITVOERDER])
    assert move(client, "WO-HAAG", MON, ["Dirk", "Bram"]).status_code == 400  # Bram without a supervisor
    assert move(client, "WO-HAAG", MON, ["Anna", "Bram"]).status_code == 302
    order = WorkOrder.objects.get(code="WO-HAAG")
    assert order.status == WorkOrder.Status.PLANNED
    learning = WorkAssignment.objects.get(order=order, worker__name="Bram").learning_skill
    assert learning is not None and learning.code == "snoeien"


# -- the API -------------------------------------------------------------------------------------------------------
def test_the_api_serves_the_week_as_it_is_now(world):
    plan_json()
    client = login(world["users"][roles.UITVOERDER])
    move(client, "WO-MAAI", THU, ["Anna", "Bram"])
    data = client_for(world["users"][roles.RAADPLEGER]).get(f"/api/v1/gemeenten/weekstad/weekplannen/{WEEK}").json()
    assert set(data) == {"week", "assignments", "unassigned", "learning_assignments", "utilisation", "gap"}
    maai = next(a for a in data["assignments"] if a["order"] == "WO-MAAI")
    assert maai == {"order": "WO-MAAI", "people": ["Anna", "Bram"], "day": THU.isoformat(), "hours_per_person": 2.0}
    assert {u["order"] for u in data["unassigned"]} == {"WO-BOOM", "WO-BERM"}
    assert data["gap"] is not None


def test_the_api_refuses_a_bad_week(world):
    response = client_for(world["users"][roles.RAADPLEGER]).get("/api/v1/gemeenten/weekstad/weekplannen/week-10")
    body = assert_problem(response, 400)
    assert "Ongeldige week" in json.dumps(body, ensure_ascii=False)


def test_the_api_before_any_plan_has_no_gap(world):
    data = client_for(world["users"][roles.RAADPLEGER]).get(f"/api/v1/gemeenten/weekstad/weekplannen/{WEEK}").json()
    assert data["assignments"] == [] and data["gap"] is None
    reasons = {u["order"]: u["reason"] for u in data["unassigned"]}
    assert reasons["WO-MAAI"].startswith("Nog niet ingepland")


def test_hours_on_orders_in_progress_count_for_the_week(world):
    for i, day in enumerate((MON, TUE, WED)):
        busy = WorkOrderFactory(gemeente=world["gemeente"], code=f"WO-BEZIG-{i}", status=WorkOrder.Status.IN_PROGRESS,
                                activity=WorkOrder.objects.get(code="WO-AFVAL").activity, hours=Decimal(8))
        WorkAssignment.objects.create(order=busy, worker=world["workers"]["cees"], day=day, hours=Decimal(8))
    data = plan_json()
    assert "WO-AFVAL" not in {a["order"] for a in data["assignments"]}  # Cees, the only one, is fully booked
    reason = next(u["reason"] for u in data["unassigned"] if u["order"] == "WO-AFVAL")
    assert reason.startswith("Onvoldoende capaciteit") and "Zwerfafval" in reason
    assert WorkOrder.objects.get(code="WO-BEZIG-0").status == WorkOrder.Status.IN_PROGRESS
