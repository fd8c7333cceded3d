"""The suite's PostgreSQL server, for the tests that run the app from outside
(harness.servers starts it): the suite's own database, or one of a test's own."""

from __future__ import annotations

from django.db import connection

from harness.servers import Database


def suite_server() -> str:
    """postgres://user@host:port of the server the suite's PostgreSQL run uses."""
    db = connection.settings_dict
    user = f"{db['USER']}:{db['PASSWORD']}@" if db["PASSWORD"] else f"{db['USER']}@"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{user}{db['HOST']}{port}"


def suite_database() -> Database:
    """The suite's test database itself: a server on it serves what the test stored."""
    return Database("postgresql", f"{suite_server()}/{connection.settings_dict['NAME']}")
