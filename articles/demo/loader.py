"""The project's own demo: a sample article, speakers, topics and one user per role."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from ..importers import import_paths
from ..models import Article, Speaker, Stance, Status, Topic
from ..roles import ANALYSTS, REVIEWERS, ensure_role_groups
from ..services import statement_create, statement_review

DEMO_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    group: str | None
    is_staff: bool = False
    is_superuser: bool = False


DEMO_USERS = [
    DemoUser("analyst", "analyst-demo-pass", ANALYSTS),
    DemoUser("analyst2", "analyst2-demo-pass", ANALYSTS),
    DemoUser("reviewer", "reviewer-demo-pass", REVIEWERS, is_staff=True),
    DemoUser("admin", "admin-demo-pass", None, is_staff=True, is_superuser=True),
]

DEMO_SOURCE = "Maldon Vale Courier"
DEMO_TOPICS = ["Flooding", "Infrastructure", "Public finance", "Local politics"]

# (quote, speaker, stance, topics, reviewed) for a few statements to start from.
DEMO_STATEMENTS = [
    (
        "We cannot rule out a partial failure if the storm arrives at high tide",
        "Helena Ortiz",
        Stance.WARNING,
        ["Flooding", "Infrastructure"],
        True,
    ),
    (
        "The gates are old, but they are not about to collapse",
        "Tomasz Nowak",
        Stance.REASSURANCE,
        ["Infrastructure"],
        False,
    ),
]


@transaction.atomic
def load_demo() -> list[DemoUser]:
    ensure_role_groups()
    users = {demo.username: _ensure_user(demo) for demo in DEMO_USERS}
    for data in json.loads((DEMO_DIR / "speakers.json").read_text(encoding="utf-8")):
        Speaker.objects.get_or_create(name=data["name"], defaults=data)
    for name in DEMO_TOPICS:
        topic = Topic(name=name)
        if not Topic.objects.filter(name__iexact=name).exists():
            topic.full_clean()
            topic.save()
    import_paths(sorted(DEMO_DIR.glob("*.txt")), by=users["admin"])
    article = Article.objects.filter(title__startswith="Officials in the river port").first()
    if article is not None and not article.source:
        article.source = DEMO_SOURCE
        article.save(update_fields=["source"])
    if article is not None and not article.statements.exists():
        _add_demo_statements(article, analyst=users["analyst"], reviewer=users["reviewer"])
    return DEMO_USERS


def _ensure_user(demo: DemoUser):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=demo.username,
        defaults={"is_staff": demo.is_staff, "is_superuser": demo.is_superuser},
    )
    if created:
        user.set_password(demo.password)
        user.save()
        if demo.group:
            user.groups.add(Group.objects.get(name=demo.group))
    return user


def _add_demo_statements(article: Article, *, analyst, reviewer) -> None:
    for quote, speaker_name, stance, topic_names, reviewed in DEMO_STATEMENTS:
        start = article.body.find(quote)
        if start < 0:
            continue
        statement = statement_create(
            article=article,
            start=start,
            end=start + len(quote),
            speaker=Speaker.objects.get(name=speaker_name),
            stance=stance,
            topics=Topic.objects.filter(name__in=topic_names),
            by=analyst,
        )
        if reviewed:
            statement_review(statement=statement, decision=Status.APPROVED, by=reviewer)
