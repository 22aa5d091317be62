"""Work orders: created with hours from the norm, status changes only as the flow allows, every
change appended to the history; the weekly plan's assignments replaced all or nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.assets.factories import AssetFactory
from tests.municipalities.factories import GemeenteFactory, UserFactory
from tests.work.factories import ActivityFactory, WorkerFactory, WorkOrderFactory
from wijkwerk.core.models import AuditLogEntry
from wijkwerk.work.models import WorkAssignment, WorkOrder, WorkOrderEvent
from wijkwerk.work.services import (
    AssignmentSpec,
    OrderSpec,
    TransitionRefused,
    assignments_replace,
    order_create,
    order_transition,
    orders_create,
)

pytestmark = pytest.mark.django_db
MONDAY = datetime.date(2026, 6, 1)


def test_hours_are_quantity_times_norm_unless_given_and_the_first_line_of_history_is_written():
    gemeente = GemeenteFactory()
    activity = ActivityFactory(gemeente=gemeente, norm_hours=Decimal("0.25"))
    user = UserFactory()
    order = order_create(gemeente=gemeente, spec=OrderSpec(activity=activity, quantity=10, lat=52.09, lon=5.12),
                         actor=user)
    given = order_create(gemeente=gemeente, spec=OrderSpec(activity=activity, quantity=10, hours="1,5",
                                                           lat=52.09, lon=5.12))
    assert order.hours == Decimal("2.50") and given.hours == Decimal("1.50")
    assert order.code.startswith("WO-") and order.code != given.code
    assert order.status == WorkOrder.Status.NEW
    first = order.events.get()
    assert first.to_status == "nieuw" and first.actor_label == user.username


def test_negative_hours_another_municipalitys_asset_or_a_duplicate_code_save_nothing():
    gemeente, other = GemeenteFactory(), GemeenteFactory()
    activity = ActivityFactory(gemeente=gemeente)
    foreign = AssetFactory(gemeente=other)
    with pytest.raises(ValidationError, match="negatief"):
        order_create(gemeente=gemeente, spec=OrderSpec(activity=activity, hours="-2", lat=52.09, lon=5.12))
    with pytest.raises(ValidationError, match="andere gemeente"):
        order_create(gemeente=gemeente, spec=OrderSpec(activity=activity, assets=[foreign]))
    with pytest.raises(ValidationError, match="twee keer"):
        orders_create(gemeente=gemeente, specs=[OrderSpec(activity=activity, code="A1", lat=52.09, lon=5.12),
                                                OrderSpec(activity=activity, code="A1", lat=52.09, lon=5.12)])
    assert not WorkOrder.objects.exists()


def test_the_location_comes_from_the_asset_and_so_do_buurt_and_wijk():
    gemeente = GemeenteFactory()
    asset = AssetFactory(gemeente=gemeente, lon=5.2, lat=52.2)
    order = order_create(gemeente=gemeente, spec=OrderSpec(activity=ActivityFactory(gemeente=gemeente),
                                                           assets=[asset]))
    assert (order.lat, order.lon) == (52.2, 5.2)
    assert list(order.assets.all()) == [asset]


def test_a_status_change_the_flow_does_not_allow_is_refused_in_dutch_and_nothing_changes():
    order = WorkOrderFactory()
    with pytest.raises(TransitionRefused, match="kan niet overgaan in ‘Gereed’"):
        order_transition(order=order, to=WorkOrder.Status.DONE)
    order.refresh_from_db()
    assert order.status == WorkOrder.Status.NEW and not order.events.exists()


def test_rejecting_needs_a_reason_and_goes_back_to_planned_every_step_in_the_history():
    order = WorkOrderFactory(status=WorkOrder.Status.DONE)
    user = UserFactory()
    with pytest.raises(TransitionRefused, match="reden"):
        order_transition(order=order, to=WorkOrder.Status.REJECTED, actor=user)
    order_transition(order=order, to=WorkOrder.Status.REJECTED, actor=user, reason="Niet alle hagen geknipt")
    order_transition(order=order, to=WorkOrder.Status.PLANNED, actor=user)
    steps = list(order.events.values_list("from_status", "to_status", "reason"))
    assert steps == [("gereed", "afgekeurd", "Niet alle hagen geknipt"), ("afgekeurd", "gepland", "")]
    assert AuditLogEntry.objects.filter(action="work.order.afgekeurd").exists()


def test_history_lines_cannot_be_edited():
    order = WorkOrderFactory()
    order_transition(order=order, to=WorkOrder.Status.PLANNED)
    event = WorkOrderEvent.objects.get(order=order)
    event.reason = "achteraf"
    with pytest.raises(ValueError):
        event.save()


def test_assignments_plan_the_orders_and_a_new_plan_of_the_week_unplans_what_it_drops():
    gemeente = GemeenteFactory()
    first, second = WorkOrderFactory(gemeente=gemeente), WorkOrderFactory(gemeente=gemeente)
    anna, bert = WorkerFactory(gemeente=gemeente), WorkerFactory(gemeente=gemeente)
    tuesday = MONDAY + datetime.timedelta(days=1)
    result = assignments_replace(gemeente=gemeente, week=MONDAY, assignments=[
        AssignmentSpec(first.pk, anna.pk, tuesday, 2), AssignmentSpec(first.pk, bert.pk, tuesday, 2),
        AssignmentSpec(second.pk, anna.pk, MONDAY, 1)])
    assert result.created == 3 and sorted(result.planned) == sorted([first.code, second.code])
    first.refresh_from_db()
    assert first.status == WorkOrder.Status.PLANNED and first.planned_day == tuesday
    result = assignments_replace(gemeente=gemeente, week=MONDAY + datetime.timedelta(days=3), assignments=[
        AssignmentSpec(first.pk, anna.pk, MONDAY, Decimal("4"))])
    assert result.removed == 3 and result.unplanned == [second.code]
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.status == WorkOrder.Status.NEW and second.planned_day is None
    assert first.planned_day == MONDAY
    assert list(WorkAssignment.objects.values_list("worker__name", flat=True)) == [anna.name]
    assert [(e.from_status, e.to_status) for e in second.events.all()] == [("nieuw", "gepland"), ("gepland", "nieuw")]
    assert [e.detail for e in first.events.all()][-1] == {"planned_day": MONDAY.isoformat(),
                                                           "previous_day": tuesday.isoformat()}
    audit = AuditLogEntry.objects.get(action="work.order.nieuw")
    assert audit.detail["orders"] == [[second.code, "gepland", "nieuw"]]


@pytest.mark.parametrize("bad, message", [
    ("two_days", "op twee dagen"), ("outside_week", "buiten de week"), ("too_many_hours", "hoogstens 8"),
    ("other_gemeente", "bestaat niet in deze gemeente"), ("finished", "niet meer worden ingepland"),
])
def test_bad_assignments_are_refused_and_nothing_is_written(bad, message):
    gemeente = GemeenteFactory()
    order = WorkOrderFactory(gemeente=gemeente)
    anna, bert = WorkerFactory(gemeente=gemeente), WorkerFactory(gemeente=gemeente)
    specs = [AssignmentSpec(order.pk, anna.pk, MONDAY, 2)]
    if bad == "two_days":
        specs.append(AssignmentSpec(order.pk, bert.pk, MONDAY + datetime.timedelta(days=1), 2))
    elif bad == "outside_week":
        specs = [AssignmentSpec(order.pk, anna.pk, MONDAY + datetime.timedelta(days=7), 2)]
    elif bad == "too_many_hours":
        specs = [AssignmentSpec(order.pk, anna.pk, MONDAY, 9)]
    elif bad == "other_gemeente":
        specs = [AssignmentSpec(order.pk, WorkerFactory().pk, MONDAY, 2)]
    elif bad == "finished":
        WorkOrder.objects.filter(pk=order.pk).update(status=WorkOrder.Status.DONE)
    with pytest.raises(ValidationError, match=message):
        assignments_replace(gemeente=gemeente, week=MONDAY, assignments=specs)
    assert not WorkAssignment.objects.exists()
