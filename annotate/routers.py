"""Which database a query goes to: an export's reads to the read replica, all else to the
primary.

Only exports read the replica. The editor, the API's other answers and every write use
the primary, so a user always sees their own changes; an export may lag the primary by
the replica's delay (a second or so). An export whose replica does not answer reads the
primary instead.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from .databases import REPLICA

logger = logging.getLogger(__name__)

Chunk = TypeVar("Chunk")
# The alias reads go to in the current block; None: the router does not choose.
_reads_from: ContextVar[str | None] = ContextVar("reads_from", default=None)


class ExportReadsRouter:
    """Reads inside `reads_from(alias)` go to that alias; nothing else is routed."""

    def db_for_read(self, model, **hints) -> str | None:
        return _reads_from.get()

    def db_for_write(self, model, **hints) -> str | None:
        return None

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        # The replica holds the primary's rows: an object read from one may point to
        # one read from the other.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool | None:
        # A streaming replica is read-only and receives its schema from the primary.
        return False if db == REPLICA else None


@contextmanager
def reads_from(alias: str) -> Iterator[str]:
    """Send the block's reads to the database `alias` (writes still go to the primary)."""
    token = _reads_from.set(alias)
    try:
        yield alias
    finally:
        _reads_from.reset(token)


def export_database() -> str:
    """The alias an export reads: the replica when one is set and answers, else the primary.

    Opening a cursor connects, or checks that a kept connection still answers, so a
    replica that went away is found here and not by the export's first query.
    """
    alias = settings.EXPORTS_DATABASE
    if alias == DEFAULT_DB_ALIAS:
        return alias
    try:
        connections[alias].cursor().close()
    except DatabaseError as error:
        logger.warning("Replica %r does not answer (%s); exports read the primary.", alias, error)
        return DEFAULT_DB_ALIAS
    return alias


def streamed_from(alias: str, produce: Callable[[], Iterable[Chunk]]) -> Iterator[Chunk]:
    """The chunks of `produce()`, every read it makes sent to `alias`.

    `produce()` and the first chunk are made at once, before the answer starts: a
    database that fails there is an error the view answers (a 503), not a stream the
    server cuts before its first byte (a 500). Routing is set around each step of the
    stream and not across its yields: a generator runs in its consumer's context, and
    routing left set there would send the consumer's own reads to the replica.
    """

    def step(chunks: Iterator[Chunk]) -> list[Chunk]:
        with reads_from(alias):
            return list(itertools.islice(chunks, 1))

    with reads_from(alias):
        chunks = iter(produce())
    first = step(chunks)

    def rest() -> Iterator[Chunk]:
        yield from first
        while found := step(chunks):
            yield found[0]

    return rest()
