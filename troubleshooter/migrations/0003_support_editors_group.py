from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Support editors"
PERMISSIONS = {
    "guide": ["add", "change", "delete", "view"],
    "step": ["add", "change", "delete", "view"],
    "choice": ["add", "change", "delete", "view"],
    "visit": ["view"],
    "answer": ["view"],
}


def create_group(apps, schema_editor):
    # Permissions are normally made after all migrations run; this group needs
    # them now, on a new database too.
    app_config = apps.get_app_config("troubleshooter")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    codenames = [
        f"{action}_{model}" for model, actions in PERMISSIONS.items() for action in actions
    ]
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="troubleshooter", codename__in=codenames)
    )


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("troubleshooter", "0002_icloud_photos_guide"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
