from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS, PUBLISHERS = "Support editors", "Publishers"
ICLOUD_SLUG = "icloud-photos-not-syncing"


def topic_permissions(apps, schema_editor):
    """Both groups edit guides, and a guide's topics are chosen on its page: they manage
    topics too."""
    app_config = apps.get_app_config("troubleshooter")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_topic" for action in ("add", "change", "delete", "view")]
    permissions = Permission.objects.filter(
        content_type__app_label="troubleshooter", codename__in=codenames
    )
    for group in Group.objects.filter(name__in=[EDITORS, PUBLISHERS]):
        group.permissions.add(*permissions)


def no_topic_permissions(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(
        content_type__app_label="troubleshooter", codename__endswith="_topic"
    ).delete()


def first_topic(apps, schema_editor):
    """The home page lists guides under topics: the guide every database starts with
    gets one, unless staff have deleted it."""
    Guide = apps.get_model("troubleshooter", "Guide")
    Topic = apps.get_model("troubleshooter", "Topic")
    guides = Guide.objects.filter(slug=ICLOUD_SLUG)
    if not guides.exists():
        return
    topic = Topic.objects.create(
        name="iCloud and Photos",
        slug="icloud-and-photos",
        description="When photos, backups or other iCloud data don't sync between your "
        "iPhone and iCloud.",
        order=10,
    )
    topic.guides.set(guides)


def no_first_topic(apps, schema_editor):
    apps.get_model("troubleshooter", "Topic").objects.filter(slug="icloud-and-photos").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("troubleshooter", "0023_topics"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(topic_permissions, no_topic_permissions),
        migrations.RunPython(first_topic, no_first_topic),
    ]
