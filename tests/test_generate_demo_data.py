"""manage.py generate_demo_data: synthetic articles and statements in bulk."""

from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.http import QueryDict

from articles.demo.synthetic import make_article, make_speakers, pick_spans
from articles.insight_counts import KeptCounts, counts_for
from articles.models import Article, Speaker, Statement, Status, Topic


def generate(*args: str) -> None:
    call_command("generate_demo_data", *args, verbosity=0)


@pytest.mark.django_db
class TestGenerateDemoData:
    def test_it_makes_articles_with_valid_statements(self):
        generate("--articles", "6", "--statements-per-article", "30", "--speakers", "20")
        assert Article.objects.count() == 6
        assert Speaker.objects.count() == 20
        statements = list(Statement.objects.select_related("article"))
        assert len(statements) == 180
        for statement in statements:
            body = statement.article.body
            assert 0 <= statement.start < statement.end <= len(body)
            assert statement.quote == body[statement.start : statement.end]
            assert statement.quote == statement.quote.strip()
        assert {s.stance for s in statements} == {"warning", "reassurance", "policy"}
        assert set(Counter(s.status for s in statements)) == set(Status.values)

    def test_reviewed_statements_carry_their_review(self):
        generate("--articles", "3", "--statements-per-article", "40")
        for statement in Statement.objects.exclude(status=Status.PENDING):
            assert statement.reviewed_by is not None and statement.reviewed_at is not None
            assert statement.version == 2
        assert not Statement.objects.filter(status=Status.PENDING, version__gt=1).exists()
        rejected = Statement.objects.filter(status=Status.REJECTED)
        assert all(s.review_comment for s in rejected)

    def test_statements_have_topics_and_a_history_row_per_change(self):
        generate("--articles", "2", "--statements-per-article", "50", "--topics", "5")
        assert Topic.objects.count() == 5
        assert Statement.topics.through.objects.count() > 0
        for statement in Statement.objects.prefetch_related("topics"):
            rows = list(statement.history.order_by("history_date", "history_id"))
            assert [r.version for r in rows] == list(range(1, statement.version + 1))
            assert rows[0].history_type == "+" and rows[0].status == Status.PENDING
            assert rows[-1].status == statement.status
            assert rows[-1].topic_ids == sorted(t.pk for t in statement.topics.all())

    def test_history_can_be_left_out(self):
        generate("--articles", "2", "--statements-per-article", "5", "--no-history")
        assert Statement.objects.count() == 10
        assert Statement.history.count() == 0

    def test_word_count_sets_the_article_length(self):
        generate("--articles", "2", "--statements-per-article", "0", "--words", "2000")
        for article in Article.objects.all():
            assert 2000 <= len(article.body.split()) <= 2100

    def test_running_it_again_adds_more_without_clashes(self):
        generate("--articles", "3", "--statements-per-article", "2", "--speakers", "30")
        generate("--articles", "3", "--statements-per-article", "2", "--speakers", "30")
        assert Article.objects.count() == 6
        assert Speaker.objects.count() == 60
        assert Topic.objects.count() == 12

    def test_it_attributes_statements_to_demo_users_when_there_are_none(self):
        generate("--articles", "1", "--statements-per-article", "10")
        creators = set(Statement.objects.values_list("created_by__username", flat=True))
        assert creators <= {"analyst", "analyst2"}

    def test_it_inserts_in_bulk_not_row_by_row(self, django_assert_max_num_queries):
        generate("--articles", "1", "--statements-per-article", "1", "--speakers", "1")
        # Multi-row inserts: SQLite's 999-parameter limit cuts them to ~60 rows each; then
        # the insight overview's recount (about 20).
        with django_assert_max_num_queries(120):
            generate("--articles", "20", "--statements-per-article", "50", "--speakers", "10")
        assert Statement.objects.count() == 1001

    @pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's statistics")
    def test_it_refreshes_the_planner_statistics(self):
        generate("--articles", "2", "--statements-per-article", "5")
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples FROM pg_class WHERE relname = %s",
                [Statement._meta.db_table],
            )
            assert cursor.fetchone()[0] == 10

    def test_statements_without_speakers_are_refused(self):
        with pytest.raises(CommandError, match="speakers"):
            generate("--articles", "1", "--speakers", "0")


class TestSyntheticText:
    def test_a_long_article_holds_thousands_of_statements(self):
        import random

        rng = random.Random(3)
        speakers = make_speakers(rng, 10)
        article = make_article(rng, speakers, words=20_000, serial=1)
        assert 20_000 <= len(article.body.split()) <= 20_100
        spans = pick_spans(rng, article, 2000)
        assert len(spans) == 2000
        assert all(0 <= s.start < s.end <= len(article.body) for s in spans)

    def test_speaker_names_are_distinct_ignoring_case(self):
        import random

        speakers = make_speakers(random.Random(1), 2000, taken={"Ada Okafor"})
        names = [s.name.casefold() for s in speakers]
        assert len(set(names)) == 2000 and "ada okafor" not in names


def test_the_generated_statements_are_counted_for_the_insight_overview(db):
    generate("--articles", "2", "--statements-per-article", "5", "--speakers", "2")
    params = QueryDict("status=any")
    assert isinstance(counts_for(None, params, Statement.objects.all()), KeptCounts)
