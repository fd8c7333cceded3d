"""Query budget: every list, detail, export and editor page runs the same number of
queries whatever the amount of data, and exports stream in chunks.

Each test measures a request on a little data, adds much more, and checks that the
same request runs no more queries than before.
"""

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import exporters, services
from articles.models import Article, Speaker, SpeakerRole, Statement, Status, Topic


def count_queries(fetch: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        fetch()
    return len(captured.captured_queries)


def assert_constant(fetch: Callable[[], object], grow: Callable[[], None], *, at_most: int):
    """`fetch` runs at most `at_most` queries, and no more after `grow` adds data."""
    before = count_queries(fetch)
    assert before <= at_most, f"{before} queries on a little data"
    grow()
    after = count_queries(fetch)
    assert after <= before, f"{before} queries grew to {after} with more data"


@pytest.fixture
def add(analyst, reviewer, speaker):
    """add(article, count, topics=(), offset=0): statements, a third of them approved."""

    def make(article: Article, count: int, topics=(), offset: int = 0) -> None:
        for i in range(offset, offset + count):
            statement = services.statement_create(
                article=article,
                start=i * 6,
                end=i * 6 + 4,
                speaker=speaker,
                stance="warning",
                topics=topics,
                by=analyst,
            )
            if i % 3 == 1:
                services.statement_review(
                    statement=statement, decision=Status.APPROVED, by=reviewer
                )

    return make


@pytest.fixture
def long_article(make_article) -> Article:
    return make_article(body="Word. " * 600, title="Long")


@pytest.fixture
def topics(db) -> list[Topic]:
    return [Topic.objects.create(name=f"Topic {n}", slug=f"topic-{n}") for n in range(3)]


class TestApiLists:
    def test_the_article_list(self, add, api, analyst, make_article, speaker):
        client = api(analyst)

        def grow():
            for n in range(30):
                article = make_article(body=f"Article {n}. " * 20)
                add(article, 2)

        make_article(body="First. " * 20)
        assert_constant(lambda: client.get("/api/articles/", {"page_size": 100}), grow, at_most=6)

    def test_the_speaker_list(self, api, analyst):
        client = api(analyst)

        def grow():
            for n in range(40):
                speaker = Speaker.objects.create(name=f"Speaker {n}", aliases=[f"S{n}"])
                SpeakerRole.objects.create(speaker=speaker, role="Mayor")

        Speaker.objects.create(name="First speaker")
        assert_constant(lambda: client.get("/api/speakers/", {"page_size": 100}), grow, at_most=6)

    def test_the_topic_list(self, api, analyst):
        client = api(analyst)
        Topic.objects.create(name="First", slug="first")

        def grow():
            for n in range(40):
                Topic.objects.create(name=f"Topic {n}", slug=f"topic-{n}")

        assert_constant(lambda: client.get("/api/topics/", {"page_size": 100}), grow, at_most=5)

    def test_the_statement_list_with_topics_and_reviews(
        self, add, api, reviewer, long_article, topics
    ):
        client = api(reviewer)
        add(long_article, 2, topics)
        assert_constant(
            lambda: client.get("/api/statements/", {"page_size": 500}),
            lambda: add(long_article, 60, topics, offset=2),
            at_most=8,
        )


class TestApiDetails:
    def test_the_article_detail_with_topics_and_reviews(
        self, add, api, reviewer, long_article, topics
    ):
        client = api(reviewer)
        add(long_article, 2, topics)
        assert_constant(
            lambda: client.get(f"/api/articles/{long_article.pk}/"),
            lambda: add(long_article, 80, topics, offset=2),
            at_most=6,
        )

    def test_a_statement_history(self, add, api, reviewer, long_article, speaker, topics):
        client = api(reviewer)
        add(long_article, 1, topics)
        statement = Statement.objects.get()

        def grow():
            for n in range(15):
                current = Statement.objects.get(pk=statement.pk)
                services.statement_update(statement=current, by=reviewer, note=f"edit {n}")

        assert_constant(
            lambda: client.get(f"/api/statements/{statement.pk}/history/"), grow, at_most=8
        )

    def test_creating_a_statement_with_many_topics(self, api, analyst, long_article, speaker):
        client = api(analyst)
        few = [Topic.objects.create(name=f"A{n}", slug=f"a{n}") for n in range(1)]
        many = [Topic.objects.create(name=f"B{n}", slug=f"b{n}") for n in range(12)]

        def create(chosen, start):
            response = client.post(
                "/api/statements/",
                {
                    "article": long_article.pk,
                    "start": start,
                    "end": start + 4,
                    "speaker": speaker.pk,
                    "stance": "policy",
                    "topics": [t.pk for t in chosen],
                },
                format="json",
            )
            assert response.status_code == 201, response.data

        create(few, 12)  # the test client keeps the user, and its loaded permissions
        one = count_queries(lambda: create(few, 0))
        twelve = count_queries(lambda: create(many, 6))
        assert one <= 10
        assert twelve == one


class TestExportsOverHttp:
    @pytest.mark.parametrize("fmt", exporters.FORMATS)
    def test_each_format(self, add, api, analyst, long_article, speaker, topics, fmt):
        client = api(analyst)

        def export():
            response = client.get(f"/api/export/statements.{fmt}")
            assert response.status_code == 200
            return b"".join(response.streaming_content)

        add(long_article, 3, topics)
        assert_constant(export, lambda: add(long_article, 60, topics, offset=3), at_most=6)


class TestExportsStreamInChunks:
    @pytest.mark.parametrize("fmt", exporters.FORMATS)
    def test_rows_are_fetched_a_chunk_at_a_time(self, add, analyst, long_article, speaker, fmt):
        add(long_article, 25)
        queryset = Statement.objects.all()
        options = exporters.ExportOptions(chunk_size=10)
        with CaptureQueriesContext(connection) as captured:
            pieces = list(exporters.export_chunks(queryset, fmt, options))
        # Three chunks of rows, each with one query for its topics; JSON-LD also reads
        # each chunk's article bodies for context, and counts the total. PostgreSQL is
        # first asked whether its planner statistics are stale (planner.py).
        statistics = 1 if connection.vendor == "postgresql" else 0
        assert len(captured.captured_queries) == (10 if fmt == "jsonld" else 6) + statistics
        assert len(pieces) >= 3

    @pytest.mark.parametrize("fmt", exporters.FORMATS)
    def test_without_server_side_cursors_rows_are_still_read_a_chunk_at_a_time(
        self, add, analyst, long_article, speaker, fmt, monkeypatch
    ):
        # As behind PgBouncer in transaction mode (DATABASE_POOL_MODE=transaction), where
        # a cursor cannot outlive its transaction: each chunk is a bounded query of its own.
        monkeypatch.setitem(connection.settings_dict, "DISABLE_SERVER_SIDE_CURSORS", True)
        add(long_article, 25)
        options = exporters.ExportOptions(chunk_size=10)
        with CaptureQueriesContext(connection) as captured:
            data = b"".join(exporters.export_chunks(Statement.objects.all(), fmt, options))
        table = f'FROM "{Statement._meta.db_table}" '
        sql = [q["sql"] for q in captured.captured_queries]
        assert not any("DECLARE" in query for query in sql)
        row_reads = [q for q in sql if table in q and "COUNT(" not in q]
        assert all("LIMIT 10" in query for query in row_reads)
        assert len(row_reads) == 3
        if fmt in ("csv", "jsonl"):
            assert exporters.export_count(fmt, data[-1024:]) == 25
        else:
            assert exporters.export_complete(fmt, data)

    def test_the_api_answers_a_streaming_response(self, api, analyst):
        from django.http import StreamingHttpResponse

        for fmt in exporters.FORMATS:
            response = api(analyst).get(f"/api/export/statements.{fmt}")
            assert isinstance(response, StreamingHttpResponse)


class TestPages:
    @pytest.fixture
    def logged_in(self, client, analyst):
        client.force_login(analyst)
        return client

    def test_the_editor_page(self, add, logged_in, analyst, long_article, speaker, topics):
        add(long_article, 2, topics)
        assert_constant(
            lambda: logged_in.get(f"/articles/{long_article.pk}/"),
            lambda: add(long_article, 80, topics, offset=2),
            at_most=8,
        )

    def test_the_article_list_page(self, add, logged_in, analyst, make_article, speaker):
        def grow():
            for n in range(30):
                add(make_article(body=f"Page {n}. " * 20), 2)

        make_article(body="First. " * 20)
        assert_constant(lambda: logged_in.get("/"), grow, at_most=8)


class TestAgreement:
    """The agreement report and page read two annotators' statements in a fixed number
    of queries, however many statements and disagreements there are."""

    @pytest.fixture
    def double(self, make_article, analyst, other_analyst, speaker, other_speaker):
        article = make_article(
            body="Word. " * 600, title="Double", double_annotation=True,
            annotators=[analyst, other_analyst],
        )  # fmt: skip

        def grow(count: int, offset: int = 0) -> None:
            for i in range(offset, offset + count):
                for user, who in ((analyst, speaker), (other_analyst, other_speaker)):
                    services.statement_create(
                        article=article, start=i * 6, end=i * 6 + 4, speaker=who,
                        stance="warning", by=user,
                    )  # fmt: skip

        grow(2)
        article.grow = grow
        return article

    def test_the_report(self, api, reviewer, double):
        assert_constant(
            lambda: api(reviewer).get(f"/api/articles/{double.pk}/agreement/"),
            lambda: double.grow(40, offset=2),
            at_most=8,
        )

    def test_the_page(self, client, reviewer, double):
        client.force_login(reviewer)
        assert_constant(
            lambda: client.get("/review/agreement/"),
            lambda: double.grow(40, offset=2),
            at_most=12,
        )
