"""On SQLite, writers wait for the write lock in short polls and do not fail while waiting."""

import sqlite3
import threading
import time

import pytest
from django.db import OperationalError, connection, transaction

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


def test_a_writer_waits_for_the_lock_and_then_succeeds(analyst, make_article, make_statement):
    article = make_article()
    started = threading.Event()
    holder = threading.Thread(target=hold_write_lock, args=(0.3, started))
    holder.start()
    started.wait(5)
    begun = time.monotonic()
    make_statement(article)
    waited = time.monotonic() - begun
    holder.join()
    assert waited >= 0.25
    # It got the lock within a few milliseconds of its release, not after a long sleep.
    assert waited < 0.3 + 0.2
    assert Statement.objects.count() == 1


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
