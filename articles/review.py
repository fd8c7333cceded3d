"""The reviewer queue: pending statements and those to re-check after an update of their
article, oldest first, each with its sentence context."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, F, Prefetch, QuerySet, Value, When
from django.db.models.functions import Greatest, Substr

from .context import sentence_context
from .models import Anchoring, Statement, StatementComment

# Enough text around a quote to find the sentences it sits in, without loading the body.
CONTEXT_WINDOW = 400


@dataclass(frozen=True)
class QueueItem:
    statement: Statement
    before: str
    after: str


def pending_queue(queryset: QuerySet[Statement] | None = None) -> QuerySet[Statement]:
    statements = queryset if queryset is not None else Statement.objects.all()
    return (
        statements.waiting_for_review()
        .select_related("article", "speaker", "created_by")
        .defer("article__body")
        .prefetch_related(
            "topics",
            Prefetch("comments", queryset=StatementComment.objects.select_related("author")),
        )
        .annotate(
            context_from=Greatest(F("start") - CONTEXT_WINDOW, Value(0)),
            context_text=Substr(
                # An orphan's offsets point into the revision it was orphaned from.
                Case(
                    When(anchor=Anchoring.ORPHANED, then=F("revision__body")),
                    default=F("article__body"),
                ),
                Greatest(F("start") - CONTEXT_WINDOW + 1, Value(1)),
                F("end") - Greatest(F("start") - CONTEXT_WINDOW, Value(0)) + CONTEXT_WINDOW,
            ),
        )
        .order_by("created_at", "id")
    )


def with_context(statements) -> list[QueueItem]:
    """Attach the sentence before, and the rest of the sentence after, to each statement."""
    items = []
    for statement in statements:
        offset = statement.context_from
        text = statement.context_text or ""
        before, _, after = sentence_context(
            text, statement.start - offset, statement.end - offset, sentences=1
        )
        items.append(QueueItem(statement=statement, before=before, after=after))
    return items
