# Adds who handed the first year over, when and how many interventions (plan page: "Doorgezet op"),
# and the files (Excel, PDF) made by a task.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('planning', '0003_plan_status_known'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='plan',
            name='adopted_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='doorgezet op'),
        ),
        migrations.AddField(
            model_name='plan',
            name='adopted_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='plan',
            name='adopted_count',
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name='maatregelen doorgezet'),
        ),
        migrations.CreateModel(
            name='PlanExport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('format', models.CharField(choices=[('xlsx', 'Excel'), ('pdf', 'PDF')], max_length=10)),
                ('language', models.CharField(max_length=10)),
                ('status', models.CharField(choices=[('queued', 'Wacht'), ('running', 'Wordt gemaakt'), ('done', 'Klaar'), ('failed', 'Mislukt')], default='queued', max_length=20)),
                ('file_path', models.CharField(blank=True, max_length=500)),
                ('size', models.PositiveBigIntegerField(blank=True, null=True)),
                ('error', models.TextField(blank=True)),
                ('created', models.DateTimeField(auto_now_add=True)),
                ('finished', models.DateTimeField(blank=True, null=True)),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='exports', to='planning.plan')),
            ],
            options={
                'ordering': ['-created', '-id'],
                'constraints': [models.CheckConstraint(condition=models.Q(('status__in', ['queued', 'running', 'done', 'failed'])), name='planexport_status_known')],
            },
        ),
    ]
