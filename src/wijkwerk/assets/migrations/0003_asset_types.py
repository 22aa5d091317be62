from django.db import migrations


def load_types(apps, schema_editor):
    from wijkwerk.assets.services import asset_types_sync

    asset_types_sync(model=apps.get_model("assets", "AssetType"))


class Migration(migrations.Migration):
    dependencies = [("assets", "0002_initial")]
    operations = [migrations.RunPython(load_types, migrations.RunPython.noop)]
