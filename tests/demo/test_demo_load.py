"""demo_load in the test database (so CI also runs it on PostgreSQL), loaded once for this module:
complete, idempotent, logins work, and it shows the product without setup: a computed plan and a
scenario, a done and an open schouw round, a tender at every stage, mixed teams with work orders
from the plan, the schouw and by hand, a planned week and orders at every later status; the README
tour's pages answer for the demo users."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone

from wijkwerk.areas.models import Area
from wijkwerk.assets.models import Asset, AssetHistory
from wijkwerk.core.models import AuditLogEntry
from wijkwerk.demo import plans as demo_plans
from wijkwerk.demo import work as demo_work
from wijkwerk.demo.generate import DEFAULT_COUNTS
from wijkwerk.demo.rounds import DONE_ROUND, OPEN_ROUND
from wijkwerk.demo.services import DEMO_SLUG, demo_load
from wijkwerk.demo.tenders import ASSESS_TITLE, CONCEPT_TITLE, OPEN_TITLE
from wijkwerk.inspections.models import BuurtAreaType, InspectionRound, Plot, PlotScore
from wijkwerk.municipalities.models import Gemeente, Membership
from wijkwerk.municipalities.roles import ROLES
from wijkwerk.planning.models import Plan, PlanItem
from wijkwerk.planning.selectors import planning_config_get
from wijkwerk.tendering.demo import DEMO_TITLE
from wijkwerk.tendering.models import Assessment, Bid, Tender
from wijkwerk.tendering.selectors import tender_evaluation
from wijkwerk.work.models import (
    OPEN_STATUSES,
    Activity,
    Team,
    WorkAssignment,
    WorkCompletion,
    Worker,
    WorkerCertificate,
    WorkOrder,
    WorkOrderEvent,
)

PASSWORD = "groen-onderhoud-2026"
G = f"/g/{DEMO_SLUG}"


def _state():
    return {
        "areas": Area.objects.count(),
        "assets": Asset.objects.count(),
        "history": AssetHistory.objects.count(),
        "audit": AuditLogEntry.objects.count(),
        "users": get_user_model().objects.count(),
        "memberships": Membership.objects.count(),
        "versions": sorted(set(Asset.objects.values_list("version", flat=True))),
        "rounds": sorted(InspectionRound.objects.values_list("name", "status")),
        "plots": sorted(Plot.objects.values_list("status", "version")),
        "scores": PlotScore.objects.count(),
        "tenders": sorted(Tender.objects.values_list("title", "status")),
        "bids": Bid.objects.count(),
        "assessments": Assessment.objects.count(),
        "plans": sorted(Plan.objects.values_list("name", "status")),
        "plan_items": PlanItem.objects.count(),
        "orders": sorted(WorkOrder.objects.values_list("code", "status", "planned_day")),
        "order_events": WorkOrderEvent.objects.count(),
        "assignments": WorkAssignment.objects.count(),
        "workers": Worker.objects.count(),
    }


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded twice (the second load must change nothing), in a transaction that is rolled
    back after the module's tests. Short solver limits: the plans are computed all the same."""
    with (django_db_blocker.unblock(), pytest.MonkeyPatch.context() as mp,
          override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])):
        mp.setattr(demo_plans, "MAIN_TIME_LIMIT", 1.0)
        mp.setattr(demo_plans, "FRONTIER_TIME_LIMIT", 0.3)
        mp.setattr(demo_plans, "SCENARIO_TIME_LIMIT", 0.5)
        mp.setattr(demo_work, "WEEK_TIME_LIMIT", 1.0)
        with transaction.atomic():
            said: list[str] = []
            first = demo_load(password=PASSWORD, stdout=_Collect(said))
            before = _state()
            second = demo_load(password=PASSWORD)
            yield {"first": first, "second": second, "before": before, "after": _state(), "said": said}
            transaction.set_rollback(True)


class _Collect:
    def __init__(self, lines: list[str]):
        self.lines = lines

    def write(self, text: str) -> None:
        self.lines.append(text)


@pytest.fixture
def as_role(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    def client(role: str) -> Client:
        c = Client()
        assert c.login(username=f"demo-{role}", password=PASSWORD), role  # the printed password works
        return c

    return client


def test_demo_is_complete_and_a_second_load_changes_nothing(demo, db, client):
    summary = demo["first"]
    assert summary["gemeente"] == DEMO_SLUG
    assert summary["organisations"] == 6
    assert (summary["wijken"], summary["buurten"]) == (10, 111)
    assert summary["assets"] == {"street_light": 9793, **DEFAULT_COUNTS}
    assert summary["outside_areas"] == 59
    assert summary["password"] == PASSWORD
    assert not Asset.objects.filter(buurt__isnull=False, wijk__isnull=True).exists()
    # the city centre's buurten are inspected against the centre's (stricter) targets
    centre = BuurtAreaType.objects.filter(area_type__code="centrum").values_list("buurt__parent__name", flat=True)
    assert centre and set(centre) == {"BINNENSTAD"}

    assert demo["after"] == demo["before"]
    assert demo["second"]["assets"] == summary["assets"]
    assert not any(demo["second"]["made"][part][name] for part in ("rounds", "tenders", "plans", "work")
                   for name in demo["second"]["made"][part])
    for role in ROLES:
        assert client.login(username=f"demo-{role}", password=PASSWORD), role
        assert Membership.objects.filter(user__username=f"demo-{role}", gemeente__slug=DEMO_SLUG,
                                         role__name=role).exists()


def test_the_plan_is_computed_with_a_gap_and_a_scenario_to_compare(demo, db):
    main = Plan.objects.get(name=demo_plans.MAIN_PLAN)
    scenario = Plan.objects.get(name=demo_plans.SCENARIO_PLAN)
    for plan in (main, scenario):
        assert plan.status == Plan.Status.COMPUTED, plan.error
        assert plan.created_by.username == "demo-beheerder"
        result = plan.result
        assert len(result["cost_per_year"]) == 10
        assert 0 <= result["gap"] < 0.5
        assert result["lower_bound"] <= result["objective"]
        assert plan.items.exists()
        # computed through the declared flow: draft -> computing -> computed, each in the audit log
        actions = list(AuditLogEntry.objects.filter(object_id=str(plan.pk), action__startswith="planning.plan.")
                       .values_list("action", flat=True))
        assert {"planning.plan.computing", "planning.plan.computed"} <= set(actions)
    # the municipality's current budget, and the scenario 20 % below it
    main_budget = main.result["budget_per_year"][0]
    assert main_budget == pytest.approx(planning_config_get(gemeente=main.gemeente)["current_budget"])
    assert scenario.result["budget_per_year"][0] == pytest.approx(main_budget * 0.8, rel=1e-3)
    assert [f["factor"] for f in main.result["frontier"]] == [0.6, 0.8, 1.0, 1.2, 1.4]


def test_one_round_is_done_and_one_is_open(demo, db):
    done = InspectionRound.objects.get(name=DONE_ROUND)
    assert done.status == InspectionRound.Status.DONE
    plots = done.plots.all()
    assert plots.count() == 333 and not plots.exclude(status=Plot.Status.DONE).exists()
    assert PlotScore.objects.filter(plot__round=done).count() == 333 * len(done.aspects)
    assert set(plots.values_list("updated_by__username", flat=True)) == {"demo-inspecteur"}
    assert AuditLogEntry.objects.filter(action="inspections.plot_record", detail__round=DONE_ROUND).count() == 333
    # marked done through the round's declared flow (audited with the old and the new status)
    assert AuditLogEntry.objects.filter(action__startswith="inspections.round", object_id=str(done.pk),
                                        detail__old_status="open", detail__new_status="done").exists()

    open_round = InspectionRound.objects.get(name=OPEN_ROUND)
    assert open_round.status == InspectionRound.Status.OPEN
    counts = {s: open_round.plots.filter(status=s).count() for s in Plot.Status.values}
    assert counts[Plot.Status.SKIPPED] == 2
    assert 0 < counts[Plot.Status.DONE] < counts[Plot.Status.OPEN]


def test_a_tender_at_every_stage(demo, db):
    tenders = {t.title: t for t in Tender.objects.filter(gemeente__slug=DEMO_SLUG)}
    assert tenders[CONCEPT_TITLE].status == Tender.Status.DRAFT
    assert tenders[OPEN_TITLE].status == Tender.Status.PUBLISHED and tenders[OPEN_TITLE].bids.count() == 3
    assessing = tenders[ASSESS_TITLE]
    assert assessing.status == Tender.Status.ASSESSING and assessing.chair.username == "demo-beoordelaar"
    own = Assessment.objects.filter(tender=assessing, assessor__username="demo-beoordelaar")
    assert own.filter(is_draft=False).values("bid").distinct().count() == 1  # one assessment submitted
    assert own.filter(is_draft=True).values("bid").distinct().count() == 1  # one saved unfinished
    assert not tender_evaluation(tender=assessing)["winner"]  # no consensus yet
    awarded = tender_evaluation(tender=tenders[DEMO_TITLE])
    assert awarded["winner"] and not awarded["tie"]


def _ids():
    rounds = dict(InspectionRound.objects.values_list("name", "pk"))
    tenders = dict(Tender.objects.values_list("title", "pk"))
    plans = dict(Plan.objects.values_list("name", "pk"))
    return rounds, tenders, plans


def test_the_tour_pages_answer_for_the_demo_users(demo, as_role):
    rounds, tenders, plans = _ids()
    done, open_round = rounds[DONE_ROUND], rounds[OPEN_ROUND]
    main, scenario = plans[demo_plans.MAIN_PLAN], plans[demo_plans.SCENARIO_PLAN]
    asset = Asset.objects.filter(asset_type__code="tree").order_by("pk").first().pk
    pages = {
        "beheerder": [f"{G}/", f"{G}/kaart/", f"{G}/assets/{asset}/", f"{G}/import/", f"{G}/schouw/",
                      f"{G}/schouw/{done}/uitslag/", f"{G}/conditie/", f"{G}/planning/", f"{G}/planning/{main}/",
                      f"{G}/planning/{scenario}/", f"{G}/planning/vergelijken/?plan={main}&plan={scenario}",
                      f"{G}/planning/risicomodel/"],
        "inspecteur": [f"{G}/schouw/", f"{G}/schouw/{open_round}/invoer/", f"{G}/schouw/{done}/uitslag/"],
        "inkoper": [f"{G}/aanbestedingen/", *(f"{G}/aanbestedingen/{pk}/" for pk in tenders.values()),
                    f"{G}/aanbestedingen/{tenders[DEMO_TITLE]}/rapport",
                    f"{G}/aanbestedingen/{tenders[DEMO_TITLE]}/brieven"],
        "beoordelaar": [f"{G}/aanbestedingen/", f"{G}/aanbestedingen/{tenders[ASSESS_TITLE]}/beoordelen",
                        f"{G}/aanbestedingen/{tenders[DEMO_TITLE]}/beoordelen"],
        "raadpleger": [f"{G}/", f"{G}/schouw/", f"{G}/planning/", f"{G}/planning/{main}/"],
    }
    for role, urls in pages.items():
        client = as_role(role)
        for url in urls:
            assert client.get(url).status_code == 200, (role, url)


def test_what_the_tour_says_is_on_the_pages(demo, as_role):
    rounds, tenders, plans = _ids()
    beheerder = as_role("beheerder")
    listing = beheerder.get(f"{G}/schouw/").content.decode()
    assert DONE_ROUND in listing and OPEN_ROUND in listing
    assert "Afgerond" in listing and "Bezig" in listing
    plan_list = beheerder.get(f"{G}/planning/").content.decode()
    assert demo_plans.MAIN_PLAN in plan_list and demo_plans.SCENARIO_PLAN in plan_list
    compare = beheerder.get(f"{G}/planning/vergelijken/", {"plan": list(plans.values())}).content.decode()
    assert demo_plans.MAIN_PLAN in compare and demo_plans.SCENARIO_PLAN in compare

    entry = as_role("inspecteur").get(f"{G}/schouw/{rounds[OPEN_ROUND]}/invoer/").content.decode()
    assert "Schouwen" in entry or OPEN_ROUND in entry

    tender_list = as_role("inkoper").get(f"{G}/aanbestedingen/").content.decode()
    for title in (CONCEPT_TITLE, OPEN_TITLE, ASSESS_TITLE, DEMO_TITLE):
        assert title in tender_list
    letter = as_role("inkoper").get(
        f"{G}/aanbestedingen/{tenders[DEMO_TITLE]}/brieven/{Bid.objects.filter(tender_id=tenders[DEMO_TITLE]).first().pk}.pdf")
    assert letter.status_code == 200 and letter["Content-Type"] == "application/pdf"

    # an assessor sees only what is in assessment: not the concept nor the open tender
    assessor_list = as_role("beoordelaar").get(f"{G}/aanbestedingen/").content.decode()
    assert ASSESS_TITLE in assessor_list and DEMO_TITLE in assessor_list
    assert CONCEPT_TITLE not in assessor_list and OPEN_TITLE not in assessor_list


def _week_label() -> str:
    year, week, _day = timezone.localdate().isocalendar()
    return f"{year}-W{week:02d}"


def test_mixed_teams_with_what_the_weekly_plan_needs(demo, db):
    workers = Worker.objects.filter(gemeente__slug=DEMO_SLUG)
    assert 25 <= workers.count() <= 35
    assert Team.objects.filter(gemeente__slug=DEMO_SLUG).count() == 3
    assert all(t.areas.exists() and t.workers.exists() for t in Team.objects.filter(gemeente__slug=DEMO_SLUG))
    kinds = set(workers.values_list("organisation__kind", flat=True))
    assert {"municipality", "contractor", "sw_bedrijf", "volunteers"} <= kinds
    assert workers.filter(protected=True).count() >= 5 and workers.filter(may_supervise=True).count() >= 5
    assert workers.filter(learning__isnull=False).distinct().count() >= 5
    assert len({tuple(w.days) for w in workers}) >= 3 and len({w.hours_per_week for w in workers}) >= 3
    today = timezone.localdate()
    certificates = WorkerCertificate.objects.filter(worker__gemeente__slug=DEMO_SLUG)
    assert certificates.filter(valid_until__lt=today).count() == 1  # one expired
    assert certificates.filter(valid_until__gte=today, valid_until__lte=today + datetime.timedelta(days=30)).exists()
    # the catalogue the orders need
    assert Activity.objects.filter(gemeente__slug=DEMO_SLUG, code="boom-snoeien").exists()


def test_work_orders_from_the_plan_the_schouw_and_by_hand(demo, db):
    orders = WorkOrder.objects.filter(gemeente__slug=DEMO_SLUG)
    main = Plan.objects.get(name=demo_plans.MAIN_PLAN)
    from_plan = orders.filter(origin=WorkOrder.Origin.PLAN)
    # a bounded part of the first year (it holds thousands of interventions), made as the plan makes them
    assert 20 <= from_plan.count() <= 100
    assert set(from_plan.values_list("plan", flat=True)) == {main.pk}
    item = PlanItem.objects.filter(plan=main, year=1, asset=from_plan.first().assets.get()).first()
    assert item is not None and from_plan.first().origin_ref == f"plan:{main.pk}:{item.asset_id}:{item.intervention}"
    done_round = InspectionRound.objects.get(name=DONE_ROUND)
    from_schouw = orders.filter(origin=WorkOrder.Origin.SCHOUW)
    assert from_schouw.exists() and not from_schouw.exclude(plot__round=done_round).exists()
    assert orders.filter(origin=WorkOrder.Origin.HAND).count() >= 3
    assert orders.filter(origin=WorkOrder.Origin.MELDING).count() == 1
    assert orders.filter(origin=WorkOrder.Origin.HAND, deadline__lt=timezone.localdate(),
                         status__in=OPEN_STATUSES).exists()  # an overdue one for the insight page


def test_the_week_is_planned_and_orders_are_at_every_later_status(demo, db):
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    week = WorkAssignment.objects.filter(order__gemeente__slug=DEMO_SLUG,
                                         day__range=(monday, monday + datetime.timedelta(days=6)))
    assert week.values("order").distinct().count() >= 50
    assert AuditLogEntry.objects.filter(action="work.weekplan.compute", object_id=_week_label()).count() == 1
    orders = WorkOrder.objects.filter(gemeente__slug=DEMO_SLUG)
    counts = {s: orders.filter(status=s).count() for s in WorkOrder.Status.values}
    assert counts["gepland"] >= 50 and counts["nieuw"] >= 1  # some could not be placed
    assert counts["in_uitvoering"] >= 1 and counts["gereed"] >= 1 and counts["gecontroleerd"] >= 1
    assert counts["afgekeurd"] == 1 and counts["vervallen"] == 1
    # every change went through the declared flow: the history has each step, with the reasons
    rejected = orders.get(status=WorkOrder.Status.REJECTED)
    assert rejected.events.filter(to_status="afgekeurd", reason=demo_work.REJECT_REASON).exists()
    assert list(rejected.events.values_list("to_status", flat=True)) == [
        "nieuw", "gepland", "in_uitvoering", "gereed", "afgekeurd"]
    assert orders.get(status=WorkOrder.Status.CANCELLED).events.filter(reason=demo_work.CANCEL_REASON).exists()
    # completed with hours per person, and for asset work a new condition through the asset register
    finished = orders.filter(status__in=(WorkOrder.Status.DONE, WorkOrder.Status.CHECKED))
    assert all(o.worked_hours.exists() for o in finished)
    with_condition = WorkCompletion.objects.filter(order__in=finished, condition__isnull=False).first()
    assert with_condition is not None
    asset = with_condition.order.assets.first()
    assert asset.condition == with_condition.condition
    assert AssetHistory.objects.filter(asset=asset, source=f"werkorder {with_condition.order.code}").exists()


def test_the_work_pages_answer_per_the_role_table(demo, as_role):
    orders = WorkOrder.objects.filter(gemeente__slug=DEMO_SLUG)
    done = orders.filter(status=WorkOrder.Status.DONE).first().code
    planned = orders.filter(status=WorkOrder.Status.PLANNED).first().code
    week = _week_label()
    pages = [f"{G}/werkorders/", f"{G}/werkorders/{done}/", f"{G}/werkorders/{planned}/",
             f"{G}/uitvoering/weekplanning/{week}/", f"{G}/uitvoering/inzicht/", f"{G}/uitvoering/medewerkers/",
             f"{G}/uitvoering/teams/", f"{G}/uitvoering/catalogus/"]
    for role in ("uitvoerder", "beheerder"):
        client = as_role(role)
        for url in pages:
            assert client.get(url).status_code == 200, (role, url)
        assert client.get(f"{G}/uitvoering/weekplanning/").status_code == 302  # to this week
        board = client.get(f"{G}/uitvoering/weekplanning/{week}/").content.decode()
        assert planned in board and "NEN 3140" in board  # assignments, and an order left out with its reason
    assert f'href="{G}/werkorders/"' in as_role("uitvoerder").get(f"{G}/").content.decode()  # in the menu
    assessor = as_role("beoordelaar")
    for url in pages:
        assert assessor.get(url).status_code == 403, url
    menu = assessor.get(f"{G}/aanbestedingen/").content.decode()
    assert f'href="{G}/werkorders/"' not in menu  # no execution in the assessor's menu
    assert as_role("raadpleger").get(f"{G}/werkorders/{done}/").status_code == 200  # viewing only


def test_a_start_in_a_later_week_plans_that_week_once(demo, db, monkeypatch):
    later = timezone.localdate() + datetime.timedelta(days=7)
    monkeypatch.setattr(demo_work.timezone, "localdate", lambda: later)
    said: list[str] = []
    assert demo_work.demo_work_ensure(gemeente=Gemeente.objects.get(slug=DEMO_SLUG), say=said.append) == {
        "work": False, "week": True}
    year, week, _day = later.isocalendar()
    assert f"{year}-W{week:02d}" in said[0]
    before = _state()
    assert demo_work.demo_work_ensure(gemeente=Gemeente.objects.get(slug=DEMO_SLUG), say=said.append) == {
        "work": False, "week": False}
    assert _state() == before
