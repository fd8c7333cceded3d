"""A statement's history as people read it: who changed what, when."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from .models import Speaker, Statement, Topic

TRACKED = [
    "speaker_id",
    "start",
    "end",
    "quote",
    "stance",
    "note",
    "topic_ids",
    "status",
    "review_comment",
]
LABELS = {"speaker_id": "speaker", "topic_ids": "topics"}
TYPES = {"+": "created", "~": "changed", "-": "deleted"}


def statement_history(statement: Statement) -> list[dict]:
    """History entries newest first, each with the fields that changed from the one before."""
    records = list(statement.history.order_by("history_date", "history_id"))
    return describe(records)[::-1]


def describe(records: list) -> list[dict]:
    """Entries for `records` (oldest first), in the same order."""
    speaker_ids = {r.speaker_id for r in records}
    topic_ids = {t for r in records for t in (r.topic_ids or [])}
    user_ids = {r.history_user_id for r in records if r.history_user_id}
    speakers = dict(Speaker.objects.filter(pk__in=speaker_ids).values_list("pk", "name"))
    topics = dict(Topic.objects.filter(pk__in=topic_ids).values_list("pk", "name"))
    users = dict(get_user_model().objects.filter(pk__in=user_ids).values_list("pk", "username"))

    def shown(field: str, value):
        if field == "speaker_id":
            return speakers.get(value, f"speaker {value} (deleted)")
        if field == "topic_ids":
            return [topics.get(t, f"topic {t} (deleted)") for t in value or []]
        return value

    entries = []
    previous = None
    for record in records:
        changes = []
        for field in TRACKED:
            new = getattr(record, field)
            old = getattr(previous, field) if previous is not None else None
            if previous is None or old != new:
                changes.append(
                    {
                        "field": LABELS.get(field, field),
                        "from": shown(field, old) if previous is not None else None,
                        "to": shown(field, new),
                    }
                )
        entries.append(
            {
                "history_id": record.history_id,
                "version": record.version,
                "history_type": TYPES.get(record.history_type, record.history_type),
                "history_date": record.history_date.isoformat(),
                "history_user": users.get(record.history_user_id),
                "reason": record.history_change_reason or "",
                "changes": changes if record.history_type != "-" else [],
                "snapshot": {
                    "speaker": shown("speaker_id", record.speaker_id),
                    "speaker_id": record.speaker_id,
                    "start": record.start,
                    "end": record.end,
                    "quote": record.quote,
                    "stance": record.stance,
                    "note": record.note,
                    "topics": shown("topic_ids", record.topic_ids),
                    "topic_ids": record.topic_ids or [],
                    "status": record.status,
                },
            }
        )
        previous = record
    return entries
