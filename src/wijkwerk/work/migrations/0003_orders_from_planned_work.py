"""Work handed to execution before work orders existed (planning's PlannedWork, removed by planning 0006)
becomes work orders of origin 'plan', as `sources.orders_from_plan` would have made them: the catalogue's
activity for the asset's type and the intervention (else a generic one, else an activity made for it),
the end of that plan year as deadline, and a first line in each order's history. Nothing is lost: 'gedaan'
becomes gereed."""

import datetime
from decimal import Decimal

from django.db import migrations

PREFIX = "PL"


def _activity(Activity, gemeente_id, cache, type_code, intervention):
    key = (type_code, intervention)
    if key in cache:
        return cache[key]
    specific = generic = None
    for activity in Activity.objects.filter(gemeente_id=gemeente_id, active=True).order_by("code"):
        if intervention in (activity.interventions or []):
            if activity.asset_types and type_code in activity.asset_types and specific is None:
                specific = activity
            elif not activity.asset_types and generic is None:
                generic = activity
    found = specific or generic
    if found is None:
        found, _ = Activity.objects.get_or_create(
            gemeente_id=gemeente_id, code=f"mjop-{intervention}"[:50],
            defaults={"name": f"Maatregel uit het meerjarenplan ({intervention})", "unit": "st",
                      "norm_hours": Decimal("1"), "interventions": [intervention]})
    cache[key] = found
    return found


def forwards(apps, schema_editor):
    PlannedWork = apps.get_model("planning", "PlannedWork")
    Activity = apps.get_model("work", "Activity")
    WorkOrder = apps.get_model("work", "WorkOrder")
    WorkOrderEvent = apps.get_model("work", "WorkOrderEvent")
    for gemeente_id in PlannedWork.objects.values_list("gemeente_id", flat=True).distinct().order_by("gemeente_id"):
        cache: dict = {}
        numbers: dict[int, int] = {}
        for work in (PlannedWork.objects.filter(gemeente_id=gemeente_id)
                     .select_related("plan", "asset", "asset__asset_type").order_by("plan_id", "asset_id", "id")):
            ref = f"plan:{work.plan_id}:{work.asset_id}:{work.intervention}"
            if WorkOrder.objects.filter(gemeente_id=gemeente_id, origin="plan", origin_ref=ref).exists():
                continue
            asset, plan = work.asset, work.plan
            start = int((plan.result or {}).get("start_year") or plan.created.year)
            year = start + work.year - 1
            if year not in numbers:
                prefix = f"{PREFIX}-{year}-"
                tails = [c[len(prefix):] for c in WorkOrder.objects.filter(
                    gemeente_id=gemeente_id, code__startswith=prefix).values_list("code", flat=True)]
                numbers[year] = max([int(t) for t in tails if t.isdigit()] or [0])
            numbers[year] += 1
            activity = _activity(Activity, gemeente_id, cache, asset.asset_type.code, work.intervention)
            quantity = Decimal(str(asset.quantity)) if (asset.unit or "st") == activity.unit else Decimal("1")
            status = "nieuw" if work.status == "te_doen" else "gereed"
            order = WorkOrder.objects.create(
                gemeente_id=gemeente_id, code=f"{PREFIX}-{year}-{numbers[year]:05d}", activity=activity,
                description=f"{plan.name} ({year})"[:255], lat=asset.lat, lon=asset.lon, buurt_id=asset.buurt_id,
                wijk_id=asset.wijk_id, quantity=quantity, hours=(quantity * activity.norm_hours).quantize(Decimal("0.01")),
                deadline=datetime.date(year, 12, 31), origin="plan", origin_ref=ref, plan_id=plan.pk, year=year,
                status=status)
            order.assets.add(asset)
            WorkOrderEvent.objects.create(
                order=order, actor_label="migratie", from_status="", to_status=status,
                reason="Overgenomen uit het eerste planjaar dat eerder naar de uitvoering was doorgezet.",
                detail={"migrated_from": "planning.PlannedWork", "id": work.pk, "cost": work.cost})


class Migration(migrations.Migration):
    dependencies = [
        ("work", "0002_default_catalogue"),
        ("planning", "0005_adoption_backfill"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
