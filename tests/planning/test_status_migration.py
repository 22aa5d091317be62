"""The data migrations of plans: old statuses get the declared states (planning 0002, 0003), and a plan
handed over before 0004 says how many interventions were handed over (0005)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from wijkwerk.assets.services import asset_types_sync

pytestmark = pytest.mark.django_db(transaction=True)



def _with_other_apps_at_their_latest(targets):
    """The targets plus every other app at its newest migration: only planning moves back and forth
    (the historical models of the other apps then match their tables), and the work app, built on the
    plans, is not there yet (nor people, built on work) (its orders from handed-over work are tested in tests/work)."""
    executor = MigrationExecutor(connection)
    leaves = [node for node in executor.loader.graph.leaf_nodes() if node[0] not in ("planning", "work", "people")]
    return [*targets, *leaves, ("people", None), ("work", None)]


BEFORE = [("planning", "0001_initial")]
AFTER = [("planning", "0005_adoption_backfill")]


def migrate(targets):
    targets = _with_other_apps_at_their_latest(targets)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def test_old_statuses_become_declared_states_and_back():
    asset_types_sync()
    old = migrate(BEFORE)
    try:
        gemeente = old.get_model("municipalities", "Gemeente").objects.create(slug="oud", name="Oud")
        asset = old.get_model("assets", "Asset").objects.create(
            gemeente=gemeente, asset_type=old.get_model("assets", "AssetType").objects.get(code="bench"),
            external_id="B1", geometry={"type": "Point", "coordinates": [5.1, 52.1]}, lon=5.1, lat=52.1, x=0, y=0,
            min_lon=5.1, min_lat=52.1, max_lon=5.1, max_lat=52.1)
        plan_model = old.get_model("planning", "Plan")
        ids = {status: plan_model.objects.create(gemeente=gemeente, name=status, status=status).pk
               for status in ("queued", "running", "done", "failed")}
        handed = plan_model.objects.create(gemeente=gemeente, name="doorgezet", status="done")
        old.get_model("planning", "PlannedWork").objects.create(gemeente=gemeente, plan=handed, asset=asset, year=1,
                                                                 intervention="small", cost=10.0)

        new = migrate(AFTER)
        plans = new.get_model("planning", "Plan").objects
        assert plans.get(pk=ids["queued"]).status == "draft"
        assert plans.get(pk=ids["done"]).status == "computed"
        assert plans.get(pk=ids["failed"]).status == "failed"
        interrupted = plans.get(pk=ids["running"])
        assert interrupted.status == "failed" and "bereken het plan opnieuw" in interrupted.error
        assert plans.get(pk=handed.pk).status == "adopted"
        assert plans.get(pk=handed.pk).adopted_count == 1  # no audit record: the work handed over counts
        assert plans.get(pk=ids["done"]).adopted_count is None

        back = migrate(BEFORE)
        statuses = dict(back.get_model("planning", "Plan").objects.values_list("name", "status"))
        assert statuses == {"queued": "queued", "running": "failed", "done": "done", "failed": "failed",
                            "doorgezet": "done"}
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
