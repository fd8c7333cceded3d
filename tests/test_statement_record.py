"""The statement record (articles/selectors.py): one declaration behind every output."""

from __future__ import annotations

import csv
import io
import json

import pytest

import articles.api.views  # noqa: F401 (the API is built before a test changes the declaration)
from articles import selectors, services
from articles.models import Statement, Status


def _export(api, user, fmt: str) -> bytes:
    response = api(user).get(f"/api/export/statements.{fmt}")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _every_output(api, user, statement) -> dict[str, object]:
    """The value of field `extra` in each output that shows `statement`."""
    client = api(user)
    found: dict[str, object] = {}
    found["api list"] = client.get("/api/statements/").json()["results"][0]["extra"]
    found["api detail"] = client.get(f"/api/statements/{statement.pk}/").json()["extra"]
    article = client.get(f"/api/articles/{statement.article_id}/").json()
    found["article detail"] = article["statements"][0]["extra"]
    changed = client.patch(f"/api/statements/{statement.pk}/", {"note": "Seen."}, format="json")
    found["write answer"] = changed.json()["extra"]
    rows = list(csv.DictReader(io.StringIO(_export(api, user, "csv").decode("utf-8-sig"))))
    found["csv"] = rows[0]["extra"]
    found["json"] = json.loads(_export(api, user, "json"))[0]["extra"]
    found["jsonl"] = json.loads(_export(api, user, "jsonl").splitlines()[0])["extra"]
    found["jsonld"] = json.loads(_export(api, user, "jsonld"))["first"]["items"][0]["extra"]
    history = client.get(f"/api/statements/{statement.pk}/history/").json()
    found["history"] = history[0]["snapshot"]["extra"]
    return found


def test_a_field_added_to_the_declaration_is_in_every_output(
    api, analyst, make_article, make_statement, monkeypatch
):
    extra = selectors.Field("extra", "article__source", selectors.TEXT)
    monkeypatch.setattr(selectors, "FIELDS", (*selectors.FIELDS, extra))
    article = make_article(source="Harbour Gazette")
    statement = make_statement(article)
    assert _every_output(api, analyst, statement) == dict.fromkeys(
        [
            "api list",
            "api detail",
            "article detail",
            "write answer",
            "csv",
            "json",
            "jsonl",
            "jsonld",
            "history",
        ],
        "Harbour Gazette",
    )


def test_a_field_of_a_group_is_nested_in_the_json_exports(
    api, analyst, make_article, make_statement, monkeypatch
):
    extra = selectors.Field("article_outlet", "article__source", selectors.TEXT, group="article")
    monkeypatch.setattr(selectors, "FIELDS", (*selectors.FIELDS, extra))
    make_statement(make_article(source="Harbour Gazette"))
    record = json.loads(_export(api, analyst, "jsonl").splitlines()[0])
    assert record["article"]["outlet"] == "Harbour Gazette"
    assert "article_outlet" not in record


def test_outputs_leave_out_what_the_field_is_not_for(
    api, analyst, make_article, make_statement, monkeypatch
):
    extra = selectors.Field(
        "extra", "article__source", selectors.TEXT, outputs=frozenset({selectors.EXPORT})
    )
    monkeypatch.setattr(selectors, "FIELDS", (*selectors.FIELDS, extra))
    statement = make_statement(make_article())
    assert "extra" not in api(analyst).get(f"/api/statements/{statement.pk}/").json()
    assert "extra" in json.loads(_export(api, analyst, "jsonl").splitlines()[0])
    item = json.loads(_export(api, analyst, "jsonld"))["first"]["items"][0]
    assert "extra" not in item


class TestWhatTheUserMayDo:
    def _facts(self, api, user, statement) -> tuple[bool, str | None]:
        body = api(user).get(f"/api/statements/{statement.pk}/").json()
        return body["can_change"], body["read_only_reason"]

    def test_an_analyst_may_change_their_own_pending_statement(
        self, api, analyst, article, make_statement
    ):
        assert self._facts(api, analyst, make_statement(article)) == (True, None)

    def test_an_analyst_may_not_change_another_analysts_statement(
        self, api, analyst, other_analyst, article, make_statement
    ):
        statement = make_statement(article, by=other_analyst)
        can_change, reason = self._facts(api, analyst, statement)
        assert can_change is False
        assert reason.startswith(f"Added by {other_analyst.username}: you can only change")

    def test_an_approved_statement_is_read_only_for_its_analyst(
        self, api, analyst, reviewer, article, make_statement
    ):
        statement = make_statement(article)
        services.statement_review(statement=statement, decision=Status.APPROVED, by=reviewer)
        can_change, reason = self._facts(api, analyst, statement)
        assert can_change is False
        assert "approved and is read-only for analysts" in reason

    def test_a_reviewer_may_change_any_statement(
        self, api, analyst, reviewer, article, make_statement
    ):
        statement = make_statement(article)
        services.statement_review(statement=statement, decision=Status.APPROVED, by=reviewer)
        assert self._facts(api, reviewer, statement) == (True, None)

    def test_a_reader_may_change_nothing(self, api, reader, article, make_statement):
        can_change, reason = self._facts(api, reader, make_statement(article))
        assert can_change is False
        assert reason == "Your account may read statements but not change them."

    def test_the_api_gives_the_reason_the_service_refuses_with(
        self, api, analyst, other_analyst, article, make_statement
    ):
        statement = make_statement(article, by=other_analyst)
        _, reason = self._facts(api, analyst, statement)
        refused = api(analyst).patch(
            f"/api/statements/{statement.pk}/", {"note": "Mine now."}, format="json"
        )
        assert refused.status_code == 403
        assert refused.json()["detail"] == reason


@pytest.mark.parametrize("count", [1, 30])
def test_records_take_two_queries_whatever_their_number(
    analyst, article, make_statement, topic, count, django_assert_num_queries
):
    for index in range(count):
        statement = make_statement(article, start=index, end=index + 5)
        statement.topics.add(topic)
    with django_assert_num_queries(2):
        found = selectors.api_records(Statement.objects.order_by("id"), analyst)
    assert len(found) == count
    assert all(record["topic_names"] == [topic.name] for record in found)


class TestUpdatedBy:
    def test_every_output_says_who_last_changed_the_statement(
        self, api, analyst, reviewer, article, make_statement
    ):
        statement = make_statement(article)
        assert api(analyst).get(f"/api/statements/{statement.pk}/").json()["updated_by"] == (
            analyst.username
        )
        services.statement_review(statement=statement, decision=Status.APPROVED, by=reviewer)
        client = api(reviewer)
        assert client.get(f"/api/statements/{statement.pk}/").json()["updated_by"] == (
            reviewer.username
        )
        rows = list(csv.DictReader(io.StringIO(_export(api, reviewer, "csv").decode("utf-8-sig"))))
        assert rows[0]["updated_by"] == reviewer.username
        item = json.loads(_export(api, reviewer, "jsonld"))["first"]["items"][0]
        assert item["updated_by"] == reviewer.username
        history = client.get(f"/api/statements/{statement.pk}/history/").json()
        assert [entry["snapshot"]["updated_by"] for entry in history] == [
            reviewer.username,
            analyst.username,
        ]

    def test_the_migration_fills_it_from_the_newest_history_row(
        self, analyst, reviewer, article, make_statement
    ):
        from importlib import import_module

        from django.apps import apps

        statement = make_statement(article)
        services.statement_review(statement=statement, decision=Status.APPROVED, by=reviewer)
        Statement.objects.update(updated_by=None)
        migration = import_module("articles.migrations.0011_statement_updated_by")
        migration.fill_updated_by(apps, None)
        statement.refresh_from_db()
        assert statement.updated_by == reviewer


def test_a_statement_in_memory_gives_the_record_the_database_gives(
    analyst, reviewer, article, make_statement, topic, django_assert_num_queries
):
    from articles.models import Topic

    statement = make_statement(
        article, topics=[topic, Topic.objects.create(name="Aardvarks", slug="aardvarks")]
    )
    services.statement_review(
        statement=statement, decision=Status.REJECTED, by=reviewer, comment="Too short."
    )
    for user in (analyst, reviewer):
        stored = Statement.objects.with_related().get(pk=statement.pk)
        with django_assert_num_queries(0):
            in_memory = selectors.api_record_of(stored, user)
        assert (
            in_memory == selectors.api_records(Statement.objects.filter(pk=statement.pk), user)[0]
        )


class TestTimes:
    def test_times_are_in_the_current_zone_by_the_database_and_in_memory(
        self, analyst, article, make_statement
    ):
        import datetime

        from django.utils import timezone

        statement = make_statement(article)
        summer = datetime.datetime(2026, 7, 1, 10, 0, 0, 5, tzinfo=datetime.UTC)
        Statement.objects.filter(pk=statement.pk).update(created_at=summer)
        stored = Statement.objects.with_related().get(pk=statement.pk)
        with timezone.override("Europe/Paris"):
            fetched = selectors.api_records(Statement.objects.filter(pk=statement.pk), analyst)[0]
            in_memory = selectors.api_record_of(stored, analyst)
        assert (
            fetched["created_at"] == in_memory["created_at"] == ("2026-07-01T12:00:00.000005+02:00")
        )

    def test_a_whole_second_has_no_fraction_and_utc_is_z(self, analyst, article, make_statement):
        import datetime

        statement = make_statement(article)
        whole = datetime.datetime(2026, 3, 4, 5, 6, 7, tzinfo=datetime.UTC)
        Statement.objects.filter(pk=statement.pk).update(created_at=whole)
        fetched = selectors.api_records(Statement.objects.filter(pk=statement.pk), analyst)[0]
        assert fetched["created_at"] == "2026-03-04T05:06:07Z"


def test_topics_found_by_the_article_equal_those_found_by_id(
    analyst, article, make_article, make_statement, topic
):
    from articles.models import Topic

    make_statement(article, topics=[topic])
    make_statement(make_article(), topics=[Topic.objects.create(name="Elsewhere", slug="else")])
    statements = Statement.objects.filter(article=article).order_by("id")
    by_article = selectors.api_records(statements, analyst, all_of_article=article.pk)
    assert by_article == selectors.api_records(statements, analyst)
    assert by_article[0]["topic_names"] == [topic.name]


def test_the_detail_loads_what_its_answer_reads_with_the_statement(
    api, analyst, reviewer, article, make_statement, topic, django_assert_num_queries
):
    statement = make_statement(article, topics=[topic])
    services.statement_review(statement=statement, decision=Status.APPROVED, by=reviewer)
    client = api(analyst)
    client.get(f"/api/statements/{statement.pk}/")  # the user's permissions, loaded once
    with django_assert_num_queries(2):  # the statement with its relations, then its topics
        body = client.get(f"/api/statements/{statement.pk}/").json()
    assert (body["reviewed_by"], body["topic_names"]) == (reviewer.username, [topic.name])


def test_the_schema_describes_the_record_answered_and_the_fields_written():
    from drf_spectacular.generators import SchemaGenerator

    from articles.api.serializers import WRITTEN

    schemas = SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]
    answered = schemas["Statement"]["properties"]
    assert list(answered) == selectors.API_KEYS
    assert {key for key, spec in answered.items() if not spec.get("readOnly")} == WRITTEN
    assert set(schemas["StatementRequest"]["properties"]) == WRITTEN
    assert set(schemas["PatchedStatementRequest"]["properties"]) == WRITTEN
