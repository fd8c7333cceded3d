"""Planner statistics are refreshed after bulk writes and before exports of changed tables."""

import pytest
from django.db import connection

from articles import exporters, importers, planner, services
from articles.models import Statement

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's statistics"
)


def _flush_statistics() -> None:
    # Table statistics reach pg_stat_user_tables when a backend flushes them.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_force_next_flush()")


def _last_analyzed(table: str):
    with connection.cursor() as cursor:
        cursor.execute("SELECT last_analyze FROM pg_stat_user_tables WHERE relname = %s", [table])
        return cursor.fetchone()[0]


def _bulk(article, speaker, analyst, count: int) -> None:
    services.statements_bulk_create(
        statements=[
            Statement(article=article, speaker=speaker, start=0, end=3, stance="warning")
            for _ in range(count)
        ],
        by=analyst,
    )


def test_refreshing_runs_on_either_database(db):
    planner.refresh()  # ANALYZE on PostgreSQL, PRAGMA optimize on SQLite
    assert planner.stale_tables() == []


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_an_export_analyzes_a_statement_table_that_grew_since_its_statistics(
    analyst, article, speaker
):
    planner.refresh()
    _bulk(article, speaker, analyst, planner.STALE_ROWS + 200)
    _flush_statistics()
    table = Statement._meta.db_table
    assert table in planner.stale_tables()
    before = _last_analyzed(table)
    b"".join(exporters.export_chunks(Statement.objects.all(), "jsonl"))
    _flush_statistics()
    assert _last_analyzed(table) > before
    assert table not in planner.stale_tables()


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_few_new_rows_leave_the_statistics_alone(analyst, article, speaker):
    planner.refresh()
    _bulk(article, speaker, analyst, 10)
    _flush_statistics()
    assert planner.stale_tables() == []


def _articles(count: int):
    return [
        (f"a{n}.txt", f"Article {n}.\n\nThe mayor said the wall holds.".encode())
        for n in range(count)
    ]


@pytest.mark.parametrize(("count", "refreshed"), [(3, 0), (planner.STALE_ROWS, 1)])
def test_an_import_refreshes_the_statistics_when_it_is_a_bulk_load(
    analyst, monkeypatch, count, refreshed
):
    calls = []
    monkeypatch.setattr(planner, "refresh", lambda *args, **kwargs: calls.append(1))
    report = importers.import_sources(_articles(count), by=analyst)
    assert len(report.created) == count
    assert len(calls) == refreshed
