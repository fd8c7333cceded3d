"""The CSV export on PostgreSQL, streamed from COPY: the same bytes as the Python writer.

The database formats each row as one line of CSV (neutralising formula cells, quoting
as Python's csv module does, ISO dates as Python writes them), and COPY streams the
lines in text format. Text format escapes control characters and backslashes, so the
only raw newline bytes are line ends: those become CRLF, then the escapes are undone.
"""

from __future__ import annotations

import re
from collections.abc import Generator

from django.contrib.auth import get_user_model
from django.db import connections
from django.db.models import QuerySet

from .formulas import FORMULA_START
from .iso_times import postgres_iso
from .models import Article, Speaker, Statement, Topic

BATCH_BYTES = 256 * 1024
# Each as chr(n): no character of the rule needs quoting in SQL.
_FORMULA_CHARS = ", ".join(f"chr({ord(char)})" for char in FORMULA_START)
_ESCAPE = re.compile(rb"\\([\\bfnrtv])")
_UNESCAPED = {
    b"\\": b"\\",
    b"b": b"\b",
    b"f": b"\f",
    b"n": b"\n",
    b"r": b"\r",
    b"t": b"\t",
    b"v": b"\v",
}


def supported(queryset: QuerySet) -> bool:
    connection = connections[queryset.db]
    return connection.vendor == "postgresql" and connection.Database.__name__ == "psycopg"


def _text(expr: str) -> str:
    """A free-text cell: neutralised like formulas.neutralise, quoted like csv.writer."""
    neutral = f"CASE WHEN left({expr}, 1) IN ({_FORMULA_CHARS}) THEN '''' || {expr} ELSE {expr} END"
    return _quoted(neutral)


def _quoted(expr: str) -> str:
    # csv.writer quotes a cell holding a comma, a quote or a line break, doubling quotes.
    return (
        f"COALESCE(CASE WHEN strpos({expr}, ',') + strpos({expr}, '\"') "
        f"+ strpos({expr}, chr(13)) + strpos({expr}, chr(10)) > 0 "
        f"THEN '\"' || replace({expr}, '\"', '\"\"') || '\"' ELSE {expr} END, '')"
    )


def _plain(expr: str) -> str:
    """A value that needs no quoting (numbers, choice values)."""
    return f"COALESCE(({expr})::text, '')"


def _timestamp(expr: str) -> str:
    """datetime.isoformat() of an aware UTC datetime: microseconds only when not zero."""
    return f"COALESCE({postgres_iso(expr)}, '')"


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def copy_sql(queryset: QuerySet[Statement]) -> tuple[str, tuple]:
    """The COPY statement for `queryset`'s rows (its filters kept), with its parameters."""
    user = get_user_model()
    username = _q(user._meta.get_field(user.USERNAME_FIELD).column)
    through = Statement.topics.through._meta
    cells = [
        _plain("s.id"),
        _text("s.quote"),
        _plain("s.start"),
        _plain('s."end"'),
        _plain("s.stance"),
        _text("tp.names"),
        _plain("s.status"),
        _text("s.note"),
        _plain("s.speaker_id"),
        _text("sp.name"),
        _plain("sp.kind"),
        _text("sp.role"),
        _text("sp.organisation"),
        _plain("s.article_id"),
        _text("a.title"),
        _text("a.url"),
        _text("a.source"),
        "COALESCE(to_char(a.published_on, 'YYYY-MM-DD'), '')",
        _text(f"cu.{username}"),
        _text(f"ru.{username}"),
        _timestamp("s.reviewed_at"),
        _timestamp("s.created_at"),
        _timestamp("s.updated_at"),
    ]
    line = " || ',' || ".join(cells)
    where, params = "", ()
    if queryset.query.where:
        ids, params = queryset.order_by().values("id").query.sql_with_params()
        where = f"WHERE s.id IN ({ids})"
    sql = f"""
        COPY (
            SELECT {line}
            FROM {_q(Statement._meta.db_table)} s
            JOIN {_q(Speaker._meta.db_table)} sp ON sp.id = s.speaker_id
            JOIN {_q(Article._meta.db_table)} a ON a.id = s.article_id
            LEFT JOIN {_q(user._meta.db_table)} cu ON cu.id = s.created_by_id
            LEFT JOIN {_q(user._meta.db_table)} ru ON ru.id = s.reviewed_by_id
            LEFT JOIN LATERAL (
                SELECT string_agg(t.name, '; ' ORDER BY t.name) AS names
                FROM {_q(through.db_table)} st
                JOIN {_q(Topic._meta.db_table)} t ON t.id = st.topic_id
                WHERE st.statement_id = s.id
            ) tp ON true
            {where}
            ORDER BY s.id
        ) TO STDOUT
    """
    return sql, tuple(params)


def csv_lines(queryset: QuerySet[Statement]) -> Generator[bytes, None, int]:
    """The CSV rows (no header) of `queryset`, in id order, in batches of ~256 KiB.

    Returns the number of rows once they are all out.
    """
    sql, params = copy_sql(queryset)
    connection = connections[queryset.db]
    rows = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(sql, params or None) as copy:
            batch: list[bytes] = []
            size = 0
            # COPY TO sends one row per message, so an escape never spans two reads;
            # text format escapes newlines in values, so each raw one ends a row.
            for data in copy:
                batch.append(bytes(data))
                size += len(data)
                if size >= BATCH_BYTES:
                    joined = b"".join(batch)
                    rows += joined.count(b"\n")
                    yield _decode(joined)
                    batch, size = [], 0
            if batch:
                joined = b"".join(batch)
                rows += joined.count(b"\n")
                yield _decode(joined)
    return rows


def _decode(data: bytes) -> bytes:
    data = data.replace(b"\n", b"\r\n")
    if b"\\" in data:
        data = _ESCAPE.sub(lambda m: _UNESCAPED[m[1]], data)
    return data
