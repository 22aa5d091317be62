# Every audit entry has its place in the chain (0006): seq and hash are required, seq is unique.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0006_audit_chain_backfill'),
    ]

    operations = [
        migrations.AlterField(
            model_name='auditlogentry',
            name='hash',
            field=models.CharField(max_length=64),
        ),
        migrations.AlterField(
            model_name='auditlogentry',
            name='seq',
            field=models.PositiveBigIntegerField(unique=True),
        ),
    ]
