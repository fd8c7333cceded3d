"""Exports read the read replica when one is set, and the primary when it does not answer;
everything else reads the primary."""

from __future__ import annotations

import json
import logging

import pytest
from django.core.management import call_command
from django.db import connections, router
from django.test.utils import CaptureQueriesContext

from annotate.routers import ExportReadsRouter, export_database, reads_from, streamed_from
from articles import exporters
from articles.models import Statement

# The replica is the test database's mirror: reads routed to it see committed rows only.
on_both = pytest.mark.django_db(transaction=True, databases=["default", "replica"])
STATEMENTS_TABLE = Statement._meta.db_table


class TestTheRouter:
    def test_reads_go_to_the_primary_outside_an_export(self):
        assert router.db_for_read(Statement) == "default"

    def test_reads_in_a_block_go_to_its_database_and_writes_stay_on_the_primary(self):
        with reads_from("replica"):
            assert router.db_for_read(Statement) == "replica"
            assert Statement.objects.all().db == "replica"
            assert router.db_for_write(Statement) == "default"
        assert router.db_for_read(Statement) == "default"

    def test_the_replica_is_never_migrated(self):
        routing = ExportReadsRouter()
        assert routing.allow_migrate("replica", "articles") is False
        assert routing.allow_migrate("default", "articles") is None

    def test_a_stream_reads_from_its_database_but_leaves_its_consumer_on_the_primary(self):
        stream = streamed_from("replica", lambda: (router.db_for_read(Statement) for _ in "ab"))
        assert next(stream) == "replica"
        # Between chunks the server (or the command writing the file) is on the primary.
        assert router.db_for_read(Statement) == "default"
        assert list(stream) == ["replica"]

    def test_without_a_replica_exports_read_the_primary(self, settings):
        settings.EXPORTS_DATABASE = "default"
        assert export_database() == "default"


@pytest.fixture
def exports_on_the_replica(settings):
    settings.EXPORTS_DATABASE = "replica"


@pytest.fixture
def statements(make_article, make_statement):
    article = make_article(title="Sea wall could fail")
    make_statement(article)
    make_statement(article, "old but safe")
    return Statement.objects.order_by("id")


def queries_on(alias: str) -> CaptureQueriesContext:
    return CaptureQueriesContext(connections[alias])


def statement_reads(captured: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if STATEMENTS_TABLE in q["sql"]]


def jsonl_ids(data: bytes) -> list[int]:
    return [record["id"] for record in map(json.loads, data.splitlines()) if "id" in record]


@on_both
@pytest.mark.usefixtures("exports_on_the_replica")
class TestExportsReadTheReplica:
    @pytest.mark.parametrize("fmt", ["jsonl", "json", "jsonld"])
    def test_an_api_export_reads_its_rows_from_the_replica(self, api, analyst, statements, fmt):
        with queries_on("default") as primary, queries_on("replica") as replica:
            response = api(analyst).get(f"/api/export/statements.{fmt}")
            data = b"".join(response.streaming_content)
        assert response.status_code == 200
        assert statement_reads(replica), "the rows come from the replica"
        assert not statement_reads(primary)
        if fmt == "jsonl":
            assert jsonl_ids(data) == [s.pk for s in statements]

    def test_the_export_command_reads_the_replica(self, statements, tmp_path):
        output = tmp_path / "statements.jsonl"
        with queries_on("default") as primary, queries_on("replica") as replica:
            call_command("export_statements", "--format", "jsonl", "-o", str(output))
        assert jsonl_ids(output.read_bytes()) == [s.pk for s in statements]
        assert statement_reads(replica) and not statement_reads(primary)

    def test_the_editor_and_the_api_lists_read_the_primary(self, api, analyst, statements):
        with queries_on("replica") as replica:
            assert api(analyst).get("/api/statements/").status_code == 200
            assert api(analyst).get(f"/api/articles/{statements[0].article_id}/").status_code == 200
        assert not replica.captured_queries


@pytest.fixture
def replica_down(monkeypatch):
    """The replica refuses connections, as a stopped server does."""
    replica = connections["replica"]
    replica.close()
    if replica.vendor == "sqlite":
        monkeypatch.setitem(replica.settings_dict, "NAME", "/nonexistent/replica.sqlite3")
    else:
        monkeypatch.setitem(replica.settings_dict, "PORT", 1)
    yield
    replica.close()


@on_both
@pytest.mark.usefixtures("exports_on_the_replica", "replica_down")
class TestAReplicaThatDoesNotAnswer:
    def test_exports_read_the_primary_instead(self, api, analyst, statements, caplog):
        warnings = caplog.at_level(logging.WARNING, logger="annotate.routers")
        with warnings, queries_on("default") as primary:
            response = api(analyst).get("/api/export/statements.jsonl")
            data = b"".join(response.streaming_content)
        assert response.status_code == 200
        assert jsonl_ids(data) == [s.pk for s in statements]
        assert exporters.export_complete("jsonl", data)
        assert statement_reads(primary)
        assert "exports read the primary" in caplog.text

    def test_the_export_command_reads_the_primary_instead(self, statements, tmp_path):
        output = tmp_path / "statements.csv"
        call_command("export_statements", "-o", str(output))
        assert exporters.export_count("csv", output.read_bytes()[-1024:]) == 2
