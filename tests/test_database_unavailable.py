"""A database that does not answer: 503 with Retry-After and a message, never a 500."""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager

import pytest
from django.db import InternalError, OperationalError, ProgrammingError, connection
from django.test import Client

from articles.unavailable import is_database_unavailable


@contextmanager
def database_down():
    """Every query fails as it does when the server refused or dropped the connection."""

    def fail(execute, sql, params, many, context):
        if connection.vendor == "sqlite":
            cause = sqlite3.OperationalError("unable to open database file")
        else:
            cause = connection.Database.OperationalError(
                "connection to server at 127.0.0.1 failed: Connection refused"
            )
        raise OperationalError(str(cause)) from cause

    with connection.execute_wrapper(fail):
        yield


def test_the_api_answers_503_with_retry_after_when_the_database_is_down(api, analyst):
    client = api(analyst)
    with database_down():
        response = client.post("/api/speakers/", {"name": "Ada"}, format="json")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "Try again" in response.json()["detail"]


def test_a_list_answers_503_when_the_database_is_down(api, analyst):
    client = api(analyst)
    with database_down():
        response = client.get("/api/statements/")
    assert response.status_code == 503
    assert response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl", "jsonld"])
def test_an_export_answers_503_when_the_database_fails_before_its_first_byte(
    api, analyst, make_statement, article, fmt
):
    make_statement(article)
    client = api(analyst)
    with database_down():
        # Made before the answer starts, not a stream the server cuts before a byte (500).
        response = client.get(f"/api/export/statements.{fmt}")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0


def test_a_page_answers_503_when_the_database_is_down(analyst):
    client = Client()
    client.force_login(analyst)
    with database_down():
        response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"]
    assert b"Try again in a moment" in response.content


def test_a_page_asked_for_json_answers_json(analyst):
    client = Client()
    client.force_login(analyst)
    with database_down():
        response = client.get("/", headers={"Accept": "application/json"})
    assert response.status_code == 503
    assert "detail" in response.json()


def test_a_broken_query_is_still_a_server_error():
    cause = sqlite3.OperationalError("no such table: articles_statement")
    broken = OperationalError(str(cause))
    broken.__cause__ = cause
    assert not is_database_unavailable(broken)
    assert not is_database_unavailable(ProgrammingError("syntax error"))


def test_a_command_that_psycopg_saw_answered_twice_is_unavailable():
    # What PgBouncer's answer to BEGIN looks like when its server went away meanwhile.
    import psycopg

    cause = psycopg.InternalError("received 2 results from command 'BEGIN'")
    broken = InternalError(str(cause))
    broken.__cause__ = cause
    assert is_database_unavailable(broken)
    # The server's own internal errors are not about reaching it.
    failed = psycopg.InternalError("could not read block 7 in file")
    internal = InternalError(str(failed))
    internal.__cause__ = failed
    assert not is_database_unavailable(internal)


def test_sqlite_busy_is_unavailable():
    cause = sqlite3.OperationalError("database is locked")
    locked = OperationalError(str(cause))
    locked.__cause__ = cause
    assert is_database_unavailable(locked)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's write lock")
@pytest.mark.django_db(transaction=True)
def test_a_write_that_finds_sqlite_locked_answers_503(api, analyst, monkeypatch):
    client = api(analyst)
    client.get("/api/speakers/")  # open the connection
    # Wait 50 ms for the lock, not the configured 20 s.
    monkeypatch.setattr(connection, "_busy_timeout", 0.05)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout = 50")
    other = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        response = client.post("/api/speakers/", {"name": "Ada"}, format="json")
    finally:
        other.execute("ROLLBACK")
        other.close()
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout = 20000")
    assert response.status_code == 503
    assert response["Retry-After"]
