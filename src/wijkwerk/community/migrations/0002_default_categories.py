from django.db import migrations


def forwards(apps, schema_editor):
    from wijkwerk.community.categories import categories_defaults_ensure

    category = apps.get_model("community", "ServiceCategory")
    for gemeente in apps.get_model("municipalities", "Gemeente").objects.all():
        categories_defaults_ensure(gemeente=gemeente, model=category)


class Migration(migrations.Migration):
    dependencies = [("community", "0001_reports")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
