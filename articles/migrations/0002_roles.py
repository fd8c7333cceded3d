"""Create the Analysts and Reviewers groups with their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ANALYST_PERMISSIONS = [
    "view_article",
    "add_article",
    "view_speaker",
    "add_speaker",
    "view_speakerrole",
    "view_topic",
    "add_topic",
    "view_statement",
    "add_statement",
    "change_statement",
    "delete_statement",
]
REVIEWER_PERMISSIONS = ANALYST_PERMISSIONS + [
    "change_article",
    "delete_article",
    "change_speaker",
    "delete_speaker",
    "add_speakerrole",
    "change_speakerrole",
    "delete_speakerrole",
    "change_topic",
    "delete_topic",
    "review_statement",
    "view_historicalstatement",
]


def create_groups(apps, schema_editor):
    # Permissions are normally made after migrating; make them now so groups can hold them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in (("Analysts", ANALYST_PERMISSIONS), ("Reviewers", REVIEWER_PERMISSIONS)):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="articles", codename__in=codenames)
        )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Analysts", "Reviewers"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
