"""The overview's counts kept ready: statements by stance and status of each article,
speaker and topic, counted again in the task worker when the statements have changed.

Counted on each request, a million statements take the overview seconds; kept, they are
a few thousand rows whatever the data. The kept counts answer only when they are up to
date (counted from the data's current `version`) and only for what they hold (a status
and a stance, the overview's default); otherwise the overview counts live, and the
request asks for a recount.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet, Sum
from django.http import QueryDict

from .background import Requests
from .insights import DIMENSIONS, Counts, LiveCounts
from .models import (
    Article,
    InsightCount,
    InsightCountState,
    InsightDimension,
    Statement,
    statements_visible_to,
)

if TYPE_CHECKING:
    from .roles import AnyUser

# The filters the kept counts answer; any other one counts live.
ANSWERED = {"status", "stance", "unit"}
REQUEST_EVERY = 10.0
BATCH = 2_000


def version() -> str:
    """What the counts depend on, in three cheap queries: each write of a statement changes
    its `updated_at` (its topics too), a deletion the count; an article's mode and dates
    change its own. A topic in use cannot be deleted. (The statements' count and newest
    change are asked apart: each alone is read from an index.)"""
    statements = Statement.objects.order_by()
    values = (
        statements.count(),
        statements.aggregate(at=Max("updated_at"))["at"],
        *Article.objects.aggregate(n=Count("id"), at=Max("updated_at")).values(),
    )
    return "|".join(v.isoformat() if hasattr(v, "isoformat") else str(v) for v in values)


def _enqueue() -> None:
    from .tasks import recount_insights

    recount_insights.enqueue()


# Queue a recount once the current transaction commits, unless this process did within
# REQUEST_EVERY seconds. True when one was queued.
recount_request = Requests(REQUEST_EVERY, _enqueue)


def recount() -> dict:
    """Count every statement again, by article, speaker and topic; stored only when
    nothing changed while counting."""
    before = version()
    # Who sees a statement: everyone on a shared article (what an anonymous user is
    # shown), its author alone (and reviewers) on an article in double-annotation mode.
    shared_rule = statements_visible_to(AnonymousUser())
    everyone = Statement.objects.all()
    parts = (
        (False, LiveCounts(everyone.filter(shared_rule)), ()),
        (True, LiveCounts(everyone.exclude(shared_rule)), ("created_by_id",)),
    )
    rows = [
        InsightCount(
            dimension=dimension,
            key=values[DIMENSIONS[dimension]],
            stance=values["stance"],
            status=values["status"],
            hidden=hidden,
            author_id=values.get("created_by_id"),
            count=values["n"],
        )
        for hidden, counts, author in parts
        for dimension in DIMENSIONS
        for values in counts.grouped(dimension, "status", *author)
        if values[DIMENSIONS[dimension]] is not None
    ]
    if version() != before:
        # Not queued again at once (statements changing all the time would keep the
        # worker counting): the next write or out-of-date read asks again.
        return {"counted": False, "rows": len(rows)}
    with transaction.atomic():
        InsightCount.objects.all().delete()
        InsightCount.objects.bulk_create(rows, batch_size=BATCH)
        InsightCountState.objects.update_or_create(pk=1, defaults={"version": before})
    return {"counted": True, "rows": len(rows)}


class KeptCounts(Counts):
    """The kept counts a user may see, of one status (None: any) and stance (None: any)."""

    def __init__(self, user: AnyUser, status: str | None, stance: str | None):
        rows = InsightCount.objects.order_by()
        if status:
            rows = rows.filter(status=status)
        if stance:
            rows = rows.filter(stance=stance)
        if statements_visible_to(user) is not None:
            # The rule of statements_visible_to: the shared ones and the user's own.
            visible = Q(hidden=False)
            if user.is_authenticated:
                visible |= Q(author_id=user.pk)
            rows = rows.filter(visible)
        self.rows = rows

    def _of(self, dimension: str) -> QuerySet:
        return self.rows.filter(dimension=dimension)

    def count(self, dimension: str) -> tuple[QuerySet, str]:
        return self._of(dimension).values("key", "stance").annotate(n=Sum("count")), "key"

    def article_ids(self) -> QuerySet:
        return self._of(InsightDimension.ARTICLE).values("key")


def counts_for(user: AnyUser, params: QueryDict, statements: QuerySet[Statement]) -> Counts:
    """The counts of what `params` asks for: the kept ones when they hold it and are up
    to date, else the `statements` (its filtered queryset) counted live."""
    if set(params) - ANSWERED:
        return LiveCounts(statements)
    state = InsightCountState.objects.filter(pk=1).values_list("version", flat=True).first()
    if state is None or state != version():
        recount_request()
        return LiveCounts(statements)
    status = params.get("status") or None
    return KeptCounts(user, None if status == "any" else status, params.get("stance") or None)
