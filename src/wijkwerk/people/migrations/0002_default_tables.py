from django.db import migrations

from wijkwerk.people.tables import tables_load


def load_tables(apps, schema_editor):
    tables_load(apps.get_model("people", "SocialReturnTable"))


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(load_tables, migrations.RunPython.noop)]
