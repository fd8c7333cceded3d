"""Create the Analysts and Reviewers groups with their permissions."""

from django.db import migrations

from articles.roles import ensure_role_groups


def create_groups(apps, schema_editor):
    ensure_role_groups(apps)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Analysts", "Reviewers"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
