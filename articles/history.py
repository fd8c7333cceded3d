"""A statement's history as people read it: who changed what, when."""

from __future__ import annotations

from collections import defaultdict

from django.contrib.auth import get_user_model

from . import selectors
from .models import Statement, Topic

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


def _related(source: str) -> tuple[str, str] | None:
    """("speaker", "name") for a lookup through a relation, None for the row's own column."""
    relation, _, attribute = source.partition("__")
    return (relation, attribute) if attribute else None


def _lookups(records: list, snapshot: list[selectors.Field]) -> dict[tuple[str, str], dict]:
    """For each relation the snapshot reads through, its values by id, in one query each.

    Relations to the same model and attribute (the users) share their query, with the
    authors of the history rows.
    """
    wanted: dict[tuple[type, str], set[int]] = defaultdict(set)
    relations: dict[tuple[str, str], tuple[type, str]] = {}
    for field in snapshot:
        related = _related(field.source)
        if related is None or field.kind in (selectors.TOPIC_IDS, selectors.TOPIC_NAMES):
            continue
        relation, attribute = related
        model = Statement._meta.get_field(relation).related_model
        relations[related] = (model, attribute)
        wanted[(model, attribute)] |= {getattr(r, f"{relation}_id") for r in records}
    user = get_user_model()
    authors = (user, user.USERNAME_FIELD)
    relations[("history_user", user.USERNAME_FIELD)] = authors
    wanted[authors] |= {r.history_user_id for r in records}
    found = {
        (model, attribute): dict(
            model.objects.filter(pk__in=ids - {None}).values_list("pk", attribute)
        )
        for (model, attribute), ids in wanted.items()
    }
    return {related: found[target] for related, target in relations.items()}


def describe(records: list) -> list[dict]:
    """Entries for `records` (oldest first), in the same order."""
    # The snapshot's fields, read off each history row (see selectors).
    snapshot = selectors.fields_for(selectors.HISTORY)
    lookups = _lookups(records, snapshot)
    speakers = lookups[("speaker", "name")]
    users = lookups[("history_user", get_user_model().USERNAME_FIELD)]
    topic_ids = {t for r in records for t in (r.topic_ids or [])}
    topics = dict(Topic.objects.filter(pk__in=topic_ids).values_list("pk", "name"))

    def shown(field: str, value):
        if field == "speaker_id":
            return speakers.get(value, f"speaker {value} (deleted)")
        if field == "topic_ids":
            return [topics.get(t, f"topic {t} (deleted)") for t in value or []]
        return value

    def snapshot_value(field: selectors.Field, record):
        if field.kind == selectors.TOPIC_IDS:
            return list(record.topic_ids or [])
        if field.kind == selectors.TOPIC_NAMES:
            return shown("topic_ids", record.topic_ids)
        related = _related(field.source)
        if related == ("speaker", "name"):
            return shown("speaker_id", record.speaker_id)
        if related is not None:
            return lookups[related].get(getattr(record, f"{related[0]}_id"))
        value = getattr(record, field.source)
        if field.kind in (selectors.TIME, selectors.DATE) and value is not None:
            return value.isoformat()
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
                    field.history_key: snapshot_value(field, record) for field in snapshot
                },
            }
        )
        previous = record
    return entries
