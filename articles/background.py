"""Asking the task worker for work that can wait: at most once every few seconds a
process, so that a write path asking costs a clock reading."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.db import transaction


class Requests:
    """Queue `enqueue` once the current transaction commits, unless this process did
    within `every` seconds."""

    def __init__(self, every: float, enqueue: Callable[[], None]):
        self.every = every
        self.enqueue = enqueue
        self.last = -every

    def __call__(self, *, now: float | None = None) -> bool:
        """True when one was queued."""
        now = time.monotonic() if now is None else now
        if now - self.last < self.every:
            return False
        self.last = now
        transaction.on_commit(self.enqueue, robust=True)
        return True
