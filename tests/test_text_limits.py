"""Every stored text has a size limit with a clear 400; the rule engine runs on request
only on texts up to a size."""

import pytest
from django.db import IntegrityError, connection, transaction

from articles import services
from articles.models import (
    ARTICLE_BODY_MAX_BYTES,
    NOTE_MAX_LENGTH,
    REVIEW_COMMENT_MAX_LENGTH,
    SPEAKER_ALIAS_MAX_LENGTH,
    SPEAKER_ALIASES_MAX,
    TOPIC_DESCRIPTION_MAX_LENGTH,
    Article,
    Speaker,
    Statement,
    Topic,
)
from articles.suggest import service


@pytest.mark.django_db
class TestSpeakerAliases:
    def test_too_many_aliases_are_refused(self, api, analyst):
        aliases = [f"Alias {i}" for i in range(SPEAKER_ALIASES_MAX + 1)]
        response = api(analyst).post(
            "/api/speakers/", {"name": "Many Names", "aliases": aliases}, format="json"
        )
        assert response.status_code == 400
        assert f"at most {SPEAKER_ALIASES_MAX} aliases" in str(response.json()["aliases"])
        assert not Speaker.objects.filter(name="Many Names").exists()

    def test_an_alias_that_is_too_long_is_refused(self, api, analyst):
        alias = "x" * (SPEAKER_ALIAS_MAX_LENGTH + 1)
        response = api(analyst).post(
            "/api/speakers/", {"name": "Long Alias", "aliases": [alias]}, format="json"
        )
        assert response.status_code == 400
        assert f"at most {SPEAKER_ALIAS_MAX_LENGTH} characters" in str(response.json())

    def test_the_most_aliases_of_the_longest_length_are_fine(self, api, analyst):
        aliases = [f"{i:03} " + "ß" * (SPEAKER_ALIAS_MAX_LENGTH - 4) for i in range(100)]
        response = api(analyst).post(
            "/api/speakers/", {"name": "Edge Case", "aliases": aliases}, format="json"
        )
        assert response.status_code == 201, response.json()

    def test_the_database_refuses_a_huge_alias_list(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            Speaker.objects.create(name="Bypass", aliases=["y" * 100] * 1000)


@pytest.mark.django_db
class TestStatementTexts:
    def test_a_note_that_is_too_long_is_refused(self, api, analyst, article, speaker):
        start = article.body.index("the sea wall could fail")
        payload = {
            "article": article.pk,
            "start": start,
            "end": start + 10,
            "speaker": speaker.pk,
            "stance": "warning",
            "note": "n" * (NOTE_MAX_LENGTH + 1),
        }
        response = api(analyst).post("/api/statements/", payload, format="json")
        assert response.status_code == 400
        assert "note" in response.json()
        assert not Statement.objects.exists()

    def test_a_note_that_is_too_long_is_refused_on_update(
        self, api, analyst, article, make_statement
    ):
        statement = make_statement(article)
        response = api(analyst).patch(
            f"/api/statements/{statement.pk}/",
            {"note": "n" * (NOTE_MAX_LENGTH + 1)},
            format="json",
        )
        assert response.status_code == 400
        assert "note" in response.json()

    def test_a_review_comment_that_is_too_long_is_refused(
        self, api, reviewer, article, make_statement
    ):
        statement = make_statement(article)
        response = api(reviewer).post(
            f"/api/statements/{statement.pk}/reject/",
            {"comment": "c" * (REVIEW_COMMENT_MAX_LENGTH + 1)},
            format="json",
        )
        assert response.status_code == 400
        assert "comment" in response.json()
        statement.refresh_from_db()
        assert statement.status == "pending"

    def test_the_database_refuses_a_huge_note(self, article, make_statement):
        statement = make_statement(article)
        with pytest.raises(IntegrityError), transaction.atomic():
            Statement.objects.filter(pk=statement.pk).update(note="n" * (NOTE_MAX_LENGTH + 1))


@pytest.mark.django_db
def test_a_topic_description_that_is_too_long_is_refused(api, analyst):
    response = api(analyst).post(
        "/api/topics/",
        {"name": "Ports", "description": "d" * (TOPIC_DESCRIPTION_MAX_LENGTH + 1)},
        format="json",
    )
    assert response.status_code == 400
    assert "description" in response.json()
    assert not Topic.objects.exists()


@pytest.mark.django_db
def test_an_article_body_past_the_limit_is_refused_by_the_model(analyst):
    from django.core.exceptions import ValidationError

    # Characters of two bytes each: within the limit by characters, not by bytes.
    body = "é" * (ARTICLE_BODY_MAX_BYTES // 2 + 1)
    with pytest.raises(ValidationError) as error:
        services.article_create(title="Too large", body=body, by=analyst)
    assert "at most 20 MB" in str(error.value)
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_pending_suggestions_skip_the_rule_engine_on_a_long_text(settings, make_article):
    settings.SUGGESTIONS_INLINE_MAX_CHARS = 100
    article = make_article(body="The sea wall could fail, the mayor warned on Monday. " * 5)
    answer = service.article_suggestions(article)
    assert answer.status == "pending"
    assert answer.suggestions == []
    settings.SUGGESTIONS_INLINE_MAX_CHARS = 10_000
    assert service.article_suggestions(article).suggestions


def test_the_limits_are_enforced_by_the_database_too():
    names = {c.name for m in (Article, Speaker, Statement, Topic) for c in m._meta.constraints}
    assert {
        "article_body_within_limit",
        "speaker_aliases_within_limit",
        "statement_note_within_limit",
        "statement_comment_within_limit",
        "topic_description_within_limit",
    } <= names
    assert connection.vendor in {"sqlite", "postgresql"}
