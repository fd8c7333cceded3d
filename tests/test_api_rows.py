"""The article detail's statements, built from rows, equal StatementSerializer's output."""

import datetime
import json

import pytest
from django.utils import timezone
from rest_framework.test import APIRequestFactory

from articles import services
from articles.api.rows import statement_dicts
from articles.api.serializers import StatementSerializer
from articles.models import Statement, Status, Topic


@pytest.fixture
def varied(article, make_statement, analyst, reviewer, other_speaker):
    flooding = Topic.objects.create(name="Flooding", slug="flooding")
    budget = Topic.objects.create(name="Budget", slug="budget")
    make_statement(article)
    tagged = make_statement(
        article,
        "We will build a new barrier by 2030",
        topics=[flooding, budget],
        note="Check the year.",
        speaker=other_speaker,
        stance="policy",
    )
    services.statement_review(
        statement=tagged, decision=Status.REJECTED, by=reviewer, comment="Wrong speaker."
    )
    orphan = make_statement(article, "The wall is old but safe")
    Statement.objects.filter(pk=orphan.pk).update(created_by=None)
    approved = make_statement(article, "the city engineer said")
    services.statement_review(statement=approved, decision=Status.APPROVED, by=reviewer)
    return article


def serializer_data(queryset, user):
    request = APIRequestFactory().get("/")
    request.user = user
    statements = queryset.select_related("speaker", "article", "created_by", "reviewed_by")
    data = StatementSerializer(
        statements.prefetch_related("topics"), many=True, context={"request": request}
    ).data
    return json.loads(json.dumps(data))


class TestStatementRows:
    def test_rows_equal_the_serializer_key_for_key(self, varied, analyst):
        queryset = Statement.objects.filter(article=varied).order_by("start", "end", "id")
        rows = statement_dicts(queryset)
        expected = serializer_data(queryset, analyst)
        assert len(rows) == 4
        assert [list(r) for r in rows] == [list(e) for e in expected]
        assert json.loads(json.dumps(rows)) == expected

    def test_times_are_rendered_like_the_serializer_in_another_zone(self, varied, analyst):
        queryset = Statement.objects.filter(article=varied).order_by("id")
        summer = datetime.datetime(2026, 7, 1, 10, 0, 0, 5, tzinfo=datetime.UTC)
        queryset.filter(pk=queryset[0].pk).update(created_at=summer)
        with timezone.override("Europe/Paris"):
            rows = statement_dicts(queryset)
            expected = serializer_data(queryset, analyst)
        assert json.loads(json.dumps(rows)) == expected
        assert rows[0]["created_at"] == "2026-07-01T12:00:00.000005+02:00"

    def test_times_on_a_whole_second_are_rendered_like_the_serializer(self, varied, analyst):
        whole = datetime.datetime(2026, 3, 4, 5, 6, 7, tzinfo=datetime.UTC)
        Statement.objects.filter(article=varied).update(created_at=whole, updated_at=whole)
        queryset = Statement.objects.filter(article=varied).order_by("id")
        rows = statement_dicts(queryset)
        assert rows[0]["created_at"] == "2026-03-04T05:06:07Z"
        assert json.loads(json.dumps(rows)) == serializer_data(queryset, analyst)

    def test_the_detail_answers_what_the_serializer_would(self, api, varied, analyst):
        data = api(analyst).get(f"/api/articles/{varied.pk}/").json()
        queryset = Statement.objects.filter(article=varied).order_by("start", "end", "id")
        assert data["statements"] == serializer_data(queryset, analyst)

    def test_topics_found_by_the_article_equal_those_found_by_id(
        self, varied, make_article, make_statement
    ):
        other = Topic.objects.create(name="Elsewhere", slug="elsewhere")
        make_statement(make_article(), topics=[other])
        queryset = Statement.objects.filter(article=varied).order_by("start", "end", "id")
        by_article = statement_dicts(queryset, all_of_article=varied.pk)
        assert by_article == statement_dicts(queryset)
        assert ["Budget", "Flooding"] in [row["topic_names"] for row in by_article]
        assert "Elsewhere" not in {name for row in by_article for name in row["topic_names"]}
        assert other.pk not in {pk for row in by_article for pk in row["topics"]}
