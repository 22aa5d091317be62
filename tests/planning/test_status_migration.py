"""The data migration of plan statuses (planning 0002, 0003): old rows get the declared states."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from wijkwerk.assets.services import asset_types_sync

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("planning", "0001_initial")]
AFTER = [("planning", "0003_plan_status_known")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


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

        back = migrate(BEFORE)
        statuses = dict(back.get_model("planning", "Plan").objects.values_list("name", "status"))
        assert statuses == {"queued": "queued", "running": "failed", "done": "done", "failed": "failed",
                            "doorgezet": "done"}
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
