"""Personas and small builders shared by the whole suite."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connections
from rest_framework.test import APIClient

from articles import services
from articles.models import Article, Speaker, Stance, Topic
from articles.roles import ANALYSTS, REVIEWERS, ensure_role_groups

PASSWORD = "correct-horse-battery-staple"

SAMPLE_BODY = (
    "Harbour officials warned on Tuesday that the sea wall could fail. "
    "The wall is old but safe, the city engineer said.\n\n"
    "We will build a new barrier by 2030, the mayor told reporters."
)


@pytest.fixture(autouse=True)
def replica_closed():
    """Tests that read the replica (the primary's test mirror) leave no connection to it:
    an open one would keep the test database from being dropped at the end."""
    yield
    connections["replica"].close()


def make_user(username: str, *, group: str | None = None, **flags):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD, **flags)
    if group:
        if not Group.objects.filter(name=group).exists():
            # Transactional tests flush what the migrations stored.
            ensure_role_groups()
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def analyst(db):
    return make_user("ana", group=ANALYSTS)


@pytest.fixture
def other_analyst(db):
    return make_user("bo", group=ANALYSTS)


@pytest.fixture
def reviewer(db):
    return make_user("rev", group=REVIEWERS, is_staff=True)


@pytest.fixture
def admin_user(db):
    return make_user("root", is_staff=True, is_superuser=True)


@pytest.fixture
def reader(db):
    """Logged in, but in no group: may read only."""
    return make_user("reader")


def api_client_for(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def api():
    """api(user) -> an API client authenticated as `user` (None: anonymous)."""
    return api_client_for


@pytest.fixture
def make_article(db):
    counter = {"n": 0}

    def make(**overrides) -> Article:
        counter["n"] += 1
        fields = {"body": SAMPLE_BODY, "source": "Harbour Gazette"}
        fields.update(overrides)
        if "body" not in overrides and counter["n"] > 1:
            fields["body"] = f"{SAMPLE_BODY}\n\nArticle number {counter['n']}."
        return services.article_create(**fields)

    return make


@pytest.fixture
def article(make_article) -> Article:
    return make_article(title="Sea wall could fail, officials warn")


@pytest.fixture
def speaker(db) -> Speaker:
    return Speaker.objects.create(name="Ada Mayor", role="Mayor", aliases=["the mayor"])


@pytest.fixture
def other_speaker(db) -> Speaker:
    return Speaker.objects.create(name="Ben Engineer", role="City engineer")


@pytest.fixture
def topic(db) -> Topic:
    return Topic.objects.create(name="Flooding", slug="flooding")


@pytest.fixture
def make_statement(analyst, speaker):
    def make(article: Article, quote: str | None = None, *, by=None, **overrides):
        if "start" in overrides:
            start, end = overrides.pop("start"), overrides.pop("end")
        else:
            quote = quote or "the sea wall could fail"
            start = article.body.index(quote)
            end = start + len(quote)
        fields = {
            "article": article,
            "start": start,
            "end": end,
            "speaker": speaker,
            "stance": Stance.WARNING,
            "by": by or analyst,
        }
        fields.update(overrides)
        return services.statement_create(**fields)

    return make
