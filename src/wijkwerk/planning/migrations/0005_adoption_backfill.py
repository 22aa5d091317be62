# Plans adopted before 0004: who handed the first year over and when comes from the audit record of
# the status change (planning.plan.adopted), how many interventions from the work handed over.
# A migration of its own: the data is written after 0004 changed the table (PostgreSQL).

from django.db import migrations
from django.db.models import Count


def forward(apps, schema_editor):
    Plan = apps.get_model("planning", "Plan")
    AuditLogEntry = apps.get_model("core", "AuditLogEntry")
    adopted = Plan.objects.filter(status__in=["adopted", "archived"], adopted_at__isnull=True)
    for plan in adopted.annotate(work=Count("planned_work")).iterator():
        entry = (AuditLogEntry.objects.filter(action="planning.plan.adopted", object_type="planning.plan",
                                              object_id=str(plan.pk)).order_by("-at").first())
        if entry is None and not plan.work:
            continue  # archived without ever being handed over
        Plan.objects.filter(pk=plan.pk).update(
            adopted_at=entry.at if entry else None, adopted_by_id=entry.actor_id if entry else None,
            adopted_count=(entry.detail or {}).get("work_items", plan.work) if entry else plan.work)


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0004_hash_plain_text_tokens"),
        ("planning", "0004_adoption_and_exports"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
