"""Fresh planner statistics, so that big reads keep their plans after bulk writes.

PostgreSQL plans from statistics that autovacuum refreshes some time after a table
changes. Until then, a table that grew from a few rows to many is planned as if it were
still small (whole-table scans where an index is right), and an export or an article's
detail right after a large import gets many times slower. So bulk writes refresh the
statistics when they finish, and an export refreshes them first when its tables
changed a lot since they were last analyzed, whatever wrote the rows. SQLite's planner
keeps its own statistics; `PRAGMA optimize` refreshes those it uses.
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, connections

from .models import Article, Speaker, Statement, Topic

# Tables whose rows changed by more than this share of their size since the last
# ANALYZE are analyzed again before an export.
STALE_SHARE = 0.2
# Changes below this many rows never matter to a plan.
STALE_ROWS = 1000


def statement_tables() -> list[str]:
    return [
        Article._meta.db_table,
        Speaker._meta.db_table,
        Topic._meta.db_table,
        Statement._meta.db_table,
        Statement.topics.through._meta.db_table,
        Statement.history.model._meta.db_table,
    ]


def refresh(tables: list[str] | None = None, *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Refresh the statistics of `tables` (every statement table by default)."""
    connection = connections[using]
    tables = tables or statement_tables()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            quoted = ", ".join(connection.ops.quote_name(t) for t in tables)
            cursor.execute(f"ANALYZE {quoted}")
        elif connection.vendor == "sqlite":
            cursor.execute("PRAGMA optimize")


def stale_tables(*, using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """The statement tables that changed a lot since PostgreSQL last analyzed them."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_stat_user_tables WHERE relname = ANY(%s) "
            "AND n_mod_since_analyze > GREATEST(%s, %s * n_live_tup)",
            [statement_tables(), STALE_ROWS, STALE_SHARE],
        )
        return [name for (name,) in cursor.fetchall()]


def refresh_if_stale(*, using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Analyze the stale statement tables (on the primary: a replica takes its
    statistics from it); returns their names."""
    stale = stale_tables(using=using)
    if stale:
        refresh(stale, using=using)
    return stale
