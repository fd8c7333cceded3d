"""The one writer of statement history: one row per change, written by the services.

django-simple-history defines the history table (HistoricalStatement) and its admin
views; its rows written by signals on save and delete are turned off for statements
(`ExplicitHistory` in models.py), so every row comes from here, topics included. The
services call it for each change, the importer and the demo data for many at once.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable

from django.conf import settings
from django.db import connection
from django.utils import timezone

from .models import Statement

CREATED, CHANGED, DELETED = "+", "~", "-"


@functools.cache
def _model():
    # Each access to Statement.history builds a manager class; the model is fixed.
    return Statement.history.model


def enabled() -> bool:
    return getattr(settings, "SIMPLE_HISTORY_ENABLED", True)


def tracked() -> list[str]:
    """The statement's fields each row copies (attnames: `speaker_id`, not `speaker`)."""
    return [field.attname for field in _model().tracked_fields]


def row(
    values: dict,
    *,
    kind: str,
    user_id: int | None,
    topic_ids: Iterable[int],
    date: datetime.datetime | None = None,
    reason: str = "",
):
    """One unsaved history row: the statement's `values` (by attname) after the change."""
    return _model()(
        **values,
        history_date=date or timezone.now(),
        history_type=kind,
        history_user_id=user_id,
        history_change_reason=reason,
        topic_ids=sorted(topic_ids),
    )


def row_of(statement: Statement, *, kind: str, by, reason: str = "", topic_ids=None):
    """The history row of `statement` as it now is (topics read unless given)."""
    if topic_ids is None:
        topic_ids = [topic.pk for topic in statement.topics.all()]
    return row(
        {name: getattr(statement, name) for name in tracked()},
        kind=kind,
        user_id=_user_id(by),
        topic_ids=topic_ids,
        reason=reason,
    )


def write(rows: list) -> int:
    """Store the rows (from `row` or `row_of`); nothing when history is turned off."""
    if enabled() and rows:
        _model().objects.bulk_create(rows, batch_size=2000)
    return len(rows) if enabled() else 0


def record(statement: Statement, *, kind: str, by, reason: str = "", topic_ids=None) -> None:
    """Write the one history row of this change to `statement`."""
    write([row_of(statement, kind=kind, by=by, reason=reason, topic_ids=topic_ids)])


def record_deletions(ids: list[int], *, by, reason: str) -> None:
    """Write the "deleted" row of each statement in `ids`, in one INSERT ... SELECT.

    The same rows as `row_of` would build, copied by the database: built in Python,
    preparing each value of 500 rows was most of the time of deleting an article.
    """
    if not enabled() or not ids:
        return
    History = _model()
    statements = Statement._meta.db_table
    through = Statement.topics.through._meta
    quote = connection.ops.quote_name
    columns = [field.column for field in History.tracked_fields]
    if connection.vendor == "postgresql":
        topic_ids = (
            f"COALESCE((SELECT jsonb_agg(t.topic_id ORDER BY t.topic_id) "
            f"FROM {quote(through.db_table)} t WHERE t.statement_id = s.id), '[]'::jsonb)"
        )
    else:
        topic_ids = (
            f"(SELECT json_group_array(topic_id) FROM (SELECT t.topic_id "
            f"FROM {quote(through.db_table)} t WHERE t.statement_id = s.id "
            "ORDER BY t.topic_id))"
        )
    targets = [*columns, "history_date", "history_user_id", "history_change_reason"]
    targets += ["history_type", "topic_ids"]
    placeholders = ", ".join(["%s"] * len(ids))
    sql = (
        f"INSERT INTO {quote(History._meta.db_table)} "
        f"({', '.join(quote(c) for c in targets)}) "
        f"SELECT {', '.join(f's.{quote(c)}' for c in columns)}, %s, %s, %s, '-', {topic_ids} "
        f"FROM {quote(statements)} s WHERE s.id IN ({placeholders})"
    )
    when = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(sql, [when, _user_id(by), reason, *ids])


def _user_id(by) -> int | None:
    return by.pk if by is not None and by.is_authenticated else None
