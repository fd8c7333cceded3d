"""Deleting an article with many statements: bounded batches, history in bulk."""

from __future__ import annotations

import threading

import pytest
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext

from articles import services
from articles.models import Article, Stance, Statement


@pytest.fixture
def big_article(make_article, analyst, speaker, topic):
    def make(n: int) -> Article:
        article = make_article(body="Word. " * n)
        statements = [
            Statement(
                article=article,
                speaker=speaker,
                start=i * 6,
                end=i * 6 + 4,
                stance=Stance.WARNING,
                created_by=analyst,
            )
            for i in range(n)
        ]
        for statement in statements:
            statement.quote = article.body[statement.start : statement.end]
        created = services.statements_bulk_create(statements=statements, by=analyst)
        created[0].topics.add(topic)
        return article

    return make


def history_of_deletes():
    return Statement.history.filter(history_type="-")


def test_the_api_deletes_an_article_with_its_statements_and_records_each(
    api, reviewer, big_article, topic
):
    article = big_article(30)
    first = article.statements.order_by("id").first()
    response = api(reviewer).delete(f"/api/articles/{article.pk}/")
    assert response.status_code == 204
    assert not Article.objects.filter(pk=article.pk).exists()
    assert Statement.objects.count() == 0
    assert history_of_deletes().count() == 30
    row = history_of_deletes().get(id=first.pk)
    assert row.history_user == reviewer
    assert row.topic_ids == [topic.pk]
    assert row.quote == first.quote


def test_analysts_cannot_delete_articles(api, analyst, big_article):
    article = big_article(3)
    assert api(analyst).delete(f"/api/articles/{article.pk}/").status_code == 403
    assert Statement.objects.count() == 3


def test_queries_grow_with_batches_not_with_statements(reviewer, big_article, monkeypatch):
    monkeypatch.setattr(services, "DELETE_BATCH", 50)
    article = big_article(200)
    with CaptureQueriesContext(connection) as queries:
        services.article_delete(article=article, by=reviewer)
    # Four batches of a handful of queries each; one query a statement would be 200+.
    assert len(queries) < 80, len(queries)
    assert history_of_deletes().count() == 200


@pytest.mark.django_db(transaction=True)
def test_each_batch_is_its_own_transaction(reviewer, big_article, monkeypatch):
    """A delete cut short keeps what it deleted (and its history), and the article."""
    monkeypatch.setattr(services, "DELETE_BATCH", 10)
    article = big_article(35)
    batch = services._delete_statement_batch
    calls = {"n": 0}

    def failing_third(**kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OperationalError("server closed the connection unexpectedly")
        return batch(**kwargs)

    monkeypatch.setattr(services, "_delete_statement_batch", failing_third)
    with pytest.raises(OperationalError):
        services.article_delete(article=article, by=reviewer)
    assert Statement.objects.count() == 15
    assert history_of_deletes().count() == 20
    assert Article.objects.filter(pk=article.pk).exists()


def test_the_admin_deletes_through_the_service(client, admin_user, big_article):
    article = big_article(5)
    client.force_login(admin_user)
    response = client.post(f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Article.objects.exists()
    assert history_of_deletes().filter(history_user=admin_user).count() == 5


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's one write lock")
@pytest.mark.django_db(transaction=True)
def test_writers_are_not_locked_out_while_a_big_article_is_deleted(
    reviewer, analyst, big_article, monkeypatch
):
    monkeypatch.setattr(services, "DELETE_BATCH", 100)
    article = big_article(3000)
    # A writer that gives up after 1 s, where the real timeout is 20 s: one transaction
    # for the whole delete (seconds) would lock it out.
    monkeypatch.setattr(connection, "_busy_timeout", 1.0)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout = 1000")
    failures = []

    def delete():
        try:
            services.article_delete(article=article, by=reviewer)
        except Exception as error:
            failures.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=delete)
    thread.start()
    written = 0
    try:
        while thread.is_alive():
            services.speaker_create(name=f"Writer {written}", by=analyst)
            written += 1
    finally:
        thread.join()
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout = 20000")
    assert not failures
    assert written > 0
    assert not Article.objects.filter(pk=article.pk).exists()
