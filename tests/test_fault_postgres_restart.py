"""Fault test: 8 writers through gunicorn while PostgreSQL restarts.

The test starts a PostgreSQL cluster of its own on a free port (initdb, pg_ctl), the
app on gunicorn as configured, and 8 writers creating statements with an
Idempotency-Key each, retrying on 503 with the same key. Mid-run the cluster stops
for two seconds and starts again. Then every acknowledged write is stored exactly
once, the writes sent while the database was away got 503 with Retry-After, and
those sent while it was up (before the stop, or once it had started again) 201.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest
from django.db import connection

from harness.servers import Database, free_port, start_gunicorn, stop_group
from tests.live_api import BACK, Outage, keyed_writer, set_up_writer, stored_statements

WRITERS = 8
RUN_SECONDS = 8.0
OUTAGE_AT = 2.5
OUTAGE_SECONDS = 2.0


def _pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


PG_BIN = _pg_bin()
pytestmark = [
    # It runs on a cluster of its own, whatever the suite's database: once per CI run is
    # enough, in the PostgreSQL pass.
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="runs once per CI run, in the PostgreSQL pass"
    ),
    pytest.mark.skipif(PG_BIN is None, reason="PostgreSQL's initdb is not installed"),
]


class Cluster:
    """A throwaway PostgreSQL cluster; as root, it runs as the postgres user."""

    def __init__(self):
        # Not under pytest's tmp_path: the postgres user must be able to reach it.
        self.dir = Path(tempfile.mkdtemp(prefix="annotate-fault-pg-"))
        self.data = self.dir / "data"
        self.port = free_port()
        self.as_user: list[str] = []
        if os.geteuid() == 0:  # initdb refuses to run as root
            shutil.chown(self.dir, "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]

    def run(self, *args: str) -> None:
        done = subprocess.run(
            [*self.as_user, str(PG_BIN / args[0]), *args[1:]],
            capture_output=True,
            text=True,
            timeout=60,
        )
        if done.returncode:
            raise RuntimeError(f"{args[0]} failed: {done.stdout[-1500:]}{done.stderr[-1500:]}")

    def init(self) -> None:
        self.run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-sync",
            "--no-instructions",
        )

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 "
            # No fsync: a throwaway cluster, stopped cleanly ("fast") by the test.
            "-c fsync=off"
        )
        log = self.dir / "server.log"
        self.run("pg_ctl", "-D", str(self.data), "-l", str(log), "-o", options, "-w", "start")

    def stop(self) -> None:
        self.run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/fault"


def test_every_acknowledged_write_is_stored_once_across_a_postgres_restart(tmp_path):
    cluster = Cluster()
    cluster.init()
    cluster.start()
    server = None
    try:
        cluster.run("createdb", "-h", "127.0.0.1", "-p", str(cluster.port), "fault")
        db = Database("postgresql", cluster.url)
        token, article_id, speaker_id = set_up_writer(db)
        server = start_gunicorn(
            db,
            free_port(),
            tmp_path,
            GUNICORN_WORKERS="2",
            GUNICORN_THREADS="4",
            DATABASE_RETRY_AFTER="1",
            TASKS_BACKEND="dummy",
            # Static files from the app folders: no collectstatic for a test.
            DJANGO_SETTINGS_MODULE="annotate.settings_test",
        )
        base = server.base_url
        acknowledged: list[str] = []
        outage = Outage()
        lock = threading.Lock()
        stop_at = time.monotonic() + RUN_SECONDS

        # Each write is sent again with the same key until it is acknowledged.
        def writer(index: int) -> None:
            keyed_writer(
                base,
                token,
                article_id,
                speaker_id,
                index=index,
                stop_at=stop_at,
                outage=outage,
                acknowledged=acknowledged,
                lock=lock,
            )

        threads = [threading.Thread(target=writer, args=(i,)) for i in range(WRITERS)]
        for thread in threads:
            thread.start()
        time.sleep(OUTAGE_AT)
        with outage.stopping():
            cluster.stop()
        time.sleep(OUTAGE_SECONDS)
        with outage.starting():
            cluster.start()
        for thread in threads:
            thread.join(timeout=40)
        assert not any(thread.is_alive() for thread in threads)

        stored = [item["note"] for item in stored_statements(base, token, article_id)]
    finally:
        if server is not None:
            stop_group(server.proc)
        with contextlib.suppress(RuntimeError):  # not running
            cluster.stop()
        shutil.rmtree(cluster.dir, ignore_errors=True)

    attempts = outage.attempts
    assert acknowledged, attempts[:5]
    # Exactly once: every acknowledged write is there, and nothing is there twice.
    assert len(stored) == len(set(stored)), "a write was stored twice"
    assert set(acknowledged) <= set(stored)
    assert len(acknowledged) == len(set(acknowledged))
    assert set(stored) == set(acknowledged)
    # The outage was seen: writes sent while the database was down got 503 with
    # Retry-After (never 500), writes while it was up 201, and a write sent as it stopped
    # or started one of the two.
    assert any(attempt.while_down for attempt in attempts), attempts[:5]
    assert not outage.unexpected(), outage.unexpected()[:5]
    # Without a pooler the app reaches PostgreSQL as soon as it accepts connections again.
    assert all(attempt.status == 201 for attempt in attempts if attempt.sent >= BACK)
