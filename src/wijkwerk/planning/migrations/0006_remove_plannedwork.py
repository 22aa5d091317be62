"""PlannedWork is retired: the work app turned its rows into work orders (work 0003) first."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0005_adoption_backfill"),
        ("work", "0003_orders_from_planned_work"),
    ]

    operations = [migrations.DeleteModel(name="PlannedWork")]
