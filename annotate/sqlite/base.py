"""Django's SQLite backend, with writers polling for the write lock in short steps.

Transactions start with BEGIN IMMEDIATE, so a writer that finds the database locked
waits before doing any work. SQLite's own busy handler waits in growing sleeps (up
to 100 ms each), leaving the lock idle long after it is released; under concurrent
writes that cost most of the throughput. Here the wait for BEGIN IMMEDIATE is a loop
of short sleeps (0.2 to 2 ms) up to the configured timeout; everything else keeps
SQLite's busy timeout.
"""

from __future__ import annotations

import random
import sqlite3
import time

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        self._busy_timeout = float(conn_params.get("timeout", 5))
        return super().get_new_connection(conn_params)

    def _start_transaction_under_autocommit(self):
        if self.transaction_mode != "IMMEDIATE":
            return super()._start_transaction_under_autocommit()
        # Errors surface as Django's, like those of any other statement.
        with self.wrap_database_errors:
            self._begin_immediate()

    def _begin_immediate(self) -> None:
        cursor = self.connection.cursor()
        timeout_ms = int(getattr(self, "_busy_timeout", 5) * 1000)
        cursor.execute("PRAGMA busy_timeout = 0")
        try:
            deadline = time.monotonic() + timeout_ms / 1000
            delay = 0.0002
            while True:
                try:
                    cursor.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as error:
                    busy = getattr(error, "sqlite_errorcode", None) == sqlite3.SQLITE_BUSY
                    if not busy or time.monotonic() >= deadline:
                        raise
                # Jitter keeps waiting writers from retrying in lockstep.
                time.sleep(delay * random.uniform(0.5, 1.5))
                delay = min(delay * 2, 0.002)
        finally:
            cursor.execute(f"PRAGMA busy_timeout = {timeout_ms}")
            cursor.close()
