"""Where orders come from: the plan's first year, schouw plots below their target (and the
re-inspection that closes them), residents' reports; each made once."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.areas.factories import make_area
from tests.assets.factories import AssetFactory
from tests.inspections.factories import InspectionRoundFactory, PlotFactory, QualityCatalogueFactory
from tests.municipalities.factories import GemeenteFactory
from tests.planning.factories import PlanFactory
from tests.work.factories import ActivityFactory
from wijkwerk.inspections.models import PlotScore
from wijkwerk.inspections.quality.plots import plot_record
from wijkwerk.planning.models import PlanItem
from wijkwerk.work.catalogue import catalogue_defaults_ensure
from wijkwerk.work.models import WorkOrder
from wijkwerk.work.services import order_transition
from wijkwerk.work.sources import order_from_report, orders_from_plan, orders_from_schouw, schouw_orders_close

pytestmark = pytest.mark.django_db


def _round_with_scores(gemeente, scores: list[tuple[str, str, str]]):
    """A round with plots (code, aspect, level); the default area type: target B."""
    QualityCatalogueFactory(gemeente=gemeente)
    rnd = InspectionRoundFactory(gemeente=gemeente, aspects=["onkruid-verharding", "gras", "zwerfafval-grof"])
    noord = make_area(gemeente, "buurt", "B01", name="Noord")
    zuid = make_area(gemeente, "buurt", "B02", name="Zuid")
    plots = {}
    for i, (code, aspect, level) in enumerate(scores):
        if code not in plots:
            plots[code] = PlotFactory(round=rnd, code=code, buurt=noord if code.startswith("N") else zuid,
                                      lon=5.10 + i * 0.001, lat=52.10, status="done")
        PlotScore.objects.create(plot=plots[code], aspect_code=aspect, level=level)
    return rnd, plots


def test_one_order_per_plot_and_aspect_below_target_grouped_per_buurt_and_made_once():
    gemeente = GemeenteFactory()
    catalogue_defaults_ensure(gemeente=gemeente)
    rnd, _plots = _round_with_scores(gemeente, [
        ("N1", "onkruid-verharding", "C"), ("N1", "gras", "B"), ("N2", "gras", "D"), ("Z1", "zwerfafval-grof", "A"),
        ("Z2", "zwerfafval-grof", "C")])
    result = orders_from_schouw(round=rnd)
    assert result["created"] == 3
    assert {(b["buurt"], b["orders"]) for b in result["buurten"]} == {("B01", 2), ("B02", 1)}
    orders = {o.aspect_code: o for o in WorkOrder.objects.filter(origin="schouw")}
    assert orders["onkruid-verharding"].activity.code == "onkruid-verharding"
    assert orders["onkruid-verharding"].hours == Decimal("1.00")  # 100 m2 x 0.01 h
    assert orders["gras"].priority == WorkOrder.Priority.HIGH  # D is two levels below B
    assert orders["zwerfafval-grof"].buurt.code == "B02"
    assert orders_from_schouw(round=rnd)["created"] == 0


def test_an_aspect_without_an_activity_is_reported_not_guessed():
    gemeente = GemeenteFactory()
    rnd, _plots = _round_with_scores(gemeente, [("N1", "gras", "D")])
    result = orders_from_schouw(round=rnd)
    assert result["created"] == 0 and result["without_activity"] == ["gras"]


def test_a_reinspection_that_meets_the_target_closes_the_order_one_that_does_not_leaves_it():
    gemeente = GemeenteFactory()
    catalogue_defaults_ensure(gemeente=gemeente)
    rnd, plots = _round_with_scores(gemeente, [("N1", "onkruid-verharding", "C"), ("N2", "onkruid-verharding", "D")])
    orders_from_schouw(round=rnd)
    first = WorkOrder.objects.get(plot=plots["N1"])
    second = WorkOrder.objects.get(plot=plots["N2"])
    order_transition(order=first, to=WorkOrder.Status.PLANNED)
    order_transition(order=first, to=WorkOrder.Status.IN_PROGRESS)
    order_transition(order=first, to=WorkOrder.Status.DONE)
    # recording the re-inspection closes the order at once (inspections.signals.plot_recorded)
    plot_record(plot=plots["N1"], scores={"onkruid-verharding": {"value": 1}})  # 1 % -> A
    plot_record(plot=plots["N2"], scores={"onkruid-verharding": {"value": 6}})  # 6 % -> C, still below B
    assert schouw_orders_close(gemeente=gemeente) == []  # nothing left to close
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == WorkOrder.Status.CHECKED and second.status == WorkOrder.Status.NEW
    assert "streefniveau B gehaald" in first.events.last().reason


def test_a_later_round_at_the_same_place_cancels_an_order_not_started():
    gemeente = GemeenteFactory()
    catalogue_defaults_ensure(gemeente=gemeente)
    rnd, plots = _round_with_scores(gemeente, [("N1", "gras", "C")])
    orders_from_schouw(round=rnd)
    later = InspectionRoundFactory(gemeente=gemeente, aspects=["gras"])
    near = PlotFactory(round=later, code="X1", lon=plots["N1"].lon + 0.00005, lat=plots["N1"].lat, status="done")
    PlotScore.objects.create(plot=near, aspect_code="gras", level="A")
    result = orders_from_schouw(round=later)
    order = WorkOrder.objects.get(plot=plots["N1"])
    assert result["closed"] == [order.code] and order.status == WorkOrder.Status.CANCELLED


def test_the_plans_first_year_becomes_orders_with_the_catalogues_activity_once():
    gemeente = GemeenteFactory()
    catalogue_defaults_ensure(gemeente=gemeente)
    plan = PlanFactory(gemeente=gemeente, computed=True)
    tree = AssetFactory(gemeente=gemeente, type_code="tree")
    paving = AssetFactory(gemeente=gemeente, type_code="paving", quantity=Decimal("40"), unit="m2")
    bench = AssetFactory(gemeente=gemeente, type_code="bench")
    PlanItem.objects.create(plan=plan, asset=tree, year=1, intervention="small", cost=100)
    PlanItem.objects.create(plan=plan, asset=paving, year=1, intervention="replace", cost=4000)
    PlanItem.objects.create(plan=plan, asset=bench, year=2, intervention="replace", cost=900)
    result = orders_from_plan(plan=plan, year=1)
    assert result == {"created": 2, "existing": 0, "without_activity": {}, "year": 2026}
    by_asset = {o.assets.get(): o for o in WorkOrder.objects.filter(origin="plan")}
    assert by_asset[tree].activity.code == "boom-snoeien"
    assert by_asset[paving].activity.code == "bestrating-vervangen"
    assert by_asset[paving].hours == Decimal("40.00")  # 40 m2 x 1 h
    assert by_asset[paving].deadline.isoformat() == "2026-12-31" and by_asset[paving].year == 2026
    assert orders_from_plan(plan=plan, year=1)["created"] == 0


def test_a_plan_not_computed_gives_no_orders():
    with pytest.raises(ValidationError, match="berekend"):
        orders_from_plan(plan=PlanFactory(), year=1)


def test_a_residents_report_becomes_one_order():
    gemeente = GemeenteFactory()
    activity = ActivityFactory(gemeente=gemeente)
    order, created = order_from_report(gemeente=gemeente, report_ref="M-123", activity=activity, lat=52.09, lon=5.12)
    again, created_again = order_from_report(gemeente=gemeente, report_ref="M-123", activity=activity, lat=52.09,
                                             lon=5.12)
    assert created and not created_again and order == again
    assert order.origin == "melding" and order.origin_ref == "melding:M-123" and order.code.startswith("ME-")
