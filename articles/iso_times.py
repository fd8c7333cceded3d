"""Times formatted as ISO 8601 text by the database, for long lists and exports.

Turning each stored time into an aware datetime (SQLite keeps text, psycopg parses
timestamps in Python) and formatting it back was a large share of an export's time
and of an article detail's (docs/benchmarks.md). Both databases can write the very string
`datetime.isoformat()` gives for the time in UTC, fraction only when it is not zero.
"""

from __future__ import annotations

from django.db import connections
from django.db.models import CharField, Func, QuerySet

UTC_OFFSET = "+00:00"
ZULU = "Z"


def formatted_by_database(queryset: QuerySet) -> bool:
    return connections[queryset.db].vendor in {"sqlite", "postgresql"}


def postgres_iso(sql: str, suffix: str = UTC_OFFSET) -> str:
    """SQL for the ISO text of a timestamptz expression, NULL for NULL."""
    utc = f"({sql} AT TIME ZONE 'UTC')"
    return (
        f"(to_char({utc}, 'YYYY-MM-DD\"T\"HH24:MI:SS') "
        f"|| CASE WHEN date_trunc('second', {sql}) = {sql} THEN '' "
        f"ELSE to_char({utc}, '.US') END || '{suffix}')"
    )


class IsoTime(Func):
    """A datetime column as ISO 8601 text in UTC, ending in "+00:00" (or "Z")."""

    output_field = CharField()

    def __init__(self, expression, *, suffix: str = UTC_OFFSET):
        if suffix not in (UTC_OFFSET, ZULU):
            raise ValueError(f"suffix must be {UTC_OFFSET!r} or {ZULU!r}")
        super().__init__(expression)
        self.suffix = suffix

    def as_sqlite(self, compiler, connection, **extra_context):
        # Django stores naive UTC as str(datetime): "2026-01-02 03:04:05.678901".
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(REPLACE({sql}, ' ', 'T') || '{self.suffix}')", params

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return postgres_iso(sql, self.suffix), tuple(params) * 4
