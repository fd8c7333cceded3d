"""On SQLite, writers wait for the write lock in short polls and do not fail while waiting."""

import sqlite3
import threading
import time
from types import SimpleNamespace
from unittest import mock

import pytest
from django.db import OperationalError, connection, transaction

from annotate.sqlite import base as sqlite_base
from articles import services
from articles.models import Statement

pytestmark = [
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's write lock"),
    pytest.mark.django_db(transaction=True),
]


def hold_write_lock(seconds: float, started: threading.Event) -> None:
    """Take the database's write lock from another connection for `seconds`."""
    other = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    started.set()
    time.sleep(seconds)
    other.execute("ROLLBACK")
    other.close()


class Polls:
    """The backend's sleeps between tries for the write lock, each logged with whether
    the lock had been released when it began; the lock is released after `before` polls."""

    def __init__(self, before: int):
        self.before = before
        self.sleeps: list[tuple[float, bool]] = []
        self.released = False
        self.enough = threading.Event()

    def sleep(self, seconds: float) -> None:
        self.sleeps.append((seconds, self.released))
        if len(self.sleeps) >= self.before:
            self.enough.set()
        time.sleep(seconds)

    def hold_write_lock(self, started: threading.Event) -> None:
        """Take the write lock from another connection until the writer has polled."""
        other = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        started.set()
        self.enough.wait(10)
        other.execute("ROLLBACK")
        self.released = True
        other.close()


def test_a_writer_waits_for_the_lock_in_short_polls_and_then_succeeds(
    analyst, make_article, make_statement
):
    article = make_article()
    polls = Polls(before=20)
    started = threading.Event()
    holder = threading.Thread(target=polls.hold_write_lock, args=(started,))
    backend_time = SimpleNamespace(monotonic=time.monotonic, sleep=polls.sleep)
    with mock.patch.object(sqlite_base, "time", backend_time):
        holder.start()
        started.wait(5)
        make_statement(article)
    holder.join()
    assert Statement.objects.count() == 1
    # It kept trying while the lock was held, in polls of 2 ms at the most (with jitter),
    # not in SQLite's own sleeps of up to 100 ms.
    assert len([s for s, released in polls.sleeps if not released]) >= polls.before
    assert max(seconds for seconds, _ in polls.sleeps) <= 0.002 * 1.5
    # It got the lock at its first try after the release.
    assert len([s for s, released in polls.sleeps if released]) <= 1


def test_a_writer_gives_up_after_the_timeout(make_article):
    make_article()
    connection.ensure_connection()
    connection._busy_timeout = 0.2
    started = threading.Event()
    holder = threading.Thread(target=hold_write_lock, args=(0.6, started))
    holder.start()
    started.wait(5)
    try:
        with pytest.raises(OperationalError, match="locked"), transaction.atomic():
            pass
    finally:
        holder.join()
        connection.close()


def test_concurrent_creates_all_succeed(analyst, make_article, speaker):
    article = make_article()
    errors: list[str] = []

    def create(index: int) -> None:
        try:
            for n in range(10):
                start = (index * 10 + n) % 20
                services.statement_create(
                    article=article,
                    start=start,
                    end=start + 5,
                    speaker=speaker,
                    stance="warning",
                    by=analyst,
                )
        except Exception as error:
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=create, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert Statement.objects.count() == 80
