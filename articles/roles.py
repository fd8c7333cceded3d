"""The Analysts and Reviewers groups, the permissions each holds, and who holds a role."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.apps.registry import Apps
    from django.contrib.auth.models import AnonymousUser, User

    # Whoever a request is made by: a stored user (User is AUTH_USER_MODEL) or no one.
    AnyUser = User | AnonymousUser

ANALYSTS = "Analysts"
REVIEWERS = "Reviewers"

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
REVIEWER_PERMISSIONS = [
    *ANALYST_PERMISSIONS,
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
ROLE_PERMISSIONS = {ANALYSTS: ANALYST_PERMISSIONS, REVIEWERS: REVIEWER_PERMISSIONS}


def ensure_role_groups(apps: Apps | None = None) -> None:
    """Create the role groups with their permissions, if missing (migrations pass `apps`)."""
    from django.apps import apps as live_apps
    from django.contrib.auth.management import create_permissions

    apps = apps or live_apps
    # Permissions are normally made after migrating; make them now so groups can hold them.
    for app_config in apps.get_app_configs():
        if app_config.label in ("articles", "auth", "contenttypes"):
            had_models = getattr(app_config, "models_module", None)
            # create_permissions only asks whether there is a models module.
            app_config.models_module = had_models or True  # type: ignore[assignment]
            create_permissions(app_config, apps=apps, verbosity=0)
            app_config.models_module = had_models
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="articles", codename__in=codenames)
        )


def is_reviewer(user: AnyUser | None) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_perm("articles.review_statement"))
    )


def is_analyst(user: AnyUser | None) -> bool:
    """Anyone who may annotate: analysts, reviewers and admins."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_perm("articles.add_statement"))
    )


def role_name(user: AnyUser) -> str:
    if user.is_superuser:
        return "admin"
    if is_reviewer(user):
        return "reviewer"
    if is_analyst(user):
        return "analyst"
    return "reader"
