"""The plan's first year becomes work: adopting a plan (page or API) makes its work orders in the same
transaction (planning.signals.plan_adopted, docs/adr/0006), and work handed over before work orders existed
(planning's PlannedWork, work 0003) became orders without losing a row."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.assets.worlds import make_world
from tests.planning.helpers import council_plan
from wijkwerk.assets.services import asset_types_sync
from wijkwerk.core.states import TransitionRefused
from wijkwerk.planning import services as planning_services
from wijkwerk.planning.models import Plan
from wijkwerk.work.models import Activity, WorkOrder


@pytest.mark.django_db
def test_adopting_on_the_page_makes_the_first_year_work_orders(client):
    world = make_world()
    assert not Activity.objects.filter(gemeente=world.gemeente).exists()  # a municipality without a catalogue
    plan = council_plan(world)
    client.force_login(world.beheerder)
    slug = world.gemeente.slug
    html = client.post(f"/g/{slug}/planning/{plan.pk}/doorzetten", follow=True).content.decode()
    assert "3 maatregelen van het eerste jaar staan als werkorders klaar voor de uitvoering" in html
    assert f'href="/g/{slug}/werkorders/?origin=plan"' in html
    orders = WorkOrder.objects.filter(gemeente=world.gemeente, plan=plan).order_by("code")
    assert orders.count() == 3
    assert {o.status for o in orders} == {WorkOrder.Status.NEW}
    assert all(o.code.startswith("PL-2026-") and o.deadline.isoformat() == "2026-12-31" for o in orders)
    assert {a.external_id for o in orders for a in o.assets.all()} == {
        world.tree.external_id, world.light.external_id, world.outside_bench.external_id}
    assert all(o.events.filter(to_status=WorkOrder.Status.NEW).exists() for o in orders)
    listing = client.get(f"/g/{slug}/werkorders/?origin=plan").content.decode()
    assert orders[0].code in listing

    with pytest.raises(TransitionRefused, match="al doorgezet"):  # a second time: nothing twice
        planning_services.plan_adopt(plan=plan, actor=world.beheerder)
    assert WorkOrder.objects.filter(plan=plan).count() == 3


@pytest.mark.django_db
def test_a_refusal_in_execution_undoes_the_adoption(monkeypatch):
    world = make_world()
    plan = council_plan(world)

    def broken(*args, **kwargs):
        raise RuntimeError("execution down")

    monkeypatch.setattr("wijkwerk.work.receivers.orders_from_plan", broken)
    with pytest.raises(RuntimeError):
        planning_services.plan_adopt(plan=plan, actor=world.beheerder)
    plan.refresh_from_db()
    assert plan.status == Plan.Status.COMPUTED and plan.adopted_count is None
    assert not WorkOrder.objects.exists()


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


@pytest.mark.django_db(transaction=True)
def test_work_handed_over_before_work_orders_becomes_orders():
    asset_types_sync()
    executor = MigrationExecutor(connection)
    others = [n for n in executor.loader.graph.leaf_nodes() if n[0] not in ("planning", "work", "people")]
    old = _migrate([*others, ("people", None), ("planning", "0005_adoption_backfill"),
                    ("work", "0002_default_catalogue")])
    try:
        gemeente = old.get_model("municipalities", "Gemeente").objects.create(slug="oud", name="Oud")
        asset_type = old.get_model("assets", "AssetType").objects.get(code="bench")
        assets = [old.get_model("assets", "Asset").objects.create(
            gemeente=gemeente, asset_type=asset_type, external_id=f"B{i}", geometry={"type": "Point",
            "coordinates": [5.1, 52.1]}, lon=5.1, lat=52.1, x=0, y=0, min_lon=5.1, min_lat=52.1, max_lon=5.1,
            max_lat=52.1) for i in range(3)]
        plan = old.get_model("planning", "Plan").objects.create(
            gemeente=gemeente, name="doorgezet", status="adopted", adopted_count=3, result={"start_year": 2025})
        work = old.get_model("planning", "PlannedWork").objects
        work.create(gemeente=gemeente, plan=plan, asset=assets[0], year=1, intervention="small", cost=10.0)
        work.create(gemeente=gemeente, plan=plan, asset=assets[1], year=1, intervention="replace", cost=900.0)
        work.create(gemeente=gemeente, plan=plan, asset=assets[2], year=1, intervention="odd", cost=5.0,
                    status="gedaan")

        new = _migrate(executor.loader.graph.leaf_nodes())
        orders = new.get_model("work", "WorkOrder").objects.filter(gemeente_id=gemeente.pk).order_by("code")
        assert [o.code for o in orders] == ["PL-2025-00001", "PL-2025-00002", "PL-2025-00003"]
        assert sorted(o.status for o in orders) == ["gereed", "nieuw", "nieuw"]  # nothing lost, 'gedaan' kept
        assert {o.origin_ref for o in orders} == {f"plan:{plan.pk}:{a.pk}:{i}" for a, i in
                                                  zip(assets, ("small", "replace", "odd"), strict=True)}
        odd = orders.get(origin_ref__endswith=":odd")
        assert odd.activity.code == "mjop-odd"  # an intervention no activity knows gets its own
        events = new.get_model("work", "WorkOrderEvent").objects.filter(order__in=orders)
        assert events.count() == 3 and all("eerder naar de uitvoering" in e.reason for e in events)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
