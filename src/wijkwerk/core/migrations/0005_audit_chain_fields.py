# The audit log becomes a hash chain (core/audit_chain.py): a sequence number and a hash per entry
# (filled in by 0006, required from 0007), the chain's head, and entries that stay as they are when a
# user or municipality is deleted (no foreign-key constraint, nothing set to NULL).

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0004_hash_plain_text_tokens'),
        ('municipalities', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AuditChainHead',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('seq', models.PositiveBigIntegerField(default=0)),
                ('hash', models.CharField(max_length=64)),
            ],
            options={
                'verbose_name': 'einde van de auditketen',
            },
        ),
        migrations.AddField(
            model_name='auditlogentry',
            name='hash',
            field=models.CharField(max_length=64, null=True),
        ),
        migrations.AddField(
            model_name='auditlogentry',
            name='seq',
            field=models.PositiveBigIntegerField(null=True),
        ),
        migrations.AlterField(
            model_name='auditlogentry',
            name='actor',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name='auditlogentry',
            name='at',
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now),
        ),
        migrations.AlterField(
            model_name='auditlogentry',
            name='gemeente',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='municipalities.gemeente'),
        ),
    ]
