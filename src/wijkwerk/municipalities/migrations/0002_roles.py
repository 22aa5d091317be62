from django.db import migrations


def load_roles(apps, schema_editor):
    from wijkwerk.municipalities.roles import ROLES

    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("municipalities", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(load_roles, migrations.RunPython.noop)]
