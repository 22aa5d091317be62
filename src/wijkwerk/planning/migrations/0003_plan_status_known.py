# The check constraint in a migration of its own: on PostgreSQL the table cannot be altered in the
# transaction that just updated its rows (0002's data migration).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('planning', '0002_plan_states'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='plan',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['draft', 'computing', 'computed', 'adopted', 'archived', 'failed'])), name='plan_status_known'),
        ),
    ]
