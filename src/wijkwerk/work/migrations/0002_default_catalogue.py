"""Existing municipalities get the default activity catalogue (new ones get it from
onboarding.services.gemeente_setup)."""

from django.db import migrations

from wijkwerk.work.catalogue import catalogue_defaults_apply


def add_defaults(apps, schema_editor):
    Gemeente = apps.get_model("municipalities", "Gemeente")
    for gemeente_id in Gemeente.objects.values_list("pk", flat=True):
        catalogue_defaults_apply(gemeente_id=gemeente_id, skill_model=apps.get_model("work", "Skill"),
                                 certificate_model=apps.get_model("work", "CertificateType"),
                                 activity_model=apps.get_model("work", "Activity"))


class Migration(migrations.Migration):
    dependencies = [("work", "0001_initial"), ("municipalities", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
